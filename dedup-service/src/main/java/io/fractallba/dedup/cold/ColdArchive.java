package io.fractallba.dedup.cold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.pcs.crypto.Hashes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Cold segments: gzip-compressed NDJSON, one record per line (body in base64), named by their content hash and a
 * random suffix. The SHA-256 of the stored bytes is recorded in Postgres when the segment is written and checked on every read, so a
 * changed or truncated segment is detected instead of answering a wrong "first outcome".
 */
public final class ColdArchive {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final ObjectStore store;
    private final ObjectMapper mapper;

    public ColdArchive(ObjectStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    public record Written(String objectName, String sha256, long bytes) {
    }

    public Written write(List<DedupRecord> records) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            for (DedupRecord r : records) {
                ObjectNode line = mapper.createObjectNode();
                line.put("tenant", r.tenant());
                line.put("pcs_id", r.pcsId());
                line.put("first_seen", r.firstSeen().toString());
                line.put("origin", r.origin());
                line.put("status", r.status());
                line.put("body", Base64.getEncoder().encodeToString(r.body()));
                gz.write(mapper.writeValueAsBytes(line));
                gz.write('\n');
            }
        }
        byte[] bytes = buf.toByteArray();
        String sha = Hashes.sha256Hex(bytes);
        // Not named by content alone: records promoted back to warm and demoted again as the same batch make a
        // segment identical to their first one (whose name is still taken), and so does a demotion retried after a
        // crash between writing a segment and recording it; either made every later demotion fail.
        String name = "segment-" + sha.substring(0, 32) + "-" + Long.toHexString(RANDOM.nextLong() >>> 1) + ".ndjson.gz";
        store.put(name, bytes);
        return new Written(name, sha, bytes.length);
    }

    /** Reads a segment after checking its checksum. */
    public List<DedupRecord> read(String objectName, String expectedSha256) throws IOException, CorruptSegmentException {
        byte[] bytes = store.get(objectName);
        String actual = Hashes.sha256Hex(bytes);
        if (!actual.equals(expectedSha256)) {
            throw new CorruptSegmentException("cold segment " + objectName + " is corrupt: SHA-256 " + actual
                    + ", recorded " + expectedSha256);
        }
        List<DedupRecord> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode n = mapper.readTree(line);
                out.add(new DedupRecord(n.get("tenant").asText(), n.get("pcs_id").asText(),
                        Instant.parse(n.get("first_seen").asText()), n.get("origin").asText(), n.get("status").asInt(),
                        Base64.getDecoder().decode(n.get("body").asText())));
            }
        }
        return out;
    }

    public void delete(String objectName) throws IOException {
        store.delete(objectName);
    }
}
