package io.fractallba.verifier.policy;

import io.fractallba.pcs.event.PolicyChange;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Drives staged rollouts (docs/policies.md, "Canary rollout"): every second each replica adds its measurements to
 * Redis; the replica holding a tenant's lease judges the step's sum ({@link RolloutGuard}) and appends the next change
 * — advanced, completed or aborted — to the policy topic, which every replica follows. An abort counts in
 * {@code flk_policy_rollout_transitions_total{outcome="aborted"}}, which opens a ticket (alert
 * FlkPolicyRolloutAborted).
 */
@ApplicationScoped
public class RolloutController {

    private static final Logger LOG = Logger.getLogger(RolloutController.class);
    static final String CONTROLLER = "rollout-controller";
    private static final Duration LEASE = Duration.ofMillis(900);

    private final PolicyCatalog catalog;
    private final RolloutMeasurements measurements;
    private final PolicyChangeLog log;
    private final MeterRegistry registry;
    private final String holder = UUID.randomUUID().toString();

    public RolloutController(PolicyCatalog catalog, RolloutMeasurements measurements, PolicyChangeLog log,
                             MeterRegistry registry, io.fractallba.verifier.tenant.TenantRegistry tenants) {
        this.catalog = catalog;
        this.measurements = measurements;
        this.log = log;
        this.registry = registry;
        // At zero for every tenant from the start, so the alert sees a tenant's first abort as an increase.
        for (String tenant : tenants.tenantIds()) {
            for (String outcome : java.util.List.of("advanced", "completed", "aborted")) {
                transitions(tenant, outcome);
            }
        }
    }

    /** {@code flk_policy_rollout_transitions_total{tenant, outcome}}: the steps this replica's controller took. */
    private io.micrometer.core.instrument.Counter transitions(String tenant, String outcome) {
        return io.micrometer.core.instrument.Counter.builder("flk_policy_rollout_transitions_total")
                .description("Rollout steps taken by this replica's controller: advanced, completed or aborted")
                .tags("tenant", tenant, "outcome", outcome).register(registry);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        measurements.flush();
        if (!catalog.loaded()) {
            return;
        }
        for (String tenant : catalog.rollingOut()) {
            try {
                step(tenant);
            } catch (RuntimeException | Error e) {
                LOG.warnf("rollout of %s: this round failed, next one in a second: %s", tenant, e.toString());
            } catch (Exception e) {
                LOG.debugf("rollout of %s: measurements unavailable: %s", tenant, e.toString());
            }
        }
    }

    private void step(String tenant) throws Exception {
        PolicyCatalog.RolloutState r = catalog.rolloutState(tenant).orElse(null);
        if (r == null || !measurements.lease(tenant, holder, LEASE)) {
            return;
        }
        Map<String, Long> m = measurements.total(tenant, r);
        RolloutGuard.Verdict v = RolloutGuard.next(r, m, Instant.now());
        String at = Instant.now().toString();
        switch (v.next()) {
            case WAIT -> {
                return;
            }
            case ADVANCE -> {
                log.append(new PolicyChange(tenant, PolicyChange.ROLLOUT_ADVANCED, r.candidate(),
                        r.previous(), null, null, CONTROLLER, at, v.why(), r.plan().atStep(r.step() + 1, m)));
                transitions(tenant, "advanced").increment();
            }
            case COMPLETE -> {
                log.append(new PolicyChange(tenant, PolicyChange.ROLLOUT_COMPLETED, r.candidate(),
                        r.previous(), null, null, CONTROLLER, at, v.why(), r.plan().atStep(r.step(), m)));
                transitions(tenant, "completed").increment();
            }
            case ABORT -> {
                log.append(new PolicyChange(tenant, PolicyChange.ROLLOUT_ABORTED, r.candidate(), r.previous(), null,
                        null, CONTROLLER, at, v.why(), r.plan().atStep(r.step(), m)));
                transitions(tenant, "aborted").increment();
                LOG.warnf("rollout of %s for %s ABORTED at step %d: %s", r.candidate(), tenant, r.step(), v.why());
            }
        }
        LOG.infof("rollout of %s for %s: %s (%s)", r.candidate(), tenant, v.next(), v.why());
    }
}
