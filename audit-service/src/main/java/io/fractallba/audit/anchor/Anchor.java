package io.fractallba.audit.anchor;

import io.fractallba.audit.log.StoredCheckpoint;

/** Somewhere a checkpoint is deposited so that rewriting the log later would be caught outside this database. */
public interface Anchor {

    /** Stable name, used in receipts and metrics. */
    String name();

    /** Deposits the checkpoint; returns a receipt (where it went). Throws when it should be retried. */
    String anchor(StoredCheckpoint checkpoint) throws Exception;
}
