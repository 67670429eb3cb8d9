package io.fractallba.dedup.tiering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiering decisions taken from a tenant's {@link AccessModel}: when a warm record moves to the cold archive, and
 * which age bands are written to the hot tier ahead of the re-reads the model expects there. In {@code FIXED} mode,
 * or while the model has seen too little, every tenant keeps its fixed warm age and nothing is pre-promoted.
 */
public final class TieringPolicy {

    public enum Mode { FIXED, PREDICTIVE }

    /**
     * @param readThreshold        a record is demoted from the youngest age after which it expects fewer re-reads
     *                             than this (a cold re-read costs a whole segment read; a warm day costs its row)
     * @param minAge               never demote younger (the model cannot see re-reads the hot tier answers, so it
     *                             knows nothing about ages the verifier's hot entry covers)
     * @param maxAge               never keep warm longer (at most the retention)
     * @param minDays              days folded before the model decides instead of the fixed warm age
     * @param minRecords           records observed (stored by the tenant while the model watched) before it decides
     * @param prepromoteThreshold  an age bucket expecting at least this many re-reads per record is written to the
     *                             hot tier ahead of time (above 1 practically disables it)
     * @param hotTtl               how long the verifier's own hot entry lives; younger ages need no pre-promotion
     */
    public record Settings(Mode mode, double readThreshold, Duration minAge, Duration maxAge, int minDays,
                           long minRecords, double prepromoteThreshold, Duration hotTtl, double smoothing) {

        public Settings {
            if (minAge.compareTo(maxAge) > 0) {
                throw new IllegalArgumentException("tiering min-age " + minAge + " is longer than max-age " + maxAge);
            }
            if (!(smoothing > 0 && smoothing <= 1)) {
                throw new IllegalArgumentException("tiering smoothing must be in (0, 1], not " + smoothing);
            }
            // Not NaN and above zero: at 0 every bucket (even one never read) would be pre-promoted, and no age would
            // ever expect "fewer than 0" re-reads, so every record would stay warm until max-age.
            if (!(readThreshold > 0)) {
                throw new IllegalArgumentException("flk.dedup.tiering.read-threshold must be above 0, not " + readThreshold);
            }
            if (!(prepromoteThreshold > 0)) {
                throw new IllegalArgumentException("flk.dedup.tiering.prepromote-threshold must be above 0 (above 1 "
                        + "practically disables pre-promotion), not " + prepromoteThreshold);
            }
            if (minDays < 1 || minRecords < 0) {
                throw new IllegalArgumentException("flk.dedup.tiering.min-days must be at least 1 and min-records not "
                        + "negative, not " + minDays + " and " + minRecords);
            }
            if (minAge.isNegative() || hotTtl.isNegative() || hotTtl.isZero()) {
                throw new IllegalArgumentException("tiering min-age must not be negative and the hot TTL must be "
                        + "positive, not " + minAge + " and " + hotTtl);
            }
        }
    }

    /** Records aged in [{@code from}, {@code to}) are expected to be re-read often enough to be hot. */
    public record Band(Duration from, Duration to) {
    }

    private final Settings settings;

    public TieringPolicy(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether the model has seen enough of the tenant to decide for it. */
    public boolean decides(AccessModel m) {
        return settings.mode() == Mode.PREDICTIVE && m != null && m.daysFolded() >= settings.minDays()
                && m.recordsObserved() >= settings.minRecords();
    }

    /**
     * The warm age for a tenant: the youngest bucket boundary (at least {@code minAge}) after which a record expects
     * fewer than {@code readThreshold} re-reads, at most {@code maxAge}; {@code fixed} while the model does not decide.
     */
    public Duration demotionAge(AccessModel m, Duration fixed) {
        if (!decides(m)) {
            return fixed;
        }
        for (int b = AgeBuckets.of(settings.minAge()); b < AgeBuckets.COUNT; b++) {
            if (m.readsFrom(b) < settings.readThreshold()) {
                Duration at = AgeBuckets.lower(b);
                at = at.compareTo(settings.minAge()) < 0 ? settings.minAge() : at;
                return at.compareTo(settings.maxAge()) > 0 ? settings.maxAge() : at;
            }
        }
        return settings.maxAge();
    }

    /**
     * Age bands to write to the hot tier ahead of their re-reads: buckets past the verifier's own hot entry, still
     * warm at {@code demotionAge} (a warm row is one cheap read; a cold one a segment read per record), expecting
     * at least {@code prepromoteThreshold} re-reads per record. Adjacent buckets merge into one band.
     */
    public List<Band> hotBands(AccessModel m, Duration demotionAge) {
        return hotBands(m, demotionAge, settings.hotTtl());
    }

    /** As {@link #hotBands(AccessModel, Duration)} for a tenant whose verifier hot entry lives {@code hotTtl}. */
    public List<Band> hotBands(AccessModel m, Duration demotionAge, Duration hotTtl) {
        List<Band> out = new ArrayList<>();
        if (!decides(m)) {
            return out;
        }
        for (int b = 0; b < AgeBuckets.COUNT - 1; b++) {
            Duration lo = AgeBuckets.lower(b);
            Duration hi = AgeBuckets.upper(b);
            if (hi.compareTo(hotTtl) <= 0 || lo.compareTo(demotionAge) >= 0
                    || m.readsPerRecord(b) < settings.prepromoteThreshold()) {
                continue;
            }
            Duration from = lo.compareTo(hotTtl) < 0 ? hotTtl : lo;
            Duration to = hi.compareTo(demotionAge) > 0 ? demotionAge : hi;
            if (!out.isEmpty() && out.get(out.size() - 1).to().equals(from)) {
                out.set(out.size() - 1, new Band(out.get(out.size() - 1).from(), to));
            } else {
                out.add(new Band(from, to));
            }
        }
        return out;
    }
}
