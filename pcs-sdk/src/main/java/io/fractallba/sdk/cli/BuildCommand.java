package io.fractallba.sdk.cli;

import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.PcsFactory;
import io.fractallba.sdk.signals.BoxCounting;
import io.fractallba.sdk.signals.Coherence;
import io.fractallba.sdk.signals.Compressibility;
import io.fractallba.sdk.signals.CsvTrace;
import io.fractallba.sdk.signals.MerkleRoot;
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

    @Option(names = "--rng-seed", defaultValue = "42", description = "seed of the coh★ directions (default ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Override
    public Integer call() throws Exception {
        CsvTrace trace = CsvTrace.parse(Files.readString(in, StandardCharsets.UTF_8));
        Coherence.Result coh = Coherence.of(trace.points(), seed, 100, 10);
        Pcs pcs = new PcsFactory(keys.signer()).build(new PcsFactory.Signals(scales,
                BoxCounting.counts(trace.points(), scales), coh.cohStar(), coh.vStar(),
                Compressibility.ratio(trace.raw()), MerkleRoot.of(trace.raw(), MerkleRoot.DEFAULT_CHUNK), epoch, shard,
                seed));
        String json = PcsJsonWriter.text(pcs);
        if (out == null) {
            System.out.println(json);
        } else {
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.err.println("wrote " + out + " (pcs_id " + pcs.pcsId() + ", D_hat " + pcs.dHat() + ", regime " + pcs.regime() + ")");
        }
        return 0;
    }
}
