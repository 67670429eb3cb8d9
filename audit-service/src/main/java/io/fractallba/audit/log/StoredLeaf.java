package io.fractallba.audit.log;

import java.time.Instant;

/** A leaf as stored: its index, identity, exact bytes and leaf hash. */
public record StoredLeaf(long index, String tenant, String pcsId, byte[] leaf, byte[] leafHash, Instant appendedAt) {
}
