package io.fractallba.verifier.publish;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Properties;

/**
 * The verifier's Kafka clients: the suite's one producer configuration and its replay scanner, both from the
 * {@code kafka.*} configuration ({@link io.fractallba.kafka.KafkaSettings}, so TLS and SASL are configuration here too).
 */
@ApplicationScoped
public class KafkaSettings {

    private final io.fractallba.kafka.KafkaSettings suite;

    public KafkaSettings(io.fractallba.kafka.KafkaSettings suite) {
        this.suite = suite;
    }

    public Properties producer() {
        return suite.producer("verifier-service");
    }

    /** Reads the policy topic from its start and follows it (no group: every replica reads every change). */
    public Properties policyReader() {
        Properties p = suite.scanner("verifier-policies", 500);
        // Offsets from a snapshot past the log's end (a recreated topic) read the topic again from its start rather
        // than skip it; re-applying changes leaves the same state (first publication wins, activations in order).
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }

    /** Reads a tenant's events back for the policy simulator (no group, no commits). */
    public Properties simulatorReader() {
        return suite.scanner("verifier-policy-simulator", 2000);
    }

    /** Reads the topic back after a crash to see what was already published (no group, no commits). */
    Properties scanner() {
        return suite.scanner("verifier-replay-scan", 5000);
    }
}
