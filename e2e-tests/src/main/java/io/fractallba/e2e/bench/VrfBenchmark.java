package io.fractallba.e2e.bench;

import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.crypto.vrf.VrfSeed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * What checking a VRF-derived seed costs the verifier per submission (docs/policies.md, "VRF-derived seeds"): the
 * whole check (base64, proof decode, ECVRF verify, seed comparison) against the Ed25519 signature check every
 * Ed25519-signed submission already pays, measured in the same run as its baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class VrfBenchmark {

    private static final byte[] SECRET = HexFormat.of()
            .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String ROOT = "e966b52c992aefad3c3d0196db02554f30d10d55e8a6e5e3038f88e79e414112";

    private byte[] vrfKey;
    private VrfSeed.Derived derived;
    private PcsVerifier ed25519;
    private byte[] payload;
    private String signature;

    @Setup
    public void setUp() {
        vrfKey = Ed25519Keys.publicKeyOf(SECRET);
        derived = VrfSeed.derive(SECRET, ROOT);
        payload = ("{\"D_hat\":1.0,\"budget\":0.29,\"coh_star\":0.2,\"epoch\":1,\"merkle_root\":\"" + ROOT
                + "\",\"pcs_id\":\"x\",\"r\":0.5,\"shard_id\":\"s\"}").getBytes(StandardCharsets.UTF_8);
        signature = PcsSigner.of(SignatureAlgorithm.ED25519, SECRET).sign(payload);
        ed25519 = PcsVerifier.of(SignatureAlgorithm.ED25519, vrfKey);
        if (VrfSeed.check(vrfKey, ROOT, derived.proofBase64(), derived.seed()) != VrfSeed.Result.VALID
                || !ed25519.verify(payload, signature)) {
            throw new IllegalStateException("the benchmark's inputs do not verify");
        }
    }

    @Benchmark
    public boolean ed25519SignatureCheckBaseline() {
        return ed25519.verify(payload, signature);
    }

    @Benchmark
    public VrfSeed.Result vrfSeedCheck() {
        return VrfSeed.check(vrfKey, ROOT, derived.proofBase64(), derived.seed());
    }
}
