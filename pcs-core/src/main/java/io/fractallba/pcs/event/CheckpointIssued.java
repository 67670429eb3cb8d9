package io.fractallba.pcs.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Payload of {@code audit.checkpoint.v1}: a C2SP signed-note checkpoint of the audit log. */
public record CheckpointIssued(
        @JsonProperty("origin") String origin,
        @JsonProperty("tree_size") long treeSize,
        @JsonProperty("root_hash_b64") String rootHashB64,
        @JsonProperty("signed_note") String signedNote) {

    public static final String TYPE = "audit.checkpoint";
    public static final int VERSION = 1;
}
