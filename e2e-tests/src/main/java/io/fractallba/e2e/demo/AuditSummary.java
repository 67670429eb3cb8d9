package io.fractallba.e2e.demo;

import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.ProofVerifier;
import io.fractallba.sdk.audit.AuditClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * The audit part of the demo: waits until every acknowledged submission is a leaf of the audit log, then shows the
 * latest signed checkpoint and verifies one inclusion proof with the SDK, as an outside auditor would.
 */
final class AuditSummary {

    record Outcome(boolean ok) {
    }

    private AuditSummary() {
    }

    static Outcome print(String auditUrl, Set<String> acknowledgedKeys, PrintStream out) throws Exception {
        // The entries of every tenant the workload submitted for: a reader of all tenants (docs/security.md).
        AuditClient client = new AuditClient(auditUrl, io.fractallba.e2e.DevIssuer.get().token(
                io.fractallba.pcs.token.Roles.TENANT_READER, io.fractallba.pcs.token.Roles.ALL_TENANTS));
        // Demo shortcut: the key is fetched from the service; auditors get it out of band (docs/audit.md).
        NoteKey key = NoteKey.parseVerifierKey(get(auditUrl + "/v1/audit/key"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long inLog = 0;
        AuditClient.Entry sample = null;
        for (String k : acknowledgedKeys) {
            int slash = k.indexOf('/');
            while (true) {
                try {
                    AuditClient.Entry e = client.entry(k.substring(0, slash), k.substring(slash + 1));
                    inLog++;
                    sample = sample == null ? e : sample;
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
        }
        out.printf("audit log: %d of %d acknowledged submissions are leaves of the log%n", inLog, acknowledgedKeys.size());
        if (sample == null) {
            return new Outcome(acknowledgedKeys.isEmpty());
        }
        Checkpoint cp = null;
        while (System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
            cp = client.latest(key, null).checkpoint();
            if (cp.size() > sample.index()) {
                break;
            }
            Thread.sleep(200);
        }
        String note = client.latestNote();
        out.println("latest signed checkpoint (C2SP signed note, signature verified with " + key.name() + "):");
        note.lines().forEach(l -> out.println("  | " + l));
        ProofVerifier.verifyInclusion(sample.index(), cp.size(), MerkleHashes.leafHash(sample.leaf()),
                client.inclusion(sample.index(), cp.size()), cp.root());
        out.printf("inclusion proof verified: %s/%s is entry %d of the log of size %d%n", sample.tenant(),
                sample.pcsId(), sample.index(), cp.size());
        return new Outcome(inLog == acknowledgedKeys.size());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body().trim();
    }
}
