package io.fractallba.dedup.store;

import io.fractallba.pcs.dedup.StoredResponse;

import java.time.Instant;

/** The first response to a (tenant, pcs_id) and when it was first seen. */
public record DedupRecord(String tenant, String pcsId, Instant firstSeen, String origin, int status, byte[] body) {

    public StoredResponse response() {
        return new StoredResponse(origin, status, body);
    }
}
