package io.fractallba.sdk.load;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends prepared requests with a fixed number of workers. With a target rate, each request has an intended start
 * time and latency is measured from it (no coordinated omission); without one, workers run closed-loop.
 */
public final class LoadRunner {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    public LoadRunner(URI uri) {
        this.uri = uri;
    }

    public LoadResult run(List<PreparedRequest> requests, int workers, double targetRatePerSecond) throws InterruptedException {
        Histogram histogram = new Histogram(60_000_000L, 3);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        Map<String, Map<Integer, LongAdder>> byKind = new ConcurrentHashMap<>();
        Map<Integer, List<String>> samples = new ConcurrentHashMap<>();
        Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        java.util.Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(workers);
        long start = System.nanoTime();
        double intervalNanos = targetRatePerSecond > 0 ? 1e9 / targetRatePerSecond : 0;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                Histogram local = new Histogram(60_000_000L, 3);
                try {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        long intended = intervalNanos > 0 ? start + (long) (i * intervalNanos) : System.nanoTime();
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        PreparedRequest r = requests.get(i);
                        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
                        if (r.tenant() != null) {
                            b.header("X-Tenant-Id", r.tenant());
                        }
                        try {
                            HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
                            local.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                            statuses.computeIfAbsent(resp.statusCode(), k -> new LongAdder()).increment();
                            if ((resp.statusCode() == 200 || resp.statusCode() == 202) && r.eventKey() != null) {
                                acknowledged.add(r.eventKey());
                            }
                            byKind.computeIfAbsent(r.kind(), k -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(resp.statusCode(), k -> new LongAdder()).increment();
                            List<String> s = samples.computeIfAbsent(resp.statusCode(), k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                            if (s.size() < 2) {
                                s.add(resp.body());
                            }
                            if (resp.statusCode() >= 500) {
                                refusals.computeIfAbsent(resp.statusCode() + " " + problemType(resp.body()),
                                        k -> new LongAdder()).increment();
                            }
                        } catch (java.io.IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    synchronized (histogram) {
                        histogram.add(local);
                    }
                    done.countDown();
                }
            }, "load-" + w);
            threads.add(t);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> st = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> st.put(k, v.sum()));
        Map<String, Map<Integer, Long>> kinds = new java.util.TreeMap<>();
        byKind.forEach((k, m) -> {
            Map<Integer, Long> x = new java.util.TreeMap<>();
            m.forEach((s, v) -> x.put(s, v.sum()));
            kinds.put(k, x);
        });
        Map<String, Long> refused = new java.util.TreeMap<>();
        refusals.forEach((k, v) -> refused.put(k, v.sum()));
        return new LoadResult(histogram, st, kinds, errors.get(), seconds, samples, java.util.Set.copyOf(acknowledged),
                refused);
    }

    private static final java.util.regex.Pattern PROBLEM_TYPE = java.util.regex.Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");

    /** The problem+json {@code type} of a refusal (its last path segment), so a summary can say why requests were refused. */
    static String problemType(String body) {
        java.util.regex.Matcher m = PROBLEM_TYPE.matcher(body == null ? "" : body);
        if (!m.find()) {
            return "(no problem type)";
        }
        String type = m.group(1);
        return type.substring(type.lastIndexOf('/') + 1);
    }
}
