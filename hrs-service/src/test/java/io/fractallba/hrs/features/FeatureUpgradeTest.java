package io.fractallba.hrs.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vector stored under hrs-features-v1 (raw budget, no regime_mismatch) read after the upgrade is exactly the v2
 * vector the extractor computes for the same submission — tampered ones included, so budget_delta and
 * regime_mismatch are really recomputed, not zero-filled.
 */
public class FeatureUpgradeTest {

    static final FeatureExtractor EXTRACTOR = new FeatureExtractor(new ObjectMapper());

    /**
     * The v1 vector of a submission as the v1 extractor stored it, built from the v2 columns it shares (written out
     * here, independently of {@link FeatureExtractor#upgrade}).
     */
    public static double[] v1Vector(SyntheticLabelledData.Item it, TenantBaseline baseline) {
        double[] v2 = EXTRACTOR.extract(it.pcs(), it.json(), baseline);
        int f2 = FeatureSchema.FEATURES.size();
        double[] v1 = new double[21];
        v1[0] = v2[0];                 // d_hat
        v1[1] = v2[1];                 // coh_star
        v1[2] = v2[2];                 // r
        v1[3] = it.pcs().budget();     // budget (raw, signed)
        v1[4] = v2[4];                 // d_hat_delta
        v1[5] = "sticky".equals(it.pcs().regime()) ? 1 : 0;
        v1[6] = "non_sticky".equals(it.pcs().regime()) ? 1 : 0;
        for (int j = 8; j < f2; j++) { // nj_residual_rms … response_tokens_log
            v1[j - 1] = v2[j];
        }
        for (int k = 0; k < 7; k++) {  // the same seven indicators, in the same order
            v1[14 + k] = v2[f2 + k];
        }
        return v1;
    }

    @Test
    void aV1VectorIsUpgradedToWhatTheExtractorComputesToday() {
        List<SyntheticLabelledData.Item> items = new SyntheticLabelledData(77).generate(400);
        int budgetOff = 0;
        int regimeOff = 0;
        for (SyntheticLabelledData.Item it : items) {
            double[] v2 = EXTRACTOR.extract(it.pcs(), it.json(), null);
            double[] upgraded = FeatureExtractor.upgrade(FeatureSchema.V1, v1Vector(it, null));
            assertThat(upgraded).as(it.tampering() + " " + it.pcs().pcsId()).containsExactly(v2);
            budgetOff += upgraded[FeatureSchema.index("budget_delta")] > 1e-6 ? 1 : 0;
            regimeOff += upgraded[FeatureSchema.index("regime_mismatch")] == 1 ? 1 : 0;
        }
        assertThat(budgetOff).as("budget tampering is seen after the upgrade").isPositive();
        assertThat(regimeOff).as("regime tampering is seen after the upgrade").isPositive();
    }

    @Test
    void onlyKnownSchemasAreUpgraded() {
        double[] v2 = EXTRACTOR.extract(new SyntheticLabelledData(78).generate(1).get(0).pcs(),
                new SyntheticLabelledData(78).generate(1).get(0).json(), null);
        assertThat(FeatureExtractor.upgrade(FeatureSchema.VERSION, v2)).isSameAs(v2);
        assertThat(FeatureExtractor.upgrade("hrs-features-v0", v2)).isNull();
        assertThat(FeatureExtractor.upgrade(FeatureSchema.V1, v2)).as("a v1 label with the wrong width").isNull();
    }
}
