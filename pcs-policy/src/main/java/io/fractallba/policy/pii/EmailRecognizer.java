package io.fractallba.policy.pii;

import java.util.List;
import java.util.Set;

/**
 * E-mail addresses, RFC 5322-ish: a dot-atom local part (see {@link #localChar}), '@', a domain of at least two
 * dot-separated labels whose last label (the TLD) is at least two letters. Scanned by hand from each '@' outwards:
 * '@' is in neither part, so every char is visited by at most the two expansions around it and the scan is linear
 * whatever the input.
 *
 * <p>Not e-mail: URL user-info ({@code https://user@host}, {@code postgres://u:p@host}), SCP-style Git remotes
 * ({@code git@github.com:org/repo.git}), retina image names ({@code logo@2x.png}) and package specifiers
 * ({@code @scope/pkg@1.2.3}, whose "TLD" is a number).
 */
final class EmailRecognizer implements Recognizer {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    /** File extensions that pose as TLDs in {@code name@2x.png}-style file names; none is a TLD used for mail. */
    private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "ico",
            "bmp", "tif", "tiff", "avif", "js", "mjs", "ts", "tsx", "jsx", "css", "scss", "json", "yaml", "yml",
            "lock", "txt", "log", "java", "kt", "class", "jar", "py", "rb", "go", "rs", "md", "html", "htm", "xml",
            "csv", "pdf", "zip", "tgz", "gz", "tar", "whl", "so", "dll", "exe", "bin", "wasm", "map");

    @Override
    public void find(String s, List<PiiMatch> out) {
        int from = 0;
        for (int at = s.indexOf('@', from); at >= 0; at = s.indexOf('@', from)) {
            from = at + 1;
            int start = localStart(s, at);
            int end = domainEnd(s, at);
            if (start < 0 || end < 0 || urlUserInfo(s, start) || notAnAddressAfter(s, end)) {
                continue;
            }
            out.add(new PiiMatch(PiiKind.EMAIL, start, end, "email"));
            from = end;
        }
    }

    /**
     * Local-part characters: letters and digits of any script (RFC 6531), '.', '_', '-', '+' and the apostrophe
     * (o'brien). RFC 5322 also allows ! # $ % &amp; * / = ? ^ ` { | } ~, but in agent text those stand around an
     * address ({@code email='ann@x.org'}, {@code {{ann@x.org}}}, {@code a=ann@x.org}) far more often than inside one.
     */
    private static boolean localChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '\'';
    }

    /** Start of the local part before {@code at}, or -1 if it is not a valid dot-atom. */
    private static int localStart(String s, int at) {
        int i = at;
        while (i > 0 && localChar(s.charAt(i - 1))) {
            i--;
        }
        // Leading punctuation is prose, not address: "email='ann@x.org'", "(ann@x.org)", "{{ann@x.org}}".
        while (i < at && !Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) != '_') {
            i++;
        }
        int len = at - i;
        if (len == 0 || len > MAX_LOCAL || s.charAt(at - 1) == '.' || s.substring(i, at).contains("..")) {
            return -1;
        }
        return i;
    }

    /** End (exclusive) of the domain after {@code at}, or -1 if it is not a valid host name with a letter TLD. */
    private static int domainEnd(String s, int at) {
        int i = at + 1;
        int n = s.length();
        while (i < n && i - at <= MAX_DOMAIN + 1 && (Chars.asciiAlnum(s.charAt(i)) || s.charAt(i) == '.'
                || s.charAt(i) == '-')) {
            i++;
        }
        // A sentence may end right after the address: "write to ann@example.org."
        while (i > at + 1 && (s.charAt(i - 1) == '.' || s.charAt(i - 1) == '-')) {
            i--;
        }
        int len = i - at - 1;
        if (len < 4 || len > MAX_DOMAIN || Chars.wordAt(s, i)) {
            return -1;
        }
        int labels = 0;
        int labelStart = at + 1;
        for (int j = at + 1; j <= i; j++) {
            if (j == i || s.charAt(j) == '.') {
                int l = j - labelStart;
                if (l == 0 || l > 63 || s.charAt(labelStart) == '-' || s.charAt(j - 1) == '-') {
                    return -1;
                }
                labels++;
                if (j == i && !tld(s, labelStart, j)) {
                    return -1;
                }
                labelStart = j + 1;
            }
        }
        return labels >= 2 ? i : -1;
    }

    private static boolean tld(String s, int from, int to) {
        if (to - from < 2 || to - from > 24) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Chars.asciiLetter(s.charAt(i))) {
                return false;
            }
        }
        return !FILE_EXTENSIONS.contains(s.substring(from, to).toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code scheme://user@host} or {@code scheme://user:password@host}: the "local part" is URL user-info. */
    private static boolean urlUserInfo(String s, int start) {
        int limit = Math.max(0, start - 256);
        for (int i = start - 1; i >= limit + 2; i--) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '(') {
                return false;
            }
            if (c == '/' && s.charAt(i - 1) == '/' && s.charAt(i - 2) == ':') {
                return true;
            }
        }
        return false;
    }

    /** After the domain: '@' (something else entirely) or ':' and a path (an SCP-style remote, git@host:org/repo). */
    private static boolean notAnAddressAfter(String s, int end) {
        if (end >= s.length()) {
            return false;
        }
        char c = s.charAt(end);
        if (c == '@') {
            return true;
        }
        return c == ':' && end + 1 < s.length() && !Character.isWhitespace(s.charAt(end + 1));
    }
}
