package io.fractallba.audit.log;

import java.time.Instant;

/** A signed checkpoint as issued: tree size, root and the signed note exactly as served. */
public record StoredCheckpoint(long treeSize, byte[] root, String note, Instant issuedAt) {
}
