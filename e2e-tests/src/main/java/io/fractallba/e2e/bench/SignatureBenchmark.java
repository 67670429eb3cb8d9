package io.fractallba.e2e.bench;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.load.Workloads;
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

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;

/**
 * What one submission costs in CPU before any I/O: canonical payload + signature check, for HMAC and Ed25519, with
 * the JDK's own Ed25519 provider as the in-run baseline, and the strict parse of a whole document.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SignatureBenchmark {

    private Pcs hmacPcs;
    private Pcs edPcs;
    private byte[] body;
    private PcsVerifier hmac;
    private PcsVerifier ed25519;
    private PublicKey jdkKey;
    private byte[] edSig;
    private final PcsParser parser = new PcsParser();

    @Setup
    public void setup() throws Exception {
        Workloads w = new Workloads(System.nanoTime());
        hmacPcs = w.signals(new io.fractallba.sdk.PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, Workloads.DEMO_HMAC)));
        edPcs = w.signals(new io.fractallba.sdk.PcsFactory(PcsSigner.of(SignatureAlgorithm.ED25519, Workloads.DEMO_ED25519_SEED)));
        body = PcsJsonWriter.bytes(hmacPcs);
        hmac = PcsVerifier.of(SignatureAlgorithm.HMAC, Workloads.DEMO_HMAC);
        byte[] pub = Ed25519Keys.publicKeyOf(Workloads.DEMO_ED25519_SEED);
        ed25519 = PcsVerifier.of(SignatureAlgorithm.ED25519, pub);
        byte[] x509 = new byte[44];
        System.arraycopy(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), 0, x509, 0, 12);
        System.arraycopy(pub, 0, x509, 12, 32);
        jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        edSig = java.util.Base64.getDecoder().decode(edPcs.sig());
    }

    @Benchmark
    public boolean payloadPlusHmacVerify() {
        return hmac.verify(SignaturePayload.bytes(hmacPcs.signedFields()), hmacPcs.sig());
    }

    @Benchmark
    public boolean payloadPlusEd25519VerifyBouncyCastle() {
        return ed25519.verify(SignaturePayload.bytes(edPcs.signedFields()), edPcs.sig());
    }

    @Benchmark
    public boolean payloadPlusEd25519VerifyJdkBaseline() throws Exception {
        byte[] digest = io.fractallba.pcs.crypto.Hashes.sha256(SignaturePayload.bytes(edPcs.signedFields()));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(jdkKey);
        s.update(digest);
        return s.verify(edSig);
    }

    @Benchmark
    public byte[] payloadOnly() {
        return SignaturePayload.bytes(hmacPcs.signedFields());
    }

    @Benchmark
    public Pcs strictParse() throws Exception {
        return parser.parse(body);
    }
}
