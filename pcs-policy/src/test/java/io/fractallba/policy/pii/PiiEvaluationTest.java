package io.fractallba.policy.pii;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiEvaluationTest {

    @Test
    void countsTruePositivesFalsePositivesAndMisses() {
        List<PiiEvaluation.LabelledText> corpus = PiiEvaluation.read(stream("""
                {"text": "mail ann@example.org or call +44 20 7946 0958", "spans": [{"kind": "email", "value": "ann@example.org"}]}

                {"text": "SSN written as 536 22 5467", "spans": [{"kind": "national_id", "value": "536 22 5467"}]}
                {"text": "from 192.0.2.1", "spans": [{"kind": "phone", "value": "192.0.2.1"}]}
                """));
        assertThat(corpus).hasSize(3);
        PiiEvaluation e = PiiEvaluation.evaluate(PiiDetector.allKinds(), corpus);

        assertThat(e.score(PiiKind.EMAIL)).isEqualTo(new PiiEvaluation.Score(1, 1, 1, 1));
        assertThat(e.score(PiiKind.PHONE)).isEqualTo(new PiiEvaluation.Score(1, 0, 1, 0));   // unlabelled phone
        assertThat(e.score(PiiKind.NATIONAL_ID).recall()).isZero();
        assertThat(e.score(PiiKind.IP_ADDRESS).falsePositives()).isEqualTo(1);   // labelled as another kind
        assertThat(e.overall()).isEqualTo(new PiiEvaluation.Score(3, 1, 3, 1));
        assertThat(e.overall().precision()).isEqualTo(1.0 / 3);
        assertThat(e.score(PiiKind.IBAN).precision()).isEqualTo(1.0);   // nothing predicted, nothing labelled
        assertThat(e.mistakes()).hasSize(4);
        assertThat(e.toMarkdownTable()).contains("hand-built synthetic corpus of 3 texts",
                "| email | 1 | 1 | 1 | 0 | 0 | 1.000 | 1.000 |", "| **overall** | 3 | 3 | 1 | 2 | 2 | 0.333 | 0.333 |");
    }

    @Test
    void everyOccurrenceOfALabelledValueIsLabelled() {
        var corpus = List.of(new PiiEvaluation.LabelledText("ann@example.org and again ann@example.org",
                List.of(new PiiEvaluation.Label(PiiKind.EMAIL, "ann@example.org"))));
        assertThat(PiiEvaluation.evaluate(PiiDetector.allKinds(), corpus).score(PiiKind.EMAIL))
                .isEqualTo(new PiiEvaluation.Score(2, 2, 2, 2));
    }

    @Test
    void refusesLabelsThatAreNotInTheirText() {
        assertThatThrownBy(() -> PiiEvaluation.read(stream(
                "{\"text\": \"abc\", \"spans\": [{\"kind\": \"email\", \"value\": \"x@example.org\"}]}")))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PiiEvaluation.read(stream(
                "{\"text\": \"abc\", \"spans\": [{\"kind\": \"mail\", \"value\": \"abc\"}]}")))
                .hasMessageContaining("unknown kind");
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
