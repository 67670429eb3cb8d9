package io.fractallba.e2e;

import io.fractallba.e2e.crr.TwoRegionRun;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's two-region test (docs/crr.md): both regions take submissions at once, some of the same PCS; region
 * eu's shipper is killed and restarted mid-stream; the link is cut and restored (RPO grows, then drains); a record
 * deleted from region us's store is found and repaired by the divergence detector. Both regions end with the same
 * records and outcomes, and one audit leaf and one cost row per record each. The report is printed.
 */
class TwoRegionReplicationTest {

    @Test
    void bothRegionsConvergeWithEveryEffectOncePerRegion() throws Exception {
        TwoRegionRun.Result r = new TwoRegionRun(ServiceProcess.projectRoot(), 300, true).run();
        System.out.println(r.report());
        assertThat(r.problems()).as(r.report()).isEmpty();
    }
}
