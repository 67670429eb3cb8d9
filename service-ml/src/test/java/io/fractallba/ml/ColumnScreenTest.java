package io.fractallba.ml;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnScreenTest {

    static final List<String> COLUMNS = List.of("d", "coh", "r", "budget", "constant", "noise", "flag_a", "flag_b",
            "sometimes_missing");

    /** Rows shaped like the HRS vectors: budget is the contract's formula of r and coh★ for D̂ < 2.2, rounded to 9 places. */
    static List<Example> rows(int n, long seed) {
        Random rnd = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double d = 1.2 + 0.5 * rnd.nextDouble();
            double coh = rnd.nextDouble();
            double r = 0.2 + 0.6 * rnd.nextDouble();
            double budget = Math.round((0.1 + 0.3 * (1 - r) + 0.2 * coh) * 1e9) / 1e9;
            double flag = rnd.nextDouble() < 0.3 ? 1 : 0;
            double missing = rnd.nextDouble() < 0.2 ? Double.NaN : rnd.nextGaussian();
            out.add(new Example("k" + i, new double[]{d, coh, r, budget, 3.0, rnd.nextGaussian(), flag, flag, missing},
                    rnd.nextInt(2), 1.0));
        }
        return out;
    }

    static boolean[] all(int width) {
        boolean[] b = new boolean[width];
        java.util.Arrays.fill(b, true);
        return b;
    }

    @Test
    void constantAndCollinearColumnsAreDroppedWithTheirReasonAndTheOthersKept() {
        List<Example> train = rows(2000, 1);
        ColumnScreen.Result r = ColumnScreen.screen(COLUMNS, train, all(COLUMNS.size()));
        assertThat(r.dropped()).extracting(ColumnScreen.Dropped::column).containsExactly("budget", "constant", "flag_b");
        assertThat(r.dropped().get(0).reason()).startsWith("collinear").contains("r").contains("coh");
        assertThat(r.dropped().get(1).reason()).contains("constant");
        assertThat(r.dropped().get(2).reason()).contains("flag_a");
        for (String kept : List.of("d", "coh", "r", "noise", "flag_a", "sometimes_missing")) {
            assertThat(r.use()[COLUMNS.indexOf(kept)]).as(kept).isTrue();
        }
        // Independently of the screen: no kept column is constant or explained by the other kept ones.
        for (int j = 0; j < COLUMNS.size(); j++) {
            if (r.use()[j]) {
                assertThat(ColumnScreen.rSquared(train, r.use(), j)).as(COLUMNS.get(j)).isLessThan(ColumnScreen.MAX_R_SQUARED);
            }
        }
    }

    @Test
    void columnsOutsideTheCandidatesAreNeitherUsedNorReported() {
        boolean[] candidates = all(COLUMNS.size());
        candidates[COLUMNS.indexOf("r")] = false;   // without r, budget is no longer a function of the kept columns
        ColumnScreen.Result r = ColumnScreen.screen(COLUMNS, rows(1000, 2), candidates);
        assertThat(r.use()[COLUMNS.indexOf("r")]).isFalse();
        assertThat(r.use()[COLUMNS.indexOf("budget")]).isTrue();
        assertThat(r.dropped()).extracting(ColumnScreen.Dropped::column).containsExactly("constant", "flag_b");
    }
}
