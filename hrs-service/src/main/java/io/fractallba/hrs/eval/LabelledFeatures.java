package io.fractallba.hrs.eval;

import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.TenantBaseline;
import io.fractallba.hrs.training.GroupAudit;
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

    /** What the generated submissions declared (model, task), by example key: the audit's per-model and per-task groups. */
    public static Map<String, GroupAudit.Declared> declared(List<SyntheticLabelledData.Item> items) {
        Map<String, GroupAudit.Declared> out = new HashMap<>();
        for (SyntheticLabelledData.Item it : items) {
            if (it.pcs().usage() != null) {
                out.put(Topics.submissionKey(it.tenant(), it.pcs().pcsId()),
                        new GroupAudit.Declared(it.pcs().usage().model(), it.pcs().usage().task()));
            }
        }
        return out;
    }
}
