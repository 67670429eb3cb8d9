package io.fractallba.policy.pii;

/** The check-digit algorithms the recognizers validate with; inputs are already known to be of the right shape. */
final class CheckDigits {

    private CheckDigits() {
    }

    /** Luhn (ISO/IEC 7812-1) over a string of ASCII digits: payment cards, Swedish personnummer. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * ISO 7064 MOD 97-10 remainder of an alphanumeric string read as digits, letters as two digits (A = 10 … Z = 35):
     * the IBAN check (ISO 13616) is a remainder of 1 after moving the first four characters to the end.
     */
    static int mod97(CharSequence s) {
        int r = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Chars.digit(c)) {
                r = (r * 10 + (c - '0')) % 97;
            } else {
                r = (r * 100 + (Character.toUpperCase(c) - 'A' + 10)) % 97;
            }
        }
        return r;
    }

    static boolean allSame(CharSequence s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) != s.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    /** Whether day/month/full year is a calendar date. */
    static boolean date(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    static int num(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
