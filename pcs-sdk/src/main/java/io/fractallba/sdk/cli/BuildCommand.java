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
        Pcs pcs = new PcsFactory(keys.signer()).fromTrace(trace, scales, seed, epoch, shard);
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
