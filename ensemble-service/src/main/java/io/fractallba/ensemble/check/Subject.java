package io.fractallba.ensemble.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.pcs.model.Pcs;

/**
 * What the checks look at: the verified submission (typed PCS and its raw JSON, for optional members such as
 * {@code citations}) and, when it arrived in time, its risk score from the hrs-service.
 */
public record Subject(String tenant, String pcsId, Pcs pcs, JsonNode raw, Risk risk) {

    /** The hrs-service's score and interval ({@code pcs.risk.v1}). */
    public record Risk(double score, double low, double high, String modelVersion) {
    }
}
