package io.fractallba.crr;

import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;
import java.util.Map;

@QuarkusTest
@QuarkusTestResource(value = ManagementEndpointsTest.Resource.class, restrictToAnnotatedClass = true)
class ManagementEndpointsTest extends ManagementEndpointsContract {

    ManagementEndpointsTest() {
        super("crr-shipper");
    }

    /** Its own schema and topic, so the ledger does not read every other test's events. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private String schema;

        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("crr");
            String topic = "pcs.verified.v1.crr-test-" + Long.toHexString(System.nanoTime());
            TestKafka.createTopics(List.of(topic, topic + ".dlq"));
            return Map.of("quarkus.datasource.jdbc.url", TestDatabase.url(schema), "quarkus.flyway.schemas", schema,
                    "quarkus.flyway.default-schema", schema, "flk.crr.topic", topic);
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }
}
