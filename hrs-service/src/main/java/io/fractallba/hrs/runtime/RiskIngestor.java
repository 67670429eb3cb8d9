package io.fractallba.hrs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code pcs.verified.v1} in; features, scores and {@code pcs.risk.v1} out. A batch's rows are one transaction and its
 * risk events are confirmed by Kafka before the offsets are committed; a redelivered submission reuses its stored
 * features and gets the same deterministic event id, so consumers see one risk event per submission.
 */
public final class RiskIngestor implements BatchConsumerLoop.Handler<RiskIngestor.Submission> {

    /**
     * What scoring needs from a verified event. A submission the verifier rejected as invalid (4xx outcome) is not
     * scored: it was never acknowledged and its claimed pcs_id may belong to another submission.
     */
    public record Submission(String tenant, String pcsId, Pcs pcs, byte[] rawPcs, String receivedAt, boolean rejected,
                             Context trace) {
        public Submission(String tenant, String pcsId, Pcs pcs, byte[] rawPcs, String receivedAt, boolean rejected) {
            this(tenant, pcsId, pcs, rawPcs, receivedAt, rejected, Context.root());
        }
    }

    /** Scores a batch and stores and publishes the results. */
    public interface Scorer {
        void scoreAndPublish(List<Submission> batch, int poison) throws Exception;
    }

    private final ObjectMapper mapper;
    private final PcsParser parser = new PcsParser();
    private final Scorer scorer;

    public RiskIngestor(ObjectMapper mapper, Scorer scorer) {
        this.mapper = mapper;
        this.scorer = scorer;
    }

    @Override
    public Submission parse(ConsumerRecord<String, byte[]> record) throws PoisonMessageException {
        try {
            JsonNode env = mapper.readTree(record.value());
            JsonNode payload = env == null ? null : env.get("payload");
            if (payload == null || !payload.hasNonNull("tenant") || !payload.hasNonNull("pcs_id") || !payload.hasNonNull("pcs_raw")) {
                throw new PoisonMessageException("not a pcs.verified event: payload.tenant, pcs_id and pcs_raw are required");
            }
            byte[] raw = payload.get("pcs_raw").asText().getBytes(StandardCharsets.UTF_8);
            boolean rejected = payload.path("outcome").path("status").asInt(200) >= 400;
            return new Submission(payload.get("tenant").asText(), payload.get("pcs_id").asText(),
                    rejected ? null : parser.parse(raw), raw, payload.path("received_at").asText(null), rejected,
                    Context.current()); // the record's span (BatchConsumerLoop): its risk event continues the trace
        } catch (IOException e) {
            throw new PoisonMessageException("unreadable event: " + e.getMessage());
        } catch (PcsParseException e) {
            throw new PoisonMessageException("the event's PCS does not parse: " + e.getMessage());
        }
    }

    @Override
    public void apply(List<Submission> batch, int poison) throws Exception {
        scorer.scoreAndPublish(batch, poison);
    }
}
