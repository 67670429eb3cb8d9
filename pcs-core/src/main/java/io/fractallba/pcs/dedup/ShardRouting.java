package io.fractallba.pcs.dedup;

/**
 * How the hot tier is routed right now: one layout when stable, or a migration from one layout to another. While
 * migrating, first-write-wins is decided on the new layout's owner, and a win there is then claimed on the old
 * owner too ({@code SET NX}) — so writers that still use only the old layout, and writers already migrating, always
 * meet on one atomic {@code SET NX} (docs/dedup.md#migration). {@code version} only grows.
 */
public record ShardRouting(long version, String phase, ShardLayout current, ShardLayout next) {

    public static ShardRouting stable(long version, ShardLayout layout) {
        return new ShardRouting(version, "stable", layout, null);
    }

    public boolean migrating() {
        return next != null;
    }

    /** Text form for storage and the layout endpoint: {@code version|phase|current|next}. */
    public String text() {
        return version + "|" + phase + "|" + current.text() + "|" + (next == null ? "" : next.text());
    }

    public static ShardRouting parse(String text) {
        String[] p = text.split("\\|", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("routing text is version|phase|current|next");
        }
        return new ShardRouting(Long.parseLong(p[0]), p[1], ShardLayout.parse(p[2]),
                p[3].isEmpty() ? null : ShardLayout.parse(p[3]));
    }
}
