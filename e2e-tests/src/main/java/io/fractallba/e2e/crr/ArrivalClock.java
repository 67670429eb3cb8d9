package io.fractallba.e2e.crr;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each replicated copy ({@code replicated_from} set) first appeared on a region's pcs.verified.v1, by the
 * harness's own clock: the far end of the replication lag the harness measures (the near end is the client's
 * acknowledgement in the accepting region).
 */
final class ArrivalClock implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Long> firstCopyNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ArrivalClock(String bootstrap, String topic) {
        consumer = io.fractallba.e2e.load.TopicCounter.fromEnd(bootstrap, topic);
        thread = new Thread(this::loop, "arrival-clock-" + bootstrap);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                if (r.value() != null && r.value().contains("\"replicated_from\"")) {
                    firstCopyNanos.putIfAbsent(r.key(), System.nanoTime());
                }
            }
        }
        consumer.close();
    }

    /** System.nanoTime() of the first replicated copy of {@code key}, or null. */
    Long firstCopy(String key) {
        return firstCopyNanos.get(key);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
