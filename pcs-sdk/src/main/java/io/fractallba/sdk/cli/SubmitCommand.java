package io.fractallba.sdk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "submit", description = "POST PCS files (a file or every *.json of a directory) to a verifier. "
        + "Exit 0 when every file got 200 or 202.")
final class SubmitCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "PCS file or directory")
    Path path;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "verifier base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--tenant", description = "X-Tenant-Id (agents of the default tenant send none)")
    String tenant;

    @Option(names = "--key-id", description = "X-Key-Id")
    String keyId;

    @Option(names = "--outbox", description = "Durable outbox directory: each PCS is fsynced there first, retried with "
            + "backoff (honouring Retry-After on 429/503), and moved to <outbox>/dead with the reason when it cannot succeed")
    Path outboxDir;

    @Option(names = "--json", description = "One JSON line per file, {\"file\",\"status\",\"replayed\",\"body\"}: the "
            + "output of every language's SDK CLI, for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        if (outboxDir != null) {
            return viaOutbox(files);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int done = 0;
        for (Path f : files) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/v1/pcs/submit"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(f));
            if (tenant != null) {
                b.header("X-Tenant-Id", tenant);
            }
            if (keyId != null) {
                b.header("X-Key-Id", keyId);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(r.statusCode(), 1, Integer::sum);
            done++;
            boolean replayed = r.headers().firstValue("Idempotent-Replayed").filter("true"::equalsIgnoreCase).isPresent();
            if (json) {
                System.out.println(jsonLine(f, r.statusCode(), replayed, r.body()));
            } else {
                System.out.printf("[%d/%d] %s -> %d %s%s%n", done, files.size(), f.getFileName(), r.statusCode(), r.body(),
                        replayed ? " (replayed)" : "");
            }
        }
        if (!json) {
            System.out.println("statuses: " + statuses);
        }
        return statuses.keySet().stream().allMatch(s -> s == 200 || s == 202) ? 0 : 1;
    }

    /** The body is embedded as the JSON it is (a problem or a success body, byte for byte); anything else as a string. */
    private static String jsonLine(Path f, int status, boolean replayed, String body) throws java.io.IOException {
        boolean isJson;
        try {
            io.fractallba.sdk.http.Json.parse(body);
            isJson = !body.isBlank();
        } catch (java.io.IOException e) {
            isJson = false;
        }
        java.io.StringWriter w = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file", f.toString());
            g.writeNumberField("status", status);
            g.writeBooleanField("replayed", replayed);
            g.writeFieldName("body");
            if (isJson) {
                g.writeRawValue(body.strip());
            } else {
                g.writeString(body);
            }
            g.writeEndObject();
        }
        return w.toString();
    }

    private int viaOutbox(List<Path> files) throws Exception {
        io.fractallba.sdk.outbox.SubmissionOutbox outbox = new io.fractallba.sdk.outbox.SubmissionOutbox(outboxDir);
        io.fractallba.sdk.outbox.OutboxSender sender = new io.fractallba.sdk.outbox.OutboxSender(outbox, URI.create(url),
                tenant, io.fractallba.sdk.outbox.RetryPolicy.DEFAULT, d -> Thread.sleep(d.toMillis()), new java.security.SecureRandom());
        int resent = sender.drain(); // entries a previous run left behind
        if (resent > 0) {
            System.out.println("resent " + resent + " pending entr" + (resent == 1 ? "y" : "ies") + " from " + outboxDir);
        }
        int dead = 0;
        int pending = 0;
        for (Path f : files) {
            io.fractallba.sdk.outbox.OutboxSender.Result r = sender.submit(Files.readAllBytes(f));
            System.out.println(f.getFileName() + " -> " + r
                    + (r == io.fractallba.sdk.outbox.OutboxSender.Result.PENDING ? " (" + sender.lastFailure() + ")" : ""));
            dead += r == io.fractallba.sdk.outbox.OutboxSender.Result.DEAD_LETTER ? 1 : 0;
            pending += r == io.fractallba.sdk.outbox.OutboxSender.Result.PENDING ? 1 : 0;
        }
        if (dead > 0) {
            System.out.println(dead + " dead letter(s) in " + outboxDir.resolve("dead"));
        }
        if (pending > 0) {
            System.out.println(pending + " still pending in " + outboxDir + ": the next submit --outbox run sends them again");
        }
        return dead + pending == 0 ? 0 : 1;
    }
}
