package io.fractallba.dedup.shard;

import io.fractallba.pcs.dedup.ShardLayout;
import io.fractallba.pcs.dedup.ShardRing;
import io.fractallba.pcs.dedup.ShardRouting;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Online migration of the hot tier between shard layouts, every step checkpointed in Postgres so that an interrupted
 * step resumes where it stopped. Order: {@code plan} → {@code dual-write} (verifiers decide on the new layout and claim
 * the old one too) → {@code copy} (records whose owner changes are copied, SET NX, TTL kept) → {@code verify} (every
 * moved record is on its new owner; missing ones are repaired) → {@code cutover} (the new layout alone) →
 * {@code cleanup} (moved records deleted from their old nodes). {@code rollback} returns to the old layout at any
 * step before cleanup. The durable tiers catch whatever the hot tier misses meanwhile.
 */
public final class ShardMigration {

    private static final int PAGE = 500;

    private final RoutingStore store;
    private final RedisNodes redis;
    private final PrintStream out;
    private final Duration grace;

    public ShardMigration(RoutingStore store, RedisNodes redis, PrintStream out, Duration grace) {
        this.store = store;
        this.redis = redis;
        this.out = out;
        this.grace = grace;
    }

    /** Thrown for a step that does not fit the migration's state; the message says what to run instead. */
    public static class StepException extends Exception {
        public StepException(String message) {
            super(message);
        }
    }

    /** Result of a scanning step: whether it finished, and its counts over all nodes. */
    public record StepResult(boolean finished, long scanned, long moved, long conflicts) {
    }

    public RoutingStore.Migration plan(ShardLayout from, ShardLayout to) throws SQLException, StepException {
        Optional<RoutingStore.Migration> open = store.open();
        if (open.isPresent()) {
            throw new StepException("migration " + open.get().id() + " is in phase " + open.get().phase()
                    + "; finish it (cleanup) or roll it back first");
        }
        ShardRouting routing = store.routing();
        if (routing.version() > 0 && !routing.current().equals(from)) {
            throw new StepException("the layout in force is " + routing.current().text() + ", not " + from.text());
        }
        RoutingStore.Migration m = store.create(from, to);
        ShardRing a = from.ring();
        ShardRing b = to.ring();
        long total = 0;
        long moving = 0;
        for (String node : from.nodes().keySet()) {
            String url = from.url(node);
            String cursor = "0";
            do {
                RedisNodes.Page page = redis.scan(url, cursor, PAGE);
                for (String key : page.keys()) {
                    total++;
                    if (!to.url(b.owner(key)).equals(from.url(a.owner(key)))) {
                        moving++;
                    }
                }
                cursor = page.cursor();
            } while (!cursor.equals("0"));
        }
        out.printf("migration %d planned: %s → %s%n  %d hot records now, %d (%.1f%%) change node%n", m.id(), from.text(),
                to.text(), total, moving, total == 0 ? 0.0 : 100.0 * moving / total);
        out.println("  next: dual-write");
        return m;
    }

    public ShardRouting dualWrite() throws SQLException, StepException, InterruptedException {
        RoutingStore.Migration m = require("planned", "dual-write");
        ShardRouting r = store.publish("dual-write", m.from(), m.to());
        store.phase(m.id(), "dual-write");
        out.printf("routing v%d published: writes decide on the new layout and claim the old one%n", r.version());
        out.printf("waiting %d s so every verifier polls it before copying …%n", grace.toSeconds());
        Thread.sleep(grace.toMillis());
        out.println("  next: copy");
        return r;
    }

    public StepResult copy(long rateKeysPerSecond, long limit) throws SQLException, StepException {
        RoutingStore.Migration m = require("dual-write", "copy");
        StepResult r = scanStep(m, "copy", rateKeysPerSecond, limit, (key, fromUrl, toUrl, p) -> {
            String value = redis.get(fromUrl, key);
            if (value == null) {
                return p;                                           // expired meanwhile
            }
            long ttl = redis.pttl(fromUrl, key);
            if (ttl != -1 && ttl <= 0) {
                return p;                                           // expired between GET and PTTL
            }
            if (copyIfAbsent(toUrl, key, value, ttl)) {
                return new RoutingStore.Progress(p.cursor(), false, p.scanned(), p.moved() + 1, p.conflicts());
            }
            String there = redis.get(toUrl, key);
            return there != null && !there.equals(value)
                    ? new RoutingStore.Progress(p.cursor(), false, p.scanned(), p.moved(), p.conflicts() + 1) : p;
        });
        if (r.finished()) {
            store.phase(m.id(), "copied");
            out.println("  next: verify");
        }
        return r;
    }

    public StepResult verify() throws SQLException, StepException {
        RoutingStore.Migration m = require("copied", "verify");
        StepResult r = scanStep(m, "verify", Long.MAX_VALUE, Long.MAX_VALUE, (key, fromUrl, toUrl, p) -> {
            if (redis.get(toUrl, key) != null) {
                return p;
            }
            String value = redis.get(fromUrl, key);
            if (value == null) {
                return p;
            }
            long ttl = redis.pttl(fromUrl, key);
            if (ttl != -1 && ttl <= 0) {
                return p;                                           // expired between GET and PTTL
            }
            copyIfAbsent(toUrl, key, value, ttl);
            return new RoutingStore.Progress(p.cursor(), false, p.scanned(), p.moved() + 1, p.conflicts());
        });
        if (r.finished()) {
            store.phase(m.id(), "verified");
            out.printf("verified: %d records checked, %d repaired on their new node%n", r.scanned(), r.moved());
            out.println("  next: cutover");
        }
        return r;
    }

    public ShardRouting cutover() throws SQLException, StepException, InterruptedException {
        RoutingStore.Migration m = require("verified", "cutover");
        ShardRouting r = store.publish("cutover", m.to(), null);
        store.phase(m.id(), "cutover");
        out.printf("routing v%d published: the new layout alone; waiting %d s for every verifier …%n", r.version(),
                grace.toSeconds());
        Thread.sleep(grace.toMillis());
        out.println("  next: cleanup (or rollback, which is possible until cleanup)");
        return r;
    }

    public StepResult cleanup(long rateKeysPerSecond) throws SQLException, StepException {
        RoutingStore.Migration m = require("cutover", "cleanup");
        StepResult r = scanStep(m, "cleanup", rateKeysPerSecond, Long.MAX_VALUE, (key, fromUrl, toUrl, p) -> {
            redis.delete(fromUrl, List.of(key));
            return new RoutingStore.Progress(p.cursor(), false, p.scanned(), p.moved() + 1, p.conflicts());
        });
        if (r.finished()) {
            store.phase(m.id(), "done");
            out.printf("cleanup done: %d moved records deleted from their old nodes; migration %d complete%n",
                    r.moved(), m.id());
        }
        return r;
    }

    public ShardRouting rollback() throws SQLException, StepException {
        RoutingStore.Migration m = store.open().orElseThrow(() -> new StepException("no migration to roll back"));
        if (m.phase().equals("done")) {
            throw new StepException("migration " + m.id() + " is done; migrate back instead");
        }
        ShardRouting r = store.publish("rolled-back", m.from(), null);
        store.phase(m.id(), "rolled-back");
        out.printf("routing v%d published: back to %s (records copied to new nodes stay until they expire)%n",
                r.version(), m.from().text());
        return r;
    }

    public void status() throws SQLException {
        ShardRouting r = store.routing();
        if (r.current() == null) {
            out.println("routing v0: the services' configured layout (flk.*.dedup.shards); no migration has run");
        } else {
            out.printf("routing v%d (%s): %s%s%n", r.version(), r.phase(), r.current().text(),
                    r.next() == null ? "" : " → " + r.next().text());
        }
        Optional<RoutingStore.Migration> m = store.open();
        if (m.isEmpty()) {
            out.println("no migration in progress");
            return;
        }
        out.printf("migration %d: phase %s%n", m.get().id(), m.get().phase());
        for (String step : List.of("copy", "verify", "cleanup")) {
            for (String node : m.get().from().nodes().keySet()) {
                RoutingStore.Progress p = store.progress(m.get().id(), step, node);
                if (p.scanned() > 0 || p.done()) {
                    out.printf("  %-7s %-10s %s scanned %d, moved %d, conflicts %d%n", step, node,
                            p.done() ? "done   " : "running", p.scanned(), p.moved(), p.conflicts());
                }
            }
        }
    }

    private interface KeyAction {
        RoutingStore.Progress apply(String key, String fromUrl, String toUrl, RoutingStore.Progress p);
    }

    /** SCANs every node of the old layout from its checkpoint, acting on records whose node changes. */
    private StepResult scanStep(RoutingStore.Migration m, String step, long rate, long limit, KeyAction action)
            throws SQLException {
        ShardRing a = m.from().ring();
        ShardRing b = m.to().ring();
        long processed = 0;
        long scanned = 0;
        long moved = 0;
        long conflicts = 0;
        long started = System.nanoTime();
        List<String> nodes = new ArrayList<>(m.from().nodes().keySet());
        for (String node : nodes) {
            String url = m.from().url(node);
            RoutingStore.Progress p = store.progress(m.id(), step, node);
            long size = Math.max(1, redis.api(url).dbsize().await().atMost(Duration.ofSeconds(5)).toLong());
            while (!p.done()) {
                if (processed >= limit) {
                    out.printf("%n%s stopped after %d records; run it again to resume from the checkpoint%n", step, processed);
                    return new StepResult(false, scanned, moved, conflicts);
                }
                // The checkpoint is a SCAN cursor, so a step stops between pages; small limits get small pages.
                RedisNodes.Page page = redis.scan(url, p.cursor(), (int) Math.min(PAGE, Math.max(10, limit - processed)));
                for (String key : page.keys()) {
                    String toUrl = m.to().url(b.owner(key));
                    if (!toUrl.equals(m.from().url(a.owner(key)))) {
                        p = action.apply(key, url, toUrl, p);
                    }
                    p = new RoutingStore.Progress(p.cursor(), false, p.scanned() + 1, p.moved(), p.conflicts());
                    processed++;
                    throttle(processed, started, rate);
                }
                p = new RoutingStore.Progress(page.cursor(), page.cursor().equals("0"), p.scanned(), p.moved(), p.conflicts());
                store.save(m.id(), step, node, p);
                bar(step, node, p, size);
            }
            scanned += p.scanned();
            moved += p.moved();
            conflicts += p.conflicts();
            out.println();
        }
        return new StepResult(true, scanned, moved, conflicts);
    }

    private void bar(String step, String node, RoutingStore.Progress p, long size) {
        int pct = p.done() ? 100 : (int) Math.min(99, 100 * p.scanned() / size);
        String bar = "#".repeat(pct / 5) + ".".repeat(20 - pct / 5);
        out.printf("\r%-7s %-10s [%s] %3d%%  %d scanned, %d moved, %d conflicts", step, node, bar, pct, p.scanned(),
                p.moved(), p.conflicts());
    }

    private static void throttle(long processed, long startedNanos, long rate) {
        if (rate <= 0 || rate == Long.MAX_VALUE) {
            return;
        }
        long due = startedNanos + processed * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RoutingStore.Migration require(String phase, String step) throws SQLException, StepException {
        RoutingStore.Migration m = store.open().orElseThrow(() -> new StepException("no migration in progress; run plan"));
        if (!m.phase().equals(phase)) {
            throw new StepException("cannot " + step + ": migration " + m.id() + " is in phase " + m.phase()
                    + " (expected " + phase + ")");
        }
        return m;
    }

    /** Copies a key with the time to live its source has ({@code -1}: none, as the source). */
    private boolean copyIfAbsent(String url, String key, String value, long pttl) {
        return pttl == -1 ? redis.setIfAbsentWithoutExpiry(url, key, value) : redis.setIfAbsent(url, key, value, pttl);
    }
}
