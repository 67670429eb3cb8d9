package io.fractallba.verifier.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PolicyValidationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A simulation's parameters, validated: the candidate compiled, the window bounded, the sizes capped. */
record SimulationRequest(CompiledPolicy candidate, Instant from, Instant to, int limit, int examples) {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration MAX_WINDOW = Duration.ofDays(31);
    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;
    static final int MAX_EXAMPLES = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static SimulationRequest parse(byte[] body, PolicyService service, String tenant, Instant now)
            throws PolicyValidationException {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : MAPPER.readTree(body);
        } catch (IOException e) {
            throw malformed("the body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw malformed("the body must be a JSON object with a candidate document or a published version");
        }
        CompiledPolicy candidate;
        JsonNode doc = node.get("candidate");
        JsonNode version = node.get("version");
        if (doc != null && version != null) {
            throw ApiProblem.badRequest("candidate", "give either candidate (a document) or version, not both");
        } else if (doc != null) {
            candidate = service.compileCandidate(doc.toString().getBytes(StandardCharsets.UTF_8));
        } else if (version != null && version.isTextual()) {
            candidate = service.publishedVersion(tenant, version.asText());
        } else {
            throw ApiProblem.badRequest("candidate", "name the candidate: {\"candidate\": <policy document>} or "
                    + "{\"version\": \"name@version\"}");
        }
        Instant to = instant(node, "to", now);
        Instant from = instant(node, "from", to.minus(DEFAULT_WINDOW));
        if (!from.isBefore(to)) {
            throw ApiProblem.badRequest("from", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiProblem.badRequest("from", "a window of at most 31 days (the topic keeps 14 by default)");
        }
        return new SimulationRequest(candidate, from, to, bounded(node, "limit", DEFAULT_LIMIT, MAX_LIMIT),
                bounded(node, "examples", 3, MAX_EXAMPLES));
    }

    private static Instant instant(JsonNode node, String field, Instant fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, field + " must be an RFC 3339 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static int bounded(JsonNode node, String field, int fallback, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > max) {
            throw ApiProblem.badRequest(field, field + " must be an integer from 1 to " + max);
        }
        return v.asInt();
    }

    private static ApiProblem malformed(String why) {
        return new ApiProblem(Problem.of("malformed-body", "Malformed body", 400, why));
    }
}
