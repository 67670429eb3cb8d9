package io.fractallba.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy document that does not compile against the environment; every problem found, not only the first. */
public class PolicyValidationException extends Exception {

    private final transient List<PolicyProblem> problems;

    public PolicyValidationException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
