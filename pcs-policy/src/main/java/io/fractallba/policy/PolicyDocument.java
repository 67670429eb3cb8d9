package io.fractallba.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A verification policy as a tenant publishes it (docs/policies.md): named rules tried in order, the first whose
 * {@code when} holds decides, and {@code default} decides when none does. Immutable once published; a change is a new
 * version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record PolicyDocument(
        @JsonProperty("name") String name,
        @JsonProperty("version") Integer version,
        @JsonProperty("description") String description,
        @JsonProperty("rules") List<Rule> rules,
        @JsonProperty("default") Decision defaultDecision,
        @JsonProperty("pii") Pii pii,
        @JsonProperty("vrf") Vrf vrf) {

    /** A document of rules only: no PII screening, no VRF requirement (as every policy before those existed). */
    public PolicyDocument(String name, Integer version, String description, List<Rule> rules, Decision defaultDecision) {
        this(name, version, description, rules, defaultDecision, null, null);
    }

    /**
     * What the verifier does with personal data and secrets in what the agent attaches (docs/policies.md, "PII"):
     * {@code mode} off, detect, block or redact; {@code kinds} the detectors to run (all when absent).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pii(@JsonProperty("mode") String mode, @JsonProperty("kinds") List<String> kinds) {
    }

    /**
     * VRF-derived seeds (docs/policies.md, "VRF-derived seeds"): when {@code required}, a PCS whose {@code seed} is not
     * the ECVRF output of the tenant's VRF key over its merkle_root, proven by {@code vrf_proof}, is rejected.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Vrf(@JsonProperty("required") Boolean required) {
    }

    /** One named rule: a CEL condition over the environment and the decision it makes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(
            @JsonProperty("name") String name,
            @JsonProperty("when") String when,
            @JsonProperty("outcome") String outcome,
            @JsonProperty("reason") String reason,
            @JsonProperty("message") String message) {
    }

    /** The decision when no rule matches. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decision(
            @JsonProperty("outcome") String outcome,
            @JsonProperty("reason") String reason,
            @JsonProperty("message") String message) {
    }

    /** "name@version", as outcomes and events name the policy that decided. */
    public String id() {
        return name + "@" + version;
    }
}
