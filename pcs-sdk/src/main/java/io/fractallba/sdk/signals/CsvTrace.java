package io.fractallba.sdk.signals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An agent's raw trace as CSV ({@code timestamp,x,y,z} with a header row): the points, and the raw bytes the
 * agent hashes and compresses — rows "{timestamp with 9 decimals},{x},{y},{z}" (coordinates as written) joined by
 * "\n" without a trailing newline, UTF-8. The rules are the contract's (docs/contract.md, "Building a PCS from a
 * trace"), so that every SDK reads the same file into the same bytes and refuses the same malformed ones.
 */
public record CsvTrace(List<double[]> points, byte[] raw) {

    /** A plain decimal number: what every SDK's parser reads the same way (no hex, no "NaN", no "1_0", no "1d"). */
    private static final Pattern NUMBER = Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

    public static CsvTrace parse(String csv) {
        List<double[]> points = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        String[] lines = csv.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String line = strip(lines[i]);
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 4 fields timestamp,x,y,z, found " + f.length);
            }
            String[] text = new String[4];
            double[] value = new double[4];
            for (int c = 0; c < 4; c++) {
                text[c] = strip(f[c]);
                value[c] = number(text[c], i + 1, c + 1);
            }
            points.add(new double[]{value[1], value[2], value[3]});
            if (raw.length() > 0) {
                raw.append('\n');
            }
            raw.append(timestamp9(value[0])).append(',').append(text[1]).append(',').append(text[2]).append(',').append(text[3]);
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("the trace has no data rows (a header row, then timestamp,x,y,z rows)");
        }
        return new CsvTrace(List.copyOf(points), raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Python's f"{t:.9f}": the exact binary value rounded half-even to 9 decimals, plain notation; a negative value
     * (-0.0 included) keeps its sign when it rounds to zero, "-0.000000000" — BigDecimal has no negative zero.
     */
    static String timestamp9(double t) {
        String s = new BigDecimal(t).setScale(9, RoundingMode.HALF_EVEN).toPlainString();
        return (Double.doubleToRawLongBits(t) < 0 && !s.startsWith("-")) ? "-" + s : s;
    }

    private static double number(String s, int line, int column) {
        if (!NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException("line " + line + ", column " + column + ": not a decimal number: '" + s + "'");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("line " + line + ", column " + column + ": number out of range: '" + s + "'");
        }
        return v;
    }

    /** Strips ASCII spaces, tabs and a carriage return (CRLF files), nothing else. */
    private static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isBlank(s.charAt(a))) {
            a++;
        }
        while (b > a && isBlank(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
