package io.fractallba.sdk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pcs} command line: what an agent developer uses to make, sign, check and send PCS documents. */
@Command(name = "pcs", mixinStandardHelpOptions = true, version = "pcs 0.1.0",
        description = "Build, sign, verify and submit Proof-of-Computation Summaries.",
        subcommands = {KeygenCommand.class, BuildCommand.class, SignCommand.class, VerifySigCommand.class,
                SubmitCommand.class, AuditCommand.class, CostCommand.class, LoadCommand.class})
public final class PcsCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PcsCli());
    }
}
