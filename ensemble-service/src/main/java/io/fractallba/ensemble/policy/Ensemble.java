package io.fractallba.ensemble.policy;

import io.fractallba.ensemble.check.Check;
import io.fractallba.ensemble.check.CheckResult;
import io.fractallba.ensemble.check.Subject;
import io.fractallba.ensemble.check.Verdict;
import io.fractallba.pcs.event.EnsembleDecision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a policy's checks in parallel, each under its own timeout, and combines the votes. A check that throws or
 * times out is an explicit abstention with the reason; it never vanishes from the count.
 */
public final class Ensemble {

    /** The votes and the decision (accept, reject or escalate). */
    public record Outcome(List<EnsembleDecision.Vote> votes, String decision) {
    }

    private final Map<String, Check> checks;
    private final ExecutorService pool;

    public Ensemble(Map<String, Check> checks, ExecutorService pool) {
        this.checks = checks;
        this.pool = pool;
    }

    public Outcome decide(Subject s, EnsemblePolicy policy) {
        List<String> names = policy.checks();
        List<Future<CheckResult>> running = new ArrayList<>(names.size());
        long[] started = new long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Check c = checks.get(names.get(i));
            started[i] = System.nanoTime();
            running.add(pool.submit(() -> c.vote(s, policy)));
        }
        List<EnsembleDecision.Vote> votes = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            long budget = TimeUnit.MILLISECONDS.toNanos(policy.timeoutFor(name)) - (System.nanoTime() - started[i]);
            CheckResult r;
            try {
                r = running.get(i).get(Math.max(0, budget), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                running.get(i).cancel(true);
                r = CheckResult.abstain("timeout after " + policy.timeoutFor(name) + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r = CheckResult.abstain("interrupted");
            } catch (Exception e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                r = CheckResult.abstain("error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (r.verdict().decisive() && r.confidence() < policy.minConfidence()) {
                r = CheckResult.abstain(String.format(java.util.Locale.ROOT, "confidence %.2f below %.2f: %s",
                        r.confidence(), policy.minConfidence(), r.reason()));
            }
            votes.add(new EnsembleDecision.Vote(name, r.verdict().wire(), r.confidence(),
                    (System.nanoTime() - started[i]) / 1e6, r.reason()));
        }
        return new Outcome(votes, combine(votes, policy));
    }

    /**
     * The gate, then N-of-M with the policy's fail mode (see {@link EnsemblePolicy}). {@code recompute} — the
     * verifier's own procedure run again — is a gate, not a vote (it agrees with the verifier by construction): its
     * reject rejects, its abstention escalates, its accept lets the other checks decide. Checks that do not apply to
     * the submission do not count toward N: N is capped at the weight of the checks that apply. Each vote counts its
     * check's weight (default 1), so with the default weights N is a number of votes. Nothing applicable left: the
     * gate alone cannot accept failing closed (escalate), failing open it can.
     */
    static String combine(List<EnsembleDecision.Vote> votes, EnsemblePolicy policy) {
        java.util.Optional<EnsembleDecision.Vote> gate = votes.stream()
                .filter(v -> v.check().equals(EnsemblePolicy.GATE)).findFirst();
        if (gate.isPresent() && gate.get().verdict().equals("reject")) {
            return "reject";
        }
        if (gate.isPresent() && !gate.get().verdict().equals("accept")) {
            return "escalate";
        }
        List<EnsembleDecision.Vote> voting = votes.stream().filter(v -> !v.check().equals(EnsemblePolicy.GATE)
                && !v.verdict().equals(Verdict.NOT_APPLICABLE.wire())).toList();
        double applicable = voting.stream().mapToDouble(v -> policy.weightOf(v.check())).sum();
        if (applicable == 0) {
            return gate.isPresent() && "open".equals(policy.failMode()) ? "accept" : "escalate";
        }
        double n = Math.min(policy.n(), applicable);
        double accepts = weight(voting, "accept", policy);
        double rejects = weight(voting, "reject", policy);
        double abstains = weight(voting, "abstain", policy);
        // Failing open, abstentions (errors, timeouts, missing inputs) count as accepts once something really accepted:
        // a vote, or the gate (the verifier's own procedure confirmed the decision).
        boolean reallyAccepted = accepts > 0 || gate.isPresent();
        double effectiveAccepts = "open".equals(policy.failMode()) && reallyAccepted ? accepts + abstains : accepts;
        if (rejects >= n && rejects > accepts) {
            return "reject";
        }
        if (effectiveAccepts >= n && effectiveAccepts > rejects) {
            return "accept";
        }
        return "escalate";
    }

    private static double weight(List<EnsembleDecision.Vote> votes, String verdict, EnsemblePolicy policy) {
        return votes.stream().filter(v -> v.verdict().equals(verdict)).mapToDouble(v -> policy.weightOf(v.check())).sum();
    }
}
