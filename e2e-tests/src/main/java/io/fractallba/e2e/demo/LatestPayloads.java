package io.fractallba.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;

/** The latest event payload per key on a topic, read from the topic's end at construction (what the demo causes). */
final class LatestPayloads implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, JsonNode> latest = new HashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();

    LatestPayloads(String bootstrap, String topic) {
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
    }

    /** Reads until every key has a payload or the wait is over. */
    void collect(Set<String> keys, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && !latest.keySet().containsAll(keys)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                latest.put(r.key(), mapper.readTree(r.value()).get("payload"));
            }
        }
    }

    JsonNode get(String key) {
        return latest.get(key);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
