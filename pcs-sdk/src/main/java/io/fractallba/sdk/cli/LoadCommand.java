package io.fractallba.sdk.cli;

import io.fractallba.sdk.load.LoadResult;
import io.fractallba.sdk.load.LoadRunner;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pcs load}: the load generator of the benchmark harness — freshly signed PCS at a target rate (or closed
 * loop), HdrHistogram latencies, and a mix of duplicates, bad signatures and escalations.
 */
@Command(name = "load", description = "Send signed PCS to a verifier at a target rate and report latencies. "
        + "Exit 0 when every request got an HTTP answer below 500, 1 otherwise, 2 on bad input or an unreachable verifier.")
final class LoadCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "verifier base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--count", defaultValue = "1000", description = "requests to send (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--rate", defaultValue = "0", description = "requests per second; 0 = as fast as the clients go")
    double rate;

    @Option(names = "--clients", defaultValue = "16", description = "concurrent connections (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--mix", defaultValue = "mixed", description = "mixed (fresh, Ed25519, escalations, bad signatures, "
            + "duplicates) or fresh (default ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--tenant", description = "tenant of the HMAC documents (default: none sent, the verifier's default tenant)")
    String tenant;

    @Option(names = "--secret", defaultValue = "testsecret", description = "HMAC secret of that tenant (default: the DEMO secret)")
    String secret;

    @Option(names = "--ed25519-tenant", defaultValue = "acme")
    String edTenant;

    @Option(names = "--ed25519-seed", description = "Ed25519 seed (base64) of that tenant (default: the DEMO key; "
            + "'none' sends HMAC documents instead)")
    String edSeed;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || clients < 1 || rate < 0 || !(mix.equals("mixed") || mix.equals("fresh"))) {
            System.err.println("error: --count and --clients must be ≥ 1, --rate ≥ 0, --mix mixed or fresh");
            return 2;
        }
        URI submit = URI.create(url.replaceAll("/+$", "") + "/v1/pcs/submit");
        try {
            // Reachability only: any HTTP answer will do (health is on the verifier's management port, not public).
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (ConnectException e) {
            System.err.println("error: verifier unreachable at " + url);
            return 2;
        }
        byte[] ed = edSeed == null ? Workloads.DEMO_ED25519_SEED
                : edSeed.equals("none") ? null : Base64.getDecoder().decode(edSeed);
        Workloads w = new Workloads(System.nanoTime(), tenant, secret.getBytes(StandardCharsets.UTF_8), edTenant, ed);
        List<PreparedRequest> requests = mix.equals("fresh") ? fresh(w) : w.mixed(count);
        LoadResult r = new LoadRunner(submit).run(requests, clients, rate);
        System.out.printf(Locale.ROOT, "%d requests in %.1f s: %.0f req/s%s%n", r.total(), r.seconds(), r.throughput(),
                rate > 0 ? String.format(Locale.ROOT, " (target %.0f)", rate) : " (closed loop, " + clients + " clients)");
        System.out.printf(Locale.ROOT, "latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99), r.percentileMillis(99.9),
                r.percentileMillis(100));
        r.byKind().forEach((kind, st) -> System.out.printf("  %-14s %s%n", kind, st));
        System.out.println("statuses " + r.statuses() + ", transport errors " + r.errors());
        boolean ok = r.errors() == 0 && r.statuses().keySet().stream().allMatch(s -> s < 500);
        return ok ? 0 : 1;
    }

    private List<PreparedRequest> fresh(Workloads w) {
        List<PreparedRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(w.fresh());
        }
        return out;
    }
}
