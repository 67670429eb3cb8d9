package io.fractallba.verifier.policy;

import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.verifier.screening.AttachmentScreening;
import io.fractallba.verifier.screening.Screened;
import io.fractallba.verifier.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides a submission with its tenant's active policy and counts what decided: {@code flk_policy_decisions_total}
 * per tenant, policy, rule and outcome, {@code flk_policy_evaluation_errors_total} per tenant, policy and rule
 * (docs/policies.md). Throws {@link PolicyUnavailableException} when this replica cannot know the tenant's policy.
 */
@ApplicationScoped
public class TenantPolicies {

    private record Key(String tenant, String policy, String rule, String outcome) {
    }

    private final PolicyCatalog catalog;
    private final MeterRegistry registry;
    private final RolloutMeasurements rollouts;
    private final AttachmentScreening screening;
    private final boolean reference;
    private final Map<Key, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<Key, Counter> errors = new ConcurrentHashMap<>();

    public TenantPolicies(PolicyCatalog catalog, MeterRegistry registry, VerifierConfig config,
                          RolloutMeasurements rollouts, AttachmentScreening screening) {
        this.catalog = catalog;
        this.screening = screening;
        this.registry = registry;
        this.rollouts = rollouts;
        this.reference = config.policies().benchReferenceDecider();
    }

    /** Fails fast (before the WAL) when this replica could not decide for the tenant. */
    public void requireReady(String tenant) {
        if (reference) {
            return;
        }
        catalog.select(tenant);
        catalog.rollout(tenant);   // a rollout's candidate must be usable too, or nothing is decided
    }

    /**
     * A submission's decision; {@code counted} adds it to a rollout's measurements and is run only when the
     * submission is the first of its key (a duplicate, a retry or a replay would count the same submission again).
     */
    public record Decision(Outcome outcome, Runnable counted, Screened screened) {
    }

    private static final Runnable NOTHING = () -> { };

    /**
     * Decides with the tenant's policy; rollout measurements are left to the replicated region's own traffic.
     * {@code body} is the document as received (its attachments are screened as the policy says).
     */
    public Decision decide(Tenant tenant, Pcs pcs, byte[] body) {
        return decide(tenant, pcs, body, false);
    }

    public Decision decideSubmission(Tenant tenant, Pcs pcs, byte[] body) {
        return decide(tenant, pcs, body, true);
    }

    private Decision decide(Tenant t, Pcs pcs, byte[] body, boolean measured) {
        if (reference) {   // benchmark baseline only
            return new Decision(PcsDecider.decide(pcs, Policy.DEFAULT_V1), NOTHING, Screened.NONE);
        }
        String tenant = t.id();
        CompiledPolicy policy = catalog.select(tenant);
        Screened screened = screening.screen(t, policy, pcs, body, null);
        CompiledPolicy.Evaluation e = policy.evaluate(pcs, tenant, screened.attachments());
        var rollout = catalog.rollout(tenant);
        Runnable counted = NOTHING;
        if (rollout.isPresent()) {
            // Both decide every submission of a rollout (the candidate in shadow where it is not used), so each step
            // measures the candidate against the active version on the same traffic.
            PolicyCatalog.LiveRollout r = rollout.get();
            CompiledPolicy.Evaluation active = e;
            Screened cs = screening.screen(t, r.candidate(), pcs, body, screened);
            CompiledPolicy.Evaluation c = r.candidate().evaluate(pcs, tenant, cs.attachments());
            if (measured) {
                counted = () -> rollouts.record(tenant, r.state(), active, c);
            }
            if (Canary.selects(pcs.pcsId(), r.state().percent())) {
                policy = r.candidate();
                e = c;
                screened = cs;
            }
        }
        screening.record(tenant, policy.id(), screened);
        Outcome o = e.outcome();
        String outcome = !o.accepted() ? "reject" : o.escalated() ? "escalate" : "accept";
        decisions.computeIfAbsent(new Key(tenant, policy.id(), e.rule(), outcome), this::decisionCounter).increment();
        if (e.failed()) {
            errors.computeIfAbsent(new Key(tenant, policy.id(), e.rule(), ""), k -> Counter
                    .builder("flk_policy_evaluation_errors_total")
                    .description("Rules whose expression failed while deciding (the submission was rejected)")
                    .tags("tenant", k.tenant(), "policy", k.policy(), "rule", k.rule())
                    .register(registry)).increment();
        }
        return new Decision(o, counted, screened);
    }

    /**
     * The screening of the policy version that decided a stored submission ({@code policyId} from its stored answer),
     * for the event its WAL replay publishes; every kind redacted when that version is not known here.
     */
    public Screened screeningOf(Tenant t, String policyId, Pcs pcs, byte[] body) {
        if (reference) {
            return Screened.NONE;
        }
        CompiledPolicy then = policyId == null ? null : policyId.equals(catalog.builtIn().id()) ? catalog.builtIn()
                : catalog.version(t.id(), policyId).map(PolicyCatalog.Version::compiled).orElse(null);
        return then == null ? screening.redactAll(body) : screening.screen(t, then, pcs, body, null);
    }

    private Counter decisionCounter(Key k) {
        return Counter.builder("flk_policy_decisions_total")
                .description("Submissions decided, by the policy and rule that decided them")
                .tags("tenant", k.tenant(), "policy", k.policy(), "rule", k.rule(), "outcome", k.outcome())
                .register(registry);
    }
}
