package io.fractallba.verifier.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PolicyChange;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.publish.KafkaSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The policy topic, both ways: a reader thread that reads {@code policy.changes.v1} from its start into the
 * {@link PolicyCatalog} and then follows it (no consumer group: every replica reads everything), and the writer that
 * appends a change and returns once this replica has read it back, so an answer to a publication or activation is
 * already true on this replica. Other replicas follow within a poll.
 */
@ApplicationScoped
public class PolicyChangeLog {

    private static final Logger LOG = Logger.getLogger(PolicyChangeLog.class);
    private static final TypeReference<EventEnvelope<PolicyChange>> ENVELOPE = new TypeReference<>() { };
    private static final Duration POLL = Duration.ofMillis(200);

    private final PolicyCatalog catalog;
    private final KafkaSettings kafka;
    private final ObjectMapper mapper;
    private final VerifierConfig.Policies config;
    private final Map<TopicPartition, Long> applied = new HashMap<>();   // next offset to read, guarded by this
    private final List<PolicyChange> history = new java.util.ArrayList<>(); // every change applied, reader thread only
    private final CatalogSnapshot snapshot;
    private volatile boolean restored;   // a snapshot was applied: usable only if the broker cannot be reached
    private volatile boolean running = true;
    private Thread reader;
    private KafkaProducer<String, byte[]> producer;

    public PolicyChangeLog(PolicyCatalog catalog, KafkaSettings kafka, ObjectMapper mapper, VerifierConfig config) {
        this.catalog = catalog;
        this.kafka = kafka;
        this.mapper = mapper;
        this.config = config.policies();
        this.snapshot = new CatalogSnapshot(java.nio.file.Path.of(config.wal().dir(), "policy-catalog.json"), mapper);
    }

    void start(@Observes StartupEvent ev) {
        restoreSnapshot();
        producer = new KafkaProducer<>(kafka.producer());
        reader = new Thread(this::readForever, "policy-changes");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (reader != null) {
            reader.interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** Appends a change (keyed by tenant) and waits until this replica's catalog has applied it. */
    public void append(PolicyChange change) {
        String key = change.tenant();
        EventEnvelope<PolicyChange> envelope = EventEnvelope.of(java.util.UUID.randomUUID().toString(),
                PolicyChange.TYPE, PolicyChange.VERSION, change.tenant(), key, Instant.now(), change);
        long deadline = System.nanoTime() + config.publishTimeout().toNanos();
        RecordMetadata md;
        try {
            md = producer.send(new ProducerRecord<>(config.topic(), key, mapper.writeValueAsBytes(envelope)))
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PolicyUnavailableException("interrupted while writing the policy change");
        } catch (ExecutionException | TimeoutException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PolicyUnavailableException("the policy change was not acknowledged by " + config.topic()
                    + " in time (" + e.getMessage() + "); it may still take effect: check GET /v1/policies/"
                    + change.tenant() + " before retrying");
        }
        TopicPartition tp = new TopicPartition(md.topic(), md.partition());
        synchronized (this) {
            while (applied.getOrDefault(tp, 0L) <= md.offset()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PolicyUnavailableException("the policy change was written but this replica has not "
                            + "read it back within " + config.publishTimeout() + "; it takes effect when read: check "
                            + "GET /v1/policies/" + change.tenant());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PolicyUnavailableException("interrupted while waiting for the policy change");
                }
            }
        }
    }

    /** Decides from this replica's last read of the topic until the broker answers (see CatalogSnapshot). */
    private void restoreSnapshot() {
        try {
            snapshot.read().filter(c -> config.topic().equals(c.topic())).ifPresent(content -> {
                content.changes().forEach(catalog::apply);
                history.addAll(content.changes());
                synchronized (this) {
                    content.offsets().forEach((k, v) -> {
                        int slash = k.lastIndexOf('/');
                        applied.put(new TopicPartition(k.substring(0, slash), Integer.parseInt(k.substring(slash + 1))), v);
                    });
                }
                restored = true;
                LOG.infof("policy catalog restored from %s (%d change(s), written %s); reading %s on from there — "
                        + "it decides from the snapshot only if the broker cannot be reached", snapshot.file(),
                        content.changes().size(), content.writtenAt(), config.topic());
            });
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignored an unreadable policy catalog snapshot %s (the topic is read from its start): %s",
                    snapshot.file(), e.toString());
        }
    }

    private void saveSnapshot() {
        Map<String, Long> offsets = new HashMap<>();
        synchronized (this) {
            applied.forEach((tp, next) -> offsets.put(tp.topic() + "/" + tp.partition(), next));
        }
        try {
            snapshot.write(new CatalogSnapshot.Content(config.topic(), List.copyOf(history), offsets,
                    Instant.now().toString()));
        } catch (IOException e) {
            LOG.warnf("could not write the policy catalog snapshot %s: %s", snapshot.file(), e.toString());
        }
    }

    private void readForever() {
        long backoff = 500;
        while (running) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.policyReader())) {
                follow(consumer);
                return;
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (restored && !catalog.loaded()) {
                    // The broker is away: no change can be published while it is, so the snapshot is what there is.
                    catalog.markLoaded();
                    LOG.warnf("the broker cannot be reached (%s): deciding from the policy catalog snapshot until it "
                            + "can", e.toString());
                }
                LOG.warnf("reading %s failed, retrying in %d ms: %s", config.topic(), backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = awaitTopic(consumer);
        consumer.assign(partitions);
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                Long next = applied.get(tp);
                if (next == null) {
                    consumer.seek(tp, 0L);   // from the start: the topic's whole history is the state
                } else {
                    consumer.seek(tp, next); // resumed after a failure: the catalog already holds what came before
                }
            }
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        boolean caughtUp = false;
        while (running) {
            var records = consumer.poll(POLL);
            boolean moved = false;
            for (ConsumerRecord<String, byte[]> r : records) {
                PolicyChange change = parse(r);
                try {
                    if (change == null) {
                        catalog.unreadable(r.key(), "record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                                + " is not a policy change this verifier can read");
                    } else {
                        catalog.apply(change);
                        history.add(change);
                    }
                } catch (RuntimeException e) {
                    // One bad record must not stall the reader (it would be read again forever): its tenant fails
                    // closed instead.
                    LOG.errorf(e, "policy change at %s-%d@%d could not be applied", r.topic(), r.partition(), r.offset());
                    catalog.unreadable(r.key(), "a change could not be applied: " + e);
                }
                synchronized (this) {
                    applied.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
                moved = true;
            }
            synchronized (this) {
                for (TopicPartition tp : partitions) {
                    applied.put(tp, consumer.position(tp));
                }
                notifyAll();
            }
            if (!caughtUp && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                caughtUp = true;
                catalog.markLoaded();
                saveSnapshot();   // also when the topic is empty: a later restart without the broker can decide
            } else if (caughtUp && moved) {
                saveSnapshot();
            }
        }
    }

    /**
     * The topic's partitions once it exists. A topic that does not exist holds no policy, so the catalog counts as
     * loaded (every tenant on the built-in) while this waits for its first publication to create it.
     */
    private List<TopicPartition> awaitTopic(KafkaConsumer<String, byte[]> consumer) {
        while (running) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(10));
            List<PartitionInfo> info = topics.get(config.topic());
            if (info != null && !info.isEmpty()) {
                return info.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            if (!catalog.loaded()) {
                catalog.markLoaded();
                saveSnapshot();
            }
            sleep(1000);
        }
        throw new org.apache.kafka.common.errors.InterruptException("stopped");
    }

    private PolicyChange parse(ConsumerRecord<String, byte[]> r) {
        try {
            EventEnvelope<PolicyChange> e = mapper.readValue(r.value(), ENVELOPE);
            if (!PolicyChange.TYPE.equals(e.type()) || e.payload() == null) {
                LOG.warnf("skipped a record at %s-%d@%d that is not a policy change", r.topic(), r.partition(),
                        r.offset());
                return null;
            }
            return e.payload();
        } catch (Exception e) {
            LOG.warnf("skipped an unreadable record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.toString());
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
