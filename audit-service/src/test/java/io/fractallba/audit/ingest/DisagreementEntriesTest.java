package io.fractallba.audit.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.log.AuditEntry;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.event.EnsembleDecision;
import io.fractallba.pcs.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ensemble's disagreements become audit entries of their own (and so SIEM events); agreements add nothing. */
class DisagreementEntriesTest {

    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    static final AuditIngestor INGESTOR = new AuditIngestor(null, null, MAPPER, java.time.Duration.ofSeconds(1), null);

    static ConsumerRecord<String, byte[]> decision(String disagreement, String decision) throws Exception {
        EnsembleDecision d = new EnsembleDecision("acme", "abc123", "acme@0", 2, 3, List.of(
                new EnsembleDecision.Vote("recompute", "accept", 1, 0.1, "signals recompute"),
                new EnsembleDecision.Vote("hrs", "reject", 0.9, 0.1, "risk 0.9"),
                new EnsembleDecision.Vote("grounding", "abstain", 0, 0.1, "no text with citations")), decision, disagreement);
        EventEnvelope<EnsembleDecision> env = EventEnvelope.of(EventEnvelope.deterministicId(EnsembleDecision.TYPE, "acme/abc123"),
                EnsembleDecision.TYPE, EnsembleDecision.VERSION, "acme", "acme/abc123", Instant.now(), d);
        return new ConsumerRecord<>("pcs.decision.v1", 0, 0, "acme/abc123", MAPPER.writeValueAsBytes(env));
    }

    @Test
    void aDisagreementIsAnEntryNextToTheSubmissionsOwn() throws Exception {
        AuditEntry e = INGESTOR.parse(decision("split-votes,differs-from-verifier", "escalate"));
        assertThat(e.tenant()).isEqualTo("acme");
        assertThat(e.pcsId()).isEqualTo("disagreement:abc123");
        String leaf = new String(e.leaf(), StandardCharsets.UTF_8);
        assertThat(leaf).contains("\"kind\":\"disagreement\"").contains("\"disagreement\":\"split-votes,differs-from-verifier\"")
                .contains("\"decision\":\"escalate\"").contains("\"check\":\"hrs\"");
        assertThat(e.eventId()).isNotBlank();
    }

    @Test
    void anAgreedDecisionAddsNothingAndABrokenOneIsPoison() throws Exception {
        assertThat(INGESTOR.parse(decision(null, "accept"))).isSameAs(AuditIngestor.NOTHING);
        assertThatThrownBy(() -> INGESTOR.parse(new ConsumerRecord<>("pcs.decision.v1", 0, 0, "acme/x",
                "{\"type\":\"pcs.decision\",\"version\":1,\"payload\":{\"tenant\":\"acme\",\"disagreement\":\"split-votes\"}}"
                        .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(PoisonMessageException.class);
    }
}
