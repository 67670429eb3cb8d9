package io.fractallba.policy.pii;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * International bank account numbers (ISO 13616): country code, two check digits, BBAN — in electronic form
 * ({@code GB82WEST12345698765432}) or printed in groups of four separated by single spaces
 * ({@code GB82 WEST 1234 5698 7654 32}), upper case or, as typed by hand, all lower case — of exactly the length
 * registered for the country, whose MOD 97-10 check holds. {@code detail} is the country code in lower case.
 */
final class IbanRecognizer implements Recognizer {

    /** IBAN lengths from the SWIFT IBAN registry: the SEPA countries and the other common ones. */
    static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
            Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
            Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
            Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15),
            Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
            Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24),
            Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
            Map.entry("VG", 24), Map.entry("XK", 20));

    @Override
    public void find(String s, List<PiiMatch> out) {
        int n = s.length();
        int i = 0;
        while (i + 4 < n) {
            char c0 = s.charAt(i);
            char c1 = s.charAt(i + 1);
            boolean upper = Chars.upper(c0) && Chars.upper(c1);
            boolean lower = Character.isLowerCase(c0) && Character.isLowerCase(c1) && Chars.asciiLetter(c0)
                    && Chars.asciiLetter(c1);
            if (!((upper || lower) && Chars.digit(s.charAt(i + 2)) && Chars.digit(s.charAt(i + 3)))
                    || Chars.wordAt(s, i - 1)) {
                i++;
                continue;
            }
            String country = s.substring(i, i + 2).toUpperCase(Locale.ROOT);
            Integer length = LENGTHS.get(country);
            int end = length == null ? -1 : read(s, i, length, upper);
            if (end > 0) {
                out.add(new PiiMatch(PiiKind.IBAN, i, end, country.toLowerCase(Locale.ROOT)));
                i = end;
            } else {
                i++;
            }
        }
    }

    /**
     * End of a valid IBAN of {@code length} chars starting at {@code start}, or -1. The letters are all upper case,
     * or all lower case (typed by hand, "gb82west…") when the country code is.
     */
    private static int read(String s, int start, int length, boolean upper) {
        int n = s.length();
        StringBuilder iban = new StringBuilder(length).append(s, start, start + 4);
        boolean spaced = start + 4 < n && s.charAt(start + 4) == ' ';
        int pos = start + 4;
        while (iban.length() < length) {
            if (spaced && iban.length() % 4 == 0) {
                if (pos >= n || s.charAt(pos) != ' ') {
                    return -1;
                }
                pos++;
            }
            char c = pos < n ? s.charAt(pos) : 0;
            boolean letter = upper ? Chars.upper(c) : c >= 'a' && c <= 'z';
            if (pos >= n || !(letter || Chars.digit(c))) {
                return -1;
            }
            iban.append(s.charAt(pos++));
        }
        if (Chars.wordAt(s, pos)) {
            return -1;
        }
        int check = CheckDigits.num(iban, 2, 4);
        if (check < 2 || check > 98) {
            return -1;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        return CheckDigits.mod97(rearranged) == 1 ? pos : -1;
    }
}
