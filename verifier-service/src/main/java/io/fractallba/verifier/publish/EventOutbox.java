package io.fractallba.verifier.publish;

import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.wal.InboxWal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events waiting for Kafka. A request is acknowledged once its event is queued here (the WAL already holds the
 * request); a sender thread hands events to an idempotent acks=all producer and, when Kafka confirms, writes the
 * WAL's DONE record. Failed sends come back after an exponential backoff, so the backlog drains when Kafka returns.
 * A crash loses only this in-memory queue, and the WAL replay rebuilds it.
 */
public final class EventOutbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventOutbox.class);

    /**
     * An event waiting for Kafka. {@code trace} is the context it was accepted in (the submission's HTTP request, or
     * none for a replayed record): it is sent under that context, so its PRODUCER span and header continue the
     * request's trace although the send happens later, on the sender thread.
     */
    public record Item(String key, byte[] value, long walSeq, int attempt, Context trace) {
        public Item(String key, byte[] value, long walSeq, int attempt) {
            this(key, value, walSeq, attempt, Context.root());
        }
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final InboxWal wal;
    private final int capacity;
    private final Duration retryMin;
    private final Duration retryMax;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    /**
     * Enqueued and not yet confirmed by Kafka, wherever the event is (queue, in flight, waiting for its retry): one
     * counter, so the backlog gauge and the capacity check never miss an event between two of those places.
     */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-retry");
        t.setDaemon(true);
        return t;
    });
    private final Thread sender;
    private volatile boolean closed;

    public EventOutbox(Producer<String, byte[]> producer, String topic, InboxWal wal, VerifierConfig.Outbox cfg,
                       MeterRegistry metrics) {
        this.producer = producer;
        this.topic = topic;
        this.wal = wal;
        this.capacity = cfg.capacity();
        this.retryMin = cfg.retryMin();
        this.retryMax = cfg.retryMax();
        Gauge.builder("flk_verifier_outbox_backlog", this, EventOutbox::backlog)
                .description("Events accepted but not yet confirmed by Kafka").register(metrics);
        metrics.more().counter("flk_verifier_publish_failures", java.util.List.of(), failures);
        metrics.more().counter("flk_verifier_published_events", java.util.List.of(), published);
        this.sender = new Thread(this::sendLoop, "outbox-sender");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    public int backlog() {
        return pending.get();
    }

    /** False when the backlog is full: the caller answers 503 instead of acknowledging. */
    public boolean hasRoom() {
        return backlog() < capacity;
    }

    public void enqueue(Item item) {
        pending.incrementAndGet();
        queue.add(item);
    }

    private void sendLoop() {
        while (!closed) {
            Item item;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (item == null) {
                continue;
            }
            try (Scope ignored = item.trace().makeCurrent()) {
                producer.send(new ProducerRecord<>(topic, item.key(), item.value()), (meta, error) -> {
                    if (error == null) {
                        pending.decrementAndGet();
                        published.incrementAndGet();
                        wal.markDone(item.walSeq());
                    } else {
                        retryLater(item, error);
                    }
                });
            } catch (RuntimeException e) { // metadata timeout or buffer full while Kafka is away
                retryLater(item, e);
            }
        }
    }

    private void retryLater(Item item, Throwable error) {
        failures.incrementAndGet();
        long delay = Math.min(retryMax.toMillis(), retryMin.toMillis() << Math.min(item.attempt(), 16));
        if (item.attempt() == 0 || item.attempt() % 10 == 0) {
            LOG.warnf("publishing %s failed (attempt %d), retrying in %d ms: %s", item.key(), item.attempt() + 1,
                    delay, error.getMessage());
        }
        Item next = new Item(item.key(), item.value(), item.walSeq(), item.attempt() + 1, item.trace());
        if (closed) {
            return; // the WAL keeps it; the next start replays it
        }
        retries.schedule(() -> queue.add(next), delay, TimeUnit.MILLISECONDS);
    }

    /** Waits up to {@code timeout} for the backlog to drain, then stops. What is left is replayed from the WAL. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (backlog() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        retries.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
