package io.fractallba.verifier.dedup;

import io.fractallba.pcs.dedup.StoredResponse;
import java.util.Optional;

/** First-write-wins record of responses per (tenant, pcs_id). */
public interface DedupStore {

    Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException;

    /** Stores {@code response} unless one exists; returns the existing one when it does (this write lost). */
    Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException;
}
