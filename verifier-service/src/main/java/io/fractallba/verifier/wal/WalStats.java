package io.fractallba.verifier.wal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the metrics binder reads: commits (fsyncs), records, bytes, write errors, torn tails found on open. */
public final class WalStats {
    public final AtomicLong commits = new AtomicLong();
    public final AtomicLong records = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicLong tornTails = new AtomicLong();

    void recordCommit(int n, int b) {
        commits.incrementAndGet();
        records.addAndGet(n);
        bytes.addAndGet(b);
    }

    void recordError() {
        errors.incrementAndGet();
    }

    void recordTornTail() {
        tornTails.incrementAndGet();
    }
}
