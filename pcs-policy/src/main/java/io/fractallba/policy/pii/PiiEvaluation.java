package io.fractallba.policy.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Precision and recall of a detector on labelled texts, per kind and overall. A predicted span is a true positive
 * when it overlaps a labelled span of the same kind; a labelled span is found when a prediction of its kind overlaps
 * it. Precision = predictions that are true positives / predictions; recall = labelled spans found / labelled spans.
 * A prediction of the wrong kind is a false positive of its kind and leaves the label a false negative.
 */
public final class PiiEvaluation {

    /** One labelled span: its kind and the exact text; every occurrence of the text in its text is labelled. */
    public record Label(PiiKind kind, String value) {
        public Label {
            Objects.requireNonNull(kind, "kind");
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("empty label value");
            }
        }
    }

    public record LabelledText(String text, List<Label> labels) {
        public LabelledText {
            Objects.requireNonNull(text, "text");
            labels = List.copyOf(labels);
            for (Label l : labels) {
                if (!text.contains(l.value())) {
                    throw new IllegalArgumentException("label value not in its text: " + l.value());
                }
            }
        }
    }

    /** Counts of one kind (or overall). */
    public record Score(int labelled, int found, int predicted, int truePositives) {

        public int falsePositives() {
            return predicted - truePositives;
        }

        public int falseNegatives() {
            return labelled - found;
        }

        /** 1 when nothing was predicted: no prediction was wrong. */
        public double precision() {
            return predicted == 0 ? 1.0 : (double) truePositives / predicted;
        }

        /** 1 when nothing was labelled: nothing was missed. */
        public double recall() {
            return labelled == 0 ? 1.0 : (double) found / labelled;
        }

        Score plus(Score o) {
            return new Score(labelled + o.labelled, found + o.found, predicted + o.predicted,
                    truePositives + o.truePositives);
        }
    }

    /** A mistake, for reading what went wrong: a false positive or a false negative in text {@code index}. */
    public record Mistake(int index, boolean falsePositive, PiiKind kind, String detail, String span) {
    }

    private final int texts;
    private final Map<PiiKind, Score> byKind;
    private final List<Mistake> mistakes;

    private PiiEvaluation(int texts, Map<PiiKind, Score> byKind, List<Mistake> mistakes) {
        this.texts = texts;
        this.byKind = byKind;
        this.mistakes = List.copyOf(mistakes);
    }

    public static PiiEvaluation evaluate(PiiDetector detector, List<LabelledText> corpus) {
        Map<PiiKind, int[]> counts = new EnumMap<>(PiiKind.class);   // labelled, found, predicted, tp
        for (PiiKind k : PiiKind.values()) {
            counts.put(k, new int[4]);
        }
        List<Mistake> mistakes = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            LabelledText lt = corpus.get(i);
            List<PiiMatch> predicted = detector.find(lt.text());
            List<PiiMatch> labelled = spans(lt);
            for (PiiMatch l : labelled) {
                counts.get(l.kind())[0]++;
                if (predicted.stream().anyMatch(p -> p.kind() == l.kind() && p.overlaps(l))) {
                    counts.get(l.kind())[1]++;
                } else {
                    mistakes.add(new Mistake(i, false, l.kind(), "", lt.text().substring(l.start(), l.end())));
                }
            }
            for (PiiMatch p : predicted) {
                counts.get(p.kind())[2]++;
                if (labelled.stream().anyMatch(l -> l.kind() == p.kind() && l.overlaps(p))) {
                    counts.get(p.kind())[3]++;
                } else {
                    mistakes.add(new Mistake(i, true, p.kind(), p.detail(), lt.text().substring(p.start(), p.end())));
                }
            }
        }
        Map<PiiKind, Score> byKind = new EnumMap<>(PiiKind.class);
        counts.forEach((k, c) -> byKind.put(k, new Score(c[0], c[1], c[2], c[3])));
        return new PiiEvaluation(corpus.size(), byKind, mistakes);
    }

    /** Every occurrence of every label's value, as spans. */
    private static List<PiiMatch> spans(LabelledText lt) {
        List<PiiMatch> out = new ArrayList<>();
        for (Label l : lt.labels()) {
            for (int at = lt.text().indexOf(l.value()); at >= 0; at = lt.text().indexOf(l.value(), at + 1)) {
                PiiMatch m = new PiiMatch(l.kind(), at, at + l.value().length(), "label");
                if (out.stream().noneMatch(o -> o.start() == m.start() && o.kind() == m.kind())) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Reads JSON lines {@code {"text": "…", "spans": [{"kind": "email", "value": "…"}]}}; blank lines are skipped. */
    public static List<LabelledText> read(InputStream jsonl) {
        ObjectMapper mapper = new ObjectMapper();
        List<LabelledText> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jsonl, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = mapper.readTree(line);
                if (!node.path("text").isTextual()) {
                    throw new IllegalArgumentException("line " + n + ": no \"text\"");
                }
                List<Label> labels = new ArrayList<>();
                for (JsonNode s : node.path("spans")) {
                    String code = s.path("kind").asText();
                    PiiKind kind = PiiKind.ofCode(code).orElseThrow(() ->
                            new IllegalArgumentException("unknown kind " + code));
                    labels.add(new Label(kind, s.path("value").asText()));
                }
                try {
                    out.add(new LabelledText(node.get("text").asText(), labels));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public int texts() {
        return texts;
    }

    public Score score(PiiKind kind) {
        return byKind.get(kind);
    }

    public Score overall() {
        Score total = new Score(0, 0, 0, 0);
        for (Score s : byKind.values()) {
            total = total.plus(s);
        }
        return total;
    }

    public List<Mistake> mistakes() {
        return mistakes;
    }

    public String toMarkdownTable() {
        Score all = overall();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Data: a hand-built synthetic corpus of %d texts (%d labelled spans; test "
                + "and generated values, no real person's data), not a sample of production traffic.%n%n", texts,
                all.labelled()));
        md.append("| kind | labelled | predicted | TP | FP | FN | precision | recall |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PiiKind k : PiiKind.values()) {
            row(md, k.code(), byKind.get(k));
        }
        row(md, "**overall**", all);
        md.append("\nTP: predictions overlapping a labelled span of their kind; FP: the other predictions; FN: "
                + "labelled spans no prediction of their kind overlaps. Precision = TP / predicted, recall = "
                + "(labelled - FN) / labelled.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Score s) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.3f | %.3f |%n", name, s.labelled(),
                s.predicted(), s.truePositives(), s.falsePositives(), s.falseNegatives(), s.precision(), s.recall()));
    }
}
