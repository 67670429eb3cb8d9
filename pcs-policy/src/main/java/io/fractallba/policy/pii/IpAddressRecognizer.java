package io.fractallba.policy.pii;

import java.util.List;

/**
 * IP addresses. IPv4: a dotted quad, each octet 0–255 without leading zeros, not part of a longer dotted number
 * ({@code 1.2.3.4.5}), a word ({@code v1.2.3.4}) or a product token ({@code Chrome/120.0.0.0}). IPv6: the full,
 * compressed ({@code ::}) and IPv4-mapped forms (RFC 4291 §2.2), validated by parsing, with at least one digit (so
 * {@code Foo::Bar} and {@code dead::beef} in code are not addresses). Addresses that identify no host — unspecified,
 * loopback, broadcast, netmasks and CIDR network blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) — are not
 * reported, nor is a dotted quad that a word before it calls a version ({@code firmware 2.4.1.0}).
 */
final class IpAddressRecognizer implements Recognizer {

    @Override
    public void find(String s, List<PiiMatch> out) {
        ipv4(s, out);
        ipv6(s, out);
    }

    private static void ipv4(String s, List<PiiMatch> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!Chars.digit(s.charAt(i)) || Chars.wordAt(s, i - 1) || (i > 0 && s.charAt(i - 1) == '.')) {
                i++;
                continue;
            }
            int end = dottedQuad(s, i, n);
            if (end > 0 && reportable4(s, i, end) && !productToken(s, i) && !network(s, end, v4Bits(s, i, end))
                    && !Chars.contextWord(s, i, end, 12, 0, VERSION_WORDS)) {
                out.add(new PiiMatch(PiiKind.IP_ADDRESS, i, end, "ipv4"));
                i = end;
            } else {
                while (i < n && (Chars.digit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
            }
        }
    }

    /**
     * End of a valid dotted quad at {@code start} that does not continue as a longer dotted number, or -1; {@code n}
     * bounds the text (the end of an IPv6 literal around an IPv4 tail).
     */
    static int dottedQuad(String s, int start, int n) {
        int pos = start;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (pos >= n || s.charAt(pos) != '.') {
                    return -1;
                }
                pos++;
            }
            int from = pos;
            while (pos < n && Chars.digit(s.charAt(pos)) && pos - from < 4) {
                pos++;
            }
            int len = pos - from;
            if (len == 0 || len > 3 || (len > 1 && s.charAt(from) == '0') || CheckDigits.num(s, from, pos) > 255) {
                return -1;
            }
        }
        boolean longer = pos + 1 < n && s.charAt(pos) == '.' && Chars.digit(s.charAt(pos + 1));
        if ((pos < n && Chars.word(s.charAt(pos))) || longer) {
            return -1;
        }
        return pos;
    }

    private static final String[] VERSION_WORDS = {"version*", "ver", "v", "release*", "build*", "firmware*",
        "driver*", "versie*", "versión", "versio*", "wersj*"};

    /** The 32 address bits of a valid dotted quad. */
    private static long v4Bits(String s, int from, int to) {
        long bits = 0;
        int octet = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                bits = (bits << 8) | octet;
                octet = 0;
            } else {
                octet = octet * 10 + (s.charAt(i) - '0');
            }
        }
        return bits;
    }

    /** The prefix length of a "/n" right after {@code end}, or -1. */
    private static int prefixLength(String s, int end) {
        if (end + 1 >= s.length() || s.charAt(end) != '/' || !Chars.digit(s.charAt(end + 1))) {
            return -1;
        }
        int p = 0;
        int i = end + 1;
        while (i < s.length() && Chars.digit(s.charAt(i)) && i - end <= 3) {
            p = p * 10 + (s.charAt(i++) - '0');
        }
        return p;
    }

    /** Whether "/prefix" follows and the address has no host bits under it ({@code 10.0.0.0/8}): a network block. */
    private static boolean network(String s, int end, long bits) {
        int p = prefixLength(s, end);
        if (p < 0 || p > 32) {
            return false;
        }
        long hostMask = p == 32 ? 0 : (1L << (32 - p)) - 1;
        return (bits & hostMask) == 0;
    }

    /** An IPv6 network block: "/prefix" after an address whose tail is zero ({@code 2001:db8::/32}). */
    private static boolean network6(String s, int from, int end) {
        int p = prefixLength(s, end);
        return p >= 0 && p < 128 && (s.startsWith("::", end - 2) || s.startsWith(":0", end - 2));
    }

    private static boolean reportable4(String s, int from, int to) {
        String ip = s.substring(from, to);
        return !(ip.startsWith("0.") || ip.startsWith("127.") || ip.startsWith("255."));
    }

    /** {@code Chrome/120.0.0.0}: a version after a product name and '/', not an address ('//' of a URL is fine). */
    private static boolean productToken(String s, int start) {
        return start >= 2 && s.charAt(start - 1) == '/' && Chars.asciiAlnum(s.charAt(start - 2));
    }

    private static boolean v6Char(char c) {
        return Chars.hex(c) || c == ':' || c == '.';
    }

    private static void ipv6(String s, List<PiiMatch> out) {
        int n = s.length();
        int from = s.indexOf(':');
        while (from >= 0) {
            int start = from;
            while (start > 0 && v6Char(s.charAt(start - 1))) {
                start--;
            }
            int end = from;
            while (end < n && v6Char(s.charAt(end))) {
                end++;
            }
            // A sentence or a port may follow: "at 2001:db8::1." / "fe80::1:" — the parse decides on the rest.
            int trimmed = end;
            while (trimmed > start && s.charAt(trimmed - 1) == '.') {
                trimmed--;
            }
            if (!Chars.wordAt(s, start - 1) && !Chars.wordAt(s, end) && ipv6Literal(s, start, trimmed)
                    && reportable6(s, start, trimmed) && !network6(s, start, trimmed)) {
                out.add(new PiiMatch(PiiKind.IP_ADDRESS, start, trimmed, "ipv6"));
            }
            from = end < n ? s.indexOf(':', end) : -1;
        }
    }

    /** RFC 4291 text form: eight 16-bit hex groups, one "::" for a run of zero groups, an IPv4 tail for two. */
    static boolean ipv6Literal(String s, int from, int to) {
        if (to - from < 3 || to - from > 45) {
            return false;
        }
        boolean digit = false;
        for (int i = from; i < to; i++) {
            digit |= Chars.digit(s.charAt(i));
        }
        if (!digit) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int pos = from;
        if (s.startsWith("::", pos)) {
            compressed = true;
            pos += 2;
            if (pos == to) {
                return true;
            }
        } else if (s.charAt(pos) == ':') {
            return false;
        }
        while (pos < to) {
            int g = pos;
            while (pos < to && Chars.hex(s.charAt(pos)) && pos - g <= 4) {
                pos++;
            }
            if (pos < to && s.charAt(pos) == '.') {
                // IPv4 tail: must be the rest of the text and take two groups.
                int end = dottedQuad(s, g, to);
                if (end != to) {
                    return false;
                }
                groups += 2;
                pos = to;
                break;
            }
            int len = pos - g;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (pos == to) {
                break;
            }
            if (s.charAt(pos) != ':') {
                return false;
            }
            pos++;
            if (pos < to && s.charAt(pos) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                pos++;
                if (pos == to) {
                    break;
                }
            } else if (pos == to) {
                return false;   // a single trailing ':'
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean reportable6(String s, int from, int to) {
        String ip = s.substring(from, to);
        return !(ip.equals("::") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("0:0:0:0:0:0:0:0"));
    }
}
