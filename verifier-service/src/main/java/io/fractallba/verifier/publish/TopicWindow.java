package io.fractallba.verifier.publish;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads a topic's records from a point in time (by record timestamp) at least to its end as it was when the read
 * began, with no consumer group: the WAL replay's check of what was already published, and the policy simulator's
 * replay.
 */
public final class TopicWindow {

    /** How a read ended: {@code complete} when every partition was read to its end, else stopped or out of time. */
    public enum End { COMPLETE, STOPPED, OUT_OF_TIME }

    private final Properties props;
    private final String topic;

    public TopicWindow(Properties props, String topic) {
        this.props = props;
        this.topic = topic;
    }

    /**
     * Hands every record with a timestamp at or after {@code fromMillis} to {@code visitor}, which returns false to
     * stop; gives up after {@code maxTime}.
     */
    public End read(long fromMillis, Duration maxTime, Predicate<ConsumerRecord<String, byte[]>> visitor) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return End.COMPLETE;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, fromMillis));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                long end = ends.get(p);
                long from = start == null ? end : start.offset();
                if (from < end) {
                    consumer.seek(p, from);
                    remaining.put(p, end);
                }
            }
            consumer.assign(remaining.keySet());
            long deadline = System.nanoTime() + maxTime.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return End.OUT_OF_TIME;
                }
                // Records appended while the read runs are handed over too: the WAL replay must see an event the
                // broker appended late (a dead process's last request), not only those before the end it started at.
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!visitor.test(r)) {
                        return End.STOPPED;
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            return End.COMPLETE;
        }
    }
}
