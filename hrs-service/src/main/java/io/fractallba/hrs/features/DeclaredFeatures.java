package io.fractallba.hrs.features;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the agent declares about its own work in the unsigned {@code agent_features} block ({@code logprob_mean},
 * {@code response_tokens}) is not evidence the suite can check: an agent could lower its own risk by sending a better
 * number. A tenant's setting decides whether declared features are used at all (docs/hrs.md, "Declared features"):
 * {@link Mode#IGNORE} (the default) scores every submission as if it declared nothing; {@link Mode#RAISE_ONLY} scores
 * it both ways and keeps the higher score, so a declared value can raise the risk but never lower it below what the
 * signed and recomputed features say.
 */
public final class DeclaredFeatures {

    public enum Mode {
        IGNORE, RAISE_ONLY;

        public static Mode parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "ignore" -> IGNORE;
                case "raise-only" -> RAISE_ONLY;
                default -> throw new IllegalArgumentException("declared-features must be ignore or raise-only, got '"
                        + s + "'");
            };
        }
    }

    /** The schema's agent-declared features (source "agent-supplied, unsigned"). */
    public static final List<String> NAMES = List.of("logprob_mean", "response_tokens_log");

    private final Mode defaultMode;
    private final Set<String> raiseOnlyTenants;

    public DeclaredFeatures(Mode defaultMode, Set<String> raiseOnlyTenants) {
        this.defaultMode = defaultMode;
        this.raiseOnlyTenants = Set.copyOf(raiseOnlyTenants);
    }

    public Mode mode(String tenant) {
        return raiseOnlyTenants.contains(tenant) ? Mode.RAISE_ONLY : defaultMode;
    }

    /** The row as if the agent had declared nothing: each declared feature missing, its indicator set. */
    public static double[] withoutDeclared(double[] row) {
        double[] out = row.clone();
        for (String name : NAMES) {
            out[FeatureSchema.index(name)] = Double.NaN;
            out[FeatureSchema.index(name + "_missing")] = 1;
        }
        return out;
    }
}
