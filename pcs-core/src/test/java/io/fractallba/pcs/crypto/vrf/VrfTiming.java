package io.fractallba.pcs.crypto.vrf;

import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * A JMH-free timing harness (not a test: surefire runs only *Test classes): the mean time of {@link VrfSeed#check},
 * {@link VrfSeed#derive} and, in the same run, of the BouncyCastle Ed25519 signature check the verifier already pays
 * per submission (as in e2e-tests' VrfBenchmark). Run with the test classpath:
 * {@code java -cp <test-classes>:<classes>:<deps> io.fractallba.pcs.crypto.vrf.VrfTiming [seconds per case]}.
 */
public final class VrfTiming {

    private static final byte[] SECRET = HexFormat.of()
            .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String ROOT = "e966b52c992aefad3c3d0196db02554f30d10d55e8a6e5e3038f88e79e414112";

    private static volatile Object sink;

    private VrfTiming() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        byte[] pk = Ed25519Keys.publicKeyOf(SECRET);
        VrfSeed.Derived d = VrfSeed.derive(SECRET, ROOT);
        byte[] payload = ("{\"merkle_root\":\"" + ROOT + "\"}").getBytes(StandardCharsets.UTF_8);
        String sig = PcsSigner.of(SignatureAlgorithm.ED25519, SECRET).sign(payload);
        PcsVerifier ed = PcsVerifier.of(SignatureAlgorithm.ED25519, pk);
        if (VrfSeed.check(pk, ROOT, d.proofBase64(), d.seed()) != VrfSeed.Result.VALID || !ed.verify(payload, sig)) {
            throw new IllegalStateException("inputs do not verify");
        }
        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? "warm-up " : "measured";
            double edUs = time(tag, "ed25519 verify (BC)", seconds, () -> ed.verify(payload, sig));
            double checkUs = time(tag, "VrfSeed.check", seconds, () -> VrfSeed.check(pk, ROOT, d.proofBase64(), d.seed()));
            time(tag, "VrfSeed.derive", seconds, () -> VrfSeed.derive(SECRET, ROOT));
            System.out.printf("%s  check / ed25519 verify = %.2f%n", tag, checkUs / edUs);
        }
    }

    private static double time(String tag, String name, double seconds, Supplier<Object> op) {
        long budget = (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                sink = op.get();
            }
            n += 16;
            now = System.nanoTime();
        } while (now - start < budget);
        double us = (now - start) / 1e3 / n;
        System.out.printf("%s  %-22s %10.1f us/op  (%,d ops)%n", tag, name, us, n);
        return us;
    }
}
