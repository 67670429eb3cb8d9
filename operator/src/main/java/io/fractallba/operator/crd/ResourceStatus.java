package io.fractallba.operator.crd;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status every resource of this operator reports: the generation it last acted on, a {@code Ready} condition
 * (True, or False with the reason — the service's own refusal when it refused), and what the service holds now.
 */
public class ResourceStatus {

    private Long observedGeneration;
    private List<Condition> conditions = new ArrayList<>();
    /** The service's version of what this resource published (e.g. the tenant's ensemble policy version). */
    private Integer publishedVersion;
    /** What is in force at the service, where it is named rather than numbered (e.g. the active policy name@version). */
    private String active;

    public static ResourceStatus ready(Long generation, Integer version, String message) {
        return of(generation, version, "True", "Published", message);
    }

    public static ResourceStatus notReady(Long generation, Integer version, String reason, String message) {
        return of(generation, version, "False", reason, message);
    }

    private static ResourceStatus of(Long generation, Integer version, String status, String reason, String message) {
        ResourceStatus s = new ResourceStatus();
        s.observedGeneration = generation;
        s.publishedVersion = version;
        s.conditions = List.of(new ConditionBuilder().withType("Ready").withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(generation)
                .withLastTransitionTime(Instant.now().toString()).build());
        return s;
    }

    /**
     * Keeps the Ready condition's {@code lastTransitionTime} of {@code previous} when the condition did not change
     * (same status and reason): a resync must not look like a transition.
     */
    public ResourceStatus since(ResourceStatus previous) {
        if (previous != null && previous.conditions != null && !previous.conditions.isEmpty() && !conditions.isEmpty()) {
            Condition was = previous.conditions.get(0);
            Condition now = conditions.get(0);
            if (java.util.Objects.equals(was.getStatus(), now.getStatus())
                    && java.util.Objects.equals(was.getReason(), now.getReason()) && was.getLastTransitionTime() != null) {
                conditions = List.of(new ConditionBuilder(now).withLastTransitionTime(was.getLastTransitionTime()).build());
            }
        }
        return this;
    }

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
    public Integer getPublishedVersion() { return publishedVersion; }
    public String getActive() { return active; }
    public void setActive(String active) { this.active = active; }

    /** The same status with what is in force at the service named. */
    public ResourceStatus withActive(String active) {
        this.active = active;
        return this;
    }

    public void setPublishedVersion(Integer publishedVersion) { this.publishedVersion = publishedVersion; }
}
