package io.fractallba.verifier.submit;

import io.fractallba.verifier.policy.PolicyUnavailableException;
import io.fractallba.verifier.policy.TenantPolicies;

import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.metrics.VerifierMetrics;
import io.fractallba.verifier.metrics.VerifierMetrics.Stage;
import io.fractallba.verifier.publish.EventOutbox;
import io.fractallba.verifier.ratelimit.Admission;
import io.fractallba.verifier.ratelimit.RedisRateLimiter;
import io.fractallba.verifier.tenant.Tenant;
import io.fractallba.verifier.tenant.TenantRegistry;
import io.fractallba.verifier.wal.InboxEntry;
import io.fractallba.verifier.wal.InboxWal;
import io.fractallba.verifier.wal.WalException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/** The order of work of docs/contract.md §5: size, tenant, limits, WAL, then the processor; settles the WAL record. */
@ApplicationScoped
public class SubmissionService {

    private final VerifierConfig config;
    private final TenantRegistry tenants;
    private final RedisRateLimiter limiter;
    private final VerifierRuntime runtime;
    private final SubmissionProcessor processor;
    private final Problems problems;
    private final VerifierMetrics metrics;
    private final WalReplayer replayer;
    private final TenantPolicies policies;

    public SubmissionService(VerifierConfig config, TenantRegistry tenants, RedisRateLimiter limiter,
                             VerifierRuntime runtime, SubmissionProcessor processor, Problems problems,
                             VerifierMetrics metrics, WalReplayer replayer, TenantPolicies policies) {
        this.policies = policies;
        this.config = config;
        this.tenants = tenants;
        this.limiter = limiter;
        this.runtime = runtime;
        this.processor = processor;
        this.problems = problems;
        this.metrics = metrics;
        this.replayer = replayer;
    }

    public SubmitResult submit(byte[] body, String tenantHeader, String keyIdHint) {
        long start = System.nanoTime();
        SubmitResult result = null;
        String tenantLabel = tenantHeader;
        try {
            result = run(body, tenantHeader, keyIdHint);
            return result;
        } finally {
            metrics.request(tenantLabel == null ? config.defaultTenant().orElse(null) : tenantLabel,
                    result == null ? "error" : result.metricResult(), System.nanoTime() - start);
        }
    }

    private SubmitResult run(byte[] body, String tenantHeader, String keyIdHint) {
        if (body.length > config.maxBodyBytes()) {
            return problems.tooLarge(body.length, config.maxBodyBytes());
        }
        Optional<Tenant> resolved = tenants.resolve(tenantHeader);
        if (resolved.isEmpty()) {
            return problems.unknownTenant();
        }
        Tenant tenant = resolved.get();
        Admission admission = limiter.admit(tenant, body.length);
        if (!admission.admitted()) {
            return problems.rateLimited(admission.reason(), admission.retryAfterSeconds());
        }
        if ("limiter-unavailable".equals(admission.reason())) {
            metrics.count("flk_verifier_limiter_unavailable", "Requests admitted because the rate limiter was unreachable");
        }
        try {
            policies.requireReady(tenant.id());   // fail closed before anything is recorded
        } catch (PolicyUnavailableException e) {
            return problems.policyUnavailable(e.getMessage());
        }
        EventOutbox outbox = runtime.outbox();
        if (!outbox.hasRoom()) {
            return problems.outboxFull();
        }
        Instant receivedAt = Instant.now();
        long t0 = System.nanoTime();
        InboxWal.Position position;
        InboxEntry entry = new InboxEntry(tenant.id(), keyIdHint, receivedAt.toEpochMilli(), body);
        try {
            position = runtime.wal().append(entry, config.wal().appendTimeout());
        } catch (WalException e) {
            return problems.walUnavailable(e.getMessage());
        } finally {
            metrics.stage(Stage.WAL, System.nanoTime() - t0);
        }
        SubmissionProcessor.Processed processed = null;
        boolean settledLater = false;
        try {
            processed = processor.process(tenant, keyIdHint, receivedAt, body, position, runtime.origin(position.seq()));
            if (processed.wonWrite()) {
                long t1 = System.nanoTime();
                outbox.enqueue(new EventOutbox.Item(processed.eventKey(), processed.event(), position.seq(), 0,
                        io.opentelemetry.context.Context.current()));
                metrics.stage(Stage.PUBLISH, System.nanoTime() - t1);
            } else if (processed.mayHaveStored()) {
                // The store may have written this response before the call failed; a retry would then be answered
                // as its duplicate, so this record must still publish the event if it won. (A failure before any
                // write, e.g. of the durable lookup, leaves nothing behind: that request is simply refused.)
                replayer.settleLater(new InboxWal.Pending(position, entry));
                settledLater = true;
            }
            return processed.result();
        } finally {
            if (processed == null || !(processed.wonWrite() || settledLater)) {
                runtime.wal().markDone(position.seq()); // settled without an event to wait for
            }
        }
    }
}
