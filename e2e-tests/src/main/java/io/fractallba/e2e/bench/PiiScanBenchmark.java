package io.fractallba.e2e.bench;

import io.fractallba.policy.pii.PiiDetector;
import io.fractallba.policy.pii.PiiJsonScanner;
import io.fractallba.policy.pii.PiiScan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What PII screening adds to one submission, in-process: {@code scan} (detect and block modes) and {@code redact}
 * over (a) the golden tiny case, a PCS without attachments; (b) the same with about 2 KiB of attached text,
 * citations and usage free of PII (numbers, dates, versions and URLs that the detectors must look at and refuse);
 * (c) the same attachments with a few PII values (e-mail, phone, card, IBAN, IP address, a password assignment).
 * All kinds are enabled. Standalone: {@code PiiScanBenchmark [projectRoot]} prints a markdown table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PiiScanBenchmark {

    /** About 2 KiB of what agents attach, with no personal data: the scanner must read it all and report nothing. */
    static final String ATTACHMENTS = """
            ,
              "text": "Summary of run 2025-01-19: the agent processed 1,284 support tickets in 3.2 min (p50 142 ms, \
            p99 1.8 s). Ticket volume rose 4.5% week over week; 37 tickets were escalated, 12 of them about the export \
            button in version 2.14.3, fixed in 2.14.4 (build 20250119.3). The billing cluster at region eu-west-1 \
            reported 99.95% availability; two incidents (INC-4471 and INC-4472) lasted 00:12:34 and 00:03:10. Refunds \
            totalled EUR 12,345.67 across 89 orders; the largest single refund was EUR 1,299.00 for order 2024-118734. \
            The model's answers cited the knowledge base 214 times; 3 citations pointed to archived pages. Next steps: \
            re-run the classifier with threshold 0.85, update the FAQ entry 7.3 and close the 41 stale tickets older \
            than 90 days.\\nConfidence: 0.87.",
              "citations": [
                {"text": "Exports larger than 50,000 rows are split into files of 10,000 rows each; see section 4.2.", \
            "url": "https://docs.example.com/export/limits#section-4.2", "title": "Export limits (v2.14)"},
                {"text": "Refunds are processed within 5-7 business days after approval by the billing team.", \
            "url": "https://help.example.com/articles/360012345678-refund-timeline", "title": "Refund timeline"},
                {"text": "Release 2.14.4 fixes the export button on Safari 17.2 and Firefox 121.0.", \
            "url": "https://status.example.com/releases/2.14.4", "title": "Release notes 2.14.4"},
                "Internal wiki: escalation matrix P1 = 15 min, P2 = 1 h, P3 = 8 h (updated 2024-11-02)."
              ],
              "usage": {"model": "gpt-4o-2024-08-06", "task": "weekly support summary", "input_tokens": 18234,
                        "output_tokens": 912, "provider_cost_usd": 0.0412}
            }
            """;

    /** The same attachments with six PII values in them. */
    static final String ATTACHMENTS_PII = ATTACHMENTS
            .replace("12 of them about", "12 of them (one from jane.doe@example.com, call back +44 20 7946 0958) about")
            .replace("for order 2024-118734.", "for order 2024-118734, card 4111 1111 1111 1111, refunded to "
                    + "GB82 WEST 1234 5698 7654 32.")
            .replace("3 citations pointed", "requests came from 192.0.2.146; 3 citations pointed")
            .replace("\"task\": \"weekly support summary\"",
                    "\"task\": \"weekly support summary, db password=Tr0ub4dor&3\"");

    @Param({"tiny", "attachments", "attachments_pii"})
    public String document;

    private byte[] doc;
    private PiiJsonScanner scanner;
    private final io.fractallba.pcs.json.PcsParser parser = new io.fractallba.pcs.json.PcsParser();

    @Setup
    public void setup() {
        scanner = new PiiJsonScanner(PiiDetector.allKinds());
        doc = document(document);
        // The variants must be what they claim, or the comparison says nothing.
        int expected = document.equals("attachments_pii") ? 6 : 0;
        int found = scanner.scan(doc).findings().size();
        if (found != expected) {
            throw new IllegalStateException(document + ": " + found + " findings, expected " + expected);
        }
    }

    static byte[] document(String variant) {
        String golden = new String(goldenTinyCase(), StandardCharsets.UTF_8);
        String open = golden.substring(0, golden.lastIndexOf('}')).stripTrailing();
        return switch (variant) {
            case "tiny" -> goldenTinyCase();
            case "attachments" -> (open + ATTACHMENTS).getBytes(StandardCharsets.UTF_8);
            case "attachments_pii" -> (open + ATTACHMENTS_PII).getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(variant);
        };
    }

    /** contract/golden/pcs_tiny_case_1.json: {@code flk.golden.dir}, else found above the working directory. */
    static byte[] goldenTinyCase() {
        String configured = System.getProperty("flk.golden.dir", "");
        Path dir = configured.isBlank() ? null : Path.of(configured);
        for (Path p = Path.of("").toAbsolutePath(); dir == null && p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("contract/golden"))) {
                dir = p.resolve("contract/golden");
            }
        }
        if (dir == null) {
            throw new IllegalStateException("contract/golden not found above " + Path.of("").toAbsolutePath()
                    + "; run from the project or set -Dflk.golden.dir");
        }
        try {
            return Files.readAllBytes(dir.resolve("pcs_tiny_case_1.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Baseline measured in the same run: what the verifier already spends parsing the same document. */
    @Benchmark
    public io.fractallba.pcs.model.Pcs parseBaseline() throws io.fractallba.pcs.json.PcsParseException {
        return parser.parse(doc);
    }

    @Benchmark
    public PiiScan scan() {
        return scanner.scan(doc);
    }

    @Benchmark
    public PiiScan redact() {
        return scanner.redact(doc);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        System.setProperty("flk.golden.dir", root.resolve("contract/golden").toString());
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(PiiScanBenchmark.class.getName())
                .jvmArgs("-Xmx256m", "-Dflk.golden.dir=" + System.getProperty("flk.golden.dir")).build()).run();
        StringBuilder md = new StringBuilder("| document | bytes | operation | µs/op | ± (99.9%) |\n"
                + "|---|---:|---|---:|---:|\n");
        for (RunResult r : results) {
            String variant = r.getParams().getParam("document");
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f |%n", variant,
                    document(variant).length, r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        System.out.println(md);
    }
}
