package io.fractallba.cost.usage;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One resource quantity spent on a tenant's behalf, identified by {@code (eventId, resource)} so a redelivered event
 * never counts twice. {@code accepted} marks the one row of a task the verifier accepted without escalation.
 */
public record UsageRow(String eventId, String resource, String tenant, String service, String model, String task,
                       String pcsId, Instant occurredAt, BigDecimal quantity, boolean accepted) {

    /** Tag used when an event names no model or task. */
    public static final String UNSPECIFIED = "unspecified";

    public UsageRow {
        if (quantity.signum() < 0) {
            throw new IllegalArgumentException("quantity of " + resource + " is negative: " + quantity);
        }
    }
}
