package io.fractallba.ensemble.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas' stores on one database (real Postgres): a version published through one is what the other's API
 * reads at once, and what it decides with once its cache is older than the refresh time (before, a replica kept the
 * version it cached first for good, and the operator's idempotency check read whichever replica it reached).
 */
class PolicyStoreReplicasTest {

    private final String schema = TestDatabase.freshSchemaName("ensemble");

    @AfterEach
    void drop() {
        TestDatabase.drop(schema);
    }

    @Test
    void aVersionPublishedThroughOneReplicaReachesTheOther() throws Exception {
        DataSource ds = TestDatabase.migrate(schema);
        ObjectMapper mapper = new ObjectMapper();
        PolicyStore a = new PolicyStore(ds, mapper, Duration.ofSeconds(3));
        PolicyStore b = new PolicyStore(ds, mapper, Duration.ofSeconds(3));
        a.publish("acme", EnsemblePolicy.DEFAULT.withN(1), "test");
        assertThat(b.current("acme").version()).isEqualTo(1);

        a.publish("acme", EnsemblePolicy.DEFAULT.withN(2), "test");
        assertThat(b.current("acme").version()).as("within the refresh time the cached version decides").isEqualTo(1);
        Thread.sleep(3200);
        assertThat(b.current("acme").version()).as("after it, the published one").isEqualTo(2);
        assertThat(b.current("acme").policy().n()).isEqualTo(2);

        a.publish("acme", EnsemblePolicy.DEFAULT.withN(1), "test");
        assertThat(b.read("acme").version()).as("an API read goes to the database at once").isEqualTo(3);
    }
}
