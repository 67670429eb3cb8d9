package io.fractallba.verifier.replication;

import io.fractallba.verifier.screening.PiiFlags;

import io.fractallba.verifier.submit.ResponseBodies;
import io.fractallba.pcs.decision.ReasonCode;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.crypto.Hashes;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.dedup.StoredResponse;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.dedup.DedupStore;
import io.fractallba.verifier.dedup.DedupUnavailableException;
import io.fractallba.verifier.policy.PolicyUnavailableException;
import io.fractallba.verifier.policy.TenantPolicies;
import io.fractallba.verifier.publish.KafkaSettings;
import io.fractallba.verifier.tenant.Tenant;
import io.fractallba.verifier.tenant.TenantRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies records another region shipped here (docs/crr.md). Nothing the peer claims is taken on trust when it can
 * be re-derived: the signature is checked again with this region's tenant keys at a {@code received_at} no older than
 * {@code flk.verifier.replication.max-age}, the outcome and the first response are recomputed from the document with
 * this region's policy (a shipped outcome that differs is answered {@code conflict} and not stored), an
 * {@code invalid-<sha256>} key must be the digest of the document, and a record claiming this region is refused
 * (this region's own records come back from its WAL and outbox, never from a peer). It is then stored first-write-wins in this region's dedup store under an origin naming the
 * accepting region, and published on this region's {@code pcs.verified.v1} marked {@code replicated_from}, so that
 * this region's audit, cost and dedup-service take it once. A record this region already holds is not applied again.
 * The answer is given only after the broker acknowledged every event of the batch, so a shipper that saw it may
 * advance its watermark; one that did not retries, and finds its copy stored ({@code republished}).
 */
@ApplicationScoped
public class ReplicationApplier {

    /** Every apply request must be fully published or answered 503. */
    public static final class PublishFailedException extends Exception {
        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final TypeReference<EventEnvelope<PcsVerified>> EVENT = new TypeReference<>() { };
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** The policies this region decides with; the same ones its submit path uses (docs/crr.md, docs/policies.md). */
    private final TenantPolicies policies;

    private final TenantRegistry tenants;
    private final DedupStore dedup;
    private final ObjectMapper mapper;
    private final VerifierConfig config;
    private final KafkaSettings kafka;
    private final MeterRegistry metrics;
    private final PcsParser redactedParser;
    private final PcsParser parser;
    private volatile Producer<String, byte[]> producer;
    private final ExecutorService pool;

    public ReplicationApplier(TenantRegistry tenants, DedupStore dedup, ObjectMapper mapper, VerifierConfig config,
                              KafkaSettings kafka, MeterRegistry metrics, TenantPolicies policies) {
        this.tenants = tenants;
        this.policies = policies;
        this.dedup = dedup;
        this.mapper = mapper;
        this.config = config;
        this.kafka = kafka;
        this.metrics = metrics;
        this.parser = new PcsParser(config.maxBodyBytes(), config.maxJsonDepth());
        this.redactedParser = new PcsParser(config.maxBodyBytes() * 4, config.maxJsonDepth());   // as SubmissionProcessor
        this.pool = Executors.newFixedThreadPool(config.replication().parallelism(), r -> {
            Thread t = new Thread(r, "replication-apply");
            t.setDaemon(true);
            return t;
        });
    }

    public List<ApplyResult> apply(List<JsonNode> events) throws DedupUnavailableException, PublishFailedException {
        // The records of a batch have distinct keys: they are applied in parallel (each is a few dedup round trips),
        // and the answer waits for all of them and for the broker.
        List<Future<Applied>> work = new ArrayList<>(events.size());
        for (JsonNode node : events) {
            work.add(pool.submit(() -> applyOne(node)));
        }
        List<ApplyResult> results = new ArrayList<>(events.size());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        long deadline = System.nanoTime() + config.replication().publishTimeout().toNanos();
        DedupUnavailableException dedupDown = null;
        PolicyUnavailableException policyDown = null;
        for (Future<Applied> f : work) {
            try {
                Applied a = f.get();
                metrics.counter("flk_verifier_replication_records_total", "result", a.result().result()).increment();
                results.add(a.result());
                if (a.sent() != null) {
                    sent.add(a.sent());
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof DedupUnavailableException d) {
                    dedupDown = d;   // keep collecting: what was stored must still be published
                } else if (e.getCause() instanceof PolicyUnavailableException pu) {
                    policyDown = pu; // nothing stored for that record; the batch is answered 503 and shipped again
                } else {
                    throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("interrupted", e);
            }
        }
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            throw new PublishFailedException("the broker did not acknowledge the replicated events: " + e.getMessage(), e);
        }
        if (dedupDown != null) {
            throw dedupDown;
        }
        if (policyDown != null) {
            throw policyDown;
        }
        return results;
    }

    private record Applied(ApplyResult result, Future<RecordMetadata> sent) {
    }

    private Applied applyOne(JsonNode node) throws DedupUnavailableException {
        AtomicReference<Future<RecordMetadata>> sent = new AtomicReference<>();
        ApplyResult r = decide(node, sent);
        return new Applied(r, sent.get());
    }

    private ApplyResult decide(JsonNode node, AtomicReference<Future<RecordMetadata>> sent) throws DedupUnavailableException {
        String key = node.path("key").asText(null);
        EventEnvelope<PcsVerified> e;
        try {
            e = mapper.convertValue(node, EVENT);
        } catch (IllegalArgumentException ex) {
            return ApplyResult.refused(key, "not a pcs.verified event envelope");
        }
        PcsVerified p = e.payload();
        if (!PcsVerified.TYPE.equals(e.type()) || e.version() != PcsVerified.VERSION || p == null || p.tenant() == null
                || p.response() == null || p.response().body() == null || p.response().origin() == null
                || p.pcsRaw() == null || p.receivedAt() == null || p.region() == null || key == null) {
            return ApplyResult.refused(key, "not a complete pcs.verified v1 event");
        }
        String prefix = p.tenant() + "/";
        String dedupId = key.startsWith(prefix) ? key.substring(prefix.length()) : "";
        if (p.region().equals(config.region())) {
            return ApplyResult.refused(key, "the record claims this region (" + config.region() + "); a region's own "
                    + "records are never taken from a peer");
        }
        Optional<Tenant> tenant = tenants.resolve(p.tenant());
        if (tenant.isEmpty()) {
            return ApplyResult.refused(key, "tenant unknown or disabled in this region");
        }
        Pcs pcs;
        Instant receivedAt;
        try {
            pcs = parser.parse(p.pcsRaw().getBytes(StandardCharsets.UTF_8));
            receivedAt = Instant.parse(p.receivedAt());
        } catch (PcsParseException | RuntimeException ex) {
            return ApplyResult.refused(key, "malformed record: " + ex.getMessage());
        }
        if (!pcs.pcsId().equals(p.pcsId())) {
            return ApplyResult.refused(key, "pcs_raw is not the document the event names");
        }
        Instant now = Instant.now();
        if (receivedAt.isAfter(now.plus(CLOCK_SKEW)) || receivedAt.isBefore(now.minus(config.replication().maxAge()))) {
            return ApplyResult.refused(key, "received_at " + receivedAt + " is in the future or older than "
                    + config.replication().maxAge() + " (flk.verifier.replication.max-age)");
        }
        if (tenant.get().verifyingKey(pcs, receivedAt, p.keyId()).isEmpty()) {
            return ApplyResult.refused(key, "no key of this tenant verifies the shipped document's signature");
        }
        // This region's own decision of the document: the key it is stored under and the response it answers.
        byte[] raw = p.pcsRaw().getBytes(StandardCharsets.UTF_8);
        TenantPolicies.Decision decided = policies.decide(tenant.get(), pcs, raw);
        Outcome own = decided.outcome();
        if (decided.screened().blocked()) {
            return ApplyResult.refused(key, "this region's policy for the tenant blocks PII found in the shipped "
                    + "document (" + decided.screened().where() + ")");
        }
        String expectedId = own.is(ReasonCode.VALIDATION_FAILED) ? "invalid-" + Hashes.sha256Hex(raw)
                : pcs.pcsId();
        if (!dedupId.equals(expectedId)) {
            return ApplyResult.refused(key, "the event key is not the one this region derives for the document ("
                    + p.tenant() + "/" + expectedId + ")");
        }
        byte[] body = ResponseBodies.of(own, pcs.pcsId());
        if (p.response().status() != own.httpStatus()
                || !Arrays.equals(p.response().body().getBytes(StandardCharsets.UTF_8), body)) {
            metrics.counter("flk_verifier_replication_outcome_mismatches_total").increment();
            return new ApplyResult(key, "conflict", "the shipped outcome differs from this region's decision of the "
                    + "document (policy " + own.policyId() + "): not stored", own.httpStatus());
        }
        String origin = p.response().origin().startsWith("crr/") ? p.response().origin()
                : "crr/" + p.region() + "/" + p.response().origin();
        Optional<StoredResponse> existing = dedup.putIfAbsent(p.tenant(), dedupId,
                new StoredResponse(origin, p.response().status(), body));
        String result;
        if (existing.isEmpty()) {
            result = "applied";
        } else if (existing.get().origin().equals(origin)) {
            result = "republished";
        } else if (existing.get().status() == p.response().status() && Arrays.equals(existing.get().body(), body)) {
            return ApplyResult.of(key, "present");
        } else {
            return new ApplyResult(key, "conflict", "this region holds another outcome for this key",
                    existing.get().status());
        }
        PcsVerified copy = p.replicated(p.region(), origin);
        byte[] redacted = decided.screened().redactedBody();
        if (redacted != null) {   // this region redacts what the sending region kept: store only the redacted copy
            Pcs redactedPcs;
            try {   // a redaction marker may be longer than what it replaces: the size limit allows for it
                redactedPcs = redactedParser.parse(redacted);
            } catch (PcsParseException ex) {
                return ApplyResult.refused(key, "the document redacted by this region's policy does not parse: "
                        + ex.getMessage());
            }
            copy = new PcsVerified(copy.tenant(), copy.pcsId(), copy.receivedAt(), copy.region(),
                    new String(redacted, StandardCharsets.UTF_8), copy.outcome(), copy.keyId(), copy.policy(),
                    copy.wal(), redactedPcs.usage(), copy.response(), copy.work(), copy.replicatedFrom(),
                    PiiFlags.of(decided.screened()));
        }
        EventEnvelope<PcsVerified> out = new EventEnvelope<>(e.eventId(), e.type(), e.version(), e.tenant(), key,
                e.time(), copy);
        try {
            sent.set(producer().send(new ProducerRecord<>(config.topic(), key, mapper.writeValueAsBytes(out))));
        } catch (Exception ex) {
            sent.set(java.util.concurrent.CompletableFuture.failedFuture(ex));
        }
        return ApplyResult.of(key, result);
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(kafka.producer());
                }
                p = producer;
            }
        }
        return p;
    }

    void onStop(@Observes ShutdownEvent ev) {
        pool.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
