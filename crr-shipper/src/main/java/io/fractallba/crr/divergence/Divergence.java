package io.fractallba.crr.divergence;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** What a comparison of one tenant's window with a peer found, and what became of each differing key. */
public record Divergence(@JsonProperty("peer") String peer, @JsonProperty("tenant") String tenant,
                         @JsonProperty("window_from") String windowFrom, @JsonProperty("window_to") String windowTo,
                         @JsonProperty("missing_here") List<String> missingHere,
                         @JsonProperty("missing_there") List<String> missingThere,
                         @JsonProperty("conflicts") List<Conflict> conflicts,
                         @JsonProperty("repaired") List<String> repaired,
                         @JsonProperty("unrepaired") List<String> unrepaired) {

    /** The same key with different outcomes in the two regions: reported, never overwritten automatically. */
    public record Conflict(@JsonProperty("pcs_id") String pcsId, @JsonProperty("status_here") int statusHere,
                           @JsonProperty("status_there") int statusThere) {
    }

    public boolean empty() {
        return missingHere.isEmpty() && missingThere.isEmpty() && conflicts.isEmpty();
    }
}
