package io.fractallba.audit.api;

import io.fractallba.pcs.problem.Problem;

/** Thrown by resources to answer a problem+json error. */
public class ApiProblem extends RuntimeException {

    private final Problem problem;

    public ApiProblem(String slug, String title, int status, String detail) {
        super(detail);
        this.problem = Problem.of(slug, title, status, detail);
    }

    public Problem problem() {
        return problem;
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem("not-found", "Not found", 404, detail);
    }

    static ApiProblem badRequest(String field, String detail) {
        ApiProblem p = new ApiProblem("invalid-parameter", "Invalid parameter", 400, detail);
        return new ApiProblem(p.problem.withField(field));
    }

    private ApiProblem(Problem p) {
        super(p.detail());
        this.problem = p;
    }
}
