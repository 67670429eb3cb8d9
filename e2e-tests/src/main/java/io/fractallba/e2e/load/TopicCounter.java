package io.fractallba.e2e.load;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Counts events per key on a topic, from the end offsets it saw when created. */
public final class TopicCounter implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Integer> perKey = new HashMap<>();
    private final Map<String, String> latest = new HashMap<>();
    private String lastValue;

    public TopicCounter(String bootstrap, String topic) {
        consumer = fromEnd(bootstrap, topic);
    }

    /** A group-less consumer of every partition of {@code topic}, positioned at the end: sees what comes next. */
    public static KafkaConsumer<String, String> fromEnd(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.endOffsets(parts).forEach(consumer::seek);
        return consumer;
    }

    /** Polls until {@code expectedKeys} distinct keys were seen or {@code timeout} passed, then {@code quiet} more. */
    public Map<String, Integer> collect(int expectedKeys, Duration timeout, Duration quiet) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (perKey.size() < expectedKeys && System.nanoTime() < deadline) {
            poll();
        }
        long end = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < end) {
            poll();
        }
        return Map.copyOf(perKey);
    }

    private void poll() {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            perKey.merge(r.key(), 1, Integer::sum);
            latest.put(r.key(), r.value());
            lastValue = r.value();
        }
    }

    /** Polls until every one of {@code keys} was seen or {@code timeout} passed. */
    public void awaitKeys(java.util.Set<String> keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!perKey.keySet().containsAll(keys) && System.nanoTime() < deadline) {
            poll();
        }
    }

    /** The latest value seen for a key, or null. */
    public String latest(String key) {
        return latest.get(key);
    }

    public String lastValue() {
        return lastValue;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
