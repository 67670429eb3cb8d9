package io.fractallba.crr.ledger;

import java.time.Instant;

/** One record of the region's stream: its key, where it was accepted, and the event as published. */
public record LedgerEntry(long seq, String tenant, String pcsId, String originRegion, String replicatedFrom,
                          Instant receivedAt, byte[] event) {

    public String key() {
        return tenant + "/" + pcsId;
    }
}
