package io.fractallba.pcs.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Properties;

/** Topics of a test's own on the real broker (dev/up --infra), so runs never see each other's messages. */
public final class TestKafka {

    public static final String BOOTSTRAP = System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092");

    private TestKafka() {
    }

    public static void createTopics(List<String> names) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, 3, (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topics (is Kafka up? dev/up --infra)", e);
        }
    }
}
