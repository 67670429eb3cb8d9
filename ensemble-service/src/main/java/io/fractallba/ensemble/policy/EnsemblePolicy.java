package io.fractallba.ensemble.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * A tenant's N-of-M policy (docs/ensemble.md). {@code n} agreeing votes accept (or reject); otherwise the submission is
 * escalated. A vote counts its check's {@code weights} entry (default 1). {@code failMode} says what an abstention (error, timeout, missing input) counts as: {@code closed} — nothing
 * (so it can only lead to escalation), {@code open} — an accept, provided at least one check really accepted.
 * Votes below {@code minConfidence} count as abstentions. With {@code bandit}, each decision's N is chosen by Thompson
 * sampling among 1…M (arms {@code n1}…), learning from labelled outcomes. With {@code adaptive}, N follows the
 * tenant's observed agreement (see {@code AgreementTracker}).
 */
public record EnsemblePolicy(
        @JsonProperty("n") int n,
        @JsonProperty("checks") List<String> checks,
        @JsonProperty("weights") Map<String, Double> weights,
        @JsonProperty("timeout_ms") Map<String, Long> timeoutMs,
        @JsonProperty("fail_mode") String failMode,
        @JsonProperty("min_confidence") double minConfidence,
        @JsonProperty("risk_accept_max") double riskAcceptMax,
        @JsonProperty("risk_reject_min") double riskRejectMin,
        @JsonProperty("grounding_accept") double groundingAccept,
        @JsonProperty("grounding_reject") double groundingReject,
        @JsonProperty("bandit") boolean bandit,
        @JsonProperty("adaptive") Boolean adaptive,
        @JsonProperty("measured_weights") Boolean measuredWeights) {

    /** A policy without measured weights (the form before they existed). */
    public EnsemblePolicy(int n, List<String> checks, Map<String, Double> weights, Map<String, Long> timeoutMs,
                          String failMode, double minConfidence, double riskAcceptMax, double riskRejectMin,
                          double groundingAccept, double groundingReject, boolean bandit, Boolean adaptive) {
        this(n, checks, weights, timeoutMs, failMode, minConfidence, riskAcceptMax, riskRejectMin, groundingAccept,
                groundingReject, bandit, adaptive, null);
    }

    /**
     * With {@code measured_weights}, a check whose decisive votes were labelled often enough counts with the weight its
     * measured accuracy earns ({@link CheckAccuracy}) instead of its {@code weights} entry.
     */
    public boolean usesMeasuredWeights() {
        return Boolean.TRUE.equals(measuredWeights);
    }

    /** The same policy with these checks' weights replaced (the others keep theirs). */
    public EnsemblePolicy withWeights(Map<String, Double> replaced) {
        Map<String, Double> w = new java.util.HashMap<>(weights == null ? Map.of() : weights);
        w.putAll(replaced);
        return new EnsemblePolicy(n, checks, Map.copyOf(w), timeoutMs, failMode, minConfidence, riskAcceptMax,
                riskRejectMin, groundingAccept, groundingReject, bandit, adaptive, measuredWeights);
    }

    public static final List<String> KNOWN_CHECKS = List.of("recompute", "hrs", "grounding", "anomaly", "micro_vote");

    /** The check that gates instead of voting (see {@code Ensemble.combine}). */
    public static final String GATE = "recompute";

    /** The default: the recompute gate, then 2 of (HRS risk, grounding), capped at the checks that apply. */
    public static final List<String> DEFAULT_CHECKS = List.of("recompute", "hrs", "grounding");

    /** Recompute as the gate, 2 of HRS risk and grounding (capped at those that apply), failing closed. */
    public static final EnsemblePolicy DEFAULT = new EnsemblePolicy(2, DEFAULT_CHECKS, Map.of(), Map.of(), "closed", 0.5,
            0.3, 0.7, 0.6, 0.3, false, false);

    /** The same policy with another N (a bandit arm). */
    public EnsemblePolicy withN(int newN) {
        return new EnsemblePolicy(newN, checks, weights, timeoutMs, failMode, minConfidence, riskAcceptMax, riskRejectMin,
                groundingAccept, groundingReject, bandit, adaptive, measuredWeights);
    }

    /** A check's weight in the count (1 unless the policy says otherwise). */
    public double weightOf(String check) {
        return weights == null ? 1.0 : weights.getOrDefault(check, 1.0);
    }

    public boolean isAdaptive() {
        return Boolean.TRUE.equals(adaptive);
    }

    /** Per-check timeout when the policy names none: generous for a cold JVM, far under the decision's budget. */
    public static final long DEFAULT_TIMEOUT_MS = 250;

    public int m() {
        return checks.size();
    }

    /** The checks that vote (all but the gate), at least 1: the largest N that means anything. */
    public int votingChecks() {
        return (int) Math.max(1, checks.stream().filter(c -> !c.equals(GATE)).count());
    }

    public long timeoutFor(String check) {
        return timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs.getOrDefault(check, DEFAULT_TIMEOUT_MS);
    }

    /** Problems with this policy, empty when valid. */
    public List<String> problems() {
        List<String> p = new java.util.ArrayList<>();
        if (checks == null || checks.isEmpty()) {
            p.add("checks: at least one check is needed");
        } else {
            checks.stream().filter(c -> !KNOWN_CHECKS.contains(c)).forEach(c -> p.add("checks: unknown check '" + c
                    + "' (known: " + KNOWN_CHECKS + ")"));
            if (checks.stream().distinct().count() != checks.size()) {
                // A repeated check would count one opinion several times and defeat N-of-M.
                p.add("checks: each check at most once");
            }
            long voting = checks.stream().filter(c -> !c.equals(GATE)).count();
            if (n < 1 || n > Math.max(1, voting)) {
                p.add("n: must be between 1 and the number of voting checks (" + Math.max(1, voting) + "; "
                        + GATE + " is a gate, not a vote)");
            }
        }
        if (weights != null) {
            weights.forEach((check, w) -> {
                if (checks == null || !checks.contains(check)) {
                    p.add("weights: '" + check + "' is not one of the policy's checks");
                } else if (w == null || !(w > 0 && w <= 10)) {
                    p.add("weights: each in (0, 10]");
                }
            });
        }
        if (bandit && isAdaptive()) {
            p.add("adaptive: choose either the bandit or adaptive N, not both");
        }
        if (!"open".equals(failMode) && !"closed".equals(failMode)) {
            p.add("fail_mode: 'open' or 'closed'");
        }
        if (timeoutMs != null && timeoutMs.values().stream().anyMatch(t -> t == null || t < 1 || t > 10_000)) {
            p.add("timeout_ms: each 1..10000");
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            p.add("min_confidence: 0..1");
        }
        if (!(riskAcceptMax >= 0 && riskAcceptMax <= riskRejectMin && riskRejectMin <= 1)) {
            p.add("risk_accept_max ≤ risk_reject_min, both in 0..1");
        }
        if (!(groundingReject >= 0 && groundingReject <= groundingAccept && groundingAccept <= 1)) {
            p.add("grounding_reject ≤ grounding_accept, both in 0..1");
        }
        return p;
    }
}
