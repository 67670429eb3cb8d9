package io.fractallba.pcs.dedup;

import java.nio.charset.StandardCharsets;

/**
 * The first response to a (tenant, pcs_id): status and body bytes, replayed byte for byte on duplicates.
 * {@code origin} names the WAL record whose request wrote it ("instance:seq"), so a replay after a crash can tell
 * its own unfinished write from another request's.
 */
public record StoredResponse(String origin, int status, byte[] body) {

    /** "origin\nstatus\nbody"; the body is UTF-8 JSON, so a Redis string holds it without loss. */
    public String encode() {
        return origin + "\n" + status + "\n" + new String(body, StandardCharsets.UTF_8);
    }

    public static StoredResponse decode(String s) {
        int a = s.indexOf('\n');
        int b = a < 0 ? -1 : s.indexOf('\n', a + 1);
        if (b < 0) {
            throw new IllegalArgumentException("not a stored response");
        }
        return new StoredResponse(s.substring(0, a), Integer.parseInt(s.substring(a + 1, b)),
                s.substring(b + 1).getBytes(StandardCharsets.UTF_8));
    }
}
