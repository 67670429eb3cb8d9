package io.fractallba.audit.ingest;

import io.fractallba.audit.log.AuditEntry;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PolicyChange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.fractallba.audit.ingest.DisagreementEntriesTest.INGESTOR;
import static io.fractallba.audit.ingest.DisagreementEntriesTest.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every publication, activation and rollback of a tenant's policy is an audit entry of that tenant. */
class PolicyChangeEntriesTest {

    private static ConsumerRecord<String, byte[]> change(PolicyChange c, String eventId) throws Exception {
        EventEnvelope<PolicyChange> env = EventEnvelope.of(eventId, PolicyChange.TYPE, PolicyChange.VERSION,
                c.tenant(), c.tenant(), Instant.now(), c);
        return new ConsumerRecord<>("policy.changes.v1", 0, 0, c.tenant(), MAPPER.writeValueAsBytes(env));
    }

    @Test
    void eachChangeIsAnEntryKeyedByItsEvent() throws Exception {
        AuditEntry published = INGESTOR.parse(change(new PolicyChange("acme", PolicyChange.PUBLISHED, "strict@2",
                null, "{}", "ab12", "ops@example", "2026-12-06T00:00:00Z", null), "e-1"));
        assertThat(published.tenant()).isEqualTo("acme");
        assertThat(published.pcsId()).isEqualTo("policy:published:strict@2:e-1");
        String leaf = new String(published.leaf(), StandardCharsets.UTF_8);
        assertThat(leaf).contains("\"kind\":\"policy\"").contains("\"sha256\":\"ab12\"").contains("\"by\":\"ops@example\"")
                .doesNotContain("\"document\"");

        AuditEntry rolledBack = INGESTOR.parse(change(new PolicyChange("acme", PolicyChange.ROLLED_BACK, "strict@1",
                "strict@2", null, null, "ops@example", "2026-12-06T00:01:00Z", "escalations doubled"), "e-2"));
        assertThat(rolledBack.pcsId()).isEqualTo("policy:rolled_back:strict@1:e-2");
        assertThat(new String(rolledBack.leaf(), StandardCharsets.UTF_8)).contains("\"previous\":\"strict@2\"")
                .contains("\"reason\":\"escalations doubled\"");
    }

    @Test
    void aChangeWithoutItsTenantIsPoison() {
        assertThatThrownBy(() -> INGESTOR.parse(change(new PolicyChange(null, PolicyChange.ACTIVATED, "p@1", null,
                null, null, "x", "now", null), "e-3"))).isInstanceOf(PoisonMessageException.class);
    }
}
