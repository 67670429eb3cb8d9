package io.fractallba.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** The demo's risk section: the hrs-service's pcs.risk.v1 events for the demo's submissions, summarised. */
final class RiskSummary implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, JsonNode> latest = new HashMap<>();
    private final ObjectMapper mapper = new ObjectMapper();

    /** Starts reading at the topic's end, so only what the demo causes is counted. */
    RiskSummary(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.endOffsets(parts).forEach(consumer::seek);
    }

    /** Reads risk events until every acknowledged submission has one or the wait is over. */
    void collect(Set<String> acknowledged, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && !latest.keySet().containsAll(acknowledged)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                latest.put(r.key(), mapper.readTree(r.value()).get("payload"));
            }
        }
    }

    /** Prints the summary; false if some acknowledged submission got no risk score. */
    boolean print(Set<String> acknowledged, PrintStream out) {
        long scored = acknowledged.stream().filter(latest::containsKey).count();
        Map<String, Integer> models = new TreeMap<>();
        double sum = 0;
        double width = 0;
        int risky = 0;
        JsonNode riskiest = null;
        for (String k : acknowledged) {
            JsonNode p = latest.get(k);
            if (p == null) {
                continue;
            }
            models.merge(p.get("model_version").asText(), 1, Integer::sum);
            double s = p.get("score").asDouble();
            sum += s;
            width += p.get("interval_high").asDouble() - p.get("interval_low").asDouble();
            risky += s >= 0.5 ? 1 : 0;
            if (riskiest == null || s > riskiest.get("score").asDouble()) {
                riskiest = p;
            }
        }
        out.printf(Locale.ROOT, "risk (hrs-service, pcs.risk.v1): %d of %d acknowledged submissions scored, models %s%n",
                scored, acknowledged.size(), models);
        if (scored > 0) {
            out.printf(Locale.ROOT, "  mean score %.3f, %d scored ≥ 0.5, mean interval width %.3f (nominal coverage %.0f%%)%n",
                    sum / scored, risky, width / scored, 100 * riskiest.get("coverage_target").asDouble());
            out.printf(Locale.ROOT, "  riskiest: %s/%s score %.3f [%.3f, %.3f], top contributions %s%n",
                    riskiest.get("tenant").asText(), riskiest.get("pcs_id").asText().substring(0, 12),
                    riskiest.get("score").asDouble(), riskiest.get("interval_low").asDouble(),
                    riskiest.get("interval_high").asDouble(), top(riskiest.get("contributions")));
        }
        return scored == acknowledged.size();
    }

    private static String top(JsonNode contributions) {
        StringBuilder sb = new StringBuilder();
        var it = contributions.fields();
        for (int i = 0; i < 3 && it.hasNext(); i++) {
            var e = it.next();
            sb.append(i == 0 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " %+.2f", e.getValue().asDouble()));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
