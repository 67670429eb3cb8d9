package io.fractallba.audit.support;

import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each test run its own audit schema, topics, consumer group and files, so runs never see each other's log;
 * configures this service as a witness of its own log (the witness anchor then runs end to end over HTTP).
 */
public class AuditTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String ORIGIN = "test.fractal-lba/audit";
    public static final byte[] SIGNING_SEED = "test-audit-signing-seed-32bytes!".getBytes();
    public static final byte[] WITNESS_SEED = "test-audit-witness-seed-32bytes!".getBytes();
    public static final String BOOTSTRAP = "127.0.0.1:9092";

    public static String schema;
    public static String sourceTopic;
    public static String checkpointTopic;
    public static String anchorDir;
    public static String siemFile;
    public static int port;

    public static NoteKey logKey() {
        return new NoteSigner(ORIGIN, NoteKey.ED25519, SIGNING_SEED).key();
    }

    public static NoteKey witnessKey() {
        return new NoteSigner("test-witness", NoteKey.COSIGNATURE_V1, WITNESS_SEED).key();
    }

    @Override
    public Map<String, String> start() {
        String run = Long.toHexString(System.nanoTime());
        schema = TestDatabase.freshSchemaName("audit");
        sourceTopic = "pcs.verified.v1.test-" + run;
        checkpointTopic = "audit.checkpoint.v1.test-" + run;
        anchorDir = "target/anchors-" + run;
        siemFile = "target/siem-" + run + ".ndjson";
        port = freePort();
        createTopics(List.of(sourceTopic, sourceTopic + ".dlq", checkpointTopic, checkpointTopic + ".dlq"));
        Map<String, String> c = new HashMap<>();
        c.put("quarkus.http.test-port", String.valueOf(port));
        c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
        c.put("quarkus.flyway.schemas", schema);
        c.put("quarkus.flyway.default-schema", schema);
        c.put("kafka.bootstrap.servers", BOOTSTRAP);
        c.put("flk.audit.origin", ORIGIN);
        c.put("flk.audit.signing.seed", Base64.getEncoder().encodeToString(SIGNING_SEED));
        c.put("flk.audit.topics", sourceTopic);
        c.put("flk.audit.checkpoint-topic", checkpointTopic);
        c.put("flk.audit.consumer-group", "audit-test-" + run);
        c.put("flk.audit.checkpoint-interval", "PT0.2S");
        c.put("flk.audit.anchors.file-dir", anchorDir);
        c.put("flk.audit.siem.file", siemFile);
        c.put("flk.audit.witness.key-name", "test-witness");
        c.put("flk.audit.witness.seed", Base64.getEncoder().encodeToString(WITNESS_SEED));
        c.put("flk.audit.witness.logs.\"" + ORIGIN + "\"", logKey().verifierKey());
        c.put("flk.audit.anchors.witnesses.self.url", "http://127.0.0.1:" + port);
        c.put("flk.audit.anchors.witnesses.self.verifier-key", witnessKey().verifierKey());
        return c;
    }

    @Override
    public void stop() {
        TestDatabase.drop(schema);
    }

    public static void createTopics(List<String> names) {
        TestKafka.createTopics(names);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
