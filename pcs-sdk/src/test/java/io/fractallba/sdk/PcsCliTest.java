package io.fractallba.sdk;

import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.cli.PcsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The pcs CLI in process: build from the golden CSV, verify offline, detect tampering and bad input. */
class PcsCliTest {

    @TempDir
    Path tmp;

    private static int run(String... args) {
        return PcsCli.commandLine().execute(args);
    }

    @Test
    void buildVerifyAndTamper() throws Exception {
        Path csv = GoldenFiles.dir().resolve("agent-csv/tiny_case_1.csv");
        Path out = tmp.resolve("case1.json");
        assertThat(run("build", "--in", csv.toString(), "--out", out.toString(), "--shard", "test-shard-001",
                "--epoch", "1", "--secret", "testsecret")).isZero();
        Pcs built = new PcsParser().parse(Files.readAllBytes(out));
        Pcs golden = new PcsParser().parse(GoldenFiles.bytes("pcs_tiny_case_1.json"));
        assertThat(built.pcsId()).isEqualTo(golden.pcsId());
        assertThat(built.nj()).isEqualTo(golden.nj());
        assertThat(built.dHat()).isEqualTo(golden.dHat());
        assertThat(built.r()).isEqualTo(golden.r());
        assertThat(built.cohStar()).isBetween(0.0, 1.0);

        assertThat(run("verify-sig", out.toString(), "--secret", "testsecret")).isZero();
        assertThat(run("verify-sig", out.toString(), "--secret", "another")).isEqualTo(1);
        Files.writeString(out, Files.readString(out).replace("\"epoch\":1", "\"epoch\":2"));
        assertThat(run("verify-sig", out.toString(), "--secret", "testsecret")).isEqualTo(1);
        Files.writeString(out, "{not json");
        assertThat(run("verify-sig", out.toString(), "--secret", "testsecret")).isEqualTo(2);
    }

    @Test
    void ed25519SignAndVerifyWithGeneratedKeys() throws Exception {
        assertThat(run("keygen", "--type", "ed25519")).isZero();
        String seed = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="; // RFC 8032 §7.1 TEST 1
        Path file = tmp.resolve("golden.json");
        Files.write(file, GoldenFiles.bytes("pcs_tiny_case_2.json"));
        assertThat(run("sign", "--in", file.toString(), "--alg", "ed25519", "--seed", seed)).isZero();
        assertThat(run("verify-sig", file.toString(), "--alg", "ed25519",
                "--public-key", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")).isZero();
        assertThat(run("verify-sig", file.toString(), "--secret", "testsecret")).isEqualTo(1);
    }

    @Test
    void anUnreachableVerifierOrAMissingFileIsOneClearLineNotAStackTrace() throws Exception {
        Path file = tmp.resolve("case1.json");
        Files.write(file, GoldenFiles.bytes("pcs_tiny_case_1.json"));
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = PcsCli.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("submit", file.toString(), "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: cannot reach the service").doesNotContain("at java.");
        err.getBuffer().setLength(0);
        assertThat(cli.execute("submit", tmp.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file").contains("missing.json");
    }
}
