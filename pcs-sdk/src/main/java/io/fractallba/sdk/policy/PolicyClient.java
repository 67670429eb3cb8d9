package io.fractallba.sdk.policy;

import io.fractallba.sdk.http.Json;
import io.fractallba.sdk.http.ServiceHttp;

import java.io.IOException;
import java.util.Map;

/** A tenant's verification policies on the verifier (docs/policies.md), with an operator's or reader's token. */
public final class PolicyClient {

    private final ServiceHttp http;
    private final String base;

    public PolicyClient(String baseUrl, String token, String tenant) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token is required (--token or FLK_TOKEN; pcs token issues one)");
        }
        this.http = new ServiceHttp("verifier", baseUrl, Map.of("Authorization", "Bearer " + token.trim()));
        this.base = "v1/policies/" + ServiceHttp.enc(tenant);
    }

    public Map<String, Object> overview() throws IOException {
        return Json.object(http.get(base));
    }

    public String version(String policy) throws IOException {
        return http.get(base + "/versions/" + ServiceHttp.enc(policy));
    }

    public Map<String, Object> publish(String document) throws IOException {
        return Json.object(http.send("POST", base + "/versions", document, "application/json"));
    }

    public Map<String, Object> activate(String policy, String reason) throws IOException {
        return Json.object(http.send("POST", base + "/active", change(policy, reason), "application/json"));
    }

    /** Starts a staged rollout; {@code plan} holds the optional members (steps, dwell, guards) as JSON values. */
    public Map<String, Object> rollout(String policy, Map<String, String> plan, String reason) throws IOException {
        StringBuilder b = new StringBuilder("{\"policy\":").append(Json.quote(policy));
        plan.forEach((k, v) -> b.append(',').append(Json.quote(k)).append(':').append(v));
        if (reason != null) {
            b.append(",\"reason\":").append(Json.quote(reason));
        }
        return Json.object(http.send("POST", base + "/rollout", b.append('}').toString(), "application/json"));
    }

    public Map<String, Object> rollback(String reason) throws IOException {
        return Json.object(http.send("POST", base + "/rollback", change(null, reason), "application/json"));
    }

    /** {@code candidate} is a document's JSON, or null when {@code version} names a published one. */
    public Map<String, Object> simulate(String candidate, String version, String from, String to, Integer limit)
            throws IOException {
        StringBuilder b = new StringBuilder("{");
        b.append(candidate != null ? "\"candidate\":" + candidate : "\"version\":" + Json.quote(version));
        if (from != null) {
            b.append(",\"from\":").append(Json.quote(from));
        }
        if (to != null) {
            b.append(",\"to\":").append(Json.quote(to));
        }
        if (limit != null) {
            b.append(",\"limit\":").append(limit);
        }
        return Json.object(http.send("POST", base + "/simulate", b.append('}').toString(), "application/json"));
    }

    private static String change(String policy, String reason) {
        StringBuilder b = new StringBuilder("{");
        if (policy != null) {
            b.append("\"policy\":").append(Json.quote(policy));
        }
        if (reason != null) {
            b.append(policy != null ? "," : "").append("\"reason\":").append(Json.quote(reason));
        }
        return b.append('}').toString();
    }
}
