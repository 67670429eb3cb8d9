package io.fractallba.verifier.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.event.PolicyChange;
import io.fractallba.pcs.problem.Problem;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** A staged rollout's request, validated, with the documented defaults (docs/policies.md, "Canary rollout"). */
record RolloutRequest(String policy, PolicyChange.Rollout plan, String reason) {

    static final List<Integer> DEFAULT_STEPS = List.of(0, 5, 25, 50, 100);
    static final String DEFAULT_DWELL = "PT10M";
    static final long DEFAULT_MIN_SUBMISSIONS = 200;
    static final double DEFAULT_MAX_ESCALATION_INCREASE = 0.02;
    static final double DEFAULT_MAX_DISAGREEMENT = 0.05;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static RolloutRequest parse(byte[] body) {
        JsonNode n;
        try {
            n = body == null || body.length == 0 ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiProblem(Problem.of("malformed-body", "Malformed body", 400, "the body is not JSON"));
        }
        if (n == null || !n.isObject()) {
            throw new ApiProblem(Problem.of("malformed-body", "Malformed body", 400,
                    "the body must be a JSON object: {\"policy\": \"name@version\", ...}"));
        }
        JsonNode policy = n.get("policy");
        if (policy == null || !policy.isTextual() || policy.asText().isBlank() || policy.asText().length() > 200) {
            throw ApiProblem.badRequest("policy", "name the version to roll out as name@version");
        }
        List<Integer> steps = steps(n.get("steps"));
        String dwell = dwell(n.get("dwell"));
        long min = (long) number(n, "min_submissions", DEFAULT_MIN_SUBMISSIONS, 1, 1_000_000_000, true);
        double esc = number(n, "max_escalation_increase", DEFAULT_MAX_ESCALATION_INCREASE, 0, 1, false);
        double dis = number(n, "max_disagreement", DEFAULT_MAX_DISAGREEMENT, 0, 1, false);
        long errors = (long) number(n, "max_evaluation_errors", 0, 0, 1_000_000, true);
        JsonNode reason = n.get("reason");
        if (reason != null && !reason.isNull() && (!reason.isTextual() || reason.asText().length() > 500)) {
            throw ApiProblem.badRequest("reason", "reason must be a string of at most 500 characters");
        }
        return new RolloutRequest(policy.asText(), new PolicyChange.Rollout(java.util.UUID.randomUUID().toString(), steps, 0,
                dwell, min, esc, dis, errors, null), reason == null || reason.isNull() ? null : reason.asText());
    }

    private static List<Integer> steps(JsonNode v) {
        if (v == null || v.isNull()) {
            return DEFAULT_STEPS;
        }
        String rule = "steps must be 1 to 10 increasing integers from 0 to 100 ending with 100, e.g. [0, 5, 25, 50, 100]";
        if (!v.isArray() || v.isEmpty() || v.size() > 10) {
            throw ApiProblem.badRequest("steps", rule);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isInt() || s.asInt() < 0 || s.asInt() > 100 || (!out.isEmpty() && s.asInt() <= out.get(out.size() - 1))) {
                throw ApiProblem.badRequest("steps", rule);
            }
            out.add(s.asInt());
        }
        if (out.get(out.size() - 1) != 100) {
            throw ApiProblem.badRequest("steps", rule);
        }
        return List.copyOf(out);
    }

    private static String dwell(JsonNode v) {
        if (v == null || v.isNull()) {
            return DEFAULT_DWELL;
        }
        try {
            Duration d = Duration.parse(v.asText());
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(7)) > 0) {
                throw ApiProblem.badRequest("dwell", "dwell must be from PT1S to P7D");
            }
            return d.toString();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("dwell", "dwell must be an ISO-8601 duration such as PT10M");
        }
    }

    private static double number(JsonNode n, String field, double fallback, double min, double max, boolean integral) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || (integral && !v.isIntegralNumber()) || v.asDouble() < min || v.asDouble() > max
                || Double.isNaN(v.asDouble())) {
            throw ApiProblem.badRequest(field, field + " must be " + (integral ? "an integer" : "a number") + " from "
                    + (integral ? String.valueOf((long) min) : String.valueOf(min)) + " to "
                    + (integral ? String.valueOf((long) max) : String.valueOf(max)));
        }
        return v.asDouble();
    }
}
