package io.fractallba.sdk.signals;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** N_j: for each scale s, the number of distinct integer cells floor(p·s) occupied by the points. */
public final class BoxCounting {

    private BoxCounting() {
    }

    public static Map<String, Long> counts(List<double[]> points, List<Long> scales) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (long s : scales) {
            Set<List<Long>> cells = new HashSet<>();
            for (double[] p : points) {
                Long[] cell = new Long[p.length];
                for (int d = 0; d < p.length; d++) {
                    cell[d] = (long) Math.floor(p[d] * s);
                }
                cells.add(List.of(cell));
            }
            out.put(Long.toString(s), (long) cells.size());
        }
        return out;
    }
}
