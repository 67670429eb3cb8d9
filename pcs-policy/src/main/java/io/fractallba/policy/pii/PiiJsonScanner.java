package io.fractallba.policy.pii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scans every string value of a PCS document for PII, and redacts without re-serialising: the document is read with
 * Jackson's streaming parser over the raw bytes, each string value's literal is located by byte offset, and only the
 * matched spans inside it are replaced by {@code [REDACTED:<kind>]}. Every other byte — numbers such as
 * {@code 0.528320834} or {@code 1e-05}, key order, whitespace, the escapes of the rest of the literal — is unchanged,
 * because the signature and downstream byte-exact parsing depend on it.
 *
 * <p>Member names and numbers are not scanned. The structural top-level members ({@code pcs_id}, {@code schema},
 * {@code sent_at}, {@code regime}, {@code merkle_root}, {@code sig}, {@code vrf_proof}) are skipped when their value
 * has the member's format, scanned otherwise. {@code shard_id}, {@code pcs_id} and {@code merkle_root} are signed:
 * their findings say {@code signed} and are never redacted (the caller refuses the document instead). Thread-safe.
 */
public final class PiiJsonScanner {

    /**
     * Top-level members whose value is left alone when it has the member's own format (hex ids, the schema name, a
     * regime, an RFC 3339 instant, base64 signatures and proofs): such a value holds no PII and could only give false
     * findings. A value not of that format is free text an agent chose, and is scanned like any other (a document with
     * it is rejected as invalid but still stored and published, so it must not carry PII either).
     */
    private static final java.util.Map<String, Pattern> STRUCTURAL = java.util.Map.of(
            "pcs_id", Pattern.compile("[0-9a-f]{1,128}"),
            "merkle_root", Pattern.compile("[0-9a-fA-F]{1,128}"),
            "schema", Pattern.compile("fractal-lba-kakeya"),
            "regime", Pattern.compile("sticky|mixed|non_sticky"),
            "sent_at", Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})"),
            "sig", Pattern.compile("[A-Za-z0-9+/=]{0,256}"),
            "vrf_proof", Pattern.compile("[A-Za-z0-9+/=]{0,256}"));
    /** Members of the signed payload (docs/contract.md §2) that can hold text: never redacted, the caller refuses. */
    private static final Set<String> SIGNED = Set.of("shard_id", "pcs_id", "merkle_root");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    /** Member names on a finding's path are checked for every kind, whatever the tenant selected: paths are logged. */
    private static final PiiDetector NAME_CHECK = PiiDetector.allKinds();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final PiiDetector detector;

    public PiiJsonScanner(PiiDetector detector) {
        this.detector = detector;
    }

    /** Findings only; {@code redacted} is null. */
    public PiiScan scan(byte[] json) {
        return walk(json, false);
    }

    /** Findings, and the document with every unsigned match replaced; {@code redacted} null if nothing was replaced. */
    public PiiScan redact(byte[] json) {
        return walk(json, true);
    }

    private record Edit(int from, int to, byte[] replacement) {
    }

    private PiiScan walk(byte[] json, boolean redact) {
        Set<PiiFinding> findings = new LinkedHashSet<>();
        List<Edit> edits = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String member = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT && p.getParsingContext().inRoot()) {
                    break;
                }
                if (t == JsonToken.FIELD_NAME && p.getParsingContext().getParent().inRoot()) {
                    member = p.currentName();
                    continue;
                }
                if (t != JsonToken.VALUE_STRING) {
                    continue;
                }
                String text = p.getText();
                boolean topLevel = p.getParsingContext().getParent() != null && p.getParsingContext().getParent().inRoot();
                Pattern format = topLevel ? STRUCTURAL.get(member) : null;
                if (format != null && format.matcher(text).matches()) {
                    continue;
                }
                List<PiiMatch> matches = detector.find(text);
                if (matches.isEmpty()) {
                    continue;
                }
                boolean signed = topLevel && SIGNED.contains(member);
                String path = path(p.getParsingContext());
                for (PiiMatch m : matches) {
                    findings.add(new PiiFinding(m.kind(), m.detail(), path, signed));
                }
                if (redact && !signed) {
                    int from = (int) p.currentTokenLocation().getByteOffset();
                    int to = (int) p.currentLocation().getByteOffset();
                    edits.add(new Edit(from, to, redactLiteral(json, from, to, text, matches)));
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON object");
            }
        } catch (IOException e) {
            // Only parse errors: the input is an in-memory array.
            throw new IllegalArgumentException("malformed JSON: " + reason(e), e);
        }
        return new PiiScan(new ArrayList<>(findings), edits.isEmpty() ? null : splice(json, edits));
    }

    private static String reason(IOException e) {
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            return j.getOriginalMessage() + " (byte " + j.getLocation().getByteOffset() + ")";
        }
        return e.getMessage();
    }

    /**
     * The literal {@code json[from, to)} with each match replaced. Spans are replaced inside the original bytes; if
     * the literal cannot be mapped char by char (it always can for valid JSON), it is written anew from the value.
     */
    private static byte[] redactLiteral(byte[] json, int from, int to, String text, List<PiiMatch> matches) {
        int[] off = JsonStringLiteral.charOffsets(json, from, to, text);
        if (off == null) {
            StringBuilder b = new StringBuilder(text.length());
            int at = 0;
            for (PiiMatch m : matches) {
                b.append(text, at, m.start()).append(marker(m.kind()));
                at = m.end();
            }
            return JsonStringLiteral.quote(b.append(text, at, text.length()).toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int at = from;
        for (PiiMatch m : matches) {
            int s = off[m.start()];
            int e = off[m.end()];
            out.write(json, at, s - at);
            out.writeBytes(marker(m.kind()).getBytes(StandardCharsets.US_ASCII));
            at = e;
        }
        out.write(json, at, to - at);
        return out.toByteArray();
    }

    static String marker(PiiKind kind) {
        return "[REDACTED:" + kind.code() + "]";
    }

    private static byte[] splice(byte[] json, List<Edit> edits) {
        int size = json.length;
        for (Edit e : edits) {
            size += e.replacement.length - (e.to - e.from);
        }
        byte[] out = new byte[size];
        int src = 0;
        int dst = 0;
        for (Edit e : edits) {
            System.arraycopy(json, src, out, dst, e.from - src);
            dst += e.from - src;
            System.arraycopy(e.replacement, 0, out, dst, e.replacement.length);
            dst += e.replacement.length;
            src = e.to;
        }
        System.arraycopy(json, src, out, dst, json.length - src);
        return out;
    }

    /**
     * The JSON path of the current value: {@code text}, {@code citations[0].text}, {@code usage.model}. Member names
     * are agent-chosen and end up in logs, so one that is not a plain identifier or that itself contains PII is
     * written {@code *}.
     */
    private static String path(JsonStreamContext ctx) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else {
                String name = c.getCurrentName();
                boolean plain = name != null && PLAIN_NAME.matcher(name).matches() && NAME_CHECK.find(name).isEmpty();
                parts.push((c.getParent().inRoot() ? "" : ".") + (plain ? name : "*"));
            }
        }
        return String.join("", parts);
    }
}
