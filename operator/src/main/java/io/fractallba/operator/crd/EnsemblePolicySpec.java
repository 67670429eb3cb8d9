package io.fractallba.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;
import java.util.Map;

/**
 * What the ensemble-service's {@code PUT /v1/ensemble/policies/{tenant}} takes, with the bounds the API server can
 * check before anything reaches the service (ranges, enums, required fields). Rules that need the service's knowledge
 * — N against the voting checks, the accept line below the reject line — are its to check; its answer lands in status.
 */
@ValidationRule(value = "self.riskAcceptMax < self.riskRejectMin",
        message = "riskAcceptMax must be below riskRejectMin")
@ValidationRule(value = "self.groundingReject < self.groundingAccept",
        message = "groundingReject must be below groundingAccept")
public class EnsemblePolicySpec {

    /** Check names the ensemble-service knows (EnsemblePolicy.KNOWN_CHECKS there). */
    public enum Check { recompute, hrs, grounding, anomaly, micro_vote }

    public enum FailMode { closed, open }

    @Required
    @Pattern("^[A-Za-z0-9._-]{1,64}$")
    @JsonPropertyDescription("The tenant whose policy this is (one EnsemblePolicy per tenant).")
    private String tenant;

    @Required
    @Min(1)
    @Max(5)
    @JsonPropertyDescription("Agreeing votes that accept (or reject); fewer escalate.")
    private int n;

    @Required
    @Size(min = 1, max = 5)
    @JsonPropertyDescription("The checks that run; recompute gates instead of voting.")
    private List<Check> checks;

    @JsonPropertyDescription("A vote's weight per check (default 1).")
    private Map<String, Double> weights;

    @JsonPropertyDescription("Per-check timeout in milliseconds.")
    private Map<String, Long> timeoutMs;

    @Default("closed")
    @JsonPropertyDescription("What an abstention counts as: closed (nothing) or open (an accept once a check accepted).")
    private FailMode failMode = FailMode.closed;

    @Min(0)
    @Max(1)
    @Default("0.5")
    private double minConfidence = 0.5;

    @Min(0)
    @Max(1)
    @Default("0.3")
    private double riskAcceptMax = 0.3;

    @Min(0)
    @Max(1)
    @Default("0.7")
    private double riskRejectMin = 0.7;

    @Min(0)
    @Max(1)
    @Default("0.6")
    private double groundingAccept = 0.6;

    @Min(0)
    @Max(1)
    @Default("0.3")
    private double groundingReject = 0.3;

    private boolean bandit;
    private boolean adaptive;
    private boolean measuredWeights;

    public String getTenant() { return tenant; }
    public void setTenant(String tenant) { this.tenant = tenant; }
    public int getN() { return n; }
    public void setN(int n) { this.n = n; }
    public List<Check> getChecks() { return checks; }
    public void setChecks(List<Check> checks) { this.checks = checks; }
    public Map<String, Double> getWeights() { return weights; }
    public void setWeights(Map<String, Double> weights) { this.weights = weights; }
    public Map<String, Long> getTimeoutMs() { return timeoutMs; }
    public void setTimeoutMs(Map<String, Long> timeoutMs) { this.timeoutMs = timeoutMs; }
    public FailMode getFailMode() { return failMode; }
    public void setFailMode(FailMode failMode) { this.failMode = failMode; }
    public double getMinConfidence() { return minConfidence; }
    public void setMinConfidence(double minConfidence) { this.minConfidence = minConfidence; }
    public double getRiskAcceptMax() { return riskAcceptMax; }
    public void setRiskAcceptMax(double riskAcceptMax) { this.riskAcceptMax = riskAcceptMax; }
    public double getRiskRejectMin() { return riskRejectMin; }
    public void setRiskRejectMin(double riskRejectMin) { this.riskRejectMin = riskRejectMin; }
    public double getGroundingAccept() { return groundingAccept; }
    public void setGroundingAccept(double groundingAccept) { this.groundingAccept = groundingAccept; }
    public double getGroundingReject() { return groundingReject; }
    public void setGroundingReject(double groundingReject) { this.groundingReject = groundingReject; }
    public boolean isBandit() { return bandit; }
    public void setBandit(boolean bandit) { this.bandit = bandit; }
    public boolean isAdaptive() { return adaptive; }
    public void setAdaptive(boolean adaptive) { this.adaptive = adaptive; }
    public boolean isMeasuredWeights() { return measuredWeights; }
    public void setMeasuredWeights(boolean measuredWeights) { this.measuredWeights = measuredWeights; }
}
