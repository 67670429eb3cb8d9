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

    CompiledPolicy(PolicyDocument document, List<CompiledRule> rules, CompiledRule fallback) {
        this.document = document;
        this.rules = rules;
        this.fallback = fallback;
        this.id = document.id();
    }

    public String id() {
        return id;
    }

    public PolicyDocument document() {
        return document;
    }

    public int ruleCount() {
        return rules.size();
    }

    public Outcome decide(Pcs pcs, String tenant) {
        return evaluate(pcs, tenant).outcome();
    }

    public Evaluation evaluate(Pcs pcs, String tenant) {
        DecisionFacts facts = DecisionFacts.of(pcs, Policy.DEFAULT_V1);
        if (!facts.wellFormed()) {
            return new Evaluation(facts.failureUnder(id), STRUCTURE, false);
        }
        CelVariableResolver vars = PolicyEnvironment.resolver(pcs, facts, tenant);
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
