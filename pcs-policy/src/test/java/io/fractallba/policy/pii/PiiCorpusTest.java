package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall on the labelled corpus (src/test/resources/pii/corpus.jsonl): agent-style texts in nine
 * languages with test and generated values of every kind and detail, and hard negatives (numbers failing their
 * check, UUIDs, hashes, versions, dates, prices, the PCS's own numbers, placeholders). The corpus is hand-built and
 * synthetic, written alongside the detectors, so the figures are an upper bound for real traffic, not an estimate.
 */
class PiiCorpusTest {

    @Test
    void meetsThePrecisionAndRecallTargets() throws Exception {
        List<PiiEvaluation.LabelledText> corpus;
        try (InputStream in = PiiCorpusTest.class.getResourceAsStream("/pii/corpus.jsonl")) {
            assertThat(in).isNotNull();
            corpus = PiiEvaluation.read(in);
        }
        PiiEvaluation e = PiiEvaluation.evaluate(PiiDetector.allKinds(), corpus);
        System.out.println(e.toMarkdownTable());
        for (PiiEvaluation.Mistake m : e.mistakes()) {
            System.out.printf("%s %s/%s text %d: %s%n", m.falsePositive() ? "FP" : "FN", m.kind().code(),
                    m.detail(), m.index() + 1, m.span().replace("\n", "\\n"));
        }

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(400);
        // Every kind and every detail is represented.
        for (PiiKind k : PiiKind.values()) {
            assertThat(e.score(k).labelled()).as(k.code()).isGreaterThanOrEqualTo(30);
        }
        assertThat(e.overall().precision()).isGreaterThanOrEqualTo(0.95);
        assertThat(e.overall().recall()).isGreaterThanOrEqualTo(0.95);
        for (PiiKind k : PiiKind.values()) {
            assertThat(e.score(k).precision()).as("precision of %s", k.code()).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void everyDetailOccursInTheCorpus() throws Exception {
        List<PiiEvaluation.LabelledText> corpus;
        try (InputStream in = PiiCorpusTest.class.getResourceAsStream("/pii/corpus.jsonl")) {
            corpus = PiiEvaluation.read(in);
        }
        java.util.Set<String> details = new java.util.TreeSet<>();
        for (PiiEvaluation.LabelledText t : corpus) {
            PiiDetector.allKinds().find(t.text()).forEach(m -> details.add(m.detail()));
        }
        assertThat(details).contains("visa", "mastercard", "amex", "discover", "jcb", "diners", "unionpay", "maestro",
                "ipv4", "ipv6", "international", "national", "us_ssn", "nl_bsn", "es_dni", "es_nie", "fr_nir",
                "fi_hetu", "se_personnummer", "it_codice_fiscale", "pl_pesel", "aws_access_key_id",
                "aws_secret_access_key", "github_token", "slack_token", "google_api_key", "stripe_key",
                "openai_api_key", "anthropic_api_key", "private_key", "jwt", "password", "generic_secret",
                "bearer_token", "url_password");
    }
}
