package io.fractallba.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The suite's one consumer loop: poll a batch, turn each message into a value (a poison message goes to
 * {@code <topic>.dlq} with the error in the {@code flk-error} header, synchronously), apply the batch as one durable
 * effect, and commit the offsets only afterwards. A failure replays from the committed offsets after a backoff, so
 * effects must be idempotent (every consumer keys them by {@code (tenant, pcs_id)}): at-least-once delivery,
 * exactly-once effect.
 */
public final class BatchConsumerLoop<T> implements Runnable {

    private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);

    /** What a service does with its messages. */
    public interface Handler<T> {
        T parse(ConsumerRecord<String, byte[]> record) throws PoisonMessageException;

        /** Makes the batch's effect durable; offsets are committed only after it returns. */
        void apply(List<T> batch, int poison) throws Exception;

        /** Called on every turn of the loop (after a batch or an idle poll), e.g. for periodic work. */
        default void tick() throws Exception {
        }

        /** Called before the loop replays after a failure. */
        default void failed(Exception e) {
        }
    }

    /**
     * What the health checks read ({@link ConsumerHealth}): whether the loop still runs, whether it has joined its
     * group (an assignment, possibly empty, that has not been lost since), when it last came round, and the broker
     * connections its client holds.
     */
    public record Status(String name, boolean running, boolean joined, int partitions, Duration sinceTurn,
                         int connections, String lastError) {
    }

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> dlq;
    private final List<String> topics;
    private final Handler<T> handler;
    private final String name;
    private volatile boolean running = true;
    private volatile boolean exited;
    private volatile boolean joined;
    private volatile int partitions;
    private volatile long lastTurnNanos = System.nanoTime();
    private volatile String lastError;
    private volatile java.util.function.Consumer<String> onPoison = topic -> { };
    private volatile KafkaTracing tracing = KafkaTracing.none();

    public BatchConsumerLoop(String name, Consumer<String, byte[]> consumer, Producer<String, byte[]> dlq,
                             List<String> topics, Handler<T> handler) {
        this.name = name;
        this.consumer = consumer;
        this.dlq = dlq;
        this.topics = List.copyOf(topics);
        this.handler = handler;
    }

    public String name() {
        return name;
    }

    Consumer<String, byte[]> consumer() {
        return consumer;
    }

    List<String> topics() {
        return topics;
    }

    /** Told the source topic of every message sent to the DLQ (the suite's one poison counter, ConsumerHealth). */
    void onPoison(java.util.function.Consumer<String> listener) {
        this.onPoison = listener;
    }

    /** Opens a span per record (KafkaTracing.trace). */
    void tracing(KafkaTracing tracing) {
        this.tracing = tracing;
    }

    /** A snapshot for the health checks; safe from any thread (the client's metrics are). */
    public Status status() {
        return new Status(name, running && !exited, joined, partitions,
                Duration.ofNanos(System.nanoTime() - lastTurnNanos), connections(), lastError);
    }

    private int connections() {
        try {
            for (Map.Entry<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> m
                    : consumer.metrics().entrySet()) {
                if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("consumer-metrics")) {
                    return (int) Math.round(((Number) m.getValue().metricValue()).doubleValue());
                }
            }
        } catch (RuntimeException e) {
            return -1; // unknown
        }
        return -1;
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            exited = true;
        }
    }

    private void loop() {
        consumer.subscribe(topics, new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> revoked) {
                partitions = Math.max(0, partitions - revoked.size());
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> assigned) {
                joined = true;
                partitions = consumer.assignment().size();
            }

            @Override
            public void onPartitionsLost(java.util.Collection<TopicPartition> lost) {
                joined = false;
                partitions = 0;
            }
        });
        long backoffMs = 100;
        while (running) {
            lastTurnNanos = System.nanoTime();
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    handle(records);
                }
                handler.tick();
                backoffMs = 100;
                lastError = null;
            } catch (WakeupException e) {
                break;
            } catch (Exception e) {
                lastError = e.toString();
                handler.failed(e);
                LOG.warnf("%s: batch failed, replaying from the committed offsets in %d ms: %s", name, backoffMs,
                        e.toString());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5000);
                try {
                    rewind();
                } catch (WakeupException w) {
                    break;
                } catch (Exception r) {
                    LOG.warnf("%s: rewind failed: %s", name, r.toString());
                }
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /**
     * Each record's span runs from its parse to the batch's commit, and is current while the record is parsed: a
     * handler that produces events for a record captures {@code Context.current()} there and sends under it, so the
     * derived event continues the submission's trace.
     */
    private void handle(ConsumerRecords<String, byte[]> records) throws Exception {
        List<T> batch = new ArrayList<>(records.count());
        List<Span> spans = new ArrayList<>(records.count());
        int poison = 0;
        try {
            for (ConsumerRecord<String, byte[]> r : records) {
                Span span = tracing.process(r, name);
                spans.add(span);
                try (Scope ignored = span.makeCurrent()) {
                    try {
                        batch.add(handler.parse(r));
                    } catch (PoisonMessageException e) {
                        span.setStatus(StatusCode.ERROR, "poison message, sent to " + r.topic() + ".dlq");
                        toDlq(r, e.getMessage()); // under the record's span: the dead letter stays in its trace
                        poison++;
                    }
                }
            }
            handler.apply(batch, poison);
            consumer.commitSync();
        } catch (Exception e) {
            for (Span span : spans) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, "batch failed; replayed from the committed offsets");
            }
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private void toDlq(ConsumerRecord<String, byte[]> r, String error) throws Exception {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(r.topic() + ".dlq", r.key(), r.value());
        out.headers().add("flk-error", error.getBytes(StandardCharsets.UTF_8));
        out.headers().add("flk-source", (r.topic() + "/" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        out.headers().add("flk-consumer", name.getBytes(StandardCharsets.UTF_8));
        dlq.send(out).get();
        onPoison.accept(r.topic());
        LOG.warnf("%s: poison message %s/%d@%d to the DLQ: %s", name, r.topic(), r.partition(), r.offset(), error);
    }

    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata o = committed.get(tp);
            if (o == null) {
                fromStart.add(tp);
            } else {
                consumer.seek(tp, o);
            }
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
