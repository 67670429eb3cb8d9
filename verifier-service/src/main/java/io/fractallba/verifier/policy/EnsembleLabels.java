package io.fractallba.verifier.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EnsembleDecision;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.publish.KafkaSettings;
import io.fractallba.verifier.publish.TopicWindow;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Labels for the policy simulator (docs/policies.md, "Simulation"): the ensemble's decision of each submission of a
 * window, read from {@code pcs.decision.v1} without a consumer group. A submission the ensemble escalated or rejected
 * counts as risky: the N-of-M checks (risk score, anomaly, grounding) flagged it — or too few of them could vote, which
 * the ensemble also escalates, so the labels are noisy. These are the suite's own outcomes, not
 * human labels; the report names its source.
 */
@ApplicationScoped
public class EnsembleLabels {

    public static final String SOURCE = "ensemble decisions (pcs.decision.v1): escalated or rejected counts as risky";
    private static final Logger LOG = Logger.getLogger(EnsembleLabels.class);
    private static final TypeReference<EventEnvelope<EnsembleDecision>> EVENT = new TypeReference<>() { };
    /** A decision follows its submission by the ensemble's join wait and checks; read this far past the window. */
    static final Duration DECISION_LAG = Duration.ofMinutes(15);
    private static final Duration MAX_TIME = Duration.ofSeconds(10);

    private final KafkaSettings kafka;
    private final String topic;
    private final ObjectMapper mapper;

    public EnsembleLabels(KafkaSettings kafka, VerifierConfig config, ObjectMapper mapper) {
        this.kafka = kafka;
        this.topic = config.policies().labelsTopic();
        this.mapper = mapper;
    }

    /** pcs_id → risky for the tenant's decisions made from {@code from} on, at most {@code limit} of them. */
    public Map<String, Boolean> read(String tenant, Instant from, Instant to, int limit) {
        Map<String, Boolean> risky = new HashMap<>();
        String prefix = tenant + "/";
        long until = to.plus(DECISION_LAG).toEpochMilli();
        try {
            new TopicWindow(kafka.simulatorReader(), topic).read(from.toEpochMilli(), MAX_TIME, r -> {
                if (r.timestamp() > until || r.key() == null || !r.key().startsWith(prefix)) {
                    return true;
                }
                try {
                    EnsembleDecision d = mapper.readValue(r.value(), EVENT).payload();
                    if (d != null && tenant.equals(d.tenant()) && d.pcsId() != null && d.decision() != null) {
                        risky.putIfAbsent(d.pcsId(), !"accept".equals(d.decision()));   // the first decision wins
                    }
                } catch (IOException e) {
                    // not a decision this reader understands: no label for it
                }
                return risky.size() < limit;
            });
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warnf("labels for the simulation of %s not read from %s: %s", tenant, topic, e.getMessage());
        }
        return risky;
    }
}
