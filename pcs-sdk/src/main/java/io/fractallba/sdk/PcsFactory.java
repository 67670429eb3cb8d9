package io.fractallba.sdk;

import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsIds;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.vrf.VrfSeed;
import io.fractallba.pcs.decision.DHatEstimator;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.decision.SignalFormulas;
import io.fractallba.pcs.json.PcsJsonWriter;
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
 * the same formulas, pcs_id from the Merkle root, then the signature over the canonical payload. For tenants that
 * require VRF-derived seeds, the {@code …WithVrf} methods make the seed the VRF output over the merkle_root and
 * return the proof that goes in the document as {@code vrf_proof} ({@link VrfSeed}).
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
        return measure(trace, scales, MerkleRoot.of(trace.raw(), MerkleRoot.DEFAULT_CHUNK), seed, epoch, shardId);
    }

    /** A PCS whose seed is VRF-derived, and the proof to write with it ({@link #json()} writes both). */
    public record VrfBuilt(Pcs pcs, String vrfProof) {

        public String json() {
            return PcsJsonWriter.text(pcs, vrfProof);
        }

        public byte[] bytes() {
            return PcsJsonWriter.bytes(pcs, vrfProof);
        }
    }

    /**
     * As {@link #fromTrace}, with the seed derived from the trace's merkle_root under the tenant's VRF secret key (32
     * bytes, an Ed25519 seed) instead of chosen by the caller.
     */
    public VrfBuilt fromTraceWithVrf(CsvTrace trace, List<Long> scales, byte[] vrfSecretKey, long epoch, String shardId) {
        String merkleRoot = MerkleRoot.of(trace.raw(), MerkleRoot.DEFAULT_CHUNK);
        // The seed chooses coh★'s directions (docs/contract.md §7), so it is fixed by the merkle_root before coh★ is
        // measured: that order is what leaves an agent no seed to try until coh★ looks good.
        VrfSeed.Derived vrf = VrfSeed.derive(vrfSecretKey, merkleRoot);
        return new VrfBuilt(measure(trace, scales, merkleRoot, vrf.seed(), epoch, shardId), vrf.proofBase64());
    }

    /**
     * As {@link #build}, for signals an agent measured itself: their seed must already be
     * {@code VrfSeed.derive(vrfSecretKey, merkleRoot).seed()}, taken before coh★ was measured with it; any other seed
     * is refused (IllegalArgumentException) rather than signed into a document the verifier would refuse.
     */
    public VrfBuilt buildWithVrf(Signals s, byte[] vrfSecretKey) {
        VrfSeed.Derived vrf = VrfSeed.derive(vrfSecretKey, s.merkleRoot());
        if (vrf.seed() != s.seed()) {
            throw new IllegalArgumentException("seed " + s.seed() + " is not the VRF seed of merkle_root " + s.merkleRoot()
                    + " (" + vrf.seed() + "): derive it with VrfSeed.derive before measuring coh★ with it");
        }
        return new VrfBuilt(build(s), vrf.proofBase64());
    }

    private Pcs measure(CsvTrace trace, List<Long> scales, String merkleRoot, long seed, long epoch, String shardId) {
        Coherence.Result coh = Coherence.of(trace.points(), seed, Coherence.DEFAULT_DIRECTIONS, Coherence.DEFAULT_BINS);
        return build(new Signals(scales, BoxCounting.counts(trace.points(), scales), coh.cohStar(), coh.vStar(),
                Compressibility.ratio(trace.raw()), merkleRoot, epoch, shardId, seed));
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
