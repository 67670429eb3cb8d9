package io.fractallba.cost.usage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.UsageRecorded;
import io.fractallba.pcs.model.DeclaredUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the events the cost-service reads into usage rows: {@code cost.usage.v1} (what a service spent), and
 * {@code pcs.verified.v1} (the verifier's own work on the submission, and the LLM usage the agent declared).
 */
public final class UsageExtractor {

    private static final TypeReference<EventEnvelope<JsonNode>> ANY = new TypeReference<>() { };
    private static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final ObjectMapper mapper;

    public UsageExtractor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<UsageRow> rows(byte[] value) throws PoisonMessageException {
        EventEnvelope<JsonNode> e;
        try {
            e = mapper.readValue(value, ANY);
        } catch (Exception ex) {
            throw new PoisonMessageException("not a JSON event envelope");
        }
        if (e.eventId() == null || e.type() == null || e.payload() == null || e.time() == null) {
            throw new PoisonMessageException("event envelope without event_id, type, time or payload");
        }
        Instant time;
        try {
            time = Instant.parse(e.time());
        } catch (Exception ex) {
            throw new PoisonMessageException("event time is not an RFC 3339 instant: " + e.time());
        }
        try {
            if (UsageRecorded.TYPE.equals(e.type())) {
                return fromUsage(e.eventId(), time, mapper.treeToValue(e.payload(), UsageRecorded.class));
            }
            if (PcsVerified.TYPE.equals(e.type())) {
                return fromVerified(e.eventId(), time, mapper.treeToValue(e.payload(), PcsVerified.class));
            }
        } catch (PoisonMessageException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new PoisonMessageException("malformed " + e.type() + " payload: " + ex.getMessage());
        }
        throw new PoisonMessageException("event type " + e.type() + " carries no usage");
    }

    private static List<UsageRow> fromUsage(String id, Instant time, UsageRecorded u) throws PoisonMessageException {
        if (u.tenant() == null || u.tenant().isBlank() || u.service() == null || u.quantities() == null) {
            throw new PoisonMessageException("cost.usage event without tenant, service or quantities");
        }
        List<UsageRow> rows = new ArrayList<>();
        for (Map.Entry<String, Double> q : u.quantities().entrySet()) {
            if (!RESOURCE.matcher(q.getKey()).matches()) {
                throw new PoisonMessageException("resource name " + q.getKey() + " is not [a-z][a-z0-9_]*");
            }
            Double v = q.getValue();
            if (v == null || !Double.isFinite(v) || v < 0) {
                throw new PoisonMessageException("quantity of " + q.getKey() + " is not a finite number ≥ 0: " + v);
            }
            rows.add(new UsageRow(id, q.getKey(), u.tenant(), u.service(), tag(u.model()), tag(u.task()), u.pcsId(),
                    time, BigDecimal.valueOf(v), false));
        }
        return rows;
    }

    private static List<UsageRow> fromVerified(String id, Instant time, PcsVerified v) throws PoisonMessageException {
        if (v.tenant() == null || v.outcome() == null) {
            throw new PoisonMessageException("pcs.verified event without tenant or outcome");
        }
        DeclaredUsage d = v.usage();
        String model = tag(d == null ? null : d.model());
        String task = tag(d == null ? null : d.task());
        boolean trusted = v.outcome().accepted() && !v.outcome().escalated();
        List<UsageRow> rows = new ArrayList<>();
        if (v.isReplicated()) {
            // This region's copy of a record another region verified: its verification, WAL and tokens are on the
            // accepting region's bill; here it costs one application (docs/crr.md).
            rows.add(new UsageRow(id, "replicated_records", v.tenant(), "crr", model, task, v.pcsId(), time,
                    BigDecimal.ONE, false));
            return rows;
        }
        rows.add(new UsageRow(id, "submissions", v.tenant(), "verifier", model, task, v.pcsId(), time, BigDecimal.ONE,
                trusted));
        if (v.work() != null) {
            rows.add(new UsageRow(id, "cpu_ms", v.tenant(), "verifier", model, task, v.pcsId(), time,
                    BigDecimal.valueOf(v.work().cpuMicros()).divide(THOUSAND), false));
            rows.add(new UsageRow(id, "wal_bytes", v.tenant(), "verifier", model, task, v.pcsId(), time,
                    BigDecimal.valueOf(v.work().walBytes()), false));
        }
        if (d != null) {
            addIfPresent(rows, id, "llm_input_tokens", v, model, task, time, d.inputTokens());
            addIfPresent(rows, id, "llm_output_tokens", v, model, task, time, d.outputTokens());
            if (d.providerCostUsd() != null) {
                rows.add(new UsageRow(id, "llm_declared_usd", v.tenant(), "agent", model, task, v.pcsId(), time,
                        BigDecimal.valueOf(d.providerCostUsd()), false));
            }
        }
        return rows;
    }

    private static void addIfPresent(List<UsageRow> rows, String id, String resource, PcsVerified v, String model,
                                     String task, Instant time, Long n) {
        if (n != null) {
            rows.add(new UsageRow(id, resource, v.tenant(), "agent", model, task, v.pcsId(), time, BigDecimal.valueOf(n),
                    false));
        }
    }

    private static String tag(String s) {
        return s == null || s.isBlank() ? UsageRow.UNSPECIFIED : s;
    }
}
