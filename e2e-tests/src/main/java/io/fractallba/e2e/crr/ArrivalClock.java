package io.fractallba.e2e.crr;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.endOffsets(parts).forEach(consumer::seek);
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

    int copies() {
        return firstCopyNanos.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
