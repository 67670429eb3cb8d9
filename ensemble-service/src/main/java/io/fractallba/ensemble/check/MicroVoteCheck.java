package io.fractallba.ensemble.check;

import io.fractallba.ensemble.model.Signals;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.ml.OnnxScorer;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The micro-vote: a small logistic classifier over the signals and the risk score, trained on labelled outcomes
 * (POST /v1/ensemble/outcomes, then /micro-vote/train) and run as ONNX. P(risky) ≤ 0.3 → accept, ≥ 0.7 →
 * reject, between → abstain; no model trained yet, or no risk score for the submission (none arrived, or "no model") →
 * abstain.
 */
public final class MicroVoteCheck implements Check {

    /** The served model and its version. */
    public record Served(String version, OnnxScorer scorer) {
    }

    private final Supplier<Served> model;

    public MicroVoteCheck(Supplier<Served> model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "micro_vote";
    }

    @Override
    public CheckResult vote(Subject s, EnsemblePolicy p) {
        Served m = model.get();
        if (m == null) {
            return CheckResult.notApplicable("no micro-vote model trained yet (needs labelled outcomes)");
        }
        if (s.risk() == null || !s.risk().scored()) {
            // the risk is one of its inputs: imputing the training mean would vote on a score nobody produced
            return CheckResult.abstain("no risk score to weigh (none arrived, or the hrs-service had no model)");
        }
        double pr = m.scorer().score(Signals.features(s)).score();
        String why = String.format(Locale.ROOT, "P(risky) %.3f by micro-vote %s", pr, m.version());
        if (pr <= 0.3) {
            return CheckResult.accept(1 - pr, why);
        }
        if (pr >= 0.7) {
            return CheckResult.reject(pr, why);
        }
        return CheckResult.abstain("uncertain: " + why);
    }
}
