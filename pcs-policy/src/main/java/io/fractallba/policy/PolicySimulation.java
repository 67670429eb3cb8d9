package io.fractallba.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.model.Pcs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays submissions through the tenant's active policy and a candidate and counts how the decision moves
 * (docs/policies.md, "Simulation"): the matrix of active outcome × candidate outcome, the rules that decided on either
 * side, examples of each change, and how often the active policy today differs from what was stored at the time
 * (the active version changed since, or the stored decision came from another version). Reads only; decides nothing
 * that is kept. Not thread-safe: one simulation, one thread.
 */
public final class PolicySimulation {

    /** One submission whose outcome the candidate changes. */
    public record Example(@JsonProperty("pcs_id") String pcsId, @JsonProperty("received_at") String receivedAt,
                          @JsonProperty("active") String active, @JsonProperty("active_reason") String activeReason,
                          @JsonProperty("candidate") String candidate,
                          @JsonProperty("candidate_reason") String candidateReason,
                          @JsonProperty("candidate_rule") String candidateRule) {
    }

    public record Report(String tenant, String active, String candidate, long submissions,
                         Map<String, Map<String, Long>> matrix, long changed, Map<String, List<Example>> examples,
                         Map<String, Long> activeRules, Map<String, Long> candidateRules, long candidateErrors,
                         long storedDiffersFromActive) {
    }

    private static final List<String> OUTCOMES = List.of("accept", "escalate", "reject");

    private final CompiledPolicy active;
    private final CompiledPolicy candidate;
    private final String tenant;
    private final int examplesPerChange;
    private final Map<String, Map<String, Long>> matrix = new LinkedHashMap<>();
    private final Map<String, List<Example>> examples = new TreeMap<>();
    private final Map<String, Long> activeRules = new TreeMap<>();
    private final Map<String, Long> candidateRules = new TreeMap<>();
    private long submissions;
    private long changed;
    private long candidateErrors;
    private long storedDiffers;

    public PolicySimulation(CompiledPolicy active, CompiledPolicy candidate, String tenant, int examplesPerChange) {
        this.active = active;
        this.candidate = candidate;
        this.tenant = tenant;
        this.examplesPerChange = examplesPerChange;
        for (String a : OUTCOMES) {
            Map<String, Long> row = new LinkedHashMap<>();
            OUTCOMES.forEach(c -> row.put(c, 0L));
            matrix.put(a, row);
        }
    }

    /** The outcome word of docs/policies.md for an outcome. */
    public static String outcome(Outcome o) {
        return !o.accepted() ? "reject" : o.escalated() ? "escalate" : "accept";
    }

    /**
     * One stored submission. {@code stored} is the outcome word it was answered with (null when unknown).
     */
    public void add(String pcsId, String receivedAt, Pcs pcs, String stored) {
        CompiledPolicy.Evaluation a = active.evaluate(pcs, tenant);
        CompiledPolicy.Evaluation c = candidate.evaluate(pcs, tenant);
        String ao = outcome(a.outcome());
        String co = outcome(c.outcome());
        submissions++;
        matrix.get(ao).merge(co, 1L, Long::sum);
        activeRules.merge(a.rule(), 1L, Long::sum);
        candidateRules.merge(c.rule(), 1L, Long::sum);
        if (c.failed()) {
            candidateErrors++;
        }
        if (stored != null && !stored.equals(ao)) {
            storedDiffers++;
        }
        if (!ao.equals(co) || !java.util.Objects.equals(a.outcome().reasonCode(), c.outcome().reasonCode())) {
            changed++;
            List<Example> list = examples.computeIfAbsent(ao + "->" + co, k -> new ArrayList<>());
            if (list.size() < examplesPerChange) {
                list.add(new Example(pcsId, receivedAt, ao, a.outcome().reasonCode(), co, c.outcome().reasonCode(),
                        c.rule()));
            }
        }
    }

    public Report report() {
        return new Report(tenant, active.id(), candidate.id(), submissions, matrix, changed, examples, activeRules,
                candidateRules, candidateErrors, storedDiffers);
    }
}
