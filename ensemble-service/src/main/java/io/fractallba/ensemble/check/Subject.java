package io.fractallba.ensemble.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.pcs.model.Pcs;

/**
 * What the checks look at: the verified submission (typed PCS and its raw JSON, for optional members such as
 * {@code citations}) and, when it arrived in time, its risk score from the hrs-service.
 */
public record Subject(String tenant, String pcsId, Pcs pcs, JsonNode raw, Risk risk) {

    /**
     * The hrs-service's score and interval ({@code pcs.risk.v1}). {@code status}: {@code scored}, {@code no_model}
     * (the hrs-service had no model: the values mean nothing), another value a newer hrs-service may send (not
     * understood: treated like no score), or null in events from before {@code status} existed (scored).
     * {@code synthetic}: true when a model trained on the synthetic data set scored it, false when one trained on
     * labels did, null when the event does not say (events from before the field existed).
     */
    public record Risk(double score, double low, double high, String modelVersion, String status, Boolean synthetic) {

        public static final String SCORED = "scored";
        public static final String NO_MODEL = "no_model";

        /** A score from a model trained on labels. */
        public Risk(double score, double low, double high, String modelVersion) {
            this(score, low, high, modelVersion, SCORED, false);
        }

        /** Whether a model produced the score: status {@code scored}, or absent (events from before it existed). */
        public boolean scored() {
            return status == null || SCORED.equals(status);
        }

        /** Whether the event names a status this reader does not know (neither scored, absent, nor no_model). */
        public boolean unknownStatus() {
            return !scored() && !NO_MODEL.equals(status);
        }

        /**
         * Reads a {@code pcs.risk.v1} payload. A scored event (status {@code scored} or absent) must carry
         * {@code score}, {@code interval_low} and {@code interval_high} as numbers in [0, 1] with low ≤ score ≤ high;
         * {@code status}, when present, a string; {@code synthetic}, when present, a boolean. An event that is not
         * scored need not carry numbers (nothing reads them).
         *
         * @throws IllegalArgumentException what is wrong with the payload (the caller sends it to the DLQ)
         */
        public static Risk parse(JsonNode p) {
            if (p == null || !p.isObject()) {
                throw new IllegalArgumentException("the risk payload is not an object");
            }
            JsonNode st = p.get("status");
            if (st != null && !st.isNull() && !st.isTextual()) {
                throw new IllegalArgumentException("payload.status must be a string");
            }
            String status = st == null || st.isNull() ? null : st.asText();
            JsonNode syn = p.get("synthetic");
            if (syn != null && !syn.isNull() && !syn.isBoolean()) {
                throw new IllegalArgumentException("payload.synthetic must be a boolean");
            }
            Boolean synthetic = syn == null || syn.isNull() ? null : syn.asBoolean();
            String version = p.path("model_version").isTextual() ? p.get("model_version").asText() : "";
            boolean scored = status == null || SCORED.equals(status);
            double score = number(p, "score", scored);
            double low = number(p, "interval_low", scored);
            double high = number(p, "interval_high", scored);
            if (scored && !(low <= score && score <= high)) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "payload interval [%s, %s] does not hold its score %s", low, high, score));
            }
            return new Risk(score, low, high, version, status, synthetic);
        }

        private static double number(JsonNode p, String field, boolean required) {
            JsonNode v = p.get(field);
            if (v == null || v.isNull() || !v.isNumber()) {
                if (required) {
                    throw new IllegalArgumentException("payload." + field + " must be a number");
                }
                return Double.NaN;
            }
            double d = v.asDouble();
            if (required && !(d >= 0 && d <= 1)) {
                throw new IllegalArgumentException("payload." + field + " must lie in [0, 1], is " + d);
            }
            return d;
        }
    }
}
