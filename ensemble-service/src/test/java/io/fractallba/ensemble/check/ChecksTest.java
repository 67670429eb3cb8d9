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

        assertThat(new GroundingCheck().vote(subject(validDoc(), null), P).verdict()).isEqualTo(Verdict.ABSTAIN);
        assertThat(GroundingCheck.tokens("The Tower's height: 330 m — ＰＡＲＩＳ!")).containsExactly("tower", "height", "330", "paris");
    }
}
