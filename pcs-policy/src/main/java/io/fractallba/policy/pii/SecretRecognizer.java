package io.fractallba.policy.pii;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials. Vendor tokens with a fixed prefix and alphabet (AWS, GitHub, Slack, Google, Stripe, OpenAI/Anthropic
 * style {@code sk-}), PEM private-key blocks, JWTs (the header must decode to a JSON object with {@code alg}), and
 * values assigned to a credential-named key ({@code password=}, {@code api_key: }, {@code "client_secret": "…"},
 * {@code Authorization: Bearer …}, the password in a URL's user-info), where the value must look like a secret rather
 * than a placeholder, a reference or a word. For assignments only the value is the match, so a redaction keeps the
 * key readable: {@code password=[REDACTED:secret]}.
 *
 * <p>Every pattern is tried only where its literal start or key occurs (see {@link #find}), begins with a negative
 * look-behind on its own alphabet and uses possessive, bounded quantifiers: an attempt can only succeed at the start
 * of a run and reads a bounded number of chars.
 */
final class SecretRecognizer implements Recognizer {

    private static final Pattern AWS_KEY_ID = Pattern.compile(
            "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])");
    /** Anchored at "secret": aws_secret_access_key, AWS_SECRET_ACCESS_KEY, "SecretAccessKey". */
    private static final Pattern AWS_SECRET = Pattern.compile("(?i)(?<![a-z0-9])secret_?access_?key[\"']?+"
            + "\\s{0,4}+(?:=|:|=>)\\s{0,4}+[\"']?+(?-i)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final Pattern GITHUB = Pattern.compile(
            "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}+|github_pat_[A-Za-z0-9_]{59,240}+)(?![A-Za-z0-9_])");
    private static final Pattern SLACK = Pattern.compile("(?<![A-Za-z0-9-])xox[abprs]-[A-Za-z0-9-]{10,250}+");
    private static final Pattern GOOGLE = Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])");
    private static final Pattern STRIPE = Pattern.compile(
            "(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{16,247}+(?![0-9A-Za-z_])");
    private static final Pattern SK = Pattern.compile(
            "(?<![A-Za-z0-9_-])sk-(?:(ant)-[a-z0-9]{2,8}+-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,250}+"
            + "(?![A-Za-z0-9_-])");
    private static final Pattern JWT = Pattern.compile("(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{5,2048}+)\\."
            + "[A-Za-z0-9_-]{2,8192}+\\.[A-Za-z0-9_-]{0,2048}+(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])");
    private static final Pattern PEM_BEGIN = Pattern.compile(
            "-----BEGIN (?:[A-Z0-9]{1,20}+ ){0,3}PRIVATE KEY(?: BLOCK)?-----");
    /**
     * key [quote] (= | : | => | := | is/ist/es/est/on/är/è…) value, the value quoted or bare. The key may carry a
     * prefix joined by '_' or '-' (DB_PASSWORD, x-api-key) but must end right at the separator:
     * {@code password_hash}, {@code max_tokens} are not credentials. Groups: 1 a password key, 2 another credential
     * key, 3 a prose operator, 4/5 a double/single-quoted value, 6 a bare value.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile("(?iu)(?<![\\p{L}\\p{N}])(?:"
            + "(password|passwd|passwort|pwd|passphrase|passcode|wachtwoord|contraseña|contrasena|mot de passe|mdp|"
            + "kennwort|salasana|lösenord(?:et)?|hasło|haslo)"
            + "|(secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|"
            + "access[_-]?token|auth[_-]?token|refresh[_-]?token|session[_-]?token|bearer[_-]?token|token|"
            + "credentials?))"
            + "[\"']?+(?:\\s{0,3}+(?:=>|:=|=|:)|(\\s{1,3}+(?:is|ist|es|est|on|är|è|to|jest)\\s))\\s{0,3}+"
            + "(?:\"([^\"\\r\\n]{1,256}+)\"|'([^'\\r\\n]{1,256}+)'|[\"'`]?+([^\\s\"'`,;<>(){}\\[\\]]{1,256}+))");
    /** The first letters of every ASSIGNMENT key (lower case): the pattern is tried only where one occurs. */
    private static final String[] KEY_STEMS = {"pass", "pwd", "wachtwoord", "contrase", "mot de passe", "mdp",
        "kennwort", "salasana", "lösenord", "hasło", "haslo", "secret", "client", "api", "access", "private", "auth",
        "refresh", "session", "bearer", "token", "credential"};
    /** KEY_STEMS by their first two letters (a–z, and 26 for any other second char: "lö"). */
    private static final String[][] STEMS_BY_PREFIX = new String[26 * 27][];

    static {
        for (String stem : KEY_STEMS) {
            int slot = prefixSlot(stem.charAt(0), stem.charAt(1));
            String[] old = STEMS_BY_PREFIX[slot];
            String[] grown = old == null ? new String[1] : Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = stem;
            STEMS_BY_PREFIX[slot] = grown;
        }
    }

    private static int prefixSlot(char first, char second) {
        char a = Character.toLowerCase(first);
        char b = Character.toLowerCase(second);
        return (a - 'a') * 27 + (b >= 'a' && b <= 'z' ? b - 'a' : 26);
    }

    private static final List<String> ENV_PASSWORD = List.of("PASSWORD", "PASSWD", "PWD", "PASS");
    private static final List<String> ENV_SECRET = List.of("SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESS_KEY",
            "SECRET_KEY", "PRIVATE_KEY", "AUTH_KEY");
    private static final Pattern BEARER = Pattern.compile(
            "(?<![A-Za-z0-9])(?i:bearer)\\s{1,3}+([A-Za-z0-9._~+/-]{16,4096}+=*+)");
    /** Anchored at "://" of scheme://user:password@host; the scheme before it is checked by hand. */
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^\\s/:@]{1,128}+:([^\\s/@]{1,256}+)@");

    /**
     * One pass over the text. At each char that can begin something — a vendor prefix (AKIA, ghp_, xox, AIza, sk-,
     * eyJ, …), a PEM header, "://", '=', or the first letter of a credential key at a word start — the matching
     * pattern is tried anchored there ({@link Matcher#lookingAt} with transparent bounds, so its look-behind still
     * sees the text before). An unanchored {@code find} per pattern tries every position: for the case-insensitive
     * key alternation that cost about a microsecond a char, 100 ms on a 64 KiB text; a lower-case copy and an
     * {@code indexOf} per literal cost more than this pass on ordinary 2 KiB texts.
     */
    @Override
    public void find(String s, List<PiiMatch> out) {
        Attempts at = new Attempts(s);
        int n = s.length();
        int pemEnd = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case 'A' -> {
                    if (s.startsWith("AKIA", i) || s.startsWith("ASIA", i)) {
                        at.vendor(AWS_KEY_ID, i, "aws_access_key_id", out);
                    } else if (s.startsWith("AIza", i)) {
                        at.vendor(GOOGLE, i, "google_api_key", out);
                    }
                }
                case 'g' -> {
                    if ((s.startsWith("gh", i) && s.startsWith("_", i + 3)) || s.startsWith("github_pat_", i)) {
                        at.vendor(GITHUB, i, "github_token", out);
                    }
                }
                case 'x' -> {
                    if (s.startsWith("xox", i)) {
                        at.vendor(SLACK, i, "slack_token", out);
                    }
                }
                case 'k' -> {
                    if (i > 0 && s.startsWith("k_live_", i)) {
                        at.vendor(STRIPE, i - 1, "stripe_key", out);
                    }
                }
                case 's' -> {
                    if (s.startsWith("sk-", i)) {
                        Matcher m = at.attempt(SK, i);
                        if (m != null && mixedAlnum(m.group()) && random(m.group(), 20, 3.5)) {
                            out.add(match(m.start(), m.end(), m.group(1) != null ? "anthropic_api_key"
                                    : "openai_api_key"));
                        }
                    }
                }
                case 'e' -> {
                    if (s.startsWith("eyJ", i)) {
                        Matcher m = at.attempt(JWT, i);
                        if (m != null && jwtHeader(m.group(1))) {
                            out.add(match(m.start(), m.end(), "jwt"));
                        }
                    }
                }
                case '-' -> {
                    Matcher m = i >= pemEnd && s.startsWith("-----BEGIN ", i) ? at.attempt(PEM_BEGIN, i) : null;
                    if (m != null) {
                        pemEnd = pemEnd(s, m.end());
                        out.add(match(i, pemEnd, "private_key"));
                    }
                }
                case ':' -> {
                    if (s.startsWith("://", i)) {
                        Matcher m = at.attempt(URL_PASSWORD, i);
                        if (m != null && scheme(s, i) && !placeholder(m.group(1)) && m.group(1).length() >= 4) {
                            out.add(match(m.start(1), m.end(1), "url_password"));
                        }
                    }
                }
                case '=' -> {
                    if (i >= at.assignedUntil) {
                        at.assignedUntil = Math.max(at.assignedUntil, envAssignment(s, i, out));
                    }
                }
                default -> {
                }
            }
            if (Chars.asciiLetter(c)) {   // every key starts with an ASCII letter
                keys(s, i, at, out);
            }
        }
    }

    /**
     * At the first letter of a credential key at a word start: the key assignment, and the AWS secret and bearer
     * patterns, which start with keys of their own.
     */
    private static void keys(String s, int i, Attempts at, List<PiiMatch> out) {
        if (i + 1 >= s.length() || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
            return;
        }
        String[] stems = STEMS_BY_PREFIX[prefixSlot(s.charAt(i), s.charAt(i + 1))];
        if (stems == null) {
            return;
        }
        for (String stem : stems) {
            if (!s.regionMatches(true, i, stem, 0, stem.length())) {
                continue;
            }
            if (stem.equals("secret")) {
                Matcher m = at.attempt(AWS_SECRET, i);
                // No placeholder test: the AWS documentation's own example secret ends in "EXAMPLEKEY" and is what
                // gets pasted; the named key and the 40-char base64 shape are evidence enough.
                if (m != null && classes(m.group(1)) >= 2 && entropy(m.group(1)) >= 3.5) {
                    out.add(match(m.start(1), m.end(1), "aws_secret_access_key"));
                }
            } else if (stem.equals("bearer")) {
                Matcher m = at.attempt(BEARER, i);
                if (m != null && random(m.group(1), 16, 3.5)) {
                    out.add(match(m.start(1), m.end(1), "bearer_token"));
                }
            }
            if (i >= at.assignedUntil) {
                Matcher m = at.attempt(ASSIGNMENT, i);
                if (m != null) {
                    assigned(s, m, out);
                    // No new key inside this value ("api_key=api_key=…" would otherwise re-read it at every key);
                    // the vendor formats are still looked for in it.
                    at.assignedUntil = m.end();
                }
            }
            return;
        }
    }

    /** The anchored attempts of one {@code find}: a matcher per pattern over the text, made on first use. */
    private static final class Attempts {
        private final String s;
        private final Map<Pattern, Matcher> matchers = new IdentityHashMap<>();
        int assignedUntil;

        Attempts(String s) {
            this.s = s;
        }

        /** The match of {@code p} starting exactly at {@code i}, or null. */
        Matcher attempt(Pattern p, int i) {
            Matcher m = matchers.computeIfAbsent(p, k -> k.matcher(s).useTransparentBounds(true)
                    .useAnchoringBounds(false));
            m.region(i, s.length());
            return m.lookingAt() ? m : null;
        }

        void vendor(Pattern p, int i, String detail, List<PiiMatch> out) {
            Matcher m = attempt(p, i);
            if (m != null) {
                out.add(match(m.start(), m.end(), detail));
            }
        }
    }

    private static PiiMatch match(int start, int end, String detail) {
        return new PiiMatch(PiiKind.SECRET, start, end, detail);
    }

    private static void assigned(String s, Matcher m, List<PiiMatch> out) {
        boolean password = m.group(1) != null;
        if (!password && m.group(3) != null) {
            return;   // "the secret is out": prose states passwords, not tokens
        }
        int g = m.group(4) != null ? 4 : m.group(5) != null ? 5 : 6;
        value(s, m.start(g), m.end(g), password, g != 6, out);
    }

    /** A URL scheme ends at {@code colon}: a letter, then up to 20 of letters, digits, '+', '.', '-'. */
    private static boolean scheme(String s, int colon) {
        int i = colon;
        while (i > 0 && colon - i <= 20 && (Chars.asciiAlnum(s.charAt(i - 1)) || "+.-".indexOf(s.charAt(i - 1)) >= 0)) {
            i--;
        }
        return colon - i >= 2 && Chars.asciiLetter(s.charAt(i));
    }

    /**
     * An environment-style assignment at '=' whose variable name ends in a credential word, glued or not
     * (PGPASSWORD, MYSQL_PWD, GH_TOKEN): the upper-case name is read backwards from the '=' (at most 49 chars).
     * Returns the end of the value read, or {@code eq} if there is none.
     */
    private static int envAssignment(String s, int eq, List<PiiMatch> out) {
        int n = s.length();
        int i = eq;
        while (i > 0 && eq - i < 49 && (Chars.upper(s.charAt(i - 1)) || Chars.digit(s.charAt(i - 1))
                || s.charAt(i - 1) == '_')) {
            i--;
        }
        if (i == eq || !Chars.upper(s.charAt(i)) || (i > 0 && (Chars.asciiAlnum(s.charAt(i - 1))
                || s.charAt(i - 1) == '_'))) {
            return eq;
        }
        String name = s.substring(i, eq);
        boolean password = ENV_PASSWORD.stream().anyMatch(name::endsWith);
        if (!password && ENV_SECRET.stream().noneMatch(name::endsWith)) {
            return eq;
        }
        int start = eq + 1;
        if (start < n && (s.charAt(start) == '"' || s.charAt(start) == '\'')) {
            start++;
        }
        int end = start;
        while (end < n && end - start < 256 && !Character.isWhitespace(s.charAt(end))
                && "\"'`".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        if (end > start) {
            value(s, start, end, password, false, out);
        }
        return end;
    }

    /** Reports an assigned value that looks like a credential; only a quoted password may contain spaces. */
    private static void value(String s, int start, int end, boolean password, boolean quoted, List<PiiMatch> out) {
        if (!quoted) {
            end = trimValueEnd(s, start, end);
        }
        String value = s.substring(start, end);
        if (value.isEmpty()) {
            return;
        }
        boolean spaces = value.chars().anyMatch(Character::isWhitespace);
        if (spaces && (!password || classes(value.replaceAll("\\s++", "")) < 2)) {
            // Quoted prose ("is required", "a sentence about tokens") is not a credential; a passphrase of plain
            // lower-case words cannot be told from prose and is not reported either.
            return;
        }
        if (password ? passwordLike(value) : random(value, 12, 3.0)) {
            out.add(match(start, end, password ? "password" : "generic_secret"));
        }
    }

    /**
     * A value ends before a sentence's full stop or colon ("the password is hunter22."); '!' and '?' stay, they end
     * passwords more often than sentences that state one.
     */
    private static int trimValueEnd(String s, int start, int end) {
        while (end > start && ".:".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    /**
     * A password needs no randomness to be secret, but it must not be a word, a placeholder or a reference: at least
     * 6 chars and two character classes (letters and digits, or case, or symbols), or 12+ chars of mixed content.
     */
    private static boolean passwordLike(String v) {
        if (v.length() < 6 || placeholder(v) || reference(v)) {
            return false;
        }
        return classes(v) >= 2 || (v.length() >= 12 && entropy(v) >= 3.0);
    }

    /**
     * Generated keys are long random mixed-case alphanumerics: upper, lower and digits all occur; a kebab-case
     * identifier or a word list does not have them.
     */
    private static boolean mixedAlnum(String v) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            digit |= Chars.digit(c);
        }
        return lower && upper && digit;
    }

    /** A random-looking token: long enough, two or more character classes and at least {@code bits} per char. */
    private static boolean random(String v, int minLength, double bits) {
        return v.length() >= minLength && !placeholder(v) && !reference(v) && classes(v) >= 2 && entropy(v) >= bits;
    }

    private static final String[] PLACEHOLDERS = {"xxx", "***", "...", "changeme", "change_me", "example",
        "placeholder", "your", "redacted", "dummy", "sample", "<", "${", "{{", "%(", "env(", "secret", "password",
        "token", "none", "null", "undefined", "required", "optional", "string", "todo", "tbd", "____", "0000000"};

    static boolean placeholder(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        if (l.startsWith("$") || l.startsWith("%") || l.startsWith("@") || l.startsWith("*")) {
            return true;   // shell/CI variables, masked values, references
        }
        for (String p : PLACEHOLDERS) {
            if (l.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Code that reads the secret from elsewhere: {@code os.environ.get}, {@code settings.KEY}, {@code cfg.token}. */
    private static boolean reference(String v) {
        if (v.contains("(") || v.startsWith("process.env") || v.startsWith("os.")) {
            return true;
        }
        // dotted identifier: config.db.password, response.access_token
        return v.matches("[A-Za-z_][A-Za-z0-9_]*+(?:\\.[A-Za-z_][A-Za-z0-9_]*+)++");
    }

    static int classes(String v) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (Chars.digit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /** Shannon entropy of the value's characters, bits per char. */
    static double entropy(String v) {
        int[] counts = new int[128];
        int otherCount = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                otherCount++;
            }
        }
        double h = 0;
        double n = v.length();
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (otherCount > 0) {
            double p = otherCount / n;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    /** The first JWT part must decode (base64url) to a JSON object naming its {@code alg}. */
    private static boolean jwtHeader(String part) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(pad(part)), StandardCharsets.UTF_8).strip();
            return json.startsWith("{") && json.endsWith("}") && json.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String pad(String b64) {
        return switch (b64.length() % 4) {
            case 2 -> b64 + "==";
            case 3 -> b64 + "=";
            default -> b64;
        };
    }

    /** End of a PEM block whose header ends at {@code from}: after its END line, or the end of a cut-off text. */
    private static int pemEnd(String s, int from) {
        int endLine = s.indexOf("-----END ", from);
        int close = endLine < 0 ? -1 : s.indexOf("-----", endLine + 9);
        return close < 0 ? s.length() : close + 5;
    }
}
