package io.fractallba.pcs.decision;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.model.Regime;

/** Regime and budget from (rounded) signals, docs/contract.md §4 steps 5–6. Shared by the verifier and the SDK. */
public final class SignalFormulas {

    private SignalFormulas() {
    }

    public static Regime regime(double dHat, double cohStar, Policy p) {
        if (cohStar >= p.stickyCohMin() && dHat <= p.stickyDHatMax()) {
            return Regime.STICKY;
        }
        if (dHat >= p.nonStickyDHatMin()) {
            return Regime.NON_STICKY;
        }
        return Regime.MIXED;
    }

    /** clamp01(base + alpha(1 − r) + beta·max(0, D̂ − D0) + gamma·coh★), inputs and result rounded to 9 decimals. */
    public static double budget(double dHat, double cohStar, double r, Policy p) {
        double d = PyFloat.round9(dHat);
        double c = PyFloat.round9(cohStar);
        double rr = PyFloat.round9(r);
        double raw = p.base() + p.alpha() * (1 - rr) + p.beta() * Math.max(0.0, d - p.d0()) + p.gamma() * c;
        return PyFloat.round9(Math.min(1.0, Math.max(0.0, raw)));
    }
}
