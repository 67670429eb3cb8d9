package io.fractallba.ensemble.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.ensemble.policy.EnsemblePolicy;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Grounding of cited sources: the share of the answer's content words that occur in the cited texts.
 * Tokenisation (docs/ensemble.md): Unicode NFKC, lower case, split on every character that is not a letter or digit,
 * drop tokens shorter than 3 characters and a fixed list of English stop words; compared as sets of distinct words.
 * Needs {@code text} (string) and {@code citations} (array of strings or of objects with a {@code text}) in the PCS;
 * without them it abstains.
 */
public final class GroundingCheck implements Check {

    static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "are", "but", "not", "you", "all", "any", "can",
            "had", "her", "was", "one", "our", "out", "has", "him", "his", "how", "its", "may", "new", "now", "old",
            "see", "two", "who", "did", "get", "let", "say", "she", "too", "use", "that", "with", "have", "this",
            "will", "your", "from", "they", "been", "were", "said", "each", "which", "their", "there", "what",
            "about", "would", "these", "other", "into", "than", "then", "them", "also", "some", "such", "only");

    @Override
    public String name() {
        return "grounding";
    }

    @Override
    public CheckResult vote(Subject s, EnsemblePolicy p) {
        JsonNode text = s.raw().get("text");
        JsonNode citations = s.raw().get("citations");
        if (text == null || !text.isTextual() || citations == null || !citations.isArray() || citations.isEmpty()) {
            return CheckResult.notApplicable("no text with citations in the submission");
        }
        Set<String> answer = tokens(text.asText());
        if (answer.isEmpty()) {
            return CheckResult.notApplicable("the text has no content words");
        }
        Set<String> cited = new HashSet<>();
        for (JsonNode c : citations) {
            JsonNode t = c.isTextual() ? c : c.get("text");
            if (t != null && t.isTextual()) {
                cited.addAll(tokens(t.asText()));
            }
        }
        long found = answer.stream().filter(cited::contains).count();
        double overlap = found / (double) answer.size();
        String why = String.format(Locale.ROOT, "%d of %d content words found in %d citation(s) (%.2f)", found, answer.size(),
                citations.size(), overlap);
        if (overlap >= p.groundingAccept()) {
            return CheckResult.accept(overlap, why);
        }
        if (overlap < p.groundingReject()) {
            return CheckResult.reject(1 - overlap, why);
        }
        return CheckResult.abstain("grounding in the uncertain band: " + why);
    }

    /** Distinct content words of a text, per the tokenisation above. */
    public static Set<String> tokens(String text) {
        String norm = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (String t : norm.split("[^\\p{L}\\p{Nd}]+")) {
            if (t.length() >= 3 && !STOP_WORDS.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
