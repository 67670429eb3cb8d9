package io.fractallba.sdk.cli;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sign", description = "(Re)sign a PCS file in place or to --out.")
final class SignCommand implements Callable<Integer> {

    @Option(names = "--in", required = true)
    Path in;

    @Option(names = "--out", description = "Output file (default: overwrite --in)")
    Path out;

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Override
    public Integer call() throws Exception {
        Pcs pcs = new PcsParser().parse(Files.readAllBytes(in));
        Pcs signed = pcs.withSignature(keys.signer().sign(SignaturePayload.bytes(pcs.signedFields())));
        Files.writeString(out == null ? in : out, PcsJsonWriter.text(signed), StandardCharsets.UTF_8);
        return 0;
    }
}
