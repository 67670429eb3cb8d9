package io.fractallba.e2e.bench;

import io.fractallba.policy.pii.PiiDetector;
import io.fractallba.policy.pii.PiiEvaluation;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What screening attachments costs and how well it works (docs/policies.md, "PII" and "VRF-derived seeds"): the PII
 * detectors' precision and recall on the labelled corpus, the per-request cost of a PII scan and a redaction against
 * parsing the same document, and the per-request cost of a VRF seed check against the Ed25519 signature check —
 * baselines measured in the same run.
 */
final class AttachmentBenchmark {

    static final String HEADING = "## PII screening and VRF seeds";
    static final String CORPUS = "pcs-policy/src/test/resources/pii/corpus.jsonl";

    private final Path root;

    AttachmentBenchmark(Path root) {
        this.root = root;
    }

    String run() throws Exception {
        StringBuilder md = new StringBuilder(HEADING + "\n\n");
        corpus(md);
        micro(md, PiiScanBenchmark.class.getName(), "PII screening per request (JMH, one thread)",
                "parseBaseline", "parsing the same document with the contract's parser");
        micro(md, VrfBenchmark.class.getName(), "VRF seed check per request (JMH, one thread)",
                "ed25519SignatureCheckBaseline", "an Ed25519 signature check of a PCS payload");
        return md.toString();
    }

    private void corpus(StringBuilder md) throws Exception {
        PiiEvaluation e;
        try (InputStream in = Files.newInputStream(root.resolve(CORPUS))) {
            e = PiiEvaluation.evaluate(PiiDetector.allKinds(), PiiEvaluation.read(in));
        }
        md.append("Detection quality on `").append(CORPUS).append("` (").append(e.texts())
                .append(" texts written for this purpose: synthetic, with test values and hard negatives; a span "
                        + "counts when the kind matches and it overlaps the labelled value). `PiiCorpusTest` asserts "
                        + "the floors.\n\n");
        md.append(e.toMarkdownTable()).append("\n\n");
    }

    /** Runs one JMH class; each row is compared with the baseline benchmark of the same parameters. */
    private void micro(StringBuilder md, String benchmark, String title, String baseline, String baselineWhat)
            throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(benchmark.replace(".", "\\.") + "\\.").jvmArgs("-Xmx256m",
                        "-Dflk.golden.dir=" + root.resolve("contract/golden")).build()).run();
        Map<String, Map<String, double[]>> byParams = new LinkedHashMap<>();
        for (RunResult r : results) {
            String params = r.getParams().getParamsKeys().stream().map(k -> k + "=" + r.getParams().getParam(k))
                    .collect(java.util.stream.Collectors.joining(", "));
            byParams.computeIfAbsent(params, k -> new LinkedHashMap<>()).put(
                    r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    new double[]{r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        String unit = results.isEmpty() ? "" : results.iterator().next().getPrimaryResult().getScoreUnit();
        md.append(title).append("; baseline `").append(baseline).append("` is ").append(baselineWhat)
                .append(", measured in the same run:\n\n| parameters | benchmark | ").append(unit)
                .append(" | ± (99.9%) | × baseline |\n|---|---|---:|---:|---:|\n");
        for (var p : byParams.entrySet()) {
            double base = p.getValue().getOrDefault(baseline, new double[]{Double.NaN})[0];
            for (var e : p.getValue().entrySet()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n",
                        p.getKey().isEmpty() ? "—" : p.getKey(), e.getKey(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[0] / base));
            }
        }
        md.append('\n');
    }
}
