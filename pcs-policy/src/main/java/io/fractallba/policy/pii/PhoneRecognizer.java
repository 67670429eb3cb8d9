package io.fractallba.policy.pii;

import java.util.List;

/**
 * Telephone numbers. A candidate is a short run (at most 28 chars, 17 digits) of digit groups separated by one of
 * space, '-', '.', '/' or parentheses, optionally after '+', starting and ending at a number boundary (so nothing is
 * cut out of a longer number, a date, a version or an address). It is accepted as
 * <ul>
 *   <li>{@code international}: '+' or '00', an assigned ITU calling code as the first group (or the prefix of a
 *       group-less run), 9–15 digits without a trunk "(0)";</li>
 *   <li>{@code national}: a NANP shape ({@code (555) 123-4567}, {@code 555-123-4567}, area code 2–9), or a European
 *       trunk-prefix shape: a first group starting with a single 0, 10–11 digits in groups of at least two
 *       ({@code 020 7946 0958}, {@code 06 12 34 56 78}, {@code 06-12345678}, {@code 070-123 45 67});</li>
 *   <li>any other 9–11 digit shape only after a phone word ({@code tel}, {@code móvil}, {@code telefoon}, …): plain
 *       digit runs, trunk-less groupings ({@code 612 34 56 78}) and nine-digit trunk forms ({@code 030 901820}) are
 *       too often order numbers, product codes and ids.</li>
 * </ul>
 * Dots do not mix with other separators (that is a date or a version), and a candidate adjacent to more digits,
 * letters, '@' or '%' is refused.
 */
final class PhoneRecognizer implements Recognizer {

    private static final int MAX_CHARS = 28;
    private static final int MAX_DIGITS = 17;

    /** Words that make a bare or trunk-less digit run a phone number (Chars#contextWord: '*' marks a stem). */
    static final String[] CONTEXT = {"tel", "tél", "tfn", "puh", "phone*", "telephon*", "téléphon*", "telefon*",
            "teléfon*", "mobile*", "mobil", "mobiel*", "móvil", "movil", "cell", "cellphone*", "cellular*",
            "cellulare", "call", "calling", "fax", "whatsapp", "sms", "hotline", "bel", "bellen", "llam*", "portable",
            "puhelin*", "soita*", "handy*", "rufnummer*", "chiama*", "komórk*", "zadzwo*", "ring"};

    @Override
    public void find(String s, List<PiiMatch> out) {
        int n = s.length();
        Candidate cand = new Candidate();   // reused for every start: this loop runs once per number-like token
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if ((c == '+' || c == '(' || Chars.digit(c)) && canStart(s, i)) {
                String detail = cand.parse(s, i) ? classify(s, cand) : null;
                if (detail != null) {
                    out.add(new PiiMatch(PiiKind.PHONE, cand.start, cand.end, detail));
                    i = cand.end;
                    continue;
                }
                if (c == '(') {
                    i++;   // "(555-013-2288)": the parenthesis was prose, the number may start right after it
                    continue;
                }
                // Skip the rest of this token: a rejected number must not yield a phone from its tail.
                i++;
                while (i < n && tokenChar(s.charAt(i))) {
                    i++;
                }
                continue;
            }
            i++;
        }
    }

    private static boolean tokenChar(char c) {
        return Chars.digit(c) || "+()-./".indexOf(c) >= 0;
    }

    private static boolean canStart(String s, int i) {
        char c = s.charAt(i);
        boolean parenPlus = c == '(' && i + 2 < s.length() && s.charAt(i + 1) == '+' && Chars.digit(s.charAt(i + 2));
        if ((c == '+' || c == '(') && !Chars.digitAt(s, i + 1) && !parenPlus) {
            return false;
        }
        if (i == 0) {
            return true;
        }
        char p = s.charAt(i - 1);
        if (Character.isWhitespace(p) || "([{\"'<=;|>*".indexOf(p) >= 0) {
            return true;
        }
        return (p == ':' || p == ',') && !Chars.digitAt(s, i - 2);
    }

    private static String classify(String s, Candidate c) {
        if (c.digitCount < 8 || Chars.continuesNumberAfter(s, c.end)) {
            return null;   // no shape below is shorter than 8 digits
        }
        if (c.end < s.length() && (s.charAt(c.end) == '@' || s.charAt(c.end) == '%')) {
            return null;
        }
        int dots = 0;
        int slashes = 0;
        int others = 0;
        for (int g = 0; g < c.count; g++) {
            switch (c.sep[g]) {
                case 0 -> {
                }
                case '.' -> dots++;
                case '/' -> slashes++;
                default -> others++;
            }
        }
        if (dots > 0 && (slashes + others) > 0) {
            return null;   // dots do not mix: that is a date or a version
        }
        if (slashes > 0 && (c.plus || slashes > 1)) {
            return null;
        }
        String digits = c.digits(s);
        if (c.plus) {
            return international(s, c, 0) ? "international" : null;
        }
        if (c.len(0) >= 2 && digits.startsWith("00") && digits.charAt(2) != '0') {
            return international(s, c, 2) ? "international" : null;
        }
        return national(s, c, digits) ? "national" : null;
    }

    /** {@code skip}: digits of an "00" international prefix at the start of the first group. */
    private static boolean international(String s, Candidate c, int skip) {
        int digits = 0;
        for (int g = 0; g < c.count; g++) {
            if (c.paren[g] && g != 1) {
                return false;   // only right after the calling code: "+44 (0)20 …", "+1 (555) …"
            }
            boolean trunk = c.paren[g] && c.len(g) == 1 && s.charAt(c.from[g]) == '0';
            digits += trunk ? 0 : c.len(g);
        }
        digits -= skip;
        // E.164 allows at most 15 digits; with a one- or two-digit calling code no country's numbers are shorter
        // than nine in all, and shorter ones are mostly truncated or something else ("+44 20 7946").
        if (digits < 9 || digits > 15) {
            return false;
        }
        String cc = s.substring(c.from[0] + skip, c.to[0]);
        if (cc.isEmpty()) {
            // "00 44 20 …": the group after the international prefix must be exactly a calling code.
            cc = s.substring(c.from[1], c.to[1]);
            return c.count >= 3 && cc.length() <= 3 && CallingCodes.is(cc);
        }
        if (c.count == 1) {
            return digits >= 10 && CallingCodes.hasPrefix(cc);
        }
        return cc.length() <= 3 ? CallingCodes.is(cc) : CallingCodes.hasPrefix(cc);
    }

    private static boolean national(String s, Candidate c, String digits) {
        for (int g = 1; g < c.count; g++) {
            if (c.paren[g]) {
                return false;
            }
        }
        int n = digits.length();
        if (nanp(s, c, digits)) {
            return true;
        }
        boolean grouped = c.count >= 2 && c.consistentSeparators();
        for (int g = 0; g < c.count && grouped; g++) {
            grouped = c.len(g) >= 2;
        }
        boolean trunk = digits.charAt(0) == '0' && digits.charAt(1) != '0';
        // Nine digits are also product codes and references ("078-051-120"); those need a phone word, as below.
        if (trunk && grouped && n >= 10 && n <= 11 && c.len(0) <= 5) {
            return true;
        }
        boolean shaped = c.count == 1 || grouped;
        return shaped && !c.paren[0] && n >= 9 && n <= 11 && Chars.contextWord(s, c.start, c.end, 32, 0, CONTEXT);
    }

    /** North American numbering plan: [1] (NXX) NXX-XXXX with the area code starting 2–9. */
    private static boolean nanp(String s, Candidate c, String digits) {
        int offset;
        if (c.count == 3) {
            offset = 0;
        } else if (c.count == 4 && c.len(0) == 1 && digits.charAt(0) == '1' && !c.paren[0]) {
            offset = 1;
        } else {
            return false;
        }
        if (c.len(offset) != 3 || c.len(offset + 1) != 3 || c.len(offset + 2) != 4) {
            return false;
        }
        char a = s.charAt(c.from[offset]);
        return a >= '2' && a <= '9' && c.consistentSeparators();
    }

    /**
     * A candidate's digit groups, in arrays reused from one start to the next: {@code sep[g]} is the separator
     * before group g (0 for none), {@code paren[g]} whether the group was in parentheses.
     */
    private static final class Candidate {
        private static final int MAX_GROUPS = MAX_CHARS / 2 + 2;
        final int[] from = new int[MAX_GROUPS];
        final int[] to = new int[MAX_GROUPS];
        final boolean[] paren = new boolean[MAX_GROUPS];
        final char[] sep = new char[MAX_GROUPS];
        int count;
        int digitCount;
        int start;
        int end;
        boolean plus;

        int len(int g) {
            return to[g] - from[g];
        }

        private void add(int f, int t, boolean p, char separator) {
            from[count] = f;
            to[count] = t;
            paren[count] = p;
            sep[count] = separator;
            count++;
            digitCount += t - f;
        }

        /** Reads the candidate at {@code start}; false if there is none or it is too long to be one number. */
        boolean parse(String s, int start) {
            this.start = start;
            count = 0;
            digitCount = 0;
            plus = false;
            int n = s.length();
            int pos = start;
            char separator = 0;
            if (s.charAt(pos) == '+') {
                plus = true;
                pos++;
            } else if (s.startsWith("(+", pos)) {
                // "(+34) 612 345 678": the calling code in parentheses.
                int t = pos + 2;
                while (t < n && Chars.digit(s.charAt(t)) && t - pos < 6) {
                    t++;
                }
                if (t == pos + 2 || t >= n || s.charAt(t) != ')') {
                    return false;
                }
                plus = true;
                add(pos + 2, t, false, (char) 0);
                pos = t + 1;
                if (pos < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '-')) {
                    separator = s.charAt(pos);
                    pos++;
                }
                if (pos >= n || !Chars.digit(s.charAt(pos))) {
                    return false;
                }
            }
            while (true) {
                boolean p = pos < n && s.charAt(pos) == '(';
                int f = p ? pos + 1 : pos;
                int t = f;
                while (t < n && Chars.digit(s.charAt(t))) {
                    t++;
                }
                if (t == f || (p && (t >= n || s.charAt(t) != ')'))) {
                    if (count == 0) {
                        return false;
                    }
                    break;
                }
                if (count == MAX_GROUPS || digitCount + t - f > MAX_DIGITS) {
                    return false;
                }
                add(f, t, p, separator);
                pos = p ? t + 1 : t;
                end = pos;
                if (pos - start > MAX_CHARS) {
                    return false;
                }
                separator = 0;
                if (pos < n && " -./".indexOf(s.charAt(pos)) >= 0) {
                    separator = s.charAt(pos);
                    pos++;
                }
                boolean nextParen = pos < n && s.charAt(pos) == '(';
                boolean nextDigit = pos < n && Chars.digit(s.charAt(pos));
                // Digits straight after digits were consumed above; without a separator only a parenthesis joins.
                if (!(nextParen || (nextDigit && (separator != 0 || p)))) {
                    break;
                }
            }
            return true;
        }

        String digits(String s) {
            StringBuilder b = new StringBuilder(digitCount);
            for (int g = 0; g < count; g++) {
                b.append(s, from[g], to[g]);
            }
            return b.toString();
        }

        /**
         * One separator throughout, ignoring the one after a parenthesised area code ("(555) 123-4567") and allowing
         * a dash after the area code with spaces after it ("070-123 45 67", Sweden).
         */
        boolean consistentSeparators() {
            char seen = 0;
            for (int g = 1; g < count; g++) {
                if (paren[g - 1]) {
                    if (sep[g] != 0 && sep[g] != ' ') {
                        return false;
                    }
                    continue;
                }
                char sp = sep[g];
                if (sp == 0) {
                    return false;
                }
                if (g == 1 && sp == '-' && count > 2 && sep[2] == ' ') {
                    continue;
                }
                if (seen == 0) {
                    seen = sp;
                } else if (seen != sp) {
                    return false;
                }
            }
            return true;
        }
    }
}
