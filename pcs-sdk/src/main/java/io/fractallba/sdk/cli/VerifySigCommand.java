package io.fractallba.sdk.cli;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "verify-sig", description = "Check a PCS offline: parse, signature and the verifier's decision. "
        + "Exit 0 when the signature verifies, 1 when it does not, 2 when the file is not a valid PCS.")
final class VerifySigCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "PCS file")
    Path file;

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Override
    public Integer call() throws Exception {
        Pcs pcs;
        try {
            pcs = new PcsParser().parse(Files.readAllBytes(file));
        } catch (PcsParseException e) {
            System.err.println(file + ": not a valid PCS: " + e.getMessage());
            return 2;
        }
        boolean ok = pcs.hasSignature() && keys.verifier().verify(SignaturePayload.bytes(pcs.signedFields()), pcs.sig());
        Outcome o = PcsDecider.decide(pcs, Policy.DEFAULT_V1);
        System.out.printf("%s: signature %s; decision: status %d%s%n", file, ok ? "OK" : "INVALID", o.httpStatus(),
                o.reasonCode() == null ? " (accepted)" : " (" + o.reasonCode() + ": " + o.reason() + ")");
        return ok ? 0 : 1;
    }
}
