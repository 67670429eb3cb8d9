package io.fractallba.crr.divergence;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRangesTest {

    private static boolean contains(KeyRanges.Range r, String k) {
        return k.compareTo(r.lo()) >= 0 && (r.hi() == null || k.compareTo(r.hi()) < 0);
    }

    /** Every key of a range falls into exactly one of its sixteen pieces, two levels down too. */
    @Property(tries = 500)
    void piecesCoverARangeExactly(@ForAll @StringLength(max = 70) String key) {
        KeyRanges.Range root = KeyRanges.all();
        List<KeyRanges.Range> level1 = KeyRanges.split(root);
        assertThat(level1.stream().filter(r -> contains(r, key)).count()).isEqualTo(1);
        KeyRanges.Range holder = level1.stream().filter(r -> contains(r, key)).findFirst().orElseThrow();
        assertThat(KeyRanges.split(holder).stream().filter(r -> contains(r, key)).count()).isEqualTo(1);
    }
}
