package io.fractallba.cost.bill;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads provider bills into lines per (day, tenant, category). Two formats (docs/cost.md):
 * <ul>
 *   <li>{@code flk-csv}: header {@code date,tenant,category,amount_usd}, one line per day, tenant and category;</li>
 *   <li>{@code aws-cur}: an AWS Cost and Usage Report (legacy CSV): {@code lineItem/UsageStartDate},
 *   {@code lineItem/ProductCode}, {@code lineItem/UnblendedCost} and the tenant's cost allocation tag column;
 *   product codes map to categories, lines without the tag are billed to {@code untagged}.</li>
 * </ul>
 * Lines for the same key are summed; a line that cannot be read rejects the whole bill, naming the line.
 */
public final class BillParser {

    public static final String UNTAGGED = "untagged";

    public enum Format { FLK_CSV, AWS_CUR;

        public static Format parse(String s) {
            return switch (s == null ? "" : s) {
                case "flk-csv" -> FLK_CSV;
                case "aws-cur" -> AWS_CUR;
                default -> throw new IllegalArgumentException("format '" + s + "' is not one of flk-csv, aws-cur");
            };
        }
    }

    private final String awsTenantColumn;
    private final Map<String, String> awsCategories = new HashMap<>();

    public BillParser(String awsTenantColumn, List<String> awsProductCategories) {
        this.awsTenantColumn = awsTenantColumn;
        for (String m : awsProductCategories) {
            int eq = m.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("AWS product mapping '" + m + "' is not ProductCode=category");
            }
            awsCategories.put(m.substring(0, eq).trim(), m.substring(eq + 1).trim());
        }
    }

    public List<BillLine> parse(Format format, String text) throws BillFormatException {
        CsvTable t = CsvTable.parse(text);
        return format == Format.FLK_CSV ? flk(t) : aws(t);
    }

    private static List<BillLine> flk(CsvTable t) throws BillFormatException {
        int date = t.column("date");
        int tenant = t.column("tenant");
        int category = t.column("category");
        int amount = t.column("amount_usd");
        Map<String, BillLine> sums = new LinkedHashMap<>();
        for (int i = 0; i < t.rows.size(); i++) {
            List<String> r = t.rows.get(i);
            int line = i + 2;
            t.checkWidth(r, line);
            LocalDate day = day(CsvTable.cell(r, date, line), line);
            String ten = required(CsvTable.cell(r, tenant, line), "tenant", line);
            String cat = required(CsvTable.cell(r, category, line), "category", line);
            add(sums, new BillLine(day, ten, cat, money(CsvTable.cell(r, amount, line), line)));
        }
        return List.copyOf(sums.values());
    }

    private List<BillLine> aws(CsvTable t) throws BillFormatException {
        int start = t.column("lineItem/UsageStartDate");
        int product = t.column("lineItem/ProductCode");
        int cost = t.column("lineItem/UnblendedCost");
        int tenant = t.column(awsTenantColumn);
        Map<String, BillLine> sums = new LinkedHashMap<>();
        for (int i = 0; i < t.rows.size(); i++) {
            List<String> r = t.rows.get(i);
            int line = i + 2;
            t.checkWidth(r, line);
            String when = CsvTable.cell(r, start, line);
            LocalDate day;
            try {
                day = Instant.parse(when).atOffset(ZoneOffset.UTC).toLocalDate();
            } catch (DateTimeParseException e) {
                throw new BillFormatException("line " + line + ": lineItem/UsageStartDate '" + when
                        + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
            }
            String ten = CsvTable.cell(r, tenant, line);
            String cat = awsCategories.getOrDefault(CsvTable.cell(r, product, line), "other");
            add(sums, new BillLine(day, ten.isEmpty() ? UNTAGGED : ten, cat, money(CsvTable.cell(r, cost, line), line)));
        }
        return List.copyOf(sums.values());
    }

    private static void add(Map<String, BillLine> sums, BillLine l) {
        sums.merge(l.day() + "\u0000" + l.tenant() + "\u0000" + l.category(), l,
                (a, b) -> new BillLine(a.day(), a.tenant(), a.category(), a.amountUsd().add(b.amountUsd())));
    }

    private static LocalDate day(String s, int line) throws BillFormatException {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new BillFormatException("line " + line + ": date '" + s + "' is not YYYY-MM-DD");
        }
    }

    /** Bills are in USD with at most this many digits before and after the point: anything else is a broken file. */
    static final int MAX_INTEGER_DIGITS = 15;
    static final int MAX_FRACTION_DIGITS = 10;

    private static BigDecimal money(String s, int line) throws BillFormatException {
        BigDecimal v;
        try {
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new BillFormatException("line " + line + ": amount '" + s + "' is not a decimal number");
        }
        // Checked before any arithmetic: 1E+999999999 parses, but its sum, its store and its comparison do not end well.
        if (v.signum() != 0 && ((long) v.precision() - v.scale() > MAX_INTEGER_DIGITS || v.scale() > MAX_FRACTION_DIGITS
                && v.stripTrailingZeros().scale() > MAX_FRACTION_DIGITS)) {
            throw new BillFormatException("line " + line + ": amount '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s)
                    + "' is out of range (at most " + MAX_INTEGER_DIGITS + " digits before the point and "
                    + MAX_FRACTION_DIGITS + " after)");
        }
        return v;
    }

    private static String required(String s, String what, int line) throws BillFormatException {
        if (s.isEmpty()) {
            throw new BillFormatException("line " + line + ": " + what + " is empty");
        }
        return s;
    }
}
