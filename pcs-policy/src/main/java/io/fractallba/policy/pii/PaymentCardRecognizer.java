package io.fractallba.policy.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * Payment card numbers (PANs): 13–19 digits, contiguous or in the groupings printed on cards (4-4-4-4[-1..3],
 * Amex 4-6-5, Diners 4-6-4) with one separator (space or dash), whose prefix is the IIN range of a real scheme with a
 * length that scheme issues, and whose Luhn check holds. Runs are read once: a maximal run of digit groups, then
 * windows of whole groups inside it (a card after an order number in the same run), longest first.
 */
final class PaymentCardRecognizer implements Recognizer {

    private static final int MAX_WINDOW_GROUPS = 5;

    @Override
    public void find(String s, List<PiiMatch> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!Chars.digit(s.charAt(i)) || Chars.continuesNumberBefore(s, i)) {
                i++;
                continue;
            }
            int first = i;
            while (first < n && Chars.digit(s.charAt(first))) {
                first++;
            }
            boolean joined = first + 1 < n && (s.charAt(first) == ' ' || s.charAt(first) == '-')
                    && Chars.digit(s.charAt(first + 1));
            if (!joined && first - i < 13) {
                i = first;   // a lone short number, the common case: nothing to allocate
                continue;
            }
            List<int[]> groups = new ArrayList<>(6);
            char sep = 0;
            int pos = i;
            while (true) {
                int from = pos;
                while (pos < n && Chars.digit(s.charAt(pos))) {
                    pos++;
                }
                groups.add(new int[]{from, pos});
                if (pos + 1 < n && (s.charAt(pos) == ' ' || s.charAt(pos) == '-') && Chars.digit(s.charAt(pos + 1))
                        && (sep == 0 || sep == s.charAt(pos))) {
                    sep = s.charAt(pos);
                    pos++;
                } else {
                    break;
                }
            }
            int runEnd = groups.get(groups.size() - 1)[1];
            if (!Chars.continuesNumberAfter(s, runEnd)) {
                windows(s, groups, out);
            }
            i = runEnd;
        }
    }

    private static void windows(String s, List<int[]> groups, List<PiiMatch> out) {
        int a = 0;
        outer:
        while (a < groups.size()) {
            for (int b = Math.min(groups.size() - 1, a + MAX_WINDOW_GROUPS - 1); b >= a; b--) {
                String detail = validate(s, groups, a, b);
                if (detail != null) {
                    out.add(new PiiMatch(PiiKind.PAYMENT_CARD, groups.get(a)[0], groups.get(b)[1], detail));
                    a = b + 1;
                    continue outer;
                }
            }
            a++;
        }
    }

    private static String validate(String s, List<int[]> groups, int a, int b) {
        int total = 0;
        for (int g = a; g <= b; g++) {
            total += groups.get(g)[1] - groups.get(g)[0];
        }
        if (total < 13 || total > 19) {
            return null;
        }
        int[] sizes = new int[b - a + 1];
        for (int g = a; g <= b; g++) {
            sizes[g - a] = groups.get(g)[1] - groups.get(g)[0];
        }
        if (!printedGrouping(sizes)) {
            return null;
        }
        StringBuilder digits = new StringBuilder(total);
        for (int g = a; g <= b; g++) {
            digits.append(s, groups.get(g)[0], groups.get(g)[1]);
        }
        String scheme = scheme(digits);
        if (scheme == null || CheckDigits.allSame(digits) || !CheckDigits.luhn(digits)) {
            return null;
        }
        return scheme;
    }

    private static boolean printedGrouping(int[] sizes) {
        if (sizes.length == 1) {
            return true;
        }
        if (sizes.length == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) {
            return true;
        }
        for (int i = 0; i < sizes.length - 1; i++) {
            if (sizes[i] != 4) {
                return false;
            }
        }
        return sizes[sizes.length - 1] >= 1 && sizes[sizes.length - 1] <= 4;
    }

    /** The scheme whose IIN range and lengths fit, or null. Order matters where ranges nest (Discover inside 62). */
    static String scheme(CharSequence d) {
        int len = d.length();
        int p2 = CheckDigits.num(d, 0, 2);
        int p3 = CheckDigits.num(d, 0, 3);
        int p4 = CheckDigits.num(d, 0, 4);
        int p6 = CheckDigits.num(d, 0, 6);
        if (d.charAt(0) == '4') {
            return len == 13 || len == 16 || len == 19 ? "visa" : null;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return len == 16 ? "mastercard" : null;
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15 ? "amex" : null;
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return len >= 16 ? "discover" : null;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16 ? "jcb" : null;
        }
        if ((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) {
            return len >= 14 ? "diners" : null;
        }
        if (p2 == 62 || p2 == 81) {
            return len >= 16 ? "unionpay" : null;
        }
        if (p4 == 5018 || p4 == 5020 || p4 == 5038 || p4 == 5893 || p4 == 6304 || p4 == 6759 || p4 == 6761
                || p4 == 6762 || p4 == 6763 || p2 == 56 || p2 == 57 || p2 == 58) {
            return "maestro";
        }
        return null;
    }
}
