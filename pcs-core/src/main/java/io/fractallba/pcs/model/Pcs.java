package io.fractallba.pcs.model;

import io.fractallba.pcs.canonical.SignedFields;

import java.util.List;
import java.util.Map;

/**
 * A well-typed PCS document (docs/contract.md §1). Well-typed is not valid: value rules (schema, epoch ≥ 0,
 * scale range, pcs_id recomputation) are checked by the decision, which answers {@code validation_failed}.
 * Optional members are null when absent. {@code nj} keeps the agent's keys as given (decimal strings).
 */
public record Pcs(
        String pcsId,
        String schema,
        String version,
        String shardId,
        long epoch,
        Long attempt,
        String sentAt,
        Long seed,
        List<Long> scales,
        Map<String, Long> nj,
        double cohStar,
        List<Double> vStar,
        double dHat,
        double r,
        String regime,
        double budget,
        String merkleRoot,
        String sig,
        AgentFaultTolerance ft,
        DeclaredUsage usage) {

    public static final String SCHEMA = "fractal-lba-kakeya";

    public Pcs {
        scales = List.copyOf(scales);
        nj = Map.copyOf(nj);
        vStar = vStar == null ? null : List.copyOf(vStar);
    }

    public SignedFields signedFields() {
        return new SignedFields(pcsId, merkleRoot, epoch, shardId, dHat, cohStar, r, budget);
    }

    /** The same document with another {@code sig}. */
    public Pcs withSignature(String signature) {
        return new Pcs(pcsId, schema, version, shardId, epoch, attempt, sentAt, seed, scales, nj, cohStar, vStar, dHat, r,
                regime, budget, merkleRoot, signature, ft, usage);
    }

    /** The same document with another (unsigned) {@code usage} block. */
    public Pcs withUsage(DeclaredUsage declared) {
        return new Pcs(pcsId, schema, version, shardId, epoch, attempt, sentAt, seed, scales, nj, cohStar, vStar, dHat, r,
                regime, budget, merkleRoot, sig, ft, declared);
    }

    public boolean hasSignature() {
        return sig != null && !sig.isEmpty();
    }
}
