package io.fractallba.pcs.canonical;

/** Writes a string the way Python's {@code json.dumps} does by default ({@code ensure_ascii=True}). */
public final class PyJsonString {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyJsonString() {
    }

    public static void append(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append(c);
                    } else {
                        // Java strings are UTF-16 already: astral code points come out as surrogate pairs, as in Python.
                        out.append("\\u")
                                .append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    }
                }
            }
        }
        out.append('"');
    }
}
