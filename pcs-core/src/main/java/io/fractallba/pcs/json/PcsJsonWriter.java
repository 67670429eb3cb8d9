package io.fractallba.pcs.json;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.canonical.PyJsonString;
import io.fractallba.pcs.model.AgentFaultTolerance;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes a PCS as compact JSON the way the Python agent does (Python float and string formatting). */
public final class PcsJsonWriter {

    private PcsJsonWriter() {
    }

    public static byte[] bytes(Pcs p) {
        return text(p).getBytes(StandardCharsets.UTF_8);
    }

    public static String text(Pcs p) {
        return text(p, null);
    }

    /** The document with a VRF proof of its seed ({@code io.fractallba.pcs.crypto.vrf.VrfSeed}), when not null. */
    public static byte[] bytes(Pcs p, String vrfProof) {
        return text(p, vrfProof).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The document with the top-level, unsigned member {@code vrf_proof} right after {@code seed} (where {@code seed}
     * would be when absent); none when {@code vrfProof} is null. The proof is not part of the {@link Pcs} model: the
     * signed payload never includes it, and the verifier reads it from the document.
     */
    public static String text(Pcs p, String vrfProof) {
        StringBuilder o = new StringBuilder(896);
        o.append('{');
        str(o, "pcs_id", p.pcsId()).append(',');
        str(o, "schema", p.schema()).append(',');
        str(o, "version", p.version()).append(',');
        str(o, "shard_id", p.shardId()).append(',');
        o.append("\"epoch\":").append(p.epoch());
        if (p.attempt() != null) {
            o.append(",\"attempt\":").append(p.attempt());
        }
        if (p.sentAt() != null) {
            str(o.append(','), "sent_at", p.sentAt());
        }
        if (p.seed() != null) {
            o.append(",\"seed\":").append(p.seed());
        }
        if (vrfProof != null) {
            str(o.append(','), "vrf_proof", vrfProof);
        }
        o.append(",\"scales\":[");
        List<Long> scales = p.scales();
        for (int i = 0; i < scales.size(); i++) {
            o.append(i == 0 ? "" : ",").append(scales.get(i));
        }
        o.append("],\"N_j\":{");
        boolean first = true;
        for (long s : scales) { // in scale order, like the agent
            Long n = p.nj().get(Long.toString(s));
            if (n != null) {
                o.append(first ? "" : ",");
                PyJsonString.append(o, Long.toString(s));
                o.append(':').append(n);
                first = false;
            }
        }
        for (Map.Entry<String, Long> e : p.nj().entrySet()) {
            if (!scales.contains(parseOrNull(e.getKey()))) {
                o.append(first ? "" : ",");
                PyJsonString.append(o, e.getKey());
                o.append(':').append(e.getValue());
                first = false;
            }
        }
        o.append("},");
        num(o, "coh_star", p.cohStar());
        if (p.vStar() != null) {
            o.append(",\"v_star\":[");
            for (int i = 0; i < p.vStar().size(); i++) {
                if (i > 0) {
                    o.append(',');
                }
                PyFloat.appendRepr(o, p.vStar().get(i));
            }
            o.append(']');
        }
        num(o.append(','), "D_hat", p.dHat());
        num(o.append(','), "r", p.r());
        str(o.append(','), "regime", p.regime());
        num(o.append(','), "budget", p.budget());
        str(o.append(','), "merkle_root", p.merkleRoot());
        if (p.sig() != null) {
            str(o.append(','), "sig", p.sig());
        }
        if (p.ft() != null) {
            appendFt(o.append(','), p.ft());
        }
        if (p.usage() != null) {
            appendUsage(o.append(','), p.usage());
        }
        return o.append('}').toString();
    }

    private static void appendFt(StringBuilder o, AgentFaultTolerance ft) {
        o.append("\"ft\":{");
        boolean first = true;
        if (ft.outboxSeq() != null) {
            o.append("\"outbox_seq\":").append(ft.outboxSeq());
            first = false;
        }
        if (ft.degraded() != null) {
            o.append(first ? "" : ",").append("\"degraded\":").append(ft.degraded());
            first = false;
        }
        if (ft.fallbacks() != null) {
            o.append(first ? "" : ",").append("\"fallbacks\":[");
            for (int i = 0; i < ft.fallbacks().size(); i++) {
                if (i > 0) {
                    o.append(',');
                }
                PyJsonString.append(o, ft.fallbacks().get(i));
            }
            o.append(']');
            first = false;
        }
        if (ft.clockSkewMs() != null) {
            o.append(first ? "" : ",");
            num(o, "clock_skew_ms", ft.clockSkewMs());
        }
        o.append('}');
    }

    private static void appendUsage(StringBuilder o, DeclaredUsage u) {
        StringBuilder inner = new StringBuilder();
        if (u.model() != null) {
            str(inner, "model", u.model());
        }
        if (u.task() != null) {
            str(inner.append(inner.isEmpty() ? "" : ","), "task", u.task());
        }
        if (u.inputTokens() != null) {
            inner.append(inner.isEmpty() ? "" : ",").append("\"input_tokens\":").append(u.inputTokens());
        }
        if (u.outputTokens() != null) {
            inner.append(inner.isEmpty() ? "" : ",").append("\"output_tokens\":").append(u.outputTokens());
        }
        if (u.providerCostUsd() != null) {
            num(inner.append(inner.isEmpty() ? "" : ","), "provider_cost_usd", u.providerCostUsd());
        }
        o.append("\"usage\":{").append(inner).append('}');
    }

    private static Long parseOrNull(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static StringBuilder str(StringBuilder o, String name, String value) {
        o.append('"').append(name).append("\":");
        PyJsonString.append(o, value);
        return o;
    }

    private static void num(StringBuilder o, String name, double value) {
        o.append('"').append(name).append("\":");
        PyFloat.appendRepr(o, value);
    }
}
