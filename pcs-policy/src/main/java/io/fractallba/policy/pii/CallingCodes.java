package io.fractallba.policy.pii;

import java.util.Set;

/**
 * ITU-T E.164 country calling codes, enough to refuse "+" numbers that cannot be dialled. One-digit codes are 1 and 7,
 * the two-digit codes are listed; every three-digit code lies in a zone whose two-digit prefix is not itself a code
 * (zones 21–29, 35, 37, 38, 42, 50, 59, 67–69, 80, 85, 87, 88, 96, 97, 99), which is how E.164 keeps codes
 * prefix-free.
 */
final class CallingCodes {

    private static final Set<String> TWO = Set.of("20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41",
            "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62",
            "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98");
    private static final Set<String> THREE_ZONES = Set.of("21", "22", "23", "24", "25", "26", "29", "35", "37", "38",
            "42", "50", "59", "67", "68", "69", "80", "85", "87", "88", "96", "97", "99");

    private CallingCodes() {
    }

    static boolean is(String cc) {
        return switch (cc.length()) {
            case 1 -> cc.equals("1") || cc.equals("7");
            case 2 -> TWO.contains(cc);
            case 3 -> THREE_ZONES.contains(cc.substring(0, 2));
            default -> false;
        };
    }

    static boolean hasPrefix(String digits) {
        for (int l = 1; l <= 3 && l <= digits.length(); l++) {
            if (is(digits.substring(0, l))) {
                return true;
            }
        }
        return false;
    }
}
