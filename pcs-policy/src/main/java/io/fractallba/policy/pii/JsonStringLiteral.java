package io.fractallba.policy.pii;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The raw bytes of one JSON string literal. Redaction replaces spans of the decoded value in place, so every byte of
 * the literal outside the spans — its own escapes and raw UTF-8 included — stays as the agent wrote it; for that it
 * needs the byte at which each decoded char begins.
 */
final class JsonStringLiteral {

    private JsonStringLiteral() {
    }

    /**
     * Decodes the literal {@code doc[start, end)} (both quotes included) and returns, for each UTF-16 char of the
     * value, the offset of its first byte in {@code doc}, and at index {@code length} the offset of the closing quote.
     * Both chars of a surrogate pair written as raw 4-byte UTF-8 get the offset of the sequence, so a span can never
     * split it. Returns null if the decoding does not give {@code expected} (the parser's view of the same literal),
     * which makes the caller fall back to writing the whole literal anew.
     */
    static int[] charOffsets(byte[] doc, int start, int end, String expected) {
        int n = expected.length();
        int[] off = new int[n + 1];
        int ci = 0;
        int i = start + 1;
        int last = end - 1;
        if (start < 0 || end > doc.length || end - start < 2 || doc[start] != '"' || doc[last] != '"') {
            return null;
        }
        while (i < last) {
            int b = doc[i] & 0xFF;
            int len;
            int cp;
            if (b == '\\') {
                if (i + 1 >= last) {
                    return null;
                }
                len = 2;
                switch (doc[i + 1]) {
                    case '"' -> cp = '"';
                    case '\\' -> cp = '\\';
                    case '/' -> cp = '/';
                    case 'b' -> cp = '\b';
                    case 'f' -> cp = '\f';
                    case 'n' -> cp = '\n';
                    case 'r' -> cp = '\r';
                    case 't' -> cp = '\t';
                    case 'u' -> {
                        if (i + 6 > last) {
                            return null;
                        }
                        cp = hex4(doc, i + 2);
                        len = 6;
                    }
                    default -> {
                        return null;
                    }
                }
            } else if (b < 0x80) {
                cp = b;
                len = 1;
            } else {
                len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                if (i + len > last) {
                    return null;
                }
                cp = b & (len == 4 ? 0x07 : len == 3 ? 0x0F : 0x1F);
                for (int k = 1; k < len; k++) {
                    cp = (cp << 6) | (doc[i + k] & 0x3F);
                }
            }
            if (cp < 0) {
                return null;
            }
            if (cp >= 0x10000) {
                if (ci + 2 > n || expected.charAt(ci) != Character.highSurrogate(cp)
                        || expected.charAt(ci + 1) != Character.lowSurrogate(cp)) {
                    return null;
                }
                off[ci++] = i;
                off[ci++] = i;
            } else {
                if (ci >= n || expected.charAt(ci) != cp) {
                    return null;
                }
                off[ci++] = i;
            }
            i += len;
        }
        if (ci != n) {
            return null;
        }
        off[n] = last;
        return off;
    }

    private static int hex4(byte[] doc, int at) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(doc[at + k], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /**
     * A complete JSON string literal for {@code value}: quote, backslash and control chars escaped, everything else
     * as UTF-8 (lone surrogates, which UTF-8 cannot carry, as {@code \}{@code uXXXX}).
     */
    static byte[] quote(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 16);
        out.write('"');
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String esc = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> null;
            };
            boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
            if (esc == null && (c < 0x20 || lone)) {
                esc = String.format("\\u%04x", (int) c);
            }
            if (esc == null) {
                pending.append(c);
            } else {
                out.writeBytes(pending.toString().getBytes(StandardCharsets.UTF_8));
                pending.setLength(0);
                out.writeBytes(esc.getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes(pending.toString().getBytes(StandardCharsets.UTF_8));
        out.write('"');
        return out.toByteArray();
    }
}
