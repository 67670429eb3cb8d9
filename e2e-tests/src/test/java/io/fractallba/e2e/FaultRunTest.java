package io.fractallba.e2e;

import io.fractallba.e2e.faults.FaultRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault run at CI size (the benchmark command runs it with N = 10,000); its report lands in target/. */
class FaultRunTest {

    @Test
    void everyAcknowledgedSubmissionHasExactlyOneOfEachEffectDespiteTheFaults() throws Exception {
        FaultRun.Result r = new FaultRun(ServiceProcess.projectRoot(), Integer.getInteger("flk.fault-run.n", 1200)).run();
        Files.writeString(ServiceProcess.projectRoot().resolve("e2e-tests/target/fault-run-report.md"), r.report());
        System.out.println(r.report());
        assertThat(r.ok()).as(r.report()).isTrue();
    }
}
