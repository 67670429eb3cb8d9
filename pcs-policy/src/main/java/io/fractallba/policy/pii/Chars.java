package io.fractallba.policy.pii;

/** Character tests and the context-word look-around shared by the recognizers. */
final class Chars {

    private Chars() {
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean asciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean asciiAlnum(char c) {
        return digit(c) || asciiLetter(c);
    }

    static boolean hex(char c) {
        return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A letter or digit in any script, or '_': what continues a word (a value next to one is part of a longer one). */
    static boolean word(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    static boolean wordAt(String s, int i) {
        return i >= 0 && i < s.length() && word(s.charAt(i));
    }

    static boolean digitAt(String s, int i) {
        return i >= 0 && i < s.length() && digit(s.charAt(i));
    }

    /**
     * Whether a number starting at {@code start} is cut out of a longer number: preceded by a word character, or by
     * one of {@code . , - / :} that itself follows a digit ({@code 1.5}, {@code 12-34}, {@code 10:30}).
     */
    static boolean continuesNumberBefore(String s, int start) {
        if (start == 0) {
            return false;
        }
        char p = s.charAt(start - 1);
        if (word(p)) {
            return true;
        }
        return (p == '.' || p == ',' || p == '-' || p == '/' || p == ':') && digitAt(s, start - 2);
    }

    /** The mirror of {@link #continuesNumberBefore}: followed by a word char, or by {@code . , - / :} and a digit. */
    static boolean continuesNumberAfter(String s, int end) {
        if (end >= s.length()) {
            return false;
        }
        char n = s.charAt(end);
        if (word(n)) {
            return true;
        }
        return (n == '.' || n == ',' || n == '-' || n == '/' || n == ':') && digitAt(s, end + 1);
    }

    /**
     * Whether one of {@code words} (lower case) stands within {@code before} chars before {@code start} or
     * {@code after} chars after {@code end}. A word must start a word of the text and, unless it ends in '*' (a
     * stem: {@code telefon*} for telefono, telefonnummer), also end one: {@code tel} is in "tel.", not in "hotel" or
     * "telemetry".
     */
    static boolean contextWord(String s, int start, int end, int before, int after, String... words) {
        int from = Math.max(0, start - before);
        int to = Math.min(s.length(), end + after);
        // Char-by-char lower case keeps the offsets (String.toLowerCase may change the length, e.g. for 'İ').
        char[] lower = new char[to - from];
        for (int i = 0; i < lower.length; i++) {
            lower[i] = Character.toLowerCase(s.charAt(from + i));
        }
        String window = new String(lower);
        int cut = start - from;
        int resume = end - from;
        for (String w : words) {
            boolean stem = w.endsWith("*");
            String word = stem ? w.substring(0, w.length() - 1) : w;
            for (int i = window.indexOf(word); i >= 0; i = window.indexOf(word, i + 1)) {
                int e = i + word.length();
                boolean outside = e <= cut || i >= resume;
                boolean starts = i == 0 || !Character.isLetter(window.charAt(i - 1));
                boolean ends = stem || e == window.length() || !Character.isLetter(window.charAt(e));
                if (outside && starts && ends) {
                    return true;
                }
            }
        }
        return false;
    }
}
