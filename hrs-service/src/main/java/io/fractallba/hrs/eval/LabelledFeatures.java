package io.fractallba.hrs.eval;

import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.TenantBaseline;
import io.fractallba.ml.Example;
import io.fractallba.pcs.event.Topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns generated submissions into examples the way the service does: in arrival order, per-tenant baselines. */
public final class LabelledFeatures {

    private LabelledFeatures() {
    }

    public static List<Example> of(List<SyntheticLabelledData.Item> items, FeatureExtractor extractor) {
        Map<String, TenantBaseline> baselines = new HashMap<>();
        List<Example> out = new ArrayList<>(items.size());
        for (SyntheticLabelledData.Item it : items) {
            TenantBaseline b = baselines.computeIfAbsent(it.tenant(), t -> new TenantBaseline());
            double[] x = extractor.extract(it.pcs(), it.json(), b);
            b.add(FeatureExtractor.baselineSignals(it.pcs()));
            out.add(new Example(Topics.submissionKey(it.tenant(), it.pcs().pcsId()), x, it.label(), 1.0));
        }
        return out;
    }
}
