package io.fractallba.sdk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pcs} command line: what an agent developer uses to make, sign, check and send PCS documents. */
@Command(name = "pcs", mixinStandardHelpOptions = true, version = "pcs 0.1.0",
        description = "Build, sign, verify and submit Proof-of-Computation Summaries.",
        subcommands = {KeygenCommand.class, BuildCommand.class, SignCommand.class, VerifySigCommand.class,
                SubmitCommand.class, AuditCommand.class, CostCommand.class, LoadCommand.class,
                TokenCommand.class, PolicyCommand.class})
public final class PcsCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine.ITypeConverter<Long> asciiInteger = PcsCli::asciiInteger;
        return new CommandLine(new PcsCli()).registerConverter(Long.class, asciiInteger)
                .registerConverter(Long.TYPE, asciiInteger).setExecutionExceptionHandler(PcsCli::explain);
    }

    /**
     * Integers on the command line as every SDK's CLI reads them: ASCII {@code -?[0-9]+}, surrounding spaces ignored.
     * Long.parseLong alone would also take "+5" and other scripts' digits ("٣" is 3), which the other SDKs refuse.
     */
    static Long asciiInteger(String text) {
        String t = text.strip();
        if (!t.matches("-?[0-9]+")) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not an integer (digits 0-9, an optional '-')");
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' does not fit in a signed 64-bit integer");
        }
    }

    /**
     * The last resort for failures a command did not turn into a message itself: one line a user can act on, exit 2,
     * never a stack trace.
     */
    private static int explain(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message;
        if (e instanceof java.net.ConnectException) {
            message = "cannot reach the service (connection refused): is it running, and is --url right?";
        } else if (e instanceof java.net.http.HttpTimeoutException) {
            message = "the service did not answer in time";
        } else if (e instanceof java.nio.file.NoSuchFileException f) {
            message = "no such file: " + f.getFile();
        } else if (e instanceof java.io.FileNotFoundException) {
            message = "no such file: " + String.valueOf(e.getMessage()).replaceFirst(" not found$", "");
        } else if (e instanceof java.nio.file.AccessDeniedException f) {
            message = "cannot read " + f.getFile() + ": permission denied";
        } else {
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        cmd.getErr().println("error: " + message);
        return 2;
    }
}
