package io.fractallba.verifier.publish;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Properties;

/**
 * Producer and consumer settings of the verifier; {@code kafka.bootstrap.servers} is the suite-wide key. The producer
 * is the suite's one producer configuration ({@link io.fractallba.kafka.KafkaSettings}).
 */
@ApplicationScoped
public class KafkaSettings {

    private final String bootstrap;
    private final io.fractallba.kafka.KafkaSettings suite;

    public KafkaSettings(@ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String bootstrap) {
        this.bootstrap = bootstrap;
        this.suite = new io.fractallba.kafka.KafkaSettings(bootstrap);
    }

    public Properties producer() {
        return suite.producer("verifier-service");
    }

    /** Reads the topic back after a crash to see what was already published (no group, no commits). */
    Properties scanner() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "verifier-replay-scan");
        return p;
    }
}
