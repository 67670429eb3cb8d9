package io.fractallba.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.e2e.load.TopicCounter;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The demo's risk and decision sections, from the hrs-service's and the ensemble-service's events. */
final class RiskSummary {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RiskSummary() {
    }

    /** The payload of the latest event for a key, or null. */
    private static JsonNode payload(TopicCounter topic, String key) {
        String v = topic.latest(key);
        try {
            return v == null ? null : MAPPER.readTree(v).get("payload");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Prints the risk section; false if some acknowledged submission got no risk event. Only events a model scored
     * (status {@code scored}, or absent in events from before it existed) count in the means: a {@code no_model}
     * event's 0.5 and [0, 1] say nothing and are counted apart.
     */
    static boolean printRisk(TopicCounter risks, Set<String> acknowledged, PrintStream out) {
        long answered = acknowledged.stream().filter(k -> risks.latest(k) != null).count();
        Map<String, Integer> models = new TreeMap<>();
        Map<String, Integer> notScored = new TreeMap<>();
        long scored = 0;
        long synthetic = 0;
        double sum = 0;
        double width = 0;
        int risky = 0;
        JsonNode riskiest = null;
        for (String k : acknowledged) {
            JsonNode p = payload(risks, k);
            if (p == null) {
                continue;
            }
            JsonNode status = p.get("status");
            if (status != null && !status.isNull() && !"scored".equals(status.asText())) {
                notScored.merge(status.asText(), 1, Integer::sum);
                continue;
            }
            scored++;
            synthetic += p.path("synthetic").asBoolean(false) ? 1 : 0;
            models.merge(p.get("model_version").asText(), 1, Integer::sum);
            double s = p.get("score").asDouble();
            sum += s;
            width += p.get("interval_high").asDouble() - p.get("interval_low").asDouble();
            risky += s >= 0.5 ? 1 : 0;
            if (riskiest == null || s > riskiest.get("score").asDouble()) {
                riskiest = p;
            }
        }
        out.printf(Locale.ROOT, "risk (hrs-service, pcs.risk.v1): %d of %d acknowledged submissions answered, %d scored "
                + "(%d by a synthetic model), models %s%s%n", answered, acknowledged.size(), scored, synthetic, models,
                notScored.isEmpty() ? "" : ", not scored " + notScored);
        if (scored > 0) {
            out.printf(Locale.ROOT, "  mean score %.3f, %d scored ≥ 0.5, mean interval width %.3f (nominal coverage %.0f%%)%n",
                    sum / scored, risky, width / scored, 100 * riskiest.get("coverage_target").asDouble());
            out.printf(Locale.ROOT, "  riskiest: %s/%s score %.3f [%.3f, %.3f], top contributions %s%n",
                    riskiest.get("tenant").asText(), riskiest.get("pcs_id").asText().substring(0, 12),
                    riskiest.get("score").asDouble(), riskiest.get("interval_low").asDouble(),
                    riskiest.get("interval_high").asDouble(), top(riskiest.get("contributions")));
        }
        return answered == acknowledged.size();
    }

    /** Prints the decision section; false if some acknowledged submission got no decision. */
    static boolean printDecisions(TopicCounter decisions, Set<String> acknowledged, PrintStream out) {
        Map<String, Integer> byDecision = new TreeMap<>();
        Map<String, Integer> abstentions = new TreeMap<>();
        Map<String, Integer> inapplicable = new TreeMap<>();   // checks that did not apply (not counted toward N)
        Map<String, Integer> why = new TreeMap<>();   // "check: reason", the numbers cut off (one line per kind)
        long decided = 0;
        JsonNode example = null;
        for (String k : acknowledged) {
            JsonNode p = payload(decisions, k);
            if (p == null) {
                continue;
            }
            decided++;
            byDecision.merge(p.get("decision").asText(), 1, Integer::sum);
            for (JsonNode v : p.get("votes")) {
                if (v.get("verdict").asText().equals("not_applicable")) {
                    inapplicable.merge(v.get("check").asText(), 1, Integer::sum);
                }
                if (v.get("verdict").asText().equals("abstain")) {
                    abstentions.merge(v.get("check").asText(), 1, Integer::sum);
                    why.merge(v.get("check").asText() + ": " + v.path("reason").asText("").replaceAll(":.*", ""), 1,
                            Integer::sum);
                }
            }
            if (example == null && !p.get("decision").asText().equals("accept")) {
                example = p;
            }
        }
        out.printf(Locale.ROOT, "decisions (ensemble-service, pcs.decision.v1): %d of %d acknowledged submissions decided: %s%n",
                decided, acknowledged.size(), byDecision);
        out.printf(Locale.ROOT, "  abstentions by check: %s%n", abstentions);
        out.printf(Locale.ROOT, "  not applicable by check (not counted toward N): %s%n", inapplicable);
        why.forEach((reason, n) -> out.printf(Locale.ROOT, "    %6d  %s%n", n, reason));
        if (example != null) {
            StringBuilder votes = new StringBuilder();
            for (JsonNode v : example.get("votes")) {
                votes.append(String.format(Locale.ROOT, "%n    %-10s %-8s %s", v.get("check").asText(), v.get("verdict").asText(),
                        v.get("reason").asText()));
            }
            out.printf(Locale.ROOT, "  e.g. %s/%s: %s under %s (%d-of-%d)%s%n", example.get("tenant").asText(),
                    example.get("pcs_id").asText().substring(0, 12), example.get("decision").asText(),
                    example.get("policy").asText(), example.get("n").asInt(), example.get("m").asInt(), votes);
        }
        return decided == acknowledged.size();
    }

    private static String top(JsonNode contributions) {
        StringBuilder sb = new StringBuilder();
        var it = contributions.fields();
        for (int i = 0; i < 3 && it.hasNext(); i++) {
            var e = it.next();
            sb.append(i == 0 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " %+.2f", e.getValue().asDouble()));
        }
        return sb.toString();
    }
}
