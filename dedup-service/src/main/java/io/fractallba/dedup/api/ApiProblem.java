package io.fractallba.dedup.api;

import io.fractallba.pcs.problem.Problem;

/** Thrown by resources to answer a problem+json error. */
public class ApiProblem extends RuntimeException {

    private final transient Problem problem;

    public ApiProblem(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
