package io.fractallba.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Producer and consumer settings of every service. Three layers, in this order: the suite's tuned defaults; the
 * site's {@code kafka.*} configuration (Quarkus configuration, so {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}… make TLS and SASL/SCRAM a matter of
 * configuration, docs/configuration.md); then the settings the exactly-once promise rests on, which no site
 * setting may change (acks, idempotence, manual commits, read_committed, the serialisers): an attempt is logged
 * and ignored.
 */
public final class KafkaSettings {

    private static final Logger LOG = Logger.getLogger(KafkaSettings.class);
    private static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    private static final Map<String, String> PRODUCER_INVARIANTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    private static final Map<String, String> CONSUMER_INVARIANTS = Map.of(
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    /**
     * Keys of Quarkus' kafka.* namespace that are not site-wide client settings: Quarkus' own switches, and the ids
     * each client gets from its service (Quarkus fills in {@code group.id} with the application name, which would put
     * every consumer of a service into one group whatever its {@code consumer-group} setting says).
     */
    private static final Set<String> NOT_CLIENT_KEYS = Set.of("health.enabled", "devservices.enabled", "snappy.enabled",
            ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.CLIENT_ID_CONFIG, "group.instance.id");

    private final Map<String, String> site;
    /** Ignored site keys already reported: once per key, not once per client built. */
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Only a bootstrap address (tests, tools). */
    public KafkaSettings(String bootstrap) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** @param site the {@code kafka.*} configuration without its prefix, e.g. {@code bootstrap.servers}. */
    public KafkaSettings(Map<String, ?> site) {
        Map<String, String> m = new TreeMap<>();
        site.forEach((k, v) -> {
            if (v != null && !NOT_CLIENT_KEYS.contains(k) && !k.startsWith("devservices.")) {
                m.put(k, v.toString());
            }
        });
        m.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP);
        this.site = Map.copyOf(m);
    }

    public String bootstrap() {
        return site.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The site's connection settings alone (bootstrap, security, TLS, SASL), for admin clients and tools. */
    public Properties connection() {
        Properties p = new Properties();
        p.putAll(site);
        return p;
    }

    public Properties producer(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return layered(p, ProducerConfig.configNames(), PRODUCER_INVARIANTS);
    }

    /** Offsets are committed only after the batch's transaction committed: at-least-once delivery, exactly-once effect. */
    public Properties consumer(String group, int maxPoll) {
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPoll));
        // A consumer killed without leaving the group holds its partitions until its session expires: keep that short.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        return layered(p, ConsumerConfig.configNames(), CONSUMER_INVARIANTS);
    }

    /** A consumer without a group or commits, that reads topics back (the verifier's replay scan). */
    public Properties scanner(String clientId, int maxPoll) {
        Properties p = new Properties();
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPoll));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return layered(p, ConsumerConfig.configNames(), CONSUMER_INVARIANTS);
    }

    private Properties layered(Properties defaults, Set<String> known, Map<String, String> invariants) {
        Properties p = new Properties();
        p.putAll(defaults);
        site.forEach((k, v) -> {
            // Settings of the other client kind (a producer key on a consumer) would only draw Kafka's warnings.
            if (known.contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.") || k.startsWith("security.")) {
                p.put(k, v);
            }
        });
        invariants.forEach((k, v) -> {
            Object was = p.put(k, v);
            if (was != null && !was.equals(v) && warned.add(k)) {
                LOG.warnf("kafka.%s=%s ignored: the suite's exactly-once delivery needs %s", k, was, v);
            }
        });
        return p;
    }
}
