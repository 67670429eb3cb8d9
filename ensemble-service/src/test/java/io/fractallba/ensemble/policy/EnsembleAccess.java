package io.fractallba.ensemble.policy;

import io.fractallba.pcs.event.EnsembleDecision;

import java.util.List;

/** Test access to {@link Ensemble#combine} from other packages' tests. */
public final class EnsembleAccess {

    private EnsembleAccess() {
    }

    public static String combine(List<EnsembleDecision.Vote> votes, EnsemblePolicy policy) {
        return Ensemble.combine(votes, policy);
    }
}
