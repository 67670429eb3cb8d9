package io.fractallba.ensemble.policy;

import io.fractallba.pcs.event.EnsembleDecision;

import java.util.ArrayList;
import java.util.List;

/**
 * When a decision is a disagreement the audit log keeps (docs/ensemble.md): the checks split (one accepted, another
 * rejected), or the ensemble's decision is not the verifier's (accept, or escalate for a 202).
 */
public final class Disagreement {

    private Disagreement() {
    }

    /** The kinds, comma-separated, or null when the decision is not a disagreement. */
    public static String of(List<EnsembleDecision.Vote> votes, String decision, String verifierDecision) {
        List<String> kinds = new ArrayList<>();
        boolean accept = votes.stream().anyMatch(v -> v.verdict().equals("accept"));
        boolean reject = votes.stream().anyMatch(v -> v.verdict().equals("reject"));
        if (accept && reject) {
            kinds.add("split-votes");
        }
        if (!decision.equals(verifierDecision)) {
            kinds.add("differs-from-verifier");
        }
        return kinds.isEmpty() ? null : String.join(",", kinds);
    }
}
