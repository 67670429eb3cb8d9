package io.fractallba.cost;

import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ManagementEndpointsTest extends ManagementEndpointsContract {
    ManagementEndpointsTest() {
        super("cost-service");
    }
}
