package io.fractallba.ensemble.policy;

import io.fractallba.pcs.event.EnsembleDecision;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Adaptive N from observed agreement, per tenant: over its last {@link #WINDOW} decisions, the share whose deciding
 * votes (at least two, abstentions aside) were unanimous. When the checks almost always agree (≥ 90%), one vote
 * fewer is needed; when they often disagree (< 60%), one more; with fewer than {@link #MIN_DECISIONS}, N stays.
 */
public final class AgreementTracker {

    public static final int WINDOW = 200;
    public static final int MIN_DECISIONS = 50;

    private final Map<String, Deque<Boolean>> recent = new ConcurrentHashMap<>();
    private final Function<String, List<Boolean>> history;

    /** @param history the tenant's latest unanimity flags, newest first (read once per tenant, e.g. from Postgres) */
    public AgreementTracker(Function<String, List<Boolean>> history) {
        this.history = history;
    }

    public int effectiveN(String tenant, EnsemblePolicy p) {
        if (!p.isAdaptive()) {
            return p.n();
        }
        Deque<Boolean> d = window(tenant);
        synchronized (d) {
            if (d.size() < MIN_DECISIONS) {
                return p.n();
            }
            double agreement = d.stream().filter(Boolean::booleanValue).count() / (double) d.size();
            if (agreement >= 0.9) {
                return Math.max(1, p.n() - 1);
            }
            if (agreement < 0.6) {
                return Math.min(p.votingChecks(), p.n() + 1);
            }
            return p.n();
        }
    }

    public void record(String tenant, List<EnsembleDecision.Vote> votes) {
        Deque<Boolean> d = window(tenant);
        synchronized (d) {
            d.addFirst(unanimous(votes));
            while (d.size() > WINDOW) {
                d.removeLast();
            }
        }
    }

    /** At least two deciding votes, all the same. */
    public static boolean unanimous(List<EnsembleDecision.Vote> votes) {
        List<String> deciding = votes.stream().filter(v -> !v.check().equals(EnsemblePolicy.GATE))
                .map(EnsembleDecision.Vote::verdict).filter(v -> v.equals("accept") || v.equals("reject")).toList();
        return deciding.size() >= 2 && deciding.stream().distinct().count() == 1;
    }

    private Deque<Boolean> window(String tenant) {
        return recent.computeIfAbsent(tenant, t -> {
            Deque<Boolean> d = new ArrayDeque<>();
            history.apply(t).stream().limit(WINDOW).forEach(d::addLast);
            return d;
        });
    }
}
