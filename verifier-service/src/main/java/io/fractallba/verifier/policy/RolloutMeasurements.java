package io.fractallba.verifier.policy;

import io.fractallba.policy.CompiledPolicy;
import io.fractallba.verifier.dedup.RedisBatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What each rollout step measured: counted per submission on this replica (and exported as
 * {@code flk_policy_rollout_*_total}), added every second to a Redis hash per tenant, candidate and step, so the
 * controller of any replica judges the sum over all of them. Redis is the store every verifier replica already shares.
 */
@ApplicationScoped
public class RolloutMeasurements {

    private static final Logger LOG = Logger.getLogger(RolloutMeasurements.class);
    private static final List<String> FIELDS = List.of(RolloutGuard.SUBMISSIONS, RolloutGuard.ACTIVE_ESCALATIONS,
            RolloutGuard.CANDIDATE_ESCALATIONS, RolloutGuard.DISAGREEMENTS, RolloutGuard.CANDIDATE_ERRORS);
    private static final String ADD = """
            for i = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('EXPIRE', KEYS[1], 604800)
            return 1""";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** One step of one rollout (its id: a later rollout of the same version starts from zero). */
    record Key(String tenant, String rollout, String candidate, int step) {
        String redisKey() {
            return "flk:rollout:" + tenant.length() + ":" + tenant + ":" + rollout + ":" + step;
        }
    }

    private final Map<Key, Map<String, LongAdder>> pending = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final RedisBatcher redis;
    private final MeterRegistry registry;

    public RolloutMeasurements(RedisBatcher redis, MeterRegistry registry) {
        this.redis = redis;
        this.registry = registry;
    }

    void record(String tenant, PolicyCatalog.RolloutState r, CompiledPolicy.Evaluation active,
                CompiledPolicy.Evaluation candidate) {
        Key key = new Key(tenant, r.id(), r.candidate(), r.step());
        Map<String, LongAdder> m = pending.computeIfAbsent(key, k -> {
            Map<String, LongAdder> fields = new ConcurrentHashMap<>();
            FIELDS.forEach(f -> fields.put(f, new LongAdder()));
            return fields;
        });
        boolean activeEscalated = active.outcome().escalated();
        boolean candidateEscalated = candidate.outcome().escalated();
        boolean differ = active.outcome().accepted() != candidate.outcome().accepted()
                || activeEscalated != candidateEscalated;
        count(m, key, RolloutGuard.SUBMISSIONS, true);
        count(m, key, RolloutGuard.ACTIVE_ESCALATIONS, activeEscalated);
        count(m, key, RolloutGuard.CANDIDATE_ESCALATIONS, candidateEscalated);
        count(m, key, RolloutGuard.DISAGREEMENTS, differ);
        count(m, key, RolloutGuard.CANDIDATE_ERRORS, candidate.failed());
    }

    private void count(Map<String, LongAdder> m, Key key, String field, boolean happened) {
        if (!happened) {
            return;
        }
        m.get(field).increment();
        counters.computeIfAbsent(key + field, k -> Counter.builder("flk_policy_rollout_" + field + "_total")
                .description("Rollout measurement on this replica: " + field.replace('_', ' '))
                .tags("tenant", key.tenant(), "policy", key.candidate(), "step", String.valueOf(key.step()))
                .register(registry)).increment();
    }

    /** Adds this replica's counts since the last flush to Redis; kept for the next flush when Redis fails. */
    void flush() {
        for (var e : pending.entrySet()) {
            Map<String, Long> delta = new HashMap<>();
            e.getValue().forEach((f, adder) -> {
                long v = adder.sumThenReset();
                if (v != 0) {
                    delta.put(f, v);
                }
            });
            if (delta.isEmpty()) {
                continue;
            }
            Request req = Request.cmd(Command.EVAL).arg(ADD).arg(1).arg(e.getKey().redisKey());
            delta.forEach((f, v) -> req.arg(f).arg(v));
            try {
                redis.execute(req, TIMEOUT);
            } catch (Exception ex) {
                delta.forEach((f, v) -> e.getValue().get(f).add(v));
                LOG.debugf("rollout measurements not flushed, kept for the next round: %s", ex.toString());
            }
        }
    }

    /** The step's measurements over every replica (what has been flushed). */
    Map<String, Long> total(String tenant, PolicyCatalog.RolloutState r) throws Exception {
        Request req = Request.cmd(Command.HMGET).arg(new Key(tenant, r.id(), r.candidate(), r.step()).redisKey());
        FIELDS.forEach(req::arg);
        Response values = redis.execute(req, TIMEOUT);   // in FIELDS order, nil for a field never counted
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            Response v = values == null ? null : values.get(i);
            out.put(FIELDS.get(i), v == null ? 0L : v.toLong());
        }
        return out;
    }

    /** Whether this replica holds the controller's turn for the tenant (a Redis lease, one replica at a time). */
    boolean lease(String tenant, String holder, Duration ttl) {
        try {
            Response r = redis.execute(Request.cmd(Command.SET).arg("flk:rollout-lease:" + tenant.length() + ":" + tenant)
                    .arg(holder).arg("NX").arg("PX").arg(ttl.toMillis()), TIMEOUT);
            return r != null && "OK".equals(r.toString());
        } catch (Exception e) {
            return false;
        }
    }
}
