package io.fractallba.verifier.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.ReasonCode;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.dedup.DedupStore;
import io.fractallba.verifier.dedup.DedupUnavailableException;
import io.fractallba.pcs.dedup.StoredResponse;
import io.fractallba.verifier.metrics.VerifierMetrics;
import io.fractallba.verifier.metrics.VerifierMetrics.Stage;
import io.fractallba.verifier.policy.PolicyUnavailableException;
import io.fractallba.verifier.policy.TenantPolicies;
import io.fractallba.verifier.screening.PiiFlags;
import io.fractallba.verifier.screening.Screened;
import io.fractallba.verifier.tenant.Tenant;
import io.fractallba.verifier.wal.InboxWal;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Steps 3–6 of docs/contract.md §5 for a request already in the WAL: parse, signature, dedup, decision, first-write-wins
 * store, event. Used by live requests and by the WAL replay, which must reach the same outcome.
 */
@ApplicationScoped
public class SubmissionProcessor {

    /** What the processor decided, and the event to publish when this request is the first of its key. */
    public record Processed(SubmitResult result, String eventKey, byte[] event, StoredResponse stored, boolean wonWrite,
                            boolean ambiguous) {
        Processed(SubmitResult result, String eventKey, byte[] event, StoredResponse stored, boolean wonWrite) {
            this(result, eventKey, event, stored, wonWrite, false);
        }

        /** The dedup store failed (503): nothing is known about this request's outcome yet. */
        public boolean dedupFailed() {
            return result.status() == 503;
        }

        /** The dedup store failed while writing this request's response, which it may have stored anyway. */
        public boolean mayHaveStored() {
            return ambiguous;
        }
    }

    private final PcsParser parser;
    private final PcsParser redactedParser;
    private final DedupStore dedup;
    private final VerifierMetrics metrics;
    private final Problems problems;
    private final ObjectMapper mapper;
    private final VerifierConfig config;
    private final TenantPolicies policies;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public SubmissionProcessor(DedupStore dedup, VerifierMetrics metrics, Problems problems, ObjectMapper mapper,
                               VerifierConfig config, TenantPolicies policies) {
        this.policies = policies;
        this.parser = new PcsParser(config.maxBodyBytes(), config.maxJsonDepth());
        // A redaction marker is at most ~3.5x the shortest match it replaces; the document was within the limit before.
        this.redactedParser = new PcsParser(config.maxBodyBytes() * 4, config.maxJsonDepth());
        this.dedup = dedup;
        this.metrics = metrics;
        this.problems = problems;
        this.mapper = mapper;
        this.config = config;
    }

    public Processed process(Tenant tenant, String keyIdHint, Instant receivedAt, byte[] body,
                             InboxWal.Position position, String origin) {
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Pcs pcs;
        try {
            pcs = parser.parse(body);
        } catch (PcsParseException e) {
            return new Processed(problems.badRequest(e), null, null, null, false);
        } finally {
            metrics.stage(Stage.PARSE, System.nanoTime() - t0);
        }
        long t1 = System.nanoTime();
        Optional<String> keyId = tenant.verifyingKey(pcs, receivedAt, keyIdHint);
        metrics.stage(Stage.VERIFY, System.nanoTime() - t1);
        if (keyId.isEmpty()) {
            return new Processed(problems.badSignature(), null, null, null, false);
        }

        Outcome outcome;
        TenantPolicies.Decision decision;
        long t3 = System.nanoTime();
        try {
            decision = policies.decideSubmission(tenant, pcs, body);
            outcome = decision.outcome();
        } catch (PolicyUnavailableException e) {
            return new Processed(problems.policyUnavailable(e.getMessage()), null, null, null, false);
        } finally {
            metrics.stage(Stage.DECIDE, System.nanoTime() - t3);
        }
        Screened screened = decision.screened();
        final byte[] received = body;
        final Pcs receivedPcs = pcs;
        if (screened.blocked()) {
            // Nothing leaves the WAL: no dedup record, no event, no audit entry — unless this submission was answered
            // before (a retry, or this record's WAL replay, under a policy that let it through): it keeps that answer,
            // and its event is screened as that policy said (below).
            Optional<StoredResponse> answered;
            try {
                answered = dedup.find(tenant.id(), pcs.pcsId());
            } catch (DedupUnavailableException e) {
                return new Processed(problems.dedupUnavailable(config.dedup().retryAfterSeconds()), null, null, null,
                        false);
            }
            if (answered.isEmpty()) {
                return new Processed(problems.piiBlocked(screened), null, null, null, false);
            }
            Screened safe = policies.screeningOf(tenant, null, pcs, body);   // nothing of it goes out unredacted
            if (safe.redactedBody() != null) {
                body = safe.redactedBody();
                pcs = parseRedacted(body);
            }
        } else if (screened.redactedBody() != null) {
            // What is recorded and published from here on is the redacted document; its signed members are untouched,
            // so it still verifies wherever it is re-checked (crr, audit).
            body = screened.redactedBody();
            pcs = parseRedacted(body);
        }
        PcsVerified.PiiFlag pii = PiiFlags.of(screened);
        // Fix of docs/contract.md §5: an invalid document is never stored under the pcs_id it claims.
        boolean invalid = outcome.is(ReasonCode.VALIDATION_FAILED);
        String dedupId = invalid ? "invalid-" + Hashes.sha256Hex(body) : pcs.pcsId();
        StoredResponse mine = new StoredResponse(origin, outcome.httpStatus(), ResponseBodies.of(outcome, pcs.pcsId()));
        long t2 = System.nanoTime();
        Optional<StoredResponse> first;
        try {
            if (invalid) {
                Optional<StoredResponse> claimed = dedup.find(tenant.id(), pcs.pcsId());
                if (claimed.isPresent()) {
                    return new Processed(replay(claimed.get()), null, null, claimed.get(), false);
                }
            }
            first = dedup.putIfAbsent(tenant.id(), dedupId, mine);
        } catch (DedupUnavailableException e) {
            return new Processed(problems.dedupUnavailable(config.dedup().retryAfterSeconds()), null, null, null, false,
                    e.mayHaveStored());
        } finally {
            metrics.stage(Stage.DEDUP, System.nanoTime() - t2);
        }
        String eventKey = Topics.submissionKey(tenant.id(), dedupId);
        if (first.isPresent()) {
            // A duplicate has no event of its own; only the WAL replay of the record that wrote the stored
            // response (same origin) may still need to publish it.
            // The replayed record's event carries the decision its client was answered, read back from the stored
            // response: today's policy (a later version, another canary side) may decide otherwise.
            byte[] event = null;
            if (origin.equals(first.get().origin())) {
                // Its attachments are screened as the policy that decided it then said, not today's (which may no
                // longer redact, or may block): what was redacted when it was answered is never published raw.
                Outcome then = ResponseBodies.outcome(first.get().body(), mapper);
                Screened thenScreened = policies.screeningOf(tenant, then.policyId(), receivedPcs, received);
                byte[] thenBody = thenScreened.redactedBody() != null ? thenScreened.redactedBody() : received;
                Pcs thenPcs = thenScreened.redactedBody() != null ? parseRedacted(thenBody) : receivedPcs;
                event = event(tenant, thenPcs, thenBody, then, keyId.get(), receivedAt, position, eventKey, first.get(),
                        cpu0, PiiFlags.of(thenScreened));
            }
            return new Processed(replay(first.get()), eventKey, event, first.get(), false);
        }
        decision.counted().run();   // the first submission of its key: it counts in a rollout's measurements
        byte[] event = event(tenant, pcs, body, outcome, keyId.get(), receivedAt, position, eventKey, mine, cpu0, pii);
        String result = !outcome.accepted() ? "rejected" : outcome.escalated() ? "escalated" : "accepted";
        return new Processed(SubmitResult.success(mine.status(), mine.body(), false, result, true), eventKey, event, mine, true);
    }

    /** A redacted document: longer than the body as received ([REDACTED:ip_address] replaces 7 bytes), same depth. */
    private Pcs parseRedacted(byte[] redacted) {
        try {
            return redactedParser.parse(redacted);
        } catch (PcsParseException e) {
            throw new IllegalStateException("the redacted document does not parse: " + e.getMessage(), e);
        }
    }

    private static SubmitResult replay(StoredResponse stored) {
        return SubmitResult.success(stored.status(), stored.body(), true, "duplicate", false);
    }

    private byte[] event(Tenant tenant, Pcs pcs, byte[] body, Outcome o, String keyId, Instant receivedAt,
                         InboxWal.Position pos, String key, StoredResponse response, long cpuStart,
                         PcsVerified.PiiFlag pii) {
        // The cost-service attributes this work to the tenant (docs/cost.md): CPU of this thread so far, WAL bytes.
        long cpuMicros = Math.max(0, CPU.getCurrentThreadCpuTime() - cpuStart) / 1000;
        PcsVerified payload = new PcsVerified(tenant.id(), pcs.pcsId(), receivedAt.toString(), config.region(),
                new String(body, StandardCharsets.UTF_8),
                new PcsVerified.VerifiedOutcome(o.httpStatus(), o.accepted(), o.escalated(),
                        o.reasonCode(), o.reason(), o.recomputedDHat(),
                        o.recomputedBudget()),
                keyId, o.policyId(), new PcsVerified.WalPosition(pos.segment(), pos.offset()), pcs.usage(),
                new PcsVerified.FirstResponse(response.origin(), response.status(),
                        new String(response.body(), StandardCharsets.UTF_8)),
                new PcsVerified.VerifierWork(cpuMicros, body.length), null, pii);
        EventEnvelope<PcsVerified> envelope = EventEnvelope.of(EventEnvelope.deterministicId(PcsVerified.TYPE, key),
                PcsVerified.TYPE, PcsVerified.VERSION, tenant.id(), key, receivedAt, payload);
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event", e);
        }
    }
}
