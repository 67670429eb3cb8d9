package io.fractallba.sdk;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsIds;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.decision.DHatEstimator;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.decision.SignalFormulas;
import io.fractallba.pcs.model.AgentFaultTolerance;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.signals.BoxCounting;
import io.fractallba.sdk.signals.Coherence;
import io.fractallba.sdk.signals.Compressibility;
import io.fractallba.sdk.signals.CsvTrace;
import io.fractallba.sdk.signals.MerkleRoot;

import java.util.List;
import java.util.Map;

/**
 * Builds a signed PCS from an agent's signals: D̂ from the same estimator the verifier uses, regime and budget from
 * the same formulas, pcs_id from the Merkle root, then the signature over the canonical payload.
 */
public final class PcsFactory {

    private final PcsSigner signer;
    private final Policy policy;

    public PcsFactory(PcsSigner signer) {
        this(signer, Policy.DEFAULT_V1);
    }

    public PcsFactory(PcsSigner signer, Policy policy) {
        this.signer = signer;
        this.policy = policy;
    }

    /** Signals measured by the agent; {@code nj} maps each scale (as a decimal string) to its occupied-cell count. */
    public record Signals(List<Long> scales, Map<String, Long> nj, double cohStar, List<Double> vStar, double r,
                          String merkleRoot, long epoch, String shardId, long seed) {
    }

    /**
     * Measures every signal of a trace the contract's way (docs/contract.md, "Building a PCS from a trace") and
     * signs the PCS: the same trace, scales, seed, epoch, shard and key give the same bytes in every SDK.
     */
    public Pcs fromTrace(CsvTrace trace, List<Long> scales, long seed, long epoch, String shardId) {
        Coherence.Result coh = Coherence.of(trace.points(), seed, Coherence.DEFAULT_DIRECTIONS, Coherence.DEFAULT_BINS);
        return build(new Signals(scales, BoxCounting.counts(trace.points(), scales), coh.cohStar(), coh.vStar(),
                Compressibility.ratio(trace.raw()), MerkleRoot.of(trace.raw(), MerkleRoot.DEFAULT_CHUNK), epoch, shardId,
                seed));
    }

    public Pcs build(Signals s) {
        if (s.epoch() < 0) {
            throw new IllegalArgumentException("epoch must be ≥ 0, was " + s.epoch());
        }
        if (s.shardId() == null || s.shardId().isEmpty()) {
            throw new IllegalArgumentException("shard_id must not be empty");
        }
        if (!java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s.shardId())) {
            // A lone surrogate has no UTF-8 form: getBytes would hash '?' and no other SDK could match the pcs_id.
            throw new IllegalArgumentException("shard_id is not valid Unicode (it contains a lone surrogate)");
        }
        for (long scale : s.scales()) {
            if (scale < 1 || scale > 1024) {
                throw new IllegalArgumentException("scales must lie in 1..1024, was " + scale);
            }
        }
        if (new java.util.HashSet<>(s.scales()).size() != s.scales().size()) {
            // N_j is keyed by scale: a repeated scale would write a duplicate key no parser accepts.
            throw new IllegalArgumentException("scales must not repeat, were " + s.scales());
        }
        DHatEstimator.Estimate d = DHatEstimator.estimate(s.scales(), s.nj());
        if (!d.ok()) {
            throw new IllegalArgumentException("cannot compute D_hat: " + d.failure());
        }
        double coh = PyFloat.round9(s.cohStar());
        double r = PyFloat.round9(s.r());
        String regime = SignalFormulas.regime(d.value(), coh, policy).wireName();
        double budget = SignalFormulas.budget(d.value(), coh, r, policy);
        String pcsId = PcsIds.compute(s.merkleRoot(), s.epoch(), s.shardId());
        Pcs unsigned = new Pcs(pcsId, Pcs.SCHEMA, "0.1", s.shardId(), s.epoch(), 1L, null, s.seed(), s.scales(), s.nj(),
                coh, s.vStar(), d.value(), r, regime, budget, s.merkleRoot(), null,
                new AgentFaultTolerance(0L, false, List.of(), 0.0), null);
        return unsigned.withSignature(signer.sign(SignaturePayload.bytes(unsigned.signedFields())));
    }
}
