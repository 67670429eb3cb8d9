package io.fractallba.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Map;

/** The services' {@link KafkaSettings}, from the {@code kafka.*} configuration the Quarkus Kafka extension collects. */
@ApplicationScoped
public class KafkaSettingsProducer {

    @Produces
    @ApplicationScoped
    KafkaSettings settings(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new KafkaSettings(kafkaConfig);
    }
}
