package io.fractallba.dedup.tiering;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * How one tenant's records are read again, by age: re-reads counted per {@link AgeBuckets age bucket} during the
 * open (UTC) day, and per closed day folded into exponentially smoothed daily rates, together with the records the
 * tenant stored per day. Their ratio — smoothed re-reads in bucket b per day over smoothed records stored per day — is
 * the expected number of re-reads a record gets while its age is in bucket b, assuming the tenant's traffic is
 * roughly steady over the smoothing horizon (a growing tenant is under-estimated at old ages, a shrinking one
 * over-estimated). Plain state, no I/O: the service persists it ({@code AccessModelStore}) and the tiering benchmark
 * replays traces through the same class.
 */
public final class AccessModel {

    private LocalDate openDay;
    private final double[] dayReads;
    private double smoothedBirths;
    private final double[] smoothedReads;
    private int daysFolded;
    private long recordsObserved;

    public AccessModel(LocalDate openDay) {
        this(openDay, new double[AgeBuckets.COUNT], 0, new double[AgeBuckets.COUNT], 0, 0);
    }

    public AccessModel(LocalDate openDay, double[] dayReads, double smoothedBirths, double[] smoothedReads,
                       int daysFolded, long recordsObserved) {
        if (dayReads.length != AgeBuckets.COUNT || smoothedReads.length != AgeBuckets.COUNT) {
            throw new IllegalArgumentException("expected " + AgeBuckets.COUNT + " age buckets");
        }
        this.openDay = openDay;
        this.dayReads = dayReads.clone();
        this.smoothedBirths = smoothedBirths;
        this.smoothedReads = smoothedReads.clone();
        this.daysFolded = daysFolded;
        this.recordsObserved = recordsObserved;
    }

    /** Re-reads of records whose age was in {@code bucket}, seen during the open day. */
    public void addReads(int bucket, double n) {
        dayReads[bucket] += n;
    }

    /**
     * Closes every day before {@code today}: its re-reads and the records first seen that day ({@code births}) are
     * folded with weight {@code alpha}; a day without reads folds zeros, so a tenant that stopped re-reading decays.
     * The first folded day is taken as it is (nothing to smooth against yet).
     */
    public void advanceTo(LocalDate today, ToLongFunction<LocalDate> births, double alpha) {
        if (!openDay.isBefore(today)) {
            return;
        }
        if (openDay.plusDays(400).isBefore(today)) {
            openDay = today.minusDays(400);            // idle for over a year: what came before weighs nothing now
        }
        while (openDay.isBefore(today)) {
            long b = births.applyAsLong(openDay);
            double w = daysFolded == 0 ? 1.0 : alpha;
            smoothedBirths = (1 - w) * smoothedBirths + w * b;
            for (int i = 0; i < dayReads.length; i++) {
                smoothedReads[i] = (1 - w) * smoothedReads[i] + w * dayReads[i];
                dayReads[i] = 0;
            }
            daysFolded++;
            recordsObserved += b;
            openDay = openDay.plusDays(1);
        }
    }

    /** Expected re-reads per record while its age is in bucket {@code b}. */
    public double readsPerRecord(int b) {
        return smoothedBirths > 0 ? smoothedReads[b] / smoothedBirths : 0;
    }

    /** Expected re-reads per record at ages in bucket {@code b} or later. */
    public double readsFrom(int b) {
        double sum = 0;
        for (int i = b; i < AgeBuckets.COUNT; i++) {
            sum += readsPerRecord(i);
        }
        return sum;
    }

    public LocalDate openDay() {
        return openDay;
    }

    public double[] dayReads() {
        return dayReads.clone();
    }

    public double smoothedBirths() {
        return smoothedBirths;
    }

    public double[] smoothedReads() {
        return smoothedReads.clone();
    }

    public int daysFolded() {
        return daysFolded;
    }

    public long recordsObserved() {
        return recordsObserved;
    }

    @Override
    public String toString() {
        return "AccessModel[open " + openDay + ", days " + daysFolded + ", records " + recordsObserved + ", births/day "
                + smoothedBirths + ", reads/day " + Arrays.toString(smoothedReads) + "]";
    }
}
