package io.fractallba.e2e;

import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.pcs.event.Topics;
import io.fractallba.verifier.wal.InboxEntry;
import io.fractallba.verifier.wal.WalInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the verifier under a load of signed submissions: after the restart replays its WAL, every submission
 * that got 200/202 has exactly one pcs.verified.v1 event, and every acknowledged body is in the WAL.
 */
class VerifierCrashTest {

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedSubmissionHasExactlyOneEventAfterKillAndReplay() throws Exception {
        int port = ServiceProcess.freePort();
        Path wal = tmp.resolve("wal");
        Path log = ServiceProcess.projectRoot().resolve("e2e-tests/target/crash-test-verifier.log");
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>(); // event key -> status
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        Set<String> replayed = ConcurrentHashMap.newKeySet();
        Workloads workloads = new Workloads(System.nanoTime());
        List<PreparedRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            requests.add(i % 5 == 4 ? workloads.escalation() : workloads.fresh());
        }

        try (TopicCounter events = new TopicCounter("127.0.0.1:9092", Topics.PCS_VERIFIED)) {
            int ackedBeforeCrash;
            try (ServiceProcess first = ServiceProcess.verifier(port, wal, log).start()) {
                first.awaitReady(port, Duration.ofSeconds(90));

                AtomicBoolean stop = new AtomicBoolean();
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                URI uri = URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit");
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    Thread t = new Thread(() -> {
                        for (int i = next.getAndIncrement(); i < requests.size() && !stop.get(); i = next.getAndIncrement()) {
                            PreparedRequest r = requests.get(i);
                            try {
                                HttpResponse<String> resp = client.send(HttpRequest.newBuilder(uri)
                                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (resp.headers().firstValue("Idempotent-Replayed").isPresent()) {
                                    replayed.add(r.eventKey()); // would mean stale test data, not a fresh submission
                                }
                                if (resp.statusCode() == 200 || resp.statusCode() == 202) {
                                    acknowledged.put(r.eventKey(), resp.statusCode());
                                } else {
                                    unanswered.add(r.eventKey());
                                }
                            } catch (Exception e) {
                                unanswered.add(r.eventKey()); // connection died with the process: not acknowledged
                            }
                        }
                    });
                    workers.add(t);
                    t.start();
                }
                long loadDeadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (acknowledged.size() < 1500) {
                    if (System.nanoTime() > loadDeadline) {
                        stop.set(true);
                        throw new AssertionError("only " + acknowledged.size() + " submissions acknowledged in 180 s");
                    }
                    Thread.sleep(20);
                }
                first.kill9();
                Thread.sleep(500);
                stop.set(true);
                for (Thread t : workers) {
                    t.join();
                }
                ackedBeforeCrash = acknowledged.size();
            }

            try (ServiceProcess second = ServiceProcess.verifier(port, wal, log).start()) {
                second.awaitReady(port, Duration.ofSeconds(90));
                Map<String, Integer> perKey = events.collect(ackedBeforeCrash, Duration.ofSeconds(60), Duration.ofSeconds(5));

                List<String> missing = acknowledged.keySet().stream().filter(k -> !perKey.containsKey(k)).toList();
                List<String> doubled = perKey.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
                Set<String> unexplained = new HashSet<>(perKey.keySet());
                unexplained.removeAll(acknowledged.keySet());
                unexplained.removeAll(unanswered);
                System.out.printf("crash test: %d acknowledged before kill -9, %d unanswered, %d events, %d missing, %d doubled%n",
                        ackedBeforeCrash, unanswered.size(), perKey.size(), missing.size(), doubled.size());
                assertThat(replayed).as("every submission of this test is new").isEmpty();
                assertThat(missing).as("acknowledged without an event").isEmpty();
                assertThat(doubled).as("more than one event").isEmpty();
                assertThat(unexplained).as("events for requests never sent").isEmpty();
            }
        }
        Set<String> inWal = new HashSet<>();
        for (InboxEntry e : WalInspector.inboxRecords(wal)) {
            inWal.add(io.fractallba.pcs.crypto.Hashes.sha256Hex(e.body()));
        }
        Map<String, String> bodyHashByKey = new java.util.HashMap<>();
        requests.forEach(r -> bodyHashByKey.put(r.eventKey(), io.fractallba.pcs.crypto.Hashes.sha256Hex(r.body())));
        assertThat(acknowledged.keySet()).allSatisfy(k -> assertThat(inWal).contains(bodyHashByKey.get(k)));
    }
}
