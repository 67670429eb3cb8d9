package io.fractallba.audit.support;

import io.fractallba.sdk.cli.PcsCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the real {@code pcs} CLI in process and captures what it prints. */
public final class Cli {

    public record Run(int exit, String out) {
    }

    private Cli() {
    }

    public static synchronized Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = PcsCli.commandLine().execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
