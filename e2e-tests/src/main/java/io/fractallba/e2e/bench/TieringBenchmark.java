package io.fractallba.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.cold.FilesystemObjectStore;
import io.fractallba.dedup.runtime.DedupLookup;
import io.fractallba.dedup.runtime.DedupMetrics;
import io.fractallba.dedup.runtime.HotTier;
import io.fractallba.dedup.runtime.Housekeeping;
import io.fractallba.dedup.shard.RedisNodes;
import io.fractallba.dedup.shard.RoutingStore;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.dedup.tiering.AccessModel;
import io.fractallba.dedup.tiering.AgeBuckets;
import io.fractallba.dedup.tiering.PredictiveTiering;
import io.fractallba.dedup.tiering.TieringDefaults;
import io.fractallba.dedup.tiering.TieringPolicy;
import io.fractallba.e2e.ServiceProcess;
import io.fractallba.pcs.dedup.ShardLayout;
import io.fractallba.pcs.dedup.StoredResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Predictive against fixed-age tiering on one synthetic access trace. The trace (seeded, several tenants of different
 * shapes, 35 simulated days) is replayed through both policies with the service's own classes — {@link AccessModel}
 * fed with the re-reads the service would see (those the hot tier missed), {@link PredictiveTiering#decide} for the
 * warm ages and hot bands, demotion oldest-first past the warm age, pre-promotion with SET NX semantics and the
 * holdout ({@link PredictiveTiering#readWeight}), cold reads promoted back to warm, the verifier writing a durable
 * hit back to Redis for its hot TTL. The replay also works out which cold segment each demoted record would be in
 * had housekeeping run at the service's interval (tenants sharing a warm age share a segment), so a cold read is
 * charged the latency of a segment of that size. Lookup latency per tier (cold: per segment size) and bytes per hot
 * entry are measured in the same run on the real code (a private redis-server, Postgres, cold segments), and each
 * policy's tier mix weights them. Every service default used comes from {@link TieringDefaults}.
 */
final class TieringBenchmark {

    static final String HEADING = "## Predictive tiering (replayed access trace)";

    private static final long DAY = 86_400;
    private static final int DAYS = 35;
    private static final int MEASURE_FROM_DAY = 21;
    private static final long TICK = 900;                      // housekeeping every 15 simulated minutes
    private static final Duration HOT_TTL = TieringDefaults.HOT_TTL;
    private static final Duration FIXED_WARM_AGE = TieringDefaults.WARM_AGE;
    /** The service's housekeeping cadence: one demotion run, so one segment per warm age, per interval. */
    private static final long SERVICE_RUN = TieringDefaults.HOUSEKEEPING_INTERVAL.toSeconds();
    /** Cold segment sizes (records) whose read latency is measured. */
    private static final int[] SEGMENT_SIZES = {1, 4, 16, 64, 256, 1024, TieringDefaults.SEGMENT_RECORDS};
    private static final LocalDate EPOCH_DAY = LocalDate.parse("2026-01-01");
    private static final String BODY = "{\"status\":\"accepted\",\"pcs_id\":\"%s\",\"accepted\":true,\"escalated\":false,"
            + "\"recomputed_D_hat\":0.528320834,\"recomputed_budget\":0.317807017,\"policy\":\"default@1\"}";

    private final Path root;
    private final StringBuilder md = new StringBuilder();

    TieringBenchmark(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        System.out.println(new TieringBenchmark(root).run());
    }

    // ---- the trace -------------------------------------------------------------------------------------------------

    /** One tenant's shape: records stored per day and when (seconds of age) each record is read again. */
    private interface Shape {
        void reads(Random rnd, List<Long> ages);
    }

    private record Tenant(String name, int perDay, String description, Shape shape) {
    }

    private static final List<Tenant> TENANTS = List.of(
            new Tenant("retries", 3000, "60% retried within minutes (exponential, mean 3 min, up to 3 retries), "
                    + "5% re-read once 2–30 h later", (rnd, ages) -> {
                        if (rnd.nextDouble() < 0.6) {
                            minutes(rnd, ages, 0);
                        }
                        if (rnd.nextDouble() < 0.05) {
                            ages.add((long) (7200 + rnd.nextDouble() * 28 * 3600));
                        }
                    }),
            new Tenant("weekly", 1500, "30% retried within minutes; 60% re-submitted once at 7 days ± 3 h (normal), "
                    + "a third of those retried within minutes again", (rnd, ages) -> {
                        if (rnd.nextDouble() < 0.3) {
                            minutes(rnd, ages, 0);
                        }
                        if (rnd.nextDouble() < 0.6) {
                            long at = (long) (7 * DAY + rnd.nextGaussian() * 3 * 3600);
                            ages.add(at);
                            if (rnd.nextDouble() < 0.33) {
                                minutes(rnd, ages, at);
                            }
                        }
                    }),
            new Tenant("never", 3000, "never read again", (rnd, ages) -> { }),
            new Tenant("long-tail", 1000, "40% re-read once at an age log-uniform between 1 h and 12 days",
                    (rnd, ages) -> {
                        if (rnd.nextDouble() < 0.4) {
                            ages.add((long) Math.exp(Math.log(3600) + rnd.nextDouble() * Math.log(12 * 24.0)));
                        }
                    }));

    private static void minutes(Random rnd, List<Long> ages, long from) {
        long t = from;
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * 180) + 1;
            ages.add(t);
        }
    }

    /** Records (global birth order) and re-reads (time order) of the whole trace. */
    private static final class Trace {
        int[] tenant;
        long[] birth;
        long[] reads;          // time << 24 | record
        int[][] byTenant;      // record indices per tenant, birth order
        boolean[] heldOut;     // never pre-promoted (PredictiveTiering.heldOut of the record's id)
    }

    private static String id(int r) {
        return "r" + r;
    }

    private static Trace trace(long seed) {
        Random rnd = new Random(seed);
        List<long[]> births = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            for (int t = 0; t < TENANTS.size(); t++) {
                for (int i = 0; i < TENANTS.get(t).perDay(); i++) {
                    births.add(new long[] {d * DAY + (long) (rnd.nextDouble() * DAY), t});
                }
            }
        }
        births.sort((a, b) -> Long.compare(a[0], b[0]));
        Trace tr = new Trace();
        int n = births.size();
        tr.tenant = new int[n];
        tr.birth = new long[n];
        List<List<Integer>> per = new ArrayList<>();
        TENANTS.forEach(t -> per.add(new ArrayList<>()));
        List<Long> reads = new ArrayList<>();
        List<Long> ages = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            tr.birth[r] = births.get(r)[0];
            tr.tenant[r] = (int) births.get(r)[1];
            per.get(tr.tenant[r]).add(r);
            ages.clear();
            TENANTS.get(tr.tenant[r]).shape().reads(rnd, ages);
            for (long age : ages) {
                long at = tr.birth[r] + Math.max(1, age);
                if (at < DAYS * DAY) {
                    reads.add(at << 24 | r);
                }
            }
        }
        tr.reads = reads.stream().mapToLong(Long::longValue).sorted().toArray();
        tr.byTenant = per.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        tr.heldOut = new boolean[n];
        for (int r = 0; r < n; r++) {
            tr.heldOut[r] = PredictiveTiering.heldOut(id(r));
        }
        return tr;
    }

    // ---- the replay ------------------------------------------------------------------------------------------------

    /** What one policy did with the trace, counted inside the measurement window. */
    private static final class Outcome {
        final String policy;
        final long[] reads = new long[TENANTS.size()];
        final long[] hot = new long[TENANTS.size()];
        final long[] warm = new long[TENANTS.size()];
        final long[] cold = new long[TENANTS.size()];
        final double[] hotRecordSeconds = new double[TENANTS.size()];
        double warmRecordTicks;
        long ticks;
        long prepromoted;
        /** Per measured cold read: the records of the segment it was read from (as the service would write it). */
        final List<Integer> coldSegmentSizes = new ArrayList<>();
        PredictiveTiering.Decisions last;

        Outcome(String policy) {
            this.policy = policy;
        }

        long sum(long[] v) {
            return Arrays.stream(v).sum();
        }

        double hotRate() {
            return (double) sum(hot) / sum(reads);
        }

        double meanHotRecords() {
            return Arrays.stream(hotRecordSeconds).sum() / ((DAYS - MEASURE_FROM_DAY) * DAY);
        }

        double meanWarmRecords() {
            return warmRecordTicks / ticks;
        }
    }

    private static Outcome replay(Trace tr, TieringPolicy.Mode mode) {
        TieringPolicy policy = new TieringPolicy(TieringDefaults.settings(mode));   // the service's defaults
        PredictiveTiering decider = new PredictiveTiering(null, null, policy, FIXED_WARM_AGE, Map.of(), Clock.systemUTC());
        Outcome out = new Outcome(mode.name().toLowerCase(Locale.ROOT));
        int n = tr.birth.length;
        long[] hotUntil = new long[n];
        boolean[] cold = new boolean[n];
        boolean[] born = new boolean[n];
        long windowStart = MEASURE_FROM_DAY * DAY;
        long windowEnd = DAYS * DAY;
        Map<String, AccessModel> models = new HashMap<>();
        long[][] birthsPerDay = new long[TENANTS.size()][DAYS + 1];
        List<PriorityQueue<long[]>> warmQueues = new ArrayList<>();   // {birth, record}, oldest first
        TENANTS.forEach(t -> warmQueues.add(new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]))));
        Map<String, Long> bandMarks = new HashMap<>();
        PredictiveTiering.Decisions decisions = decider.decide(models);
        // Segments as the service writes them: one per housekeeping run and warm age (tenants sharing an age share it).
        long[] warmSince = new long[n];                 // when the record last became warm (stored, or promoted)
        long[] segmentOf = new long[n];
        Map<Long, Integer> segmentSize = new HashMap<>();
        long[] ageSince = new long[TENANTS.size()];
        long[] ageInForce = new long[TENANTS.size()];
        Arrays.fill(ageInForce, FIXED_WARM_AGE.toSeconds());
        long warmCount = 0;
        int nextBirth = 0;
        int nextRead = 0;
        for (long t = 0; t < windowEnd; t += TICK) {
            // Housekeeping: a day closed folds the models and decides again; then demotion and pre-promotion.
            if (t % DAY == 0 && t > 0) {
                LocalDate today = EPOCH_DAY.plusDays(t / DAY);
                for (int k = 0; k < TENANTS.size(); k++) {
                    int tk = k;
                    models.computeIfAbsent(TENANTS.get(k).name(), x -> new AccessModel(EPOCH_DAY))
                            .advanceTo(today, d -> birthsPerDay[tk][(int) (d.toEpochDay() - EPOCH_DAY.toEpochDay())],
                                    TieringDefaults.SMOOTHING);
                }
                decisions = decider.decide(models);
            }
            for (int k = 0; k < TENANTS.size(); k++) {
                long age = decisions.warmAges().getOrDefault(TENANTS.get(k).name(), FIXED_WARM_AGE).toSeconds();
                if (age != ageInForce[k]) {
                    ageInForce[k] = age;
                    ageSince[k] = t;                    // records overdue under the new age go in the next run's segment
                }
                PriorityQueue<long[]> q = warmQueues.get(k);
                while (!q.isEmpty() && q.peek()[0] < t - age) {
                    int r = (int) q.poll()[1];
                    if (!cold[r]) {
                        cold[r] = true;
                        warmCount--;
                        long due = Math.max(tr.birth[r] + age, Math.max(warmSince[r], ageSince[k]));
                        long run = (due + SERVICE_RUN - 1) / SERVICE_RUN;           // the first service run at or after
                        segmentOf[r] = run * 2_000_003L + age;
                        segmentSize.merge(segmentOf[r], 1, Integer::sum);
                    }
                }
                for (TieringPolicy.Band band : decisions.hotBands().getOrDefault(TENANTS.get(k).name(), List.of())) {
                    String mark = k + "|" + band;
                    long from = Math.max(bandMarks.getOrDefault(mark, Long.MIN_VALUE), t - band.to().toSeconds());
                    long upTo = t - band.from().toSeconds();
                    int[] recs = tr.byTenant[k];
                    for (int i = lowerBound(tr, recs, from + 1); i < recs.length && tr.birth[recs[i]] <= upTo; i++) {
                        int r = recs[i];
                        long until = tr.birth[r] + band.to().toSeconds();
                        if (!cold[r] && born[r] && !tr.heldOut[r] && hotUntil[r] <= t && until > t) {   // SET NX
                            hot(out, tr, r, hotUntil, t, until, windowStart, windowEnd);
                            if (t >= windowStart) {
                                out.prepromoted++;
                            }
                        }
                    }
                    bandMarks.put(mark, upTo);
                }
            }
            if (t >= windowStart) {
                out.warmRecordTicks += warmCount;
                out.ticks++;
            }
            // Submissions and re-reads of this tick, in time order.
            long end = t + TICK;
            while (true) {
                long bt = nextBirth < n ? tr.birth[nextBirth] : Long.MAX_VALUE;
                long rt = nextRead < tr.reads.length ? tr.reads[nextRead] >>> 24 : Long.MAX_VALUE;
                if (Math.min(bt, rt) >= end) {
                    break;
                }
                if (bt <= rt) {
                    int r = nextBirth++;
                    born[r] = true;
                    warmSince[r] = bt;
                    birthsPerDay[tr.tenant[r]][(int) (bt / DAY)]++;
                    warmQueues.get(tr.tenant[r]).add(new long[] {bt, r});
                    warmCount++;
                    hot(out, tr, r, hotUntil, bt, bt + HOT_TTL.toSeconds(), windowStart, windowEnd);
                    continue;
                }
                int r = (int) (tr.reads[nextRead++] & 0xFFFFFF);
                int k = tr.tenant[r];
                boolean measured = rt >= windowStart;
                if (measured) {
                    out.reads[k]++;
                }
                if (rt < hotUntil[r]) {
                    if (measured) {
                        out.hot[k]++;
                    }
                    continue;
                }
                // A hot miss: the verifier asks the dedup-service, which counts the re-read, answers from warm or cold
                // (a cold record is promoted to warm), and the verifier writes the answer back for its hot TTL.
                Duration age = Duration.ofSeconds(rt - tr.birth[r]);
                long weight = PredictiveTiering.readWeight(decisions, TENANTS.get(k).name(), id(r), age);
                if (weight > 0) {
                    models.computeIfAbsent(TENANTS.get(k).name(), x -> new AccessModel(EPOCH_DAY))
                            .addReads(AgeBuckets.of(age), weight);
                }
                if (cold[r]) {
                    cold[r] = false;
                    warmCount++;
                    warmSince[r] = rt;
                    warmQueues.get(k).add(new long[] {tr.birth[r], r});
                    if (measured) {
                        out.cold[k]++;
                        out.coldSegmentSizes.add(Math.min(segmentSize.get(segmentOf[r]), TieringDefaults.SEGMENT_RECORDS));
                    }
                } else if (measured) {
                    out.warm[k]++;
                }
                hot(out, tr, r, hotUntil, rt, rt + HOT_TTL.toSeconds(), windowStart, windowEnd);
            }
        }
        out.last = decisions;
        return out;
    }

    /** The record is in Redis from {@code t} until {@code until}; its residence inside the window is added up. */
    private static void hot(Outcome out, Trace tr, int r, long[] hotUntil, long t, long until, long ws, long we) {
        long from = Math.max(t, hotUntil[r]);
        long a = Math.max(from, ws);
        long b = Math.min(until, we);
        if (b > a) {
            out.hotRecordSeconds[tr.tenant[r]] += b - a;
        }
        hotUntil[r] = Math.max(hotUntil[r], until);
    }

    private static int lowerBound(Trace tr, int[] recs, long birth) {
        int lo = 0;
        int hi = recs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tr.birth[recs[mid]] < birth) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- real per-tier costs ---------------------------------------------------------------------------------------

    /** Latency samples (ns) per tier on the real code, and bytes per hot entry in a real redis-server. */
    private record Costs(long[] hot, long[] warm, long[][] coldBySize, double bytesPerEntry) {

        /** The measured segment size nearest (on a log scale) to a segment of {@code records}. */
        int sizeClass(int records) {
            int best = 0;
            for (int i = 1; i < SEGMENT_SIZES.length; i++) {
                if (Math.abs(Math.log(records) - Math.log(SEGMENT_SIZES[i]))
                        < Math.abs(Math.log(records) - Math.log(SEGMENT_SIZES[best]))) {
                    best = i;
                }
            }
            return best;
        }
    }

    private Costs measureCosts() throws Exception {
        Path logs = root.resolve("e2e-tests/target");
        int port = ServiceProcess.freePort();
        String url = "redis://127.0.0.1:" + port;
        String schema = "dedup_tier" + Long.toHexString(System.nanoTime());
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null)
                .schemas(schema).defaultSchema(schema).locations("classpath:db/migration/dedup").load().migrate();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema);
        ds.setUser("postgres");
        try (ServiceProcess redis = ServiceProcess.redis(port, logs.resolve("bench-tiering-redis.log")).start();
             RedisNodes nodes = new RedisNodes()) {
            Thread.sleep(300);
            // One connection kept open, as the service's pool keeps them: the latencies are of the reads, not of TCP
            // and authentication per call.
            Connection shared = ds.getConnection();
            javax.sql.DataSource pooled = oneConnection(ds, shared);
            WarmStore warm = new WarmStore(pooled);
            ColdArchive cold = new ColdArchive(new FilesystemObjectStore(Files.createTempDirectory("flk-bench-tier-cold")),
                    new ObjectMapper());
            DedupMetrics metrics = new DedupMetrics(new SimpleMeterRegistry());
            HotTier hot = new HotTier(new RoutingStore(pooled, new ShardLayout(Map.of("default", url), 1)), nodes);
            DedupLookup lookup = new DedupLookup(hot, warm, cold, metrics, t -> HOT_TTL);
            Instant now = Instant.now();

            // Bytes per hot entry: 20,000 entries in the verifier's key and value format, INFO used_memory before/after.
            int entries = 20_000;
            long before = usedMemory(nodes, url);
            for (int i = 0; i < entries; i++) {
                String id = String.format(Locale.ROOT, "%064x", i);
                hot.promote("acme", id, response(id), HOT_TTL);
            }
            double bytesPerEntry = (usedMemory(nodes, url) - before) / (double) entries;

            // Warm records (an hour old), then per segment size: records five days old demoted in segments of that
            // size (each record read once below: a cold read promotes it).
            int warmN = 5_000;
            int samples = 200;
            List<DedupRecord> recs = new ArrayList<>();
            for (int i = 0; i < warmN; i++) {
                recs.add(record(warmId(i), now.minus(Duration.ofHours(1))));
            }
            insert(warm, recs);
            int[] coldN = new int[SEGMENT_SIZES.length];
            for (int c = 0; c < SEGMENT_SIZES.length; c++) {
                coldN[c] = Math.max(samples, 2 * SEGMENT_SIZES[c]);
                recs.clear();
                for (int i = 0; i < coldN[c]; i++) {
                    recs.add(record(coldId(c, i), now.minus(Duration.ofDays(5)).plusMillis(i)));
                }
                insert(warm, recs);
                new Housekeeping(warm, cold, metrics, FIXED_WARM_AGE, Map.of(), Duration.ofDays(15), SEGMENT_SIZES[c],
                        Clock.systemUTC()).demote();
            }

            Random rnd = new Random(7);
            long[] hotNs = new long[samples * 4];
            long[] warmNs = new long[samples * 4];
            long[][] coldNs = new long[SEGMENT_SIZES.length][samples];
            // Warm-up of the JIT and the connection paths, not reported.
            for (int i = 0; i < 500; i++) {
                hot.find("acme", String.format(Locale.ROOT, "%064x", rnd.nextInt(entries)));
                lookup.find("acme", warmId(rnd.nextInt(warmN)), false, false);
            }
            for (int i = 0; i < hotNs.length; i++) {
                long t0 = System.nanoTime();
                hot.find("acme", String.format(Locale.ROOT, "%064x", rnd.nextInt(entries)));
                hotNs[i] = System.nanoTime() - t0;
            }
            for (int i = 0; i < warmNs.length; i++) {
                String id = warmId(rnd.nextInt(warmN));
                long t0 = System.nanoTime();
                hot.find("acme", id);                               // the verifier's miss first
                lookup.find("acme", id, false, false);
                warmNs[i] = System.nanoTime() - t0;
            }
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < SEGMENT_SIZES.length; c++) {
                order.add(c);
            }
            for (int i = 0; i < samples; i++) {                     // sizes interleaved, in a shuffled order each round:
                java.util.Collections.shuffle(order, rnd);          // no size gets the quieter (or noisier) moments
                for (int c : order) {
                    String id = coldId(c, i * (coldN[c] / samples));    // each once: promoted
                    long t0 = System.nanoTime();
                    hot.find("acme", id);
                    DedupLookup.Found f = lookup.find("acme", id, false, false).orElseThrow();
                    coldNs[c][i] = System.nanoTime() - t0;
                    if (!f.tier().equals("cold")) {
                        throw new IllegalStateException("expected a cold record, found " + f.tier());
                    }
                }
            }
            shared.close();
            return new Costs(hotNs, warmNs, coldNs, bytesPerEntry);
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/flk", "postgres", null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** A DataSource handing out one open connection whose close() only restores auto-commit, as a pool's does. */
    private static javax.sql.DataSource oneConnection(javax.sql.DataSource ds, Connection shared) {
        Connection handle = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> {
                    if (m.getName().equals("close")) {
                        if (!shared.getAutoCommit()) {
                            shared.rollback();
                            shared.setAutoCommit(true);
                        }
                        return null;
                    }
                    try {
                        return m.invoke(shared, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(javax.sql.DataSource.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
                    if (m.getName().equals("getConnection")) {
                        return handle;
                    }
                    try {
                        return m.invoke(ds, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String warmId(int i) {
        return String.format(Locale.ROOT, "%064x", 1_000_000 + i);
    }

    private static String coldId(int sizeClass, int i) {
        return String.format(Locale.ROOT, "%064x", 100_000_000L * (sizeClass + 1) + i);
    }

    private static DedupRecord record(String id, Instant seen) {
        StoredResponse r = response(id);
        return new DedupRecord("acme", id, seen, r.origin(), r.status(), r.body());
    }

    private static void insert(WarmStore warm, List<DedupRecord> recs) throws java.sql.SQLException {
        for (int i = 0; i < recs.size(); i += 2000) {
            warm.insertFirst(recs.subList(i, Math.min(recs.size(), i + 2000)));
        }
    }

    private static StoredResponse response(String id) {
        return new StoredResponse("wal-0:" + id.substring(56), 200, String.format(Locale.ROOT, BODY, id)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static long usedMemory(RedisNodes nodes, String url) {
        String info = nodes.api(url).info(List.of("memory")).await().atMost(Duration.ofSeconds(5)).toString();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO");
    }

    /**
     * Mean and p99 (µs) of the mixture of tier latencies weighted by a policy's hot/warm/cold shares; each cold read
     * is charged the latency of the measured segment size nearest its own segment's, or with {@code fullSegments}
     * that of a full (default-size) segment.
     */
    private static double[] mixture(Costs c, Outcome o, boolean fullSegments) {
        double total = o.sum(o.reads);
        List<long[]> tiers = new ArrayList<>(List.of(c.hot(), c.warm()));
        List<Double> shares = new ArrayList<>(List.of(o.sum(o.hot) / total, o.sum(o.warm) / total));
        double[] coldShares = new double[SEGMENT_SIZES.length];
        for (int size : o.coldSegmentSizes) {
            coldShares[fullSegments ? SEGMENT_SIZES.length - 1 : c.sizeClass(size)] += 1 / total;
        }
        // Cold reads before the window's first demotion lack a segment size; none should, but keep the total share.
        double unsized = o.sum(o.cold) / total - Arrays.stream(coldShares).sum();
        coldShares[SEGMENT_SIZES.length - 1] += Math.max(0, unsized);
        for (int i = 0; i < SEGMENT_SIZES.length; i++) {
            tiers.add(c.coldBySize()[i]);
            shares.add(coldShares[i]);
        }
        List<double[]> weighted = new ArrayList<>();                 // {latency ns, weight}
        double mean = 0;
        for (int i = 0; i < tiers.size(); i++) {
            for (long v : tiers.get(i)) {
                weighted.add(new double[] {v, shares.get(i) / tiers.get(i).length});
                mean += v * shares.get(i) / tiers.get(i).length;
            }
        }
        weighted.sort((a, b) -> Double.compare(a[0], b[0]));
        double acc = 0;
        double p99 = weighted.get(weighted.size() - 1)[0];
        for (double[] w : weighted) {
            acc += w[1];
            if (acc >= 0.99) {
                p99 = w[0];
                break;
            }
        }
        return new double[] {mean / 1000, p99 / 1000};
    }

    private static String sizes(List<Integer> v) {
        if (v.isEmpty()) {
            return "—";
        }
        int[] s = v.stream().mapToInt(Integer::intValue).sorted().toArray();
        return String.format(Locale.ROOT, "%d / %d / %d", s[s.length / 2], s[Math.min(s.length - 1, (int) (0.9 * s.length))],
                s[s.length - 1]);
    }

    private static double meanUs(long[] v) {
        return Arrays.stream(v).average().orElse(0) / 1000;
    }

    private static double pUs(long[] v, double q) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)] / 1000.0;
    }

    // ---- the report ------------------------------------------------------------------------------------------------

    String run() throws Exception {
        Trace tr = trace(20261127L);
        Outcome fixed = replay(tr, TieringPolicy.Mode.FIXED);
        Outcome predictive = replay(tr, TieringPolicy.Mode.PREDICTIVE);
        Costs costs = measureCosts();

        md.append(HEADING).append("\n\n");
        TieringPolicy.Settings d = TieringDefaults.settings(TieringPolicy.Mode.PREDICTIVE);
        md.append(String.format(Locale.ROOT, "A **synthetic** access trace (seeded; %d simulated days, %,d records, %,d "
                + "re-reads) replayed through the fixed-age policy (`flk.dedup.tiering.mode=fixed`, warm age %s) and "
                + "the predictive one (`predictive`, the service's defaults: threshold %s re-reads, min-age %s, "
                + "max-age %s, smoothing %s, %d days and %,d records before it decides, pre-promotion at %s "
                + "re-reads per record, one record in %d held out of it), with the service's own classes "
                + "(`AccessModel`, `TieringPolicy`, `PredictiveTiering.decide`, `PredictiveTiering.readWeight`) and its "
                + "rules: demotion oldest first past the warm age, hot entries written by the verifier on the first "
                + "submission and on every durable hit for its hot TTL (%s), pre-promotion with SET NX (an entry "
                + "already present is left), cold hits promoted to warm, housekeeping every 15 simulated minutes (the "
                + "service: every %s; the segments below are those the service's cadence would write). The model sees "
                + "only what the service sees: re-reads the hot tier missed, a held-out record's inside a hot band "
                + "counted %d-fold and the others' there not at all. Counted over days %d–%d (the first %d fill the "
                + "tiers and train the model).%n%n", DAYS, tr.birth.length, tr.reads.length, iso(FIXED_WARM_AGE),
                d.readThreshold(), iso(d.minAge()), iso(d.maxAge()), d.smoothing(), d.minDays(), d.minRecords(),
                d.prepromoteThreshold(), PredictiveTiering.HOLDOUT_ONE_IN, iso(d.hotTtl()),
                iso(TieringDefaults.HOUSEKEEPING_INTERVAL),
                PredictiveTiering.HOLDOUT_ONE_IN, MEASURE_FROM_DAY, DAYS, MEASURE_FROM_DAY));
        md.append("| tenant | records/day | re-reads |\n|---|---:|---|\n");
        for (Tenant t : TENANTS) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %s |%n", t.name(), t.perDay(), t.description()));
        }
        md.append(String.format(Locale.ROOT, "%nPer-tier lookup latency, measured in this run on the real code: hot = "
                + "`HotTier.find` on a private redis-server; warm = a hot miss then `DedupLookup.find` (Postgres primary-"
                + "key read); cold = a hot miss then `DedupLookup.find` of a cold record (read, checksum and "
                + "decompression of its whole segment, promotion to warm), per segment size: a cold read costs about "
                + "what its segment holds. The verifier's HTTP hop to the dedup-service on a hot miss is not included "
                + "(one hop per warm or cold read in both policies). Bytes per hot entry: INFO used_memory before and "
                + "after writing 20,000 entries in the verifier's key and value format (a %d-byte response body).%n%n",
                String.format(Locale.ROOT, BODY, "x".repeat(64)).length()));
        md.append("| tier | samples | mean µs | p50 µs | p99 µs |\n|---|---:|---:|---:|---:|\n");
        List<String> names = new ArrayList<>(List.of("hot", "warm"));
        List<long[]> tiers = new ArrayList<>(List.of(costs.hot(), costs.warm()));
        for (int c = 0; c < SEGMENT_SIZES.length; c++) {
            names.add(String.format(Locale.ROOT, "cold, %,d-record segment", SEGMENT_SIZES[c]));
            tiers.add(costs.coldBySize()[c]);
        }
        for (int i = 0; i < names.size(); i++) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", names.get(i), tiers.get(i).length,
                    meanUs(tiers.get(i)), pUs(tiers.get(i), 0.5), pUs(tiers.get(i), 0.99)));
        }
        md.append(String.format(Locale.ROOT, "%nRedis: %.0f bytes per hot entry.%n%n", costs.bytesPerEntry()));

        md.append("| policy | re-reads | hot-tier hit rate | warm reads | cold promotions | their segments' records "
                + "p50 / p90 / max | pre-promoted | mean Redis entries (MiB) | mean warm records | lookup latency mean µs "
                + "| p99 µs | mean µs, full segments | p99 µs, full segments |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double[][] lat = new double[2][];
        double[][] full = new double[2][];
        Outcome[] both = {fixed, predictive};
        for (int i = 0; i < 2; i++) {
            Outcome o = both[i];
            lat[i] = mixture(costs, o, false);
            full[i] = mixture(costs, o, true);
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %,d | %,d | %s | %,d | %,.0f (%.1f) | %,.0f | %.0f | "
                            + "%.0f | %.0f | %.0f |%n",
                    o.policy, o.sum(o.reads), o.hotRate(), o.sum(o.warm), o.sum(o.cold), sizes(o.coldSegmentSizes),
                    o.prepromoted, o.meanHotRecords(), o.meanHotRecords() * costs.bytesPerEntry() / (1 << 20),
                    o.meanWarmRecords(), lat[i][0], lat[i][1], full[i][0], full[i][1]));
        }
        md.append(String.format(Locale.ROOT, "| predictive ÷ fixed | | %.2f | %.2f | %.2f | | | %.2f | %.2f | %.2f | %.2f "
                        + "| %.2f | %.2f |%n%n",
                predictive.hotRate() / fixed.hotRate(), ratio(predictive.sum(predictive.warm), fixed.sum(fixed.warm)),
                ratio(predictive.sum(predictive.cold), fixed.sum(fixed.cold)),
                predictive.meanHotRecords() / fixed.meanHotRecords(),
                predictive.meanWarmRecords() / fixed.meanWarmRecords(), lat[1][0] / lat[0][0], lat[1][1] / lat[0][1],
                full[1][0] / full[0][0], full[1][1] / full[0][1]));
        md.append(String.format(Locale.ROOT, "Segments: with housekeeping every %s, a run demotes the records that "
                + "crossed their warm age in the last interval, so the service's segments are small (the p50 / p90 / max "
                + "above: records in the segment each cold read came from; tenants sharing a warm age share one). The "
                + "lookup latency columns charge each cold read the latency measured for the nearest segment size; the "
                + "\"full segments\" columns charge every cold read a %,d-record segment instead — what a backlog "
                + "(housekeeping stopped for a while, a warm age shortened) produces, and an upper bound for the gain.%n%n",
                iso(TieringDefaults.HOUSEKEEPING_INTERVAL), TieringDefaults.SEGMENT_RECORDS));

        md.append("Per tenant (predictive decisions at the end of the trace):\n\n| tenant | warm age | hot bands | hit rate "
                + "fixed → predictive | cold promotions fixed → predictive | mean Redis entries fixed → predictive |\n"
                + "|---|---|---|---|---|---|\n");
        for (int k = 0; k < TENANTS.size(); k++) {
            String name = TENANTS.get(k).name();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s → %s | %,d → %,d | %,.0f → %,.0f |%n", name,
                    human(predictive.last.warmAges().getOrDefault(name, FIXED_WARM_AGE)),
                    predictive.last.hotBands().getOrDefault(name, List.of()).stream()
                            .map(b -> human(b.from()) + "–" + human(b.to())).reduce((a, b) -> a + ", " + b).orElse("—"),
                    rate(fixed.hot[k], fixed.reads[k]), rate(predictive.hot[k], predictive.reads[k]), fixed.cold[k],
                    predictive.cold[k], fixed.hotRecordSeconds[k] / ((DAYS - MEASURE_FROM_DAY) * DAY),
                    predictive.hotRecordSeconds[k] / ((DAYS - MEASURE_FROM_DAY) * DAY)));
        }
        md.append("\nMean Redis entries: record-seconds resident in the hot tier over the window ÷ its length (MiB: × "
                + "the measured bytes per entry). Lookup latency: the per-tier samples above mixed in each policy's "
                + "hot/warm/cold shares of its re-reads (first submissions, the same in both, are not counted). The "
                + "trace is synthetic: it shows what the policy does with these shapes, not what a real tenant mix "
                + "would gain.\n\n");
        return md.toString();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static String rate(long a, long b) {
        return b == 0 ? "—" : String.format(Locale.ROOT, "%.3f", (double) a / b);
    }

    private static String iso(Duration d) {
        return d.toSeconds() % DAY == 0 ? "P" + d.toSeconds() / DAY + "D" : d.toString();
    }

    private static String human(Duration d) {
        long h = d.toHours();
        return h % 24 == 0 ? (h / 24) + " d" : h >= 48 ? String.format(Locale.ROOT, "%.1f d", h / 24.0) : h + " h";
    }
}
