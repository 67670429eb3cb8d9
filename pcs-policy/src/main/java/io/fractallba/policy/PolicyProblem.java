package io.fractallba.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One reason a policy document was refused: the rule it is in (null for the document itself), the member
 * ({@code when}, {@code message}, {@code outcome}, …), and for an expression the 1-based line and column within it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyProblem(
        @JsonProperty("rule") String rule,
        @JsonProperty("field") String field,
        @JsonProperty("line") Integer line,
        @JsonProperty("column") Integer column,
        @JsonProperty("message") String message) {

    static PolicyProblem of(String rule, String field, String message) {
        return new PolicyProblem(rule, field, null, null, message);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (rule != null) {
            b.append("rule '").append(rule).append("' ");
        }
        if (field != null) {
            b.append(field);
        }
        if (line != null) {
            b.append(" at ").append(line).append(':').append(column);
        }
        return b.append(": ").append(message).toString();
    }
}
