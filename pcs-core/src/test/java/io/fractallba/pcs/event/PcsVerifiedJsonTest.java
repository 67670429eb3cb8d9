package io.fractallba.pcs.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The event's JSON is exactly its documented fields (docs/events.md): strict consumers must be able to read it. */
class PcsVerifiedJsonTest {

    private static final ObjectMapper STRICT = new ObjectMapper();   // fails on unknown properties

    private static PcsVerified event(String replicatedFrom) {
        return new PcsVerified("acme", "p1", "2026-11-27T00:00:00Z", "eu", "{}",
                new PcsVerified.VerifiedOutcome(200, true, false, null, null, null, null), "k", "default@1",
                new PcsVerified.WalPosition(1, 2), null, new PcsVerified.FirstResponse("w:1", 200, "{}"),
                new PcsVerified.VerifierWork(5, 6), replicatedFrom);
    }

    @Test
    void aLocalRecordHasNoReplicationFieldsAndACopyNamesItsRegion() throws Exception {
        JsonNode local = STRICT.valueToTree(event(null));
        assertThat(local.has("replicated_from")).isFalse();
        assertThat(local.has("replicated")).as("helper methods are not properties").isFalse();
        PcsVerified copy = event(null).replicated("eu", "crr/eu/w:1");
        JsonNode json = STRICT.valueToTree(copy);
        assertThat(json.get("replicated_from").asText()).isEqualTo("eu");
        assertThat(json.at("/response/origin").asText()).isEqualTo("crr/eu/w:1");
        PcsVerified back = STRICT.treeToValue(json, PcsVerified.class);
        assertThat(back).isEqualTo(copy);
        assertThat(back.isReplicated()).isTrue();
        assertThat(STRICT.treeToValue(local, PcsVerified.class).isReplicated()).isFalse();
    }
}
