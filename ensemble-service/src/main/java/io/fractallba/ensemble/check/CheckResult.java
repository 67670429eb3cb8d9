package io.fractallba.ensemble.check;

/** One check's vote with its confidence in [0, 1] and why (always set for abstentions). */
public record CheckResult(Verdict verdict, double confidence, String reason) {

    public static CheckResult accept(double confidence, String reason) {
        return new CheckResult(Verdict.ACCEPT, confidence, reason);
    }

    public static CheckResult reject(double confidence, String reason) {
        return new CheckResult(Verdict.REJECT, confidence, reason);
    }

    public static CheckResult abstain(String reason) {
        return new CheckResult(Verdict.ABSTAIN, 0, reason);
    }

    /** The check does not apply to this submission (see {@link Verdict#NOT_APPLICABLE}). */
    public static CheckResult notApplicable(String reason) {
        return new CheckResult(Verdict.NOT_APPLICABLE, 0, reason);
    }
}
