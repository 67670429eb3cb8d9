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
                         long storedDiffersFromActive, Labelled labelled) {
    }

    /**
     * How well each side's flags (escalate or reject) match labels where a submission has one: {@code labelled}
     * submissions, of which {@code positives} are labelled risky.
     */
    public record Labelled(@JsonProperty("labelled") long labelled, @JsonProperty("positives") long positives,
                           @JsonProperty("active") Confusion active, @JsonProperty("candidate") Confusion candidate) {
    }

    /** A side's confusion counts against the labels; precision and recall are null where undefined (0/0). */
    public record Confusion(@JsonProperty("true_positives") long tp, @JsonProperty("false_positives") long fp,
                            @JsonProperty("false_negatives") long fn, @JsonProperty("true_negatives") long tn) {
        @JsonProperty("precision")
        public Double precision() {
            return tp + fp == 0 ? null : (double) tp / (tp + fp);
        }

        @JsonProperty("recall")
        public Double recall() {
            return tp + fn == 0 ? null : (double) tp / (tp + fn);
        }

        Confusion plus(boolean flagged, boolean risky) {
            return new Confusion(tp + (flagged && risky ? 1 : 0), fp + (flagged && !risky ? 1 : 0),
                    fn + (!flagged && risky ? 1 : 0), tn + (!flagged && !risky ? 1 : 0));
        }
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
    private long labelled;
    private long positives;
    private Confusion activeConfusion = new Confusion(0, 0, 0, 0);
    private Confusion candidateConfusion = new Confusion(0, 0, 0, 0);

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
        add(pcsId, receivedAt, pcs, stored, Attachments.NONE, Attachments.NONE, null);
    }

    /**
     * One stored submission with what screening found under each side ({@code pii.kinds}, {@code vrf.result}) and,
     * when known, its label: {@code risky} true when the label says the submission should have been flagged.
     */
    public void add(String pcsId, String receivedAt, Pcs pcs, String stored, Attachments activeFound,
                    Attachments candidateFound, Boolean risky) {
        CompiledPolicy.Evaluation a = active.evaluate(pcs, tenant, activeFound);
        CompiledPolicy.Evaluation c = candidate.evaluate(pcs, tenant, candidateFound);
        String ao = outcome(a.outcome());
        String co = outcome(c.outcome());
        submissions++;
        if (risky != null) {
            labelled++;
            positives += risky ? 1 : 0;
            activeConfusion = activeConfusion.plus(!"accept".equals(ao), risky);
            candidateConfusion = candidateConfusion.plus(!"accept".equals(co), risky);
        }
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
                candidateRules, candidateErrors, storedDiffers,
                new Labelled(labelled, positives, activeConfusion, candidateConfusion));
    }
}
