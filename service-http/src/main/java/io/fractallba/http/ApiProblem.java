package io.fractallba.http;

import io.fractallba.pcs.problem.Problem;

/** Thrown by resources to answer a problem+json error; the common answers have factories. */
public class ApiProblem extends RuntimeException {

    private final transient Problem problem;

    public ApiProblem(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ApiProblem(String slug, String title, int status, String detail) {
        this(Problem.of(slug, title, status, detail));
    }

    public Problem problem() {
        return problem;
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem("not-found", "Not found", 404, detail);
    }

    /** A query or path parameter the caller got wrong; {@code field} names it in the problem. */
    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(Problem.of("invalid-parameter", "Invalid parameter", 400, detail).withField(field));
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem("forbidden", "Forbidden", 403, detail);
    }
}
