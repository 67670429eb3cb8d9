package io.fractallba.sdk.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.vrf.VrfSeed;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
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
        byte[] doc = Files.readAllBytes(in);
        Pcs pcs = new PcsParser().parse(doc);
        Pcs signed = pcs.withSignature(keys.signer().sign(SignaturePayload.bytes(pcs.signedFields())));
        // The VRF proof is outside the model and the signature, but it still proves the unchanged seed: keep it.
        Files.writeString(out == null ? in : out, PcsJsonWriter.text(signed, vrfProof(doc)), StandardCharsets.UTF_8);
        return 0;
    }

    /** The top-level string member vrf_proof of a document the parser accepted, or null. */
    private static String vrfProof(byte[] doc) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(doc)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(VrfSeed.MEMBER) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        }
    }
}
