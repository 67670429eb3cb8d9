package io.fractallba.pcs.model;

import java.util.List;

/** The agent's {@code ft} block: informational fault-tolerance metadata. Absent members are null. */
public record AgentFaultTolerance(Long outboxSeq, Boolean degraded, List<String> fallbacks, Double clockSkewMs) {
    public AgentFaultTolerance {
        fallbacks = fallbacks == null ? null : List.copyOf(fallbacks);
    }
}
