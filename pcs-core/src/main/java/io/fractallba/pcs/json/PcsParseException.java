package io.fractallba.pcs.json;

/** The only exception the parser throws, whatever the input. {@code field} is null when not field-specific. */
public final class PcsParseException extends Exception {

    private final ParseProblem problem;
    private final String field;

    public PcsParseException(ParseProblem problem, String field, String message) {
        super(message, null, false, false);
        this.problem = problem;
        this.field = field;
    }

    public ParseProblem problem() {
        return problem;
    }

    public String field() {
        return field;
    }
}
