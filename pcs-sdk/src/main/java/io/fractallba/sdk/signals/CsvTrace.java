package io.fractallba.sdk.signals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's raw trace as CSV ({@code timestamp,x,y,z} with a header row): the points, and the raw bytes the
 * agent hashes and compresses — rows "{timestamp with 9 decimals},{x},{y},{z}" (coordinates as written) joined by
 * "\n" without a trailing newline, UTF-8.
 */
public record CsvTrace(List<double[]> points, byte[] raw) {

    public static CsvTrace parse(String csv) {
        List<double[]> points = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        String[] lines = csv.split("\r?\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 4) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected timestamp,x,y,z");
            }
            double t = Double.parseDouble(f[0].trim());
            String x = f[1].trim();
            String y = f[2].trim();
            String z = f[3].trim();
            points.add(new double[]{Double.parseDouble(x), Double.parseDouble(y), Double.parseDouble(z)});
            if (raw.length() > 0) {
                raw.append('\n');
            }
            // Python's f"{t:.9f}": the exact binary value rounded half-even to 9 decimals.
            raw.append(new BigDecimal(t).setScale(9, RoundingMode.HALF_EVEN).toPlainString())
                    .append(',').append(x).append(',').append(y).append(',').append(z);
        }
        return new CsvTrace(List.copyOf(points), raw.toString().getBytes(StandardCharsets.UTF_8));
    }
}
