package io.fractallba.ensemble.join;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How far the risk scorer (hrs-service) has got through {@code pcs.verified.v1}, as far as this ensemble can know it
 * has every risk score the scorer published up to there (docs/ensemble.md, "Join").
 *
 * <p>Why: a fixed join wait cannot tell a slow scorer (cold JIT, a backlog, two shared cores) from a submission that
 * will never be scored, so a slow scorer made the HRS check abstain on submissions it scored a few seconds later.
 * The scorer commits its consumer offsets only after publishing its scores; so once its group has committed past a
 * verified record, that record's score — if there is one — is on {@code pcs.risk.v1} below the topic's end as read
 * right after. When this ensemble's own group has committed past that end, the score is in its join buffer. Each
 * round therefore takes a snapshot (the scorer's committed offsets, then the risk topic's ends) and a snapshot
 * becomes <em>confirmed</em> once this group's committed risk offsets reach its ends: verified offsets below the
 * confirmed scorer offsets have their score here or will never get one.
 *
 * <p>Plain Java around a Kafka {@link Admin}; {@link #refresh()} is called from one thread, {@link #passed()} from any.
 */
public final class ScorerProgress implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScorerProgress.class);
    private static final Duration CALL = Duration.ofSeconds(5);
    /** Snapshots kept while waiting for this group to catch up (a round every half second: a few minutes). */
    private static final int MAX_SNAPSHOTS = 600;

    private record Snapshot(long[] scorerCommitted, Map<TopicPartition, Long> riskEnds) {
    }

    private final Admin admin;
    private final String scorerGroup;
    private final String ownGroup;
    private final String verifiedTopic;
    private final String riskTopic;
    private final Deque<Snapshot> waiting = new ArrayDeque<>();
    private volatile long[] passed = new long[0];
    private volatile boolean failing;

    public ScorerProgress(Admin admin, String scorerGroup, String ownGroup, String verifiedTopic, String riskTopic) {
        this.admin = admin;
        this.scorerGroup = scorerGroup;
        this.ownGroup = ownGroup;
        this.verifiedTopic = verifiedTopic;
        this.riskTopic = riskTopic;
    }

    /**
     * Per partition of the verified topic, the offset below which every record's risk score is here or will never
     * come; -1 (or a partition beyond the array) where nothing is confirmed yet.
     */
    public long[] passed() {
        return passed;
    }

    /** One round: a new snapshot, and the newest snapshot this group has caught up with becomes the confirmed one. */
    public void refresh() {
        try {
            long[] scorer = committed(scorerGroup, verifiedTopic);
            Map<TopicPartition, Long> ends = riskEnds();
            waiting.addLast(new Snapshot(scorer, ends));
            while (waiting.size() > MAX_SNAPSHOTS) {
                waiting.pollFirst();
            }
            Map<TopicPartition, OffsetAndMetadata> own = admin.listConsumerGroupOffsets(ownGroup)
                    .partitionsToOffsetAndMetadata().get(CALL.toMillis(), TimeUnit.MILLISECONDS);
            Snapshot confirmed = null;
            while (!waiting.isEmpty() && caughtUp(waiting.peekFirst(), own)) {
                confirmed = waiting.pollFirst();
            }
            if (confirmed != null) {
                passed = confirmed.scorerCommitted();
            }
            if (failing) {
                LOG.infof("scorer progress readable again (group %s)", scorerGroup);
                failing = false;
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!failing) {   // once per outage: joins then wait up to max-join-wait
                LOG.warnf("scorer progress not readable (group %s): %s", scorerGroup, e.toString());
                failing = true;
            }
        }
    }

    private long[] committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        int size = offsets.keySet().stream().filter(tp -> tp.topic().equals(topic))
                .mapToInt(tp -> tp.partition() + 1).max().orElse(0);
        long[] out = new long[size];
        Arrays.fill(out, -1);
        offsets.forEach((tp, om) -> {
            if (tp.topic().equals(topic) && om != null) {
                out[tp.partition()] = om.offset();
            }
        });
        return out;
    }

    private Map<TopicPartition, Long> riskEnds() throws Exception {
        TopicDescription d = admin.describeTopics(List.of(riskTopic)).allTopicNames()
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS).get(riskTopic);
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        d.partitions().forEach(p -> query.put(new TopicPartition(riskTopic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(query).all()
                .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        r.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** True when this group has committed at or past every risk end of the snapshot (records below are here). */
    static boolean caughtUp(Snapshot s, Map<TopicPartition, OffsetAndMetadata> own) {
        for (var e : s.riskEnds().entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            OffsetAndMetadata om = own.get(e.getKey());
            if (om == null || om.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
