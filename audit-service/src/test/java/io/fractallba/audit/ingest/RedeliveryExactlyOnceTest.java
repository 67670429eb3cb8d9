package io.fractallba.audit.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.proof.IntegrityScan;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.audit.support.AuditTestResource;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.KafkaSettings;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.audit.support.VerifiedEvents;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly one leaf per submission when the writer crashes after its transaction committed but before its offsets
 * did (the worst moment: the whole batch is delivered again to the next consumer), and when the verifier publishes
 * the same event twice. Real Kafka and Postgres; the crash is injected into the consumer's commit.
 */
class RedeliveryExactlyOnceTest {

    private final String schema = TestDatabase.freshSchemaName("audit");
    private final DataSource ds = TestDatabase.migrate(schema);
    private final LogStore store = new LogStore(ds);
    private final List<BatchConsumerLoop<?>> running = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        running.forEach(BatchConsumerLoop::stop);
        TestDatabase.drop(schema);
    }

    @Test
    void aCrashBetweenTheAppendAndTheOffsetCommitAddsNoSecondLeaf() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String topic = "pcs.verified.v1.redelivery-" + run;
        String group = "audit-redelivery-" + run;
        AuditTestResource.createTopics(List.of(topic, topic + ".dlq"));
        KafkaSettings kafka = new KafkaSettings(AuditTestResource.BOOTSTRAP);
        Producer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("test"));

        List<EventEnvelope<PcsVerified>> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(VerifiedEvents.fresh(i % 2 == 0 ? "acme" : "beta"));
        }
        for (EventEnvelope<PcsVerified> e : events) {
            producer.send(new ProducerRecord<>(topic, e.key(), VerifiedEvents.json(e)));
        }
        for (int i = 0; i < 300; i += 10) {      // the verifier's WAL replay republishes some events
            producer.send(new ProducerRecord<>(topic, events.get(i).key(), VerifiedEvents.json(events.get(i))));
        }
        producer.flush();

        // Writer 1 crashes at its first offset commit: its first batch is in Postgres, its offsets are not in Kafka.
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicInteger appendedBeforeCrash = new AtomicInteger();
        Consumer<String, byte[]> crashing = crashOnCommit(new KafkaConsumer<>(kafka.consumer(group, 100)), crashed);
        BatchConsumerLoop<?> first = ingestor(crashing, producer, topic, appendedBeforeCrash);
        Thread t1 = new Thread(first);
        t1.start();
        assertThat(crashed.await(30, TimeUnit.SECONDS)).isTrue();
        first.stop();
        t1.join(10_000);
        long leavesAfterCrash = store.size();
        assertThat(leavesAfterCrash).as("the crashed batch was committed to Postgres").isPositive();

        // Writer 2 (a restarted process) gets everything from the last committed offsets, i.e. from the beginning.
        BatchConsumerLoop<?> second = ingestor(new KafkaConsumer<>(kafka.consumer(group, 100)), producer, topic,
                new AtomicInteger());
        running.add(second);
        new Thread(second).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> store.size() >= 300
                && store.latestCheckpoint().map(StoredCheckpoint::treeSize).orElse(0L) == 300);
        Thread.sleep(500);

        assertThat(store.size()).isEqualTo(300);
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*), count(DISTINCT (tenant, pcs_id)) FROM leaves")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(300);
            assertThat(rs.getLong(2)).isEqualTo(300);
        }
        for (EventEnvelope<PcsVerified> e : events) {
            assertThat(store.leaf(e.payload().tenant(), e.payload().pcsId())).isPresent();
        }
        IntegrityScan.Result scan = new IntegrityScan(store).run();
        assertThat(scan.report().ok()).as(scan.report().findings().toString()).isTrue();
        producer.close();
    }

    private BatchConsumerLoop<?> ingestor(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, String topic,
                                   AtomicInteger appended) {
        ProofService proofs = new ProofService(store);
        CheckpointIssuer issuer = new CheckpointIssuer(store, proofs,
                new NoteSigner("test/redelivery", NoteKey.ED25519, new byte[32]), "test/redelivery");
        return new BatchConsumerLoop<>("audit-test", consumer, producer, List.of(topic), new AuditIngestor(
                new LogAppender(ds), issuer, new ObjectMapper(), Duration.ofMillis(100), new AuditIngestor.Listener() {
                    @Override
                    public void appended(LogAppender.Appended result, int poison) {
                        appended.addAndGet(result.appended());
                    }

                    @Override
                    public void checkpoint(StoredCheckpoint cp) {
                    }

                    @Override
                    public void appendFailed(Exception e) {
                    }

                    @Override
                    public void tamper(String message) {
                    }
                }));
    }

    /** The consumer, except that commitSync fails (as a process dying there would) and signals it. */
    @SuppressWarnings("unchecked")
    private static Consumer<String, byte[]> crashOnCommit(Consumer<String, byte[]> real, CountDownLatch crashed) {
        return (Consumer<String, byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commitSync")) {
                        crashed.countDown();
                        throw new KafkaException("injected crash before the offset commit");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
