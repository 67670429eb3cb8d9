package io.fractallba.audit.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.pcs.testing.SignedDocs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** {@code pcs.verified} events as the verifier publishes them, for fresh signed PCS. */
public final class VerifiedEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private VerifiedEvents() {
    }

    public static EventEnvelope<PcsVerified> fresh(String tenant) {
        Pcs pcs = SignedDocs.fresh();
        String raw = new String(SignedDocs.hmac(pcs, "testsecret"), StandardCharsets.UTF_8);
        String key = Topics.submissionKey(tenant, pcs.pcsId());
        PcsVerified payload = new PcsVerified(tenant, pcs.pcsId(), Instant.now().toString(), "test", raw,
                new PcsVerified.VerifiedOutcome(200, true, false, null, null, 1.0, 0.29), "demo-hmac", "default@1",
                new PcsVerified.WalPosition(1, 0), null, new PcsVerified.FirstResponse("test:1", 200,
                        "{\"status\":\"accepted\",\"pcs_id\":\"" + pcs.pcsId() + "\"}"), null, null);
        return EventEnvelope.of(EventEnvelope.deterministicId(PcsVerified.TYPE, key), PcsVerified.TYPE,
                PcsVerified.VERSION, tenant, key, Instant.now(), payload);
    }

    public static byte[] json(EventEnvelope<PcsVerified> e) {
        try {
            return MAPPER.writeValueAsBytes(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
