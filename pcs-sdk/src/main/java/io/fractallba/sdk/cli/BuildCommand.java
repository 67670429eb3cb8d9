package io.fractallba.sdk.cli;

import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.PcsFactory;
import io.fractallba.sdk.signals.CsvTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "build", description = "Compute the signals of a CSV trace (timestamp,x,y,z) and write a signed PCS.")
final class BuildCommand implements Callable<Integer> {

    private static final long DEFAULT_SEED = 42;

    @Option(names = "--in", required = true, description = "CSV trace with a header row")
    Path in;

    @Option(names = "--out", description = "Output file (default: standard output)")
    Path out;

    @Option(names = "--shard", defaultValue = "shard-0", description = "shard_id (default ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--epoch", defaultValue = "1", description = "epoch (default ${DEFAULT-VALUE})")
    long epoch;

    @Option(names = "--scales", split = ",", defaultValue = "2,4,8,16", description = "box-counting scales")
    List<Long> scales;

    @Option(names = "--rng-seed", description = "seed of the coh★ directions (default 42; not with --vrf-key)")
    Long seed;

    @Option(names = "--vrf-key", paramLabel = "<file>", description = "file holding the tenant's VRF secret key (32 bytes, "
            + "base64 or 64 hex digits: a seed from `pcs keygen --type ed25519` works). The seed becomes the VRF output "
            + "over the trace's merkle_root and its proof is written as vrf_proof, for tenants that require VRF seeds.")
    Path vrfKey;

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Override
    public Integer call() throws Exception {
        if (vrfKey != null && seed != null) {
            throw new IllegalArgumentException("--rng-seed and --vrf-key exclude each other: with a VRF key the seed is "
                    + "the VRF output over the merkle_root");
        }
        CsvTrace trace = CsvTrace.parse(Files.readString(in, StandardCharsets.UTF_8));
        PcsFactory factory = new PcsFactory(keys.signer());
        Pcs pcs;
        String json;
        if (vrfKey != null) {
            byte[] key = KeyOptions.key32("--vrf-key", Files.readString(vrfKey, StandardCharsets.UTF_8));
            PcsFactory.VrfBuilt built = factory.fromTraceWithVrf(trace, scales, key, epoch, shard);
            pcs = built.pcs();
            json = built.json();
        } else {
            pcs = factory.fromTrace(trace, scales, seed == null ? DEFAULT_SEED : seed, epoch, shard);
            json = PcsJsonWriter.text(pcs);
        }
        if (out == null) {
            System.out.println(json);
        } else {
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.err.println("wrote " + out + " (pcs_id " + pcs.pcsId() + ", D_hat " + pcs.dHat() + ", regime " + pcs.regime() + ")");
        }
        return 0;
    }
}
