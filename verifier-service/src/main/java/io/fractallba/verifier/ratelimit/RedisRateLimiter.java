package io.fractallba.verifier.ratelimit;

import io.fractallba.verifier.dedup.RedisBatcher;
import io.fractallba.verifier.tenant.Tenant;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Cluster-wide per-tenant limits: one counter per tenant and second, one of requests and one of body bytes per tenant
 * and UTC day, all in Redis so every replica enforces the same limit. They run before the WAL append, so they also
 * bound what unsigned requests in a tenant's name can cost before any signature is checked. One Lua call increments
 * them all; it travels in the same pipelined batches as
 * the dedup commands ({@link RedisBatcher}). If Redis is unreachable the limiter lets the
 * request through (counted in metrics): the dedup step fails closed right after, so nothing is acknowledged unchecked.
 */
@ApplicationScoped
public class RedisRateLimiter {

    private static final Logger LOG = Logger.getLogger(RedisRateLimiter.class);
    private static final String SCRIPT = """
            local r = 0
            if ARGV[1] ~= '0' then r = redis.call('INCR', KEYS[1]); if r == 1 then redis.call('EXPIRE', KEYS[1], 2) end end
            local q = 0
            if ARGV[2] ~= '0' then q = redis.call('INCR', KEYS[2]); if q == 1 then redis.call('EXPIRE', KEYS[2], 172800) end end
            local b = 0
            if ARGV[3] ~= '0' then
              b = redis.call('INCRBY', KEYS[3], ARGV[4])
              if b == tonumber(ARGV[4]) then redis.call('EXPIRE', KEYS[3], 172800) end
            end
            return {r, q, b}""";

    private final RedisBatcher redis;
    private final Duration timeout;
    private final Clock clock;

    @jakarta.inject.Inject
    public RedisRateLimiter(RedisBatcher redis,
                            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "2s") Duration timeout) {
        this(redis, timeout, Clock.systemUTC());
    }

    RedisRateLimiter(RedisBatcher redis, Duration timeout, Clock clock) {
        this.redis = redis;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Counts one request of {@code bodyBytes} against the tenant's limits; refused when one is exceeded. */
    public Admission admit(Tenant tenant, long bodyBytes) {
        if (tenant.rateLimitPerSecond() <= 0 && tenant.dailyQuota() <= 0 && tenant.dailyByteQuota() <= 0) {
            return Admission.ADMITTED;
        }
        long nowMillis = clock.millis();
        long second = nowMillis / 1000;
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400));
        String t = tenant.id().length() + ":" + tenant.id();
        Response counts;
        try {
            counts = redis.execute(Request.cmd(Command.EVAL).arg(SCRIPT).arg(3)
                    .arg("flk:rate:" + t + ":" + second).arg("flk:quota:" + t + ":" + day)
                    .arg("flk:bytes:" + t + ":" + day)
                    .arg(tenant.rateLimitPerSecond()).arg(tenant.dailyQuota()).arg(tenant.dailyByteQuota())
                    .arg(bodyBytes), timeout);
        } catch (Exception e) {
            LOG.debugf("rate limiter unavailable, admitting: %s", e.getMessage());
            return new Admission(true, "limiter-unavailable", 0);
        }
        long perSecond = counts.get(0).toLong();
        long perDay = counts.get(1).toLong();
        long bytesPerDay = counts.get(2).toLong();
        long untilTomorrow = Math.max(1, day.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) - second);
        if (tenant.dailyQuota() > 0 && perDay > tenant.dailyQuota()) {
            return new Admission(false, "daily quota of " + tenant.dailyQuota() + " requests exhausted", untilTomorrow);
        }
        if (tenant.dailyByteQuota() > 0 && bytesPerDay > tenant.dailyByteQuota()) {
            return new Admission(false, "daily quota of " + tenant.dailyByteQuota() + " request bytes exhausted",
                    untilTomorrow);
        }
        if (tenant.rateLimitPerSecond() > 0 && perSecond > tenant.rateLimitPerSecond()) {
            return new Admission(false, "rate limit of " + tenant.rateLimitPerSecond() + " requests per second exceeded", 1);
        }
        return Admission.ADMITTED;
    }
}
