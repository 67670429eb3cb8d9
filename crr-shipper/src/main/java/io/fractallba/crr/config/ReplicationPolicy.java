package io.fractallba.crr.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which tenants' records go to which peer (full, none, selective), validated once at start-up. */
public final class ReplicationPolicy {

    private record Rule(String mode, Set<String> peers) {
    }

    private final Map<String, Rule> tenants;
    private final Rule fallback;

    public ReplicationPolicy(String defaultMode, Map<String, CrrConfig.TenantPolicy> tenants, Set<String> knownPeers) {
        this.fallback = rule("default", defaultMode, List.of(), knownPeers);
        this.tenants = new java.util.HashMap<>();
        tenants.forEach((t, p) -> this.tenants.put(t, rule(t, p.mode(), p.peers().orElse(List.of()), knownPeers)));
    }

    private static Rule rule(String who, String mode, List<String> peers, Set<String> known) {
        switch (mode) {
            case "full", "none" -> {
                return new Rule(mode, Set.of());
            }
            case "selective" -> {
                if (peers.isEmpty()) {
                    throw new IllegalArgumentException("flk.crr.tenants." + who + ": selective needs peers");
                }
                for (String p : peers) {
                    if (!known.contains(p)) {
                        throw new IllegalArgumentException("flk.crr.tenants." + who + ".peers names " + p
                                + ", which is not a configured peer (flk.crr.peers)");
                    }
                }
                return new Rule(mode, Set.copyOf(peers));
            }
            default -> throw new IllegalArgumentException("replication mode of " + who + " must be full, none or "
                    + "selective, not " + mode);
        }
    }

    /** True when {@code tenant}'s records are replicated to {@code peer}. */
    public boolean replicates(String tenant, String peer) {
        Rule r = tenants.getOrDefault(tenant, fallback);
        return switch (r.mode()) {
            case "full" -> true;
            case "none" -> false;
            default -> r.peers().contains(peer);
        };
    }
}
