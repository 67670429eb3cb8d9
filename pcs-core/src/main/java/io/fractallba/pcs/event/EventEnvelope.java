package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope of every event on every topic. {@code eventId} is unique per logical event and stable across
 * re-publication (consumers deduplicate on it or on the key); {@code time} is RFC 3339 UTC.
 */
public record EventEnvelope<T>(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("type") String type,
        @JsonProperty("version") int version,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("key") String key,
        @JsonProperty("time") String time,
        @JsonProperty("payload") T payload) {

    public static <T> EventEnvelope<T> of(String eventId, String type, int version, String tenant, String key,
                                          Instant time, T payload) {
        return new EventEnvelope<>(eventId, type, version, tenant, key, time.toString(), payload);
    }

    /** A deterministic event id from the fields that identify the logical event (name-based UUID). */
    public static String deterministicId(String type, String key) {
        return UUID.nameUUIDFromBytes((type + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
