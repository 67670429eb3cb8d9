package io.fractallba.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSettingsTest {

    private static final Map<String, Object> SITE = Map.ofEntries(
            Map.entry("bootstrap.servers", "kafka-0:9093"),
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";"),
            Map.entry("ssl.truststore.location", "/etc/kafka/ca.p12"),
            Map.entry("acks", "1"),
            Map.entry("enable.auto.commit", "true"),
            Map.entry("linger.ms", "20"),
            Map.entry("health.enabled", "true"),
            Map.entry("group.id", "audit-service"),
            Map.entry("client.id", "whatever"));

    @Test
    void siteSecuritySettingsReachEveryClient() {
        KafkaSettings k = new KafkaSettings(SITE);
        for (Properties p : new Properties[]{k.producer("p"), k.consumer("g", 10), k.scanner("s", 10), k.connection()}) {
            assertThat(p).containsEntry("bootstrap.servers", "kafka-0:9093")
                    .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12").containsKey("sasl.jaas.config")
                    .doesNotContainKey("health.enabled");
        }
    }

    @Test
    void theExactlyOnceSettingsCannotBeOverridden() {
        KafkaSettings k = new KafkaSettings(SITE);
        assertThat(k.producer("p")).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("linger.ms", "20");
        assertThat(k.consumer("g", 10)).containsEntry("enable.auto.commit", "false")
                .containsEntry("isolation.level", "read_committed").doesNotContainKey("acks").doesNotContainKey("linger.ms");
    }

    @Test
    void withoutConfigurationTheLocalBrokerIsUsed() {
        assertThat(new KafkaSettings(Map.of()).bootstrap()).isEqualTo("127.0.0.1:9092");
        // Quarkus puts the application name into kafka.group.id; each consumer keeps the group its service gives it.
        assertThat(new KafkaSettings(SITE).consumer("sec-audit-1", 5)).containsEntry("group.id", "sec-audit-1")
                .containsEntry("client.id", "sec-audit-1");
        assertThat(new KafkaSettings(SITE).producer("audit-service")).containsEntry("client.id", "audit-service");
        assertThat(new KafkaSettings("h:1").consumer("g", 5)).containsEntry("bootstrap.servers", "h:1")
                .containsEntry("group.id", "g").containsEntry("max.poll.records", "5");
    }
}
