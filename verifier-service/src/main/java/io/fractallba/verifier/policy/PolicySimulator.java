package io.fractallba.verifier.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PolicySimulation;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.publish.KafkaSettings;
import io.fractallba.verifier.publish.TopicWindow;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.fractallba.verifier.screening.AttachmentScreening;
import io.fractallba.verifier.screening.Screened;
import io.fractallba.verifier.tenant.Tenant;
import io.fractallba.verifier.tenant.TenantRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;

/**
 * The policy simulator (docs/policies.md, "Simulation"): replays a tenant's submissions of a time window, as this
 * region's {@code pcs.verified.v1} keeps them (the whole PCS as received, the answer it got, for the topic's
 * retention), through the active policy and a candidate. It reads the topic without a consumer group and stores
 * nothing: no stored decision changes.
 */
@ApplicationScoped
public class PolicySimulator {

    private static final TypeReference<EventEnvelope<PcsVerified>> EVENT = new TypeReference<>() { };
    /** How long one simulation may read; beyond it the report says it is truncated. */
    static final Duration MAX_TIME = Duration.ofSeconds(30);

    public record Result(PolicySimulation.Report report, Instant from, Instant to, long scanned, long skipped,
                         boolean truncated, String truncatedWhy) {
    }

    private final KafkaSettings kafka;
    private final VerifierConfig config;
    private final ObjectMapper mapper;
    private final PcsParser parser;
    private final TenantRegistry tenants;
    private final AttachmentScreening screening;
    private final EnsembleLabels labels;

    public PolicySimulator(KafkaSettings kafka, VerifierConfig config, ObjectMapper mapper, TenantRegistry tenants,
                           AttachmentScreening screening, EnsembleLabels labels) {
        this.kafka = kafka;
        this.config = config;
        this.mapper = mapper;
        this.tenants = tenants;
        this.screening = screening;
        this.labels = labels;
        this.parser = new PcsParser(config.maxBodyBytes(), config.maxJsonDepth());
    }

    public Result simulate(String tenant, CompiledPolicy active, CompiledPolicy candidate, Instant from, Instant to,
                           int limit, int examples) {
        PolicySimulation sim = new PolicySimulation(active, candidate, tenant, examples);
        Tenant t = tenants.resolve(tenant).orElseThrow(() -> new io.fractallba.http.ApiProblem(
                io.fractallba.pcs.problem.Problem.of("unknown-tenant", "Unknown tenant", 404,
                        "this verifier serves no enabled tenant of that name").withField("tenant")));
        Map<String, Boolean> risky = labels.read(tenant, from, to, limit);
        long[] scanned = {0};
        long[] skipped = {0};
        String prefix = tenant + "/";
        TopicWindow.End end;
        try {
            end = new TopicWindow(kafka.simulatorReader(), config.topic()).read(from.toEpochMilli(),
                MAX_TIME, r -> {
                    if (r.timestamp() > to.toEpochMilli()) {
                        return true;   // past the window on this partition; others may still be inside it
                    }
                    scanned[0]++;
                    if (r.key() == null || !r.key().startsWith(prefix)) {
                        return true;
                    }
                    if (!add(sim, t, active, candidate, risky, r)) {
                        skipped[0]++;
                    }
                    return sim.report().submissions() < limit;
                });
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new io.fractallba.http.ApiProblem(io.fractallba.pcs.problem.Problem.of("broker-unavailable",
                    "Broker unavailable", 503, "the submissions cannot be read from " + config.topic() + " now ("
                            + e.getMessage() + "); nothing was simulated, retry later"));
        }
        boolean truncated = end != TopicWindow.End.COMPLETE;
        String why = switch (end) {
            case COMPLETE -> null;
            case STOPPED -> "limit of " + limit + " submissions reached";
            case OUT_OF_TIME -> "stopped after " + MAX_TIME.toSeconds() + " s of reading";
        };
        return new Result(sim.report(), from, to, scanned[0], skipped[0], truncated, why);
    }

    /** False for a record that is not a readable first submission of this tenant (replays have no event). */
    private boolean add(PolicySimulation sim, Tenant tenant, CompiledPolicy active, CompiledPolicy candidate,
                        Map<String, Boolean> risky, ConsumerRecord<String, byte[]> r) {
        try {
            EventEnvelope<PcsVerified> e = mapper.readValue(r.value(), EVENT);
            PcsVerified p = e.payload();
            if (p == null || !tenant.id().equals(p.tenant()) || p.pcsRaw() == null) {
                return false;
            }
            byte[] raw = p.pcsRaw().getBytes(StandardCharsets.UTF_8);
            Pcs pcs = parser.parse(raw);
            String stored = p.outcome() == null ? null
                    : !p.outcome().accepted() ? "reject" : p.outcome().escalated() ? "escalate" : "accept";
            // The document as stored (redacted where the policy of the time redacted): what either side would screen.
            Screened a = screening.screen(tenant, active, pcs, raw, null);
            Screened c = screening.screen(tenant, candidate, pcs, raw, a);
            sim.add(p.pcsId(), p.receivedAt(), pcs, stored, a.attachments(), c.attachments(), risky.get(p.pcsId()));
            return true;
        } catch (Exception ex) {
            return false;
        }
    }
}
