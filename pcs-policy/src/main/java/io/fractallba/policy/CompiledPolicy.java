package io.fractallba.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.fractallba.pcs.decision.DecisionFacts;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.model.Pcs;

import java.util.List;

/**
 * A policy ready to decide: the contract's structural steps first (not policy, see {@link DecisionFacts}), then the
 * rules in order, the first that matches deciding, then the default. Immutable and thread-safe.
 *
 * <p>An expression that fails at run time (a missing map key, an overflow, a comprehension over its iteration limit)
 * rejects with {@value #EVALUATION_FAILED}: a policy that cannot decide never accepts.
 */
public final class CompiledPolicy {

    /** Reason code of a rule whose expression failed while deciding. */
    public static final String EVALUATION_FAILED = "policy_evaluation_failed";
    /** The rule name an evaluation reports when the structural steps decided. */
    public static final String STRUCTURE = "structure";

    /** One compiled rule; {@code when} is null for the default. */
    record CompiledRule(String name, Verdict verdict, String reason, CelRuntime.Program when,
                        CelRuntime.Program message, boolean readsRegime) {
    }

    /** The outcome and the rule that produced it; {@code failed} when an expression errored. */
    public record Evaluation(Outcome outcome, String rule, boolean failed) {
    }

    private final PolicyDocument document;
    private final List<CompiledRule> rules;
    private final CompiledRule fallback;
    private final String id;
    private final PiiPolicy pii;
    private final boolean vrfRequired;

    CompiledPolicy(PolicyDocument document, List<CompiledRule> rules, CompiledRule fallback, PiiPolicy pii,
                   boolean vrfRequired) {
        this.document = document;
        this.rules = rules;
        this.fallback = fallback;
        this.id = document.id();
        this.pii = pii;
        this.vrfRequired = vrfRequired;
    }

    /** The rule name an evaluation reports when the VRF requirement decided. */
    public static final String VRF = "vrf";

    public String id() {
        return id;
    }

    public PolicyDocument document() {
        return document;
    }

    public int ruleCount() {
        return rules.size();
    }

    /** This policy's PII screening ({@link PiiPolicy#OFF} unless the document has a {@code pii} member). */
    public PiiPolicy pii() {
        return pii;
    }

    /** True when a PCS must carry a valid VRF proof of its seed (the document's {@code vrf.required}). */
    public boolean vrfRequired() {
        return vrfRequired;
    }

    public Outcome decide(Pcs pcs, String tenant) {
        return evaluate(pcs, tenant).outcome();
    }

    public Evaluation evaluate(Pcs pcs, String tenant) {
        return evaluate(pcs, tenant, Attachments.NONE);
    }

    /**
     * The contract's structural steps, then the VRF requirement when the policy has one (a seed that is not proven
     * rejects with {@code vrf_<result>} before any rule: the signals it chose cannot be trusted), then the rules.
     */
    public Evaluation evaluate(Pcs pcs, String tenant, Attachments attachments) {
        DecisionFacts facts = DecisionFacts.of(pcs, Policy.DEFAULT_V1);
        if (!facts.wellFormed()) {
            return new Evaluation(facts.failureUnder(id), STRUCTURE, false);
        }
        if (vrfRequired && !Attachments.VRF_VALID.equals(attachments.vrf())) {
            Outcome o = new Outcome(false, true, "vrf_" + attachments.vrf(),
                    "the seed is not proven by a valid VRF proof of the tenant's key over merkle_root ("
                            + attachments.vrf().replace('_', ' ') + ")",
                    facts.recomputedDHat(), facts.recomputedBudget(), null, id);
            return new Evaluation(o, VRF, false);
        }
        CelVariableResolver vars = PolicyEnvironment.resolver(pcs, facts, tenant, attachments);
        for (CompiledRule rule : rules) {
            Object matched;
            try {
                matched = rule.when().eval(vars);
            } catch (CelEvaluationException | RuntimeException e) {
                return failed(rule, facts, e);
            }
            if (!(matched instanceof Boolean b)) {
                return failed(rule, facts, new IllegalStateException("the condition gave " + matched + ", not a bool"));
            }
            if (b) {
                return decided(rule, facts, vars);
            }
        }
        return decided(fallback, facts, vars);
    }

    private Evaluation decided(CompiledRule rule, DecisionFacts f, CelVariableResolver vars) {
        String message = null;
        if (rule.verdict() != Verdict.ACCEPT || rule.message() != null) {
            message = "rule '" + rule.name() + "' matched";
            if (rule.message() != null) {
                try {
                    message = String.valueOf(rule.message().eval(vars));
                } catch (CelEvaluationException | RuntimeException e) {
                    message = message + " (its message failed: " + e.getMessage() + ")";
                }
            }
        }
        if (rule.verdict() == Verdict.ACCEPT && rule.message() == null) {
            return new Evaluation(Outcome.clean(f.recomputedDHat(), f.recomputedBudget(), id), rule.name(), false);
        }
        Outcome o = new Outcome(rule.verdict().accepted(), rule.verdict().escalated(), rule.reason(), message,
                f.recomputedDHat(), f.recomputedBudget(), rule.readsRegime() ? f.recomputedRegime() : null, id);
        return new Evaluation(o, rule.name(), false);
    }

    private Evaluation failed(CompiledRule rule, DecisionFacts f, Exception e) {
        Outcome o = new Outcome(false, true, EVALUATION_FAILED,
                "rule '" + rule.name() + "' could not be evaluated: " + e.getMessage(),
                f.recomputedDHat(), f.recomputedBudget(), null, id);
        return new Evaluation(o, rule.name(), true);
    }
}
