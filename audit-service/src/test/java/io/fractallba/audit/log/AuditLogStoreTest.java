package io.fractallba.audit.log;

import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.checkpoint.TamperException;
import io.fractallba.audit.proof.IntegrityScan;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.audit.support.VerifiedEvents;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.MerkleFrontier;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.ProofVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log's storage against the real Postgres: append, exactly-once, replicas, proofs, WORM and tampering. */
class AuditLogStoreTest {

    private String schema;
    private DataSource ds;
    private LogStore store;
    private ProofService proofs;
    private CheckpointIssuer issuer;
    private final NoteSigner signer = new NoteSigner("test.example/audit", NoteKey.ED25519, new byte[32]);

    @BeforeEach
    void freshSchema() {
        schema = TestDatabase.freshSchemaName("audit");
        ds = TestDatabase.migrate(schema);
        store = new LogStore(ds);
        proofs = new ProofService(store);
        issuer = new CheckpointIssuer(store, proofs, signer, "test.example/audit");
    }

    @AfterEach
    void dropSchema() {
        TestDatabase.drop(schema);
    }

    @Test
    void appendsOneLeafPerSubmissionWithRootsAndProofsThatVerify() throws Exception {
        LogAppender appender = new LogAppender(ds);
        List<AuditEntry> all = entries(100);
        MerkleFrontier expected = new MerkleFrontier();
        all.forEach(e -> expected.append(MerkleHashes.leafHash(e.leaf())));

        int at = 0;
        for (int batch : new int[] {1, 2, 5, 13, 29, 50}) {
            LogAppender.Appended a = appender.append(all.subList(at, at + batch));
            assertThat(a.appended()).isEqualTo(batch);
            assertThat(a.firstIndex()).isEqualTo(at);
            at += batch;
            issuer.issue(a.size(), a.root());
        }
        LogAppender.Appended again = appender.append(List.of(all.get(3), all.get(3), all.get(99)));
        assertThat(again.appended()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
        assertThat(again.root()).isEqualTo(expected.root());
        assertThat(store.size()).isEqualTo(100);
        assertThat(store.leaf(all.get(7).tenant(), all.get(7).pcsId()).orElseThrow().index()).isEqualTo(7);

        StoredCheckpoint latest = store.latestCheckpoint().orElseThrow();
        assertThat(Checkpoint.verify(latest.note(), signer.key(), "test.example/audit").size()).isEqualTo(100);
        for (long i = 0; i < 100; i += 7) {
            ProofVerifier.verifyInclusion(i, 100, MerkleHashes.leafHash(all.get((int) i).leaf()),
                    proofs.inclusion(i, 100), latest.root());
        }
        List<StoredCheckpoint> cps = store.checkpoints(0, 100);
        assertThat(cps).extracting(StoredCheckpoint::treeSize).containsExactly(1L, 3L, 8L, 21L, 50L, 100L);
        for (int i = 0; i + 1 < cps.size(); i++) {
            StoredCheckpoint a = cps.get(i);
            StoredCheckpoint b = cps.get(i + 1);
            ProofVerifier.verifyConsistency(a.treeSize(), b.treeSize(), a.root(), b.root(),
                    proofs.consistency(a.treeSize(), b.treeSize()));
        }
        IntegrityScan.Result scan = new IntegrityScan(store).run();
        assertThat(scan.report().ok()).as(scan.report().findings().toString()).isTrue();
        assertThat(scan.report().verifiedCheckpoints()).containsExactly(1L, 3L, 8L, 21L, 50L, 100L);
    }

    @Test
    void replicasAppendingConcurrentlyNeverForkOrDuplicate() throws Exception {
        List<AuditEntry> all = entries(400);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> jobs = new ArrayList<>();
        for (int replica = 0; replica < 3; replica++) {
            LogAppender appender = new LogAppender(ds);
            int offset = replica * 50;
            jobs.add(pool.submit(() -> {
                // Overlapping slices: every entry is offered by up to three replicas.
                for (int i = offset; i < all.size(); i += 10) {
                    appender.append(all.subList(i, Math.min(i + 10 + offset / 10, all.size())));
                }
                for (int i = 0; i < offset; i += 10) {
                    appender.append(all.subList(i, i + 10));
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        assertThat(store.size()).isEqualTo(400);
        assertThat(store.counts().leafRows()).isEqualTo(400);
        LogAppender.Appended a = new LogAppender(ds).append(List.of());
        issuer.issue(a.size(), a.root());
        IntegrityScan.Result scan = new IntegrityScan(store).run();
        assertThat(scan.report().ok()).as(scan.report().findings().toString()).isTrue();
    }

    @Test
    void theLogRefusesUpdateDeleteAndTruncate() throws Exception {
        LogAppender.Appended a = new LogAppender(ds).append(entries(3));
        issuer.issue(a.size(), a.root());
        for (String sql : List.of("UPDATE leaves SET tenant = 'x' WHERE idx = 1", "DELETE FROM leaves WHERE idx = 2",
                "TRUNCATE leaves CASCADE", "DELETE FROM nodes", "UPDATE checkpoints SET note = ''")) {
            assertThatThrownBy(() -> exec(sql)).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(store.counts().leafRows()).isEqualTo(3);
    }

    @Test
    void theServiceRoleCanAppendButHasNoRightToChangeTheLog() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flk_audit_app') "
                    + "THEN CREATE ROLE flk_audit_app; END IF; END $$");
        }
        // A schema migrated while the role exists gets the grants of V2.
        TestDatabase.drop(schema);
        ds = TestDatabase.migrate(schema);
        List<AuditEntry> e = entries(2);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET ROLE flk_audit_app");
            c.setAutoCommit(false);
            // The append path works under the role...
            try (var ps = c.prepareStatement("INSERT INTO leaves (idx, tenant, pcs_id, leaf, leaf_hash) VALUES (0, ?, ?, ?, ?)")) {
                ps.setString(1, e.get(0).tenant());
                ps.setString(2, e.get(0).pcsId());
                ps.setBytes(3, e.get(0).leaf());
                ps.setBytes(4, MerkleHashes.leafHash(e.get(0).leaf()));
                ps.executeUpdate();
            }
            c.commit();
            // ...and changing the log is refused by privileges, before any trigger.
            for (String sql : List.of("UPDATE leaves SET tenant = 'x'", "DELETE FROM leaves", "TRUNCATE leaves",
                    "UPDATE nodes SET hash = hash", "DELETE FROM checkpoints")) {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
                c.rollback();
            }
        }
    }

    @Test
    void aChangedLeafIsNamedByTheScanAndOlderCheckpointsStillVerify() throws Exception {
        LogAppender appender = new LogAppender(ds);
        List<AuditEntry> all = entries(64);
        for (int size : new int[] {16, 32, 64}) {
            LogAppender.Appended a = appender.append(all.subList((int) store.size(), size));
            issuer.issue(a.size(), a.root());
        }
        TestDatabase.tamper(ds, "UPDATE leaves SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), "
                + "'\"accepted\":true', '\"accepted\":false'), 'UTF8') WHERE idx = 40");

        IntegrityScan.Result scan = new IntegrityScan(store).run();
        assertThat(scan.report().ok()).isFalse();
        assertThat(scan.report().firstBadIndex()).hasValue(40);
        assertThat(scan.report().verifiedCheckpoints()).containsExactly(16L, 32L);
        assertThat(scan.report().findings().get(0).problem()).contains("leaf 40");

        // The leaf hash rewritten to match: the node above it and the root of 64 give it away; 16 and 32 still verify.
        TestDatabase.tamper(ds, "UPDATE leaves SET leaf_hash = sha256('\\x00'::bytea || leaf) WHERE idx = 40");
        scan = new IntegrityScan(store).run();
        assertThat(scan.report().verifiedCheckpoints()).containsExactly(16L, 32L);
        assertThat(scan.report().firstBadIndex()).hasValue(40);
        assertThat(scan.report().findings().get(0).problem()).contains("node (level 1, index 20)");
    }

    @Test
    void aChangedNodeStopsTheNextCheckpointAndIsLocatedByTheScan() throws Exception {
        LogAppender appender = new LogAppender(ds);
        List<AuditEntry> all = entries(60);
        LogAppender.Appended a = appender.append(all.subList(0, 48));
        issuer.issue(a.size(), a.root());
        // Node (level 4, index 2) covers leaves 32..47; PROOF(48, D[60]) is built from it.
        TestDatabase.tamper(ds, "UPDATE nodes SET hash = sha256(hash) WHERE level = 4 AND idx = 2");
        LogAppender.Appended b = appender.append(all.subList(48, 60));
        assertThatThrownBy(() -> issuer.issue(b.size(), b.root())).isInstanceOf(TamperException.class)
                .hasMessageContaining("no longer consistent with checkpoint 48");
        assertThat(store.latestCheckpoint().orElseThrow().treeSize()).isEqualTo(48);

        IntegrityScan.Result scan = new IntegrityScan(store).run();
        assertThat(scan.report().firstBadIndex()).hasValue(32);
        assertThat(scan.report().findings().get(0).problem()).contains("level 4, index 2");
    }

    private void exec(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<AuditEntry> entries(int n) throws Exception {
        List<AuditEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(AuditEntry.of(VerifiedEvents.fresh(i % 3 == 0 ? "acme" : "default")));
        }
        return out;
    }
}
