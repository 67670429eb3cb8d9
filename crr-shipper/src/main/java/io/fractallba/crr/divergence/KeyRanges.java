package io.fractallba.crr.divergence;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a key range [lo, hi) into sixteen by the next hex digit after {@code prefix}: [lo, p1), [p1, p2), …,
 * [pf, hi). The pieces cover the range exactly, whatever the keys look like (non-hex keys fall into the outer pieces).
 */
public final class KeyRanges {

    public record Range(String prefix, String lo, String hi) {
    }

    private static final String HEX = "0123456789abcdef";

    private KeyRanges() {
    }

    public static Range all() {
        return new Range("", "", null);
    }

    public static List<Range> split(Range r) {
        List<Range> out = new ArrayList<>(16);
        for (int i = 0; i < 16; i++) {
            String lo = i == 0 ? r.lo() : r.prefix() + HEX.charAt(i);
            String hi = i == 15 ? r.hi() : r.prefix() + HEX.charAt(i + 1);
            out.add(new Range(r.prefix() + HEX.charAt(i), lo, hi));
        }
        return out;
    }
}
