package io.fractallba.policy.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * National identification numbers that carry a check digit or a checkable structure. Each shape is a regular
 * expression bounded on both sides by a non-word look-around and tried only where an alphanumeric token starts (so
 * the scan is linear), then validated in code. Identifiers whose only protection is a weak check over a plain digit
 * run — the Dutch BSN (9 digits, 11-proof: 1 in 11 random numbers pass), the Polish PESEL (11 digits, mod 10), and
 * the US SSN and Swedish personnummer written without their '-' — are reported only with a context word around them
 * ("BSN", "PESEL", "SSN", "personnummer"); the others have a distinctive shape (letters, separators) and a check,
 * and stand alone.
 */
final class NationalIdRecognizer implements Recognizer {

    private static final String NB = "(?<![\\p{L}\\p{N}_-])";         // no word char or '-' before
    private static final String NBD = "(?<![\\p{L}\\p{N}_.,-])";      // … nor a '.' or ',' (a longer number)
    private static final String NA = "(?![\\p{L}\\p{N}_])";           // no word char after
    private static final String NAD = "(?![\\p{L}\\p{N}_]|[.,-]\\d)";  // … nor a longer number

    private static final Pattern US_SSN = Pattern.compile(NB + "(\\d{3})-(\\d{2})-(\\d{4})" + NA + "(?!-)");
    private static final Pattern US_SSN_BARE = Pattern.compile(NBD + "(\\d{3})(\\d{2})(\\d{4})" + NAD);
    private static final Pattern NL_BSN = Pattern.compile(NBD
            + "(\\d{9}|\\d{4}\\.\\d{2}\\.\\d{3}|\\d{3}([ .])\\d{3}\\2\\d{3})" + NAD);
    private static final Pattern ES_DNI = Pattern.compile(NB + "(\\d{8})[- ]?([A-Z])" + NA);
    private static final Pattern ES_NIE = Pattern.compile(NB + "([XYZ])-?(\\d{7})[- ]?([A-Z])" + NA);
    private static final Pattern FR_NIR = Pattern.compile(NBD
            + "([12])( ?)(\\d{2})\\2(\\d{2})\\2(\\d{2}|2[AB])\\2(\\d{3})\\2(\\d{3})\\2(\\d{2})" + NAD);
    private static final Pattern FI_HETU = Pattern.compile(NB + "(\\d{6})([-+ABCDEFYXWVU])(\\d{3})([0-9A-Y])" + NA);
    private static final Pattern SE_PNR = Pattern.compile(NB + "((?:19|20)?\\d{6})([-+])(\\d{4})" + NA + "(?!-)");
    private static final Pattern SE_PNR_BARE = Pattern.compile(NBD + "((?:19|20)\\d{10}|\\d{10})" + NAD);
    private static final String OMO = "[0-9LMNPQRSTUV]";
    private static final Pattern IT_CF = Pattern.compile("(?<![\\p{L}\\p{N}_])([A-Z]{6}" + OMO + "{2}[ABCDEHLMPRST]"
            + OMO + "{2}[A-Z]" + OMO + "{3}[A-Z])" + NA);
    private static final Pattern PL_PESEL = Pattern.compile(NBD + "(\\d{11})" + NAD);

    private static final String[] SSN_WORDS = {"ssn", "social security*", "soc. sec*", "ss#", "ssn#"};
    private static final String[] BSN_WORDS = {"bsn", "burgerservicenummer*", "sofinummer*", "sofi-nummer*",
        "sofi nummer*", "citizen service number*"};
    private static final String[] PESEL_WORDS = {"pesel*"};
    private static final String[] SE_WORDS = {"personnum*", "personnr", "pers.nr", "samordningsnum*"};

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final String HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /**
     * One pass over the starts of alphanumeric tokens. The digit run that opens a token (or its first letter) says
     * which shapes can fit, and only those patterns are tried, anchored at the start ({@link Matcher#lookingAt} on a
     * short region with transparent bounds, so the look-arounds still see the text around it). Unanchored
     * {@code find()} over the whole text for each of the eleven patterns cost ten times as much.
     */
    @Override
    public void find(String s, List<PiiMatch> out) {
        Attempts at = new Attempts(s, out);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(Chars.digit(c) || Chars.upper(c)) || (i > 0 && Chars.word(s.charAt(i - 1)))) {
                continue;
            }
            if (Chars.upper(c)) {
                if ((c == 'X' || c == 'Y' || c == 'Z') && (Chars.digitAt(s, i + 1) || s.startsWith("-", i + 1))) {
                    at.nie(i);
                }
                if (i + 16 <= n && Chars.upper(s.charAt(i + 5))) {
                    at.codiceFiscale(i);
                }
                continue;
            }
            int len = 0;
            while (i + len < n && Chars.digit(s.charAt(i + len))) {
                len++;
            }
            char next = i + len < n ? s.charAt(i + len) : 0;
            switch (len) {
                case 1 -> at.nir(i);
                case 3 -> {
                    if (next == '-') {
                        at.ssn(i);
                    } else if (next == ' ' || next == '.') {
                        at.bsn(i);
                    }
                }
                case 4 -> {
                    if (next == '.') {
                        at.bsn(i);
                    }
                }
                case 6 -> {
                    if ("-+ABCDEFYXWVU".indexOf(next) >= 0) {
                        at.hetu(i);
                    }
                    if (next == '-' || next == '+') {
                        at.personnummer(i);
                    }
                    at.nir(i);   // Corsica, contiguous: "185052A…"
                }
                case 8 -> {
                    at.dni(i);
                    if (next == '-' || next == '+') {
                        at.personnummer(i);
                    }
                }
                case 9 -> {
                    at.ssnBare(i);
                    at.bsn(i);
                }
                case 10, 12 -> at.personnummerBare(i);
                case 11 -> at.pesel(i);
                case 15 -> at.nir(i);
                default -> {
                }
            }
            i += len - 1;
        }
    }

    /** The anchored attempts of one {@code find}, each pattern's matcher made on first use. */
    private static final class Attempts {
        private static final int WINDOW = 24;   // longer than any shape (a spaced NIR is 21 chars)
        private final String s;
        private final List<PiiMatch> out;
        private final Matcher[] matchers = new Matcher[11];

        Attempts(String s, List<PiiMatch> out) {
            this.s = s;
            this.out = out;
        }

        private Matcher at(int slot, Pattern p, int i) {
            Matcher m = matchers[slot];
            if (m == null) {
                m = p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
                matchers[slot] = m;
            }
            m.region(i, Math.min(s.length(), i + WINDOW));
            return m.lookingAt() ? m : null;
        }

        void ssn(int i) {
            Matcher m = at(0, US_SSN, i);
            if (m != null && NationalIdRecognizer.ssn(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)))) {
                add(out, m, "us_ssn");
            }
        }

        void ssnBare(int i) {
            Matcher m = at(1, US_SSN_BARE, i);
            if (m != null && NationalIdRecognizer.ssn(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))) && Chars.contextWord(s, m.start(), m.end(), 48, 24, SSN_WORDS)) {
                add(out, m, "us_ssn");
            }
        }

        void bsn(int i) {
            Matcher m = at(2, NL_BSN, i);
            if (m != null && NationalIdRecognizer.bsn(digitsOf(m.group(1)))
                    && Chars.contextWord(s, m.start(), m.end(), 48, 24, BSN_WORDS)) {
                add(out, m, "nl_bsn");
            }
        }

        void dni(int i) {
            Matcher m = at(3, ES_DNI, i);
            if (m != null && DNI_LETTERS.charAt(Integer.parseInt(m.group(1)) % 23) == m.group(2).charAt(0)) {
                add(out, m, "es_dni");
            }
        }

        void nie(int i) {
            Matcher m = at(4, ES_NIE, i);
            if (m != null) {
                int n = "XYZ".indexOf(m.group(1).charAt(0)) * 10_000_000 + Integer.parseInt(m.group(2));
                if (DNI_LETTERS.charAt(n % 23) == m.group(3).charAt(0)) {
                    add(out, m, "es_nie");
                }
            }
        }

        void nir(int i) {
            char c = s.charAt(i);
            if (c != '1' && c != '2') {
                return;
            }
            Matcher m = at(5, FR_NIR, i);
            if (m != null && NationalIdRecognizer.nir(m)) {
                add(out, m, "fr_nir");
            }
        }

        void hetu(int i) {
            Matcher m = at(6, FI_HETU, i);
            if (m != null && NationalIdRecognizer.hetu(m.group(1), m.group(2).charAt(0), m.group(3),
                    m.group(4).charAt(0))) {
                add(out, m, "fi_hetu");
            }
        }

        void personnummer(int i) {
            Matcher m = at(7, SE_PNR, i);
            if (m != null && NationalIdRecognizer.personnummer(m.group(1) + m.group(3))) {
                add(out, m, "se_personnummer");
            }
        }

        void personnummerBare(int i) {
            Matcher m = at(8, SE_PNR_BARE, i);
            if (m != null && NationalIdRecognizer.personnummer(m.group(1))
                    && Chars.contextWord(s, m.start(), m.end(), 48, 24, SE_WORDS)) {
                add(out, m, "se_personnummer");
            }
        }

        void codiceFiscale(int i) {
            Matcher m = at(9, IT_CF, i);
            if (m != null && NationalIdRecognizer.codiceFiscale(m.group(1))) {
                add(out, m, "it_codice_fiscale");
            }
        }

        void pesel(int i) {
            Matcher m = at(10, PL_PESEL, i);
            if (m != null && NationalIdRecognizer.pesel(m.group(1))
                    && Chars.contextWord(s, m.start(), m.end(), 48, 24, PESEL_WORDS)) {
                add(out, m, "pl_pesel");
            }
        }
    }

    private static void add(List<PiiMatch> out, Matcher m, String detail) {
        out.add(new PiiMatch(PiiKind.NATIONAL_ID, m.start(), m.end(), detail));
    }

    private static String digitsOf(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (Chars.digit(s.charAt(i))) {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    /** SSA rules: area not 000, 666 or 900–999; group not 00; serial not 0000. */
    static boolean ssn(int area, int group, int serial) {
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /** Elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), not all zeros. */
    static boolean bsn(String d) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (d.charAt(i) - '0');
        }
        sum -= d.charAt(8) - '0';
        return sum % 11 == 0 && !CheckDigits.allSame(d);
    }

    /**
     * NIR (numéro de sécurité sociale): sex 1|2, year, month (01–12, or 20–42 and 50–99 for unknown months), the
     * department (2A/2B for Corsica count as 19/18), commune, order; the key is 97 − (first 13 digits mod 97).
     */
    private static boolean nir(Matcher m) {
        int month = Integer.parseInt(m.group(4));
        if (month == 0 || (month > 12 && month < 20) || (month > 42 && month < 50)) {
            return false;
        }
        String dept = m.group(5).equals("2A") ? "19" : m.group(5).equals("2B") ? "18" : m.group(5);
        long n = Long.parseLong(m.group(1) + m.group(3) + m.group(4) + dept + m.group(6) + m.group(7));
        int key = Integer.parseInt(m.group(8));
        return key >= 1 && key <= 97 && key == 97 - (int) (n % 97);
    }

    /** Henkilötunnus: DDMMYY, century sign, individual number 002–999, check char of DDMMYYZZZ mod 31. */
    static boolean hetu(String date, char century, String individual, char check) {
        int base = switch (century) {
            case '+' -> 1800;
            case '-', 'Y', 'X', 'W', 'V', 'U' -> 1900;
            default -> 2000;   // A–F
        };
        int day = CheckDigits.num(date, 0, 2);
        int month = CheckDigits.num(date, 2, 4);
        int year = base + CheckDigits.num(date, 4, 6);
        int ind = Integer.parseInt(individual);
        if (!CheckDigits.date(year, month, day) || ind < 2) {
            return false;
        }
        int n = Integer.parseInt(date + individual);
        return HETU_CHECK.charAt(n % 31) == check;
    }

    /**
     * Personnummer: [YY]YYMMDD NNNC, the Luhn check over the last ten digits; the day may be +60 (a
     * samordningsnummer). Without the century both 19xx and 20xx are tried for the date.
     */
    static boolean personnummer(String digits) {
        String ten = digits.length() == 12 ? digits.substring(2) : digits;
        int month = CheckDigits.num(ten, 2, 4);
        int day = CheckDigits.num(ten, 4, 6);
        if (day > 60) {
            day -= 60;
        }
        int yy = CheckDigits.num(ten, 0, 2);
        boolean date = digits.length() == 12 ? CheckDigits.date(CheckDigits.num(digits, 0, 4), month, day)
                : CheckDigits.date(1900 + yy, month, day) || CheckDigits.date(2000 + yy, month, day);
        return date && !CheckDigits.allSame(ten.substring(6)) && CheckDigits.luhn(ten);
    }

    private static final int[] CF_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10,
        22, 25, 24, 23};
    private static final String CF_MONTHS = "ABCDEHLMPRST";
    private static final String OMOCODIA = "LMNPQRSTUV";

    /** Codice fiscale: the day (01–31, +40 for women) after undoing omocodia, and the odd/even check letter. */
    static boolean codiceFiscale(String cf) {
        int day = omoNum(cf, 9) * 10 + omoNum(cf, 10);
        if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = cf.charAt(i);
            int v = Chars.digit(c) ? c - '0' : c - 'A';
            sum += (i % 2 == 0) ? CF_ODD[v] : v;   // positions are 1-based in the standard: index 0 is "odd"
        }
        return cf.charAt(15) == (char) ('A' + sum % 26) && CF_MONTHS.indexOf(cf.charAt(8)) >= 0;
    }

    private static int omoNum(String cf, int i) {
        char c = cf.charAt(i);
        return Chars.digit(c) ? c - '0' : OMOCODIA.indexOf(c);
    }

    /** PESEL: YYMMDD with the century in the month (+80 1800s, +0 1900s, +20 2000s, …), weights 1-3-7-9, mod 10. */
    static boolean pesel(String d) {
        int[] w = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += w[i] * (d.charAt(i) - '0');
        }
        if ((10 - sum % 10) % 10 != d.charAt(10) - '0') {
            return false;
        }
        int mm = CheckDigits.num(d, 2, 4);
        int century = switch (mm / 20) {
            case 0 -> 1900;
            case 1 -> 2000;
            case 2 -> 2100;
            case 3 -> 2200;
            default -> 1800;
        };
        return CheckDigits.date(century + CheckDigits.num(d, 0, 2), mm % 20, CheckDigits.num(d, 4, 6))
                && !CheckDigits.allSame(d);
    }
}
