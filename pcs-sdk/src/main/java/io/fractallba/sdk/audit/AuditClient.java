package io.fractallba.sdk.audit;

import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.ProofException;

import io.fractallba.sdk.http.Json;
import io.fractallba.sdk.http.ServiceHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Fetches checkpoints, entries and proofs from an audit-service. Nothing it returns is trusted: callers verify
 * checkpoints with the log's public key and proofs against verified checkpoints ({@link AuditVerification}).
 */
public final class AuditClient {

    private final ServiceHttp http;

    public AuditClient(String baseUrl) {
        this(baseUrl, null);
    }

    /**
     * With a bearer token ({@code pcs token}): entry contents need one (tenant-reader for the tenant's own entries,
     * operator for the whole log); checkpoints, keys and proofs are public.
     */
    public AuditClient(String baseUrl, String token) {
        this.http = new ServiceHttp("audit-service", baseUrl,
                token == null || token.isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + token.trim()));
    }

    /** A served checkpoint, verified against {@code key} (and the origin when given). */
    public record VerifiedCheckpoint(Checkpoint checkpoint, String note) {
    }

    public record Entry(long index, String tenant, String pcsId, byte[] leaf, byte[] leafHash) {
    }

    public String latestNote() throws IOException {
        return get("v1/audit/checkpoint");
    }

    public VerifiedCheckpoint latest(NoteKey key, String origin) throws IOException, ProofException {
        String note = latestNote();
        return new VerifiedCheckpoint(Checkpoint.verify(note, key, origin), note);
    }

    /** Served checkpoints with size ≥ from, each verified; a bad signature fails the whole call. */
    public List<VerifiedCheckpoint> checkpoints(long from, int limit, NoteKey key, String origin)
            throws IOException, ProofException {
        List<VerifiedCheckpoint> out = new ArrayList<>();
        for (Object o : Json.array(get("v1/audit/checkpoints?from=" + from + "&limit=" + limit))) {
            String note = (String) ((Map<?, ?>) o).get("note");
            out.add(new VerifiedCheckpoint(Checkpoint.verify(note, key, origin), note));
        }
        return out;
    }

    public List<Entry> entries(long from, int limit) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (Object o : Json.array(get("v1/audit/entries?from=" + from + "&limit=" + limit))) {
            out.add(entry((Map<?, ?>) o));
        }
        return out;
    }

    public Entry entry(long index) throws IOException {
        return entry(Json.object(get("v1/audit/entries/" + index)));
    }

    public Entry entry(String tenant, String pcsId) throws IOException {
        return entry(Json.object(get("v1/audit/entries/" + enc(tenant) + "/" + enc(pcsId))));
    }

    public List<byte[]> inclusion(long index, long treeSize) throws IOException {
        return hashes(Json.object(get("v1/audit/proof/inclusion?index=" + index + "&tree_size=" + treeSize)));
    }

    public List<byte[]> consistency(long first, long second) throws IOException {
        return hashes(Json.object(get("v1/audit/proof/consistency?first=" + first + "&second=" + second)));
    }

    private static Entry entry(Map<?, ?> m) {
        return new Entry(((Number) m.get("index")).longValue(), (String) m.get("tenant"), (String) m.get("pcs_id"),
                ((String) m.get("leaf")).getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode((String) m.get("leaf_hash")));
    }

    private static List<byte[]> hashes(Map<String, Object> m) {
        List<byte[]> out = new ArrayList<>();
        for (Object h : (List<?>) m.get("proof")) {
            out.add(Base64.getDecoder().decode((String) h));
        }
        return out;
    }

    private String get(String path) throws IOException {
        return http.get(path);
    }

    private static String enc(String s) {
        return ServiceHttp.enc(s);
    }
}
