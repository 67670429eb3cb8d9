package io.fractallba.ensemble.check;

import io.fractallba.ensemble.policy.EnsemblePolicy;

/** One independent check of the ensemble. Implementations are stateless and thread-safe. */
public interface Check {

    String name();

    CheckResult vote(Subject s, EnsemblePolicy policy) throws Exception;
}
