package io.fractallba.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * A verification policy document (the verifier's {@code POST /v1/policies/{tenant}/versions} body) with what the API
 * server can check before the verifier sees it: names and reason codes by pattern, outcomes by enum, the sizes the
 * verifier accepts. The CEL of each rule's {@code when} and {@code message} is type-checked by the verifier; its
 * problems (rule, member, line, column) land in status.
 */
public class VerificationPolicySpec {

    public enum Outcome { accept, escalate, reject }

    @Required
    @Pattern("^[A-Za-z0-9._-]{1,64}$")
    @JsonPropertyDescription("The tenant whose policy this is (the verifier must serve it).")
    private String tenant;

    @Required
    @Pattern("^[a-z0-9][a-z0-9_-]{0,63}$")
    @JsonPropertyDescription("The policy's name (not 'default', the built-in's).")
    private String name;

    @Required
    @Min(1)
    @JsonPropertyDescription("The version; a published name@version is immutable: change the rules, bump this.")
    private int version;

    private String description;

    @Required
    @Size(max = 200)
    @JsonPropertyDescription("Tried in order; the first whose 'when' is true decides.")
    private List<Rule> rules;

    @Required
    @JsonProperty("default")
    @JsonPropertyDescription("What decides when no rule does.")
    private Decision defaultDecision;

    @Default("true")
    @JsonPropertyDescription("Make this version the tenant's active policy once published (false: publish only).")
    private boolean activate = true;

    @ValidationRule(value = "self.outcome == 'accept' ? !has(self.reason) : has(self.reason)",
            message = "escalate and reject need a reason; accept takes none")
    public static class Rule {
        @Required
        @Pattern("^[a-z0-9][a-z0-9_-]{0,63}$")
        private String name;
        @Required
        @Size(min = 1, max = 4096)
        @JsonPropertyDescription("A CEL boolean expression over pcs, recomputed, usage, ...")
        private String when;
        @Required
        private Outcome outcome;
        @Pattern("^[a-z][a-z0-9_]{1,63}$")
        private String reason;
        @Size(max = 4096)
        private String message;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getWhen() { return when; }
        public void setWhen(String when) { this.when = when; }
        public Outcome getOutcome() { return outcome; }
        public void setOutcome(Outcome outcome) { this.outcome = outcome; }
        public String getReason() { return reason; }
        public void setReason(String reason) { this.reason = reason; }
        public String getMessage() { return message; }
        public void setMessage(String message) { this.message = message; }
    }

    public static class Decision {
        @Required
        private Outcome outcome;
        @Pattern("^[a-z][a-z0-9_]{1,63}$")
        private String reason;

        public Outcome getOutcome() { return outcome; }
        public void setOutcome(Outcome outcome) { this.outcome = outcome; }
        public String getReason() { return reason; }
        public void setReason(String reason) { this.reason = reason; }
    }

    public String getTenant() { return tenant; }
    public void setTenant(String tenant) { this.tenant = tenant; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public int getVersion() { return version; }
    public void setVersion(int version) { this.version = version; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public List<Rule> getRules() { return rules; }
    public void setRules(List<Rule> rules) { this.rules = rules; }
    public Decision getDefaultDecision() { return defaultDecision; }
    public void setDefaultDecision(Decision defaultDecision) { this.defaultDecision = defaultDecision; }
    public boolean isActivate() { return activate; }
    public void setActivate(boolean activate) { this.activate = activate; }
}
