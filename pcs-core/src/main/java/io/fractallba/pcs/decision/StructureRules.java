package io.fractallba.pcs.decision;

import io.fractallba.pcs.crypto.PcsIds;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.pcs.model.Regime;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Value rules of docs/contract.md §1 on a well-typed document (step 1 of the decision). */
final class StructureRules {

    private static final Pattern PCS_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private StructureRules() {
    }

    /** The first broken rule, or null when the structure is valid. */
    static String firstViolation(Pcs pcs, Policy policy) {
        if (!Pcs.SCHEMA.equals(pcs.schema())) {
            return "schema must be '" + Pcs.SCHEMA + "'";
        }
        if (pcs.version().isEmpty()) {
            return "version must not be empty";
        }
        if (pcs.shardId().isEmpty()) {
            return "shard_id must not be empty";
        }
        if (pcs.epoch() < 0) {
            return "epoch negative";
        }
        if (pcs.attempt() != null && pcs.attempt() < 1) {
            return "attempt must be at least 1";
        }
        if (pcs.sentAt() != null && !isRfc3339(pcs.sentAt())) {
            return "sent_at is not an RFC 3339 timestamp";
        }
        for (long s : pcs.scales()) {
            if (s < policy.minScale() || s > policy.maxScale()) {
                return "scale " + s + " outside " + policy.minScale() + ".." + policy.maxScale();
            }
        }
        if (Regime.fromWire(pcs.regime()).isEmpty()) {
            return "regime must be sticky, mixed or non_sticky";
        }
        if (!HEX.matcher(pcs.merkleRoot()).matches()) {
            return "merkle_root must be hex";
        }
        if (!PCS_ID.matcher(pcs.pcsId()).matches()) {
            return "pcs_id must be 64 lowercase hex digits";
        }
        if (!pcs.pcsId().equals(PcsIds.compute(pcs.merkleRoot(), pcs.epoch(), pcs.shardId()))) {
            return "pcs_id mismatch";
        }
        return null;
    }

    private static boolean isRfc3339(String s) {
        try {
            OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
