package io.fractallba.ensemble.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final EnsemblePolicy P = EnsemblePolicy.DEFAULT;

    static Subject subject(ObjectNode doc, Subject.Risk risk) throws Exception {
        byte[] raw = MAPPER.writeValueAsBytes(doc);
        Pcs pcs = new PcsParser().parse(raw);
        return new Subject("t", pcs.pcsId(), pcs, MAPPER.readTree(raw), risk);
    }

    static ObjectNode validDoc() throws Exception {
        return (ObjectNode) MAPPER.readTree(new Workloads(5).fresh().body());
    }

    @Test
    void recomputeAcceptsConsistentSignalsAndRejectsAForgedDHat() throws Exception {
        assertThat(new RecomputeCheck().vote(subject(validDoc(), null), P).verdict()).isEqualTo(Verdict.ACCEPT);
        ObjectNode forged = validDoc();
        forged.put("D_hat", forged.get("D_hat").asDouble() + 0.9);
        CheckResult r = new RecomputeCheck().vote(subject(forged, null), P);
        assertThat(r.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(r.reason()).isNotBlank();
    }

    @Test
    void riskBandDecidesOutsideTheBandAbstainsInsideAndWithoutAScore() throws Exception {
        RiskBandCheck c = new RiskBandCheck();
        assertThat(c.vote(subject(validDoc(), new Subject.Risk(0.05, 0.0, 0.25, "v1")), P).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(c.vote(subject(validDoc(), new Subject.Risk(0.95, 0.75, 1.0, "v1")), P).verdict()).isEqualTo(Verdict.REJECT);
        CheckResult wide = c.vote(subject(validDoc(), new Subject.Risk(0.2, 0.0, 0.9, "v1")), P);
        assertThat(wide.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(wide.confidence()).as("1 − the calibrated risk").isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
        CheckResult high = c.vote(subject(validDoc(), new Subject.Risk(0.9, 0.4, 1.0, "v1")), P);
        assertThat(high.verdict()).isEqualTo(Verdict.REJECT);
        assertThat(high.confidence()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(c.vote(subject(validDoc(), new Subject.Risk(0.5, 0.2, 0.8, "v1")), P).verdict()).isEqualTo(Verdict.ABSTAIN);
        CheckResult none = c.vote(subject(validDoc(), null), P);
        assertThat(none.verdict()).isEqualTo(Verdict.ABSTAIN);
        assertThat(none.reason()).contains("no risk score");
        // "no model" carries score 0.5 and [0, 1]; whatever the band, it abstains with that reason
        EnsemblePolicy loose = new EnsemblePolicy(1, java.util.List.of("hrs"), java.util.Map.of(), java.util.Map.of(),
                "closed", 0.5, 0.6, 0.9, 0.6, 0.3, false, false);
        CheckResult noModel = c.vote(subject(validDoc(), new Subject.Risk(0.5, 0.0, 1.0, "none", Subject.Risk.NO_MODEL,
                false)), loose);
        assertThat(noModel.verdict()).as("no model: the check does not apply, it does not count toward N")
                .isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(noModel.reason()).contains("no model");
        assertThat(c.vote(subject(validDoc(), new Subject.Risk(0.5, 0.0, 1.0, "v1")), loose).verdict())
                .as("the same numbers from a model accept under that band").isEqualTo(Verdict.ACCEPT);
        CheckResult synthetic = c.vote(subject(validDoc(), new Subject.Risk(0.05, 0.0, 0.25, "v1", Subject.Risk.SCORED,
                true)), P);
        assertThat(synthetic.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(synthetic.reason()).contains("synthetic model");
    }

    @Test
    void aRiskEventWithoutAUsableScoreIsRefusedNotReadAsZero() throws Exception {
        // missing or non-numeric score / interval: poison (the consumer sends it to the DLQ), never a score of 0
        for (String bad : new String[]{
                "{\"interval_low\":0,\"interval_high\":0.2,\"model_version\":\"v1\"}",
                "{\"score\":\"0.1\",\"interval_low\":0,\"interval_high\":0.2}",
                "{\"score\":0.1,\"interval_high\":0.2}",
                "{\"score\":0.1,\"interval_low\":0,\"interval_high\":null,\"status\":\"scored\"}",
                "{\"score\":1.7,\"interval_low\":0,\"interval_high\":1}",
                "{\"score\":0.5,\"interval_low\":0.6,\"interval_high\":0.9}",
                "{\"score\":0.1,\"interval_low\":0,\"interval_high\":0.2,\"status\":7}",
                "{\"score\":0.1,\"interval_low\":0,\"interval_high\":0.2,\"synthetic\":\"no\"}"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Subject.Risk.parse(MAPPER.readTree(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        Subject.Risk old = Subject.Risk.parse(MAPPER.readTree(
                "{\"score\":0.1,\"interval_low\":0,\"interval_high\":0.2,\"model_version\":\"v3\"}"));
        assertThat(old.scored()).as("an event from before status existed was scored").isTrue();
        assertThat(old.synthetic()).as("and does not say by what kind of model").isNull();
        assertThat(new RiskBandCheck().vote(subject(validDoc(), old), P).reason()).contains("origin not stated");
        Subject.Risk noModel = Subject.Risk.parse(MAPPER.readTree("{\"status\":\"no_model\",\"model_version\":\"none\"}"));
        assertThat(noModel.scored()).isFalse();
    }

    @Test
    void aRiskStatusTheEnsembleDoesNotKnowAbstainsWhateverTheNumbers() throws Exception {
        Subject.Risk future = Subject.Risk.parse(MAPPER.readTree("{\"status\":\"degraded\",\"score\":0.01,"
                + "\"interval_low\":0,\"interval_high\":0.02,\"model_version\":\"v9\",\"synthetic\":false}"));
        assertThat(future.scored()).isFalse();
        CheckResult r = new RiskBandCheck().vote(subject(validDoc(), future), P);
        assertThat(r.verdict()).isEqualTo(Verdict.ABSTAIN);
        assertThat(r.reason()).contains("degraded");
        assertThat(io.fractallba.ensemble.model.Signals.features(subject(validDoc(), future))[4])
                .as("not a micro-vote input either").isNaN();
    }

    @Test
    void groundingMeasuresWordOverlapWithTheCitations() throws Exception {
        ObjectNode grounded = validDoc();
        grounded.put("text", "The Eiffel Tower was completed in 1889 for the World's Fair in Paris.");
        grounded.putArray("citations").add("Completed in 1889, the Eiffel Tower was built for the 1889 World's Fair held in Paris.");
        CheckResult g = new GroundingCheck().vote(subject(grounded, null), P);
        assertThat(g.verdict()).as(g.reason()).isEqualTo(Verdict.ACCEPT);

        ObjectNode invented = validDoc();
        invented.put("text", "Gustave Eiffel designed submarines for Napoleon during the Crimean campaign.");
        invented.putArray("citations").addObject().put("text", "The Eiffel Tower is a wrought-iron lattice tower in Paris.");
        CheckResult i = new GroundingCheck().vote(subject(invented, null), P);
        assertThat(i.verdict()).as(i.reason()).isEqualTo(Verdict.REJECT);

        assertThat(new GroundingCheck().vote(subject(validDoc(), null), P).verdict()).as("no text to ground")
                .isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(GroundingCheck.tokens("The Tower's height: 330 m — ＰＡＲＩＳ!")).containsExactly("tower", "height", "330", "paris");
    }
}
