package io.fractallba.audit.anchor;

import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.log.AuditEntry;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.audit.runtime.AuditMetrics;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.audit.support.VerifiedEvents;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Anchoring retries with backoff, then dead-letters; receipts make a restarted dispatcher resume in order. */
class AnchorDispatcherTest {

    private final String schema = TestDatabase.freshSchemaName("audit");
    private final DataSource ds = TestDatabase.migrate(schema);
    private final LogStore store = new LogStore(ds);
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

    @AfterEach
    void cleanUp() {
        executor.shutdownNow();
        TestDatabase.drop(schema);
    }

    @Test
    void failingAnchorIsRetriedThenDeadLetteredWhileAHealthyOneAnchorsEverything() throws Exception {
        issueCheckpoints(3);
        AtomicInteger calls = new AtomicInteger();
        Anchor broken = anchor("broken", cp -> {
            calls.incrementAndGet();
            throw new IllegalStateException("witness unreachable");
        });
        List<Long> healthy = new java.util.concurrent.CopyOnWriteArrayList<>();
        Anchor ok = anchor("ok", cp -> {
            healthy.add(cp.treeSize());
            return "receipt-" + cp.treeSize();
        });
        Map<Long, String> dead = new ConcurrentHashMap<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AnchorDispatcher(List.of(broken, ok), store, new AuditMetrics(registry), executor, 3,
                Duration.ofMillis(5), Duration.ofMillis(20), (cp, error) -> dead.put(cp.treeSize(), error));

        await().atMost(Duration.ofSeconds(10)).until(() -> dead.size() == 3 && healthy.size() == 3);
        assertThat(healthy).containsExactly(1L, 2L, 3L);
        assertThat(calls.get()).isEqualTo(9);                       // 3 attempts per checkpoint
        assertThat(dead.get(2L)).contains("broken: witness unreachable");
        assertThat(store.lastAnchored("ok")).isEqualTo(3);
        assertThat(store.lastAnchored("broken")).isZero();
        assertThat(store.countDeadReceipts()).isEqualTo(3);
        assertThat(registry.get("flk_audit_anchor_total").tag("anchor", "broken").tag("result", "dead").counter().count())
                .isEqualTo(3);
        assertThat(registry.get("flk_audit_anchor_total").tag("anchor", "broken").tag("result", "retry").counter().count())
                .isEqualTo(6);
    }

    @Test
    void aRestartedDispatcherAnchorsOnlyWhatHasNoReceipt() throws Exception {
        issueCheckpoints(2);
        List<Long> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        new AnchorDispatcher(List.of(anchor("a", cp -> {
            first.add(cp.treeSize());
            return "r";
        })), store, new AuditMetrics(new SimpleMeterRegistry()), executor, 3, Duration.ofMillis(5), Duration.ofMillis(20),
                (cp, e) -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 2);
        issueCheckpoints(1);
        List<Long> second = new java.util.concurrent.CopyOnWriteArrayList<>();
        new AnchorDispatcher(List.of(anchor("a", cp -> {
            second.add(cp.treeSize());
            return "r";
        })), store, new AuditMetrics(new SimpleMeterRegistry()), executor, 3, Duration.ofMillis(5), Duration.ofMillis(20),
                (cp, e) -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 1);
        Thread.sleep(200);
        assertThat(first).containsExactly(1L, 2L);
        assertThat(second).containsExactly(3L);
    }

    private void issueCheckpoints(int n) throws Exception {
        LogAppender appender = new LogAppender(ds);
        CheckpointIssuer issuer = new CheckpointIssuer(store, new ProofService(store),
                new NoteSigner("t/anchor", NoteKey.ED25519, new byte[32]), "t/anchor");
        for (int i = 0; i < n; i++) {
            LogAppender.Appended a = appender.append(List.of(AuditEntry.of(VerifiedEvents.fresh("acme"))));
            issuer.issue(a.size(), a.root());
        }
    }

    private interface Body {
        String apply(StoredCheckpoint cp) throws Exception;
    }

    private static Anchor anchor(String name, Body body) {
        return new Anchor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String anchor(StoredCheckpoint checkpoint) throws Exception {
                return body.apply(checkpoint);
            }
        };
    }
}
