package io.fractallba.ensemble.check;

import io.fractallba.ensemble.model.AnomalyModel;
import io.fractallba.ensemble.model.Signals;
import io.fractallba.ensemble.policy.EnsemblePolicy;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The submission's signals against its tenant's history ({@link AnomalyModel}, trained per tenant and run as ONNX):
 * d² at or under χ²(4) 95% → accept, at or over 99.9% → reject, between → abstain; no model yet → abstain.
 */
public final class AnomalyCheck implements Check {

    private final Function<String, Optional<AnomalyModel>> models;

    public AnomalyCheck(Function<String, Optional<AnomalyModel>> models) {
        this.models = models;
    }

    @Override
    public String name() {
        return "anomaly";
    }

    @Override
    public CheckResult vote(Subject s, EnsemblePolicy p) {
        Optional<AnomalyModel> m = models.apply(s.tenant());
        if (m.isEmpty()) {
            return CheckResult.notApplicable("no anomaly model for the tenant yet (history too short)");
        }
        double d2 = m.get().distance(Signals.of(s));
        String why = String.format(Locale.ROOT, "d² %.2f against %d earlier submissions", d2, m.get().n());
        if (d2 <= AnomalyModel.ACCEPT_MAX) {
            // Typical is no evidence that the work is right, only the absence of one kind of objection: it never
            // counts as an accept vote (issue 24), and does not count toward N either.
            return CheckResult.notApplicable("typical, nothing to object to: " + why);
        }
        if (d2 >= AnomalyModel.REJECT_MIN) {
            return CheckResult.reject(0.999, why);
        }
        return CheckResult.abstain("unusual but not extreme: " + why);
    }
}
