package io.fractallba.audit;

import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ManagementEndpointsTest extends ManagementEndpointsContract {
    ManagementEndpointsTest() {
        super("audit-service");
    }
}
