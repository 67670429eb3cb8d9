package io.fractallba.cost.bill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads provider bills into lines per (day, tenant, category). Formats (docs/cost.md, "Bills and reconciliation"):
 * <ul>
 *   <li>{@code flk-csv}: header {@code date,tenant,category,amount_usd}, one line per day, tenant and category;</li>
 *   <li>{@code aws-cur}: an AWS Cost and Usage Report (legacy CSV): {@code lineItem/UsageStartDate},
 *   {@code lineItem/ProductCode}, {@code lineItem/UnblendedCost} and the tenant's cost allocation tag column;</li>
 *   <li>{@code gcp-billing}: the Cloud Billing standard usage cost export to BigQuery, extracted as newline-delimited
 *   JSON ({@code usage_start_time}, {@code service.description}, {@code cost}, {@code currency}, {@code credits[]},
 *   {@code labels[]}); the net cost of a row is its cost plus its credits;</li>
 *   <li>{@code azure-cost}: an Azure Cost Management export of actual cost (CSV: {@code Date}, {@code MeterCategory},
 *   {@code CostInBillingCurrency}, {@code BillingCurrencyCode}, {@code Tags}).</li>
 * </ul>
 * Services/products map to categories by configuration (unmapped: {@code other}); rows without the tenant tag or label
 * are billed to {@code untagged}; only USD bills are read (reconciliation is in USD). Lines for the same key are
 * summed; a line that cannot be read rejects the whole bill, naming the line and the column, so nothing is half-imported.
 */
public final class BillParser {

    public static final String UNTAGGED = "untagged";
    private static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).reader();
    private static final DateTimeFormatter BIGQUERY_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS] 'UTC'");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    public enum Format {
        FLK_CSV("flk-csv"), AWS_CUR("aws-cur"), GCP_BILLING("gcp-billing"), AZURE_COST("azure-cost");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.id.equals(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("format '" + s + "' is not one of flk-csv, aws-cur, gcp-billing, azure-cost");
        }
    }

    /** Where each provider's bill names the tenant, and how its services map to the suite's categories. */
    public record Mapping(String awsTenantColumn, List<String> awsProductCategories, String gcpTenantLabel,
                          List<String> gcpServiceCategories, String azureTenantTag, List<String> azureMeterCategories) {
    }

    private final Mapping mapping;
    private final Map<String, String> awsCategories;
    private final Map<String, String> gcpCategories;
    private final Map<String, String> azureCategories;

    public BillParser(Mapping mapping) {
        this.mapping = mapping;
        this.awsCategories = categories("AWS product", mapping.awsProductCategories());
        this.gcpCategories = categories("GCP service", mapping.gcpServiceCategories());
        this.azureCategories = categories("Azure meter category", mapping.azureMeterCategories());
    }

    /** AWS only, the other providers' defaults (tests and tools). */
    public BillParser(String awsTenantColumn, List<String> awsProductCategories) {
        this(new Mapping(awsTenantColumn, awsProductCategories, "tenant", List.of(), "tenant", List.of()));
    }

    private static Map<String, String> categories(String what, List<String> entries) {
        Map<String, String> m = new HashMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(what + " mapping '" + e + "' is not Name=category");
            }
            m.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
        }
        return m;
    }

    public List<BillLine> parse(Format format, String text) throws BillFormatException {
        return switch (format) {
            case FLK_CSV -> flk(CsvTable.parse(text));
            case AWS_CUR -> aws(CsvTable.parse(text));
            case GCP_BILLING -> gcp(text);
            case AZURE_COST -> azure(CsvTable.parse(text));
        };
    }

    private static List<BillLine> flk(CsvTable t) throws BillFormatException {
        int date = t.column("date");
        int tenant = t.column("tenant");
        int category = t.column("category");
        int amount = t.column("amount_usd");
        Map<String, BillLine> sums = new LinkedHashMap<>();
        for (CsvTable.Row r : t.rows) {
            t.checkWidth(r);
            LocalDate day = day(t.cell(r, date), "date", r.line());
            String ten = required(t.cell(r, tenant), "tenant", r.line());
            String cat = required(t.cell(r, category), "category", r.line());
            add(sums, new BillLine(day, ten, cat, money(t.cell(r, amount), "amount_usd", r.line())));
        }
        return List.copyOf(sums.values());
    }

    private List<BillLine> aws(CsvTable t) throws BillFormatException {
        int start = t.column("lineItem/UsageStartDate");
        int product = t.column("lineItem/ProductCode");
        int cost = t.column("lineItem/UnblendedCost");
        int tenant = t.column(mapping.awsTenantColumn());
        Map<String, BillLine> sums = new LinkedHashMap<>();
        for (CsvTable.Row r : t.rows) {
            t.checkWidth(r);
            LocalDate day = instantDay(t.cell(r, start), "lineItem/UsageStartDate", r.line());
            String ten = t.cell(r, tenant);
            String cat = awsCategories.getOrDefault(t.cell(r, product), "other");
            add(sums, new BillLine(day, ten.isEmpty() ? UNTAGGED : ten, cat,
                    money(t.cell(r, cost), "lineItem/UnblendedCost", r.line())));
        }
        return List.copyOf(sums.values());
    }

    private List<BillLine> gcp(String text) throws BillFormatException {
        Map<String, BillLine> sums = new LinkedHashMap<>();
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        int rows = 0;
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode row;
            try {
                row = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new BillFormatException("line " + line + ": not a JSON object (" + e.getOriginalMessage()
                        + "): is the file truncated, or not newline-delimited JSON?");
            }
            if (row == null || !row.isObject()) {
                throw new BillFormatException("line " + line + ": not a JSON object");
            }
            rows++;
            LocalDate day = bigQueryDay(text(row, "usage_start_time", line), line);
            String currency = text(row, "currency", line);
            if (!currency.equals("USD")) {
                throw new BillFormatException("line " + line + ": currency '" + currency
                        + "' — bills are reconciled in USD; export the billing data in USD");
            }
            BigDecimal amount = money(number(row, "cost", line), "cost", line);
            JsonNode credits = row.path("credits");
            if (!credits.isMissingNode() && !credits.isNull()) {
                if (!credits.isArray()) {
                    throw new BillFormatException("line " + line + ": credits is not an array");
                }
                for (JsonNode c : credits) {
                    amount = amount.add(money(number(c, "amount", line), "credits.amount", line));
                }
            }
            String service = row.path("service").path("description").asText("");
            String tenant = label(row.path("labels"), mapping.gcpTenantLabel(), line);
            add(sums, new BillLine(day, tenant.isEmpty() ? UNTAGGED : tenant,
                    gcpCategories.getOrDefault(service, "other"), amount));
        }
        if (rows == 0) {
            throw new BillFormatException("the bill is empty (no rows)");
        }
        return List.copyOf(sums.values());
    }

    private List<BillLine> azure(CsvTable t) throws BillFormatException {
        int date = t.column("Date", "UsageDate");
        int meter = t.column("MeterCategory");
        int cost = t.column("CostInBillingCurrency", "Cost", "PreTaxCost");
        int currency = t.column("BillingCurrencyCode", "BillingCurrency", "Currency");
        int tags = t.column("Tags");
        Map<String, BillLine> sums = new LinkedHashMap<>();
        for (CsvTable.Row r : t.rows) {
            t.checkWidth(r);
            String when = t.cell(r, date);
            LocalDate day;
            try {
                day = when.contains("/") ? LocalDate.parse(when, US_DATE) : LocalDate.parse(when);
            } catch (DateTimeParseException e) {
                throw new BillFormatException("line " + r.line() + ": " + t.name(date) + " '" + when
                        + "' is not MM/DD/YYYY or YYYY-MM-DD");
            }
            String cur = t.cell(r, currency);
            if (!cur.equals("USD")) {
                throw new BillFormatException("line " + r.line() + ": " + t.name(currency) + " '" + cur
                        + "' — bills are reconciled in USD; export the cost data in USD");
            }
            String tenant = azureTag(t.cell(r, tags), r.line());
            add(sums, new BillLine(day, tenant.isEmpty() ? UNTAGGED : tenant,
                    azureCategories.getOrDefault(t.cell(r, meter), "other"), money(t.cell(r, cost), t.name(cost), r.line())));
        }
        return List.copyOf(sums.values());
    }

    /** Azure writes Tags as a JSON object, in older exports without the braces ({@code "tenant": "acme","env": "x"}). */
    private String azureTag(String tags, int line) throws BillFormatException {
        if (tags.isEmpty()) {
            return "";
        }
        String json = tags.startsWith("{") ? tags : "{" + tags + "}";
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode v = node == null ? null : node.get(mapping.azureTenantTag());
            return v == null || v.isNull() ? "" : v.asText().trim();
        } catch (JsonProcessingException e) {
            throw new BillFormatException("line " + line + ": Tags is not a JSON object of tag names and values");
        }
    }

    /** GCP labels are a list of {key, value} pairs. */
    private static String label(JsonNode labels, String key, int line) throws BillFormatException {
        if (labels.isMissingNode() || labels.isNull()) {
            return "";
        }
        if (!labels.isArray()) {
            throw new BillFormatException("line " + line + ": labels is not an array of {key, value}");
        }
        for (JsonNode l : labels) {
            if (key.equals(l.path("key").asText(null))) {
                return l.path("value").asText("").trim();
            }
        }
        return "";
    }

    private static String text(JsonNode row, String field, int line) throws BillFormatException {
        JsonNode v = row.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new BillFormatException("line " + line + ": " + field + " is missing");
        }
        return v.asText().trim();
    }

    private static String number(JsonNode row, String field, int line) throws BillFormatException {
        JsonNode v = row.get(field);
        if (v == null || v.isNull()) {
            throw new BillFormatException("line " + line + ": " + field + " is missing");
        }
        // toString, not toPlainString: 1e999999999 would otherwise become a billion digits before the range check.
        return v.isNumber() ? v.decimalValue().toString() : v.asText();
    }

    private static LocalDate bigQueryDay(String s, int line) throws BillFormatException {
        try {
            return s.endsWith("UTC") ? LocalDateTime.parse(s, BIGQUERY_TIMESTAMP).toLocalDate()
                    : Instant.parse(s).atOffset(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new BillFormatException("line " + line + ": usage_start_time '" + s
                    + "' is not a BigQuery timestamp (2026-11-01 00:00:00 UTC) or an ISO-8601 instant");
        }
    }

    private static void add(Map<String, BillLine> sums, BillLine l) {
        sums.merge(l.day() + "\u0000" + l.tenant() + "\u0000" + l.category(), l,
                (a, b) -> new BillLine(a.day(), a.tenant(), a.category(), a.amountUsd().add(b.amountUsd())));
    }

    private static LocalDate day(String s, String column, int line) throws BillFormatException {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new BillFormatException("line " + line + ": " + column + " '" + s + "' is not YYYY-MM-DD");
        }
    }

    private static LocalDate instantDay(String s, String column, int line) throws BillFormatException {
        try {
            return Instant.parse(s).atOffset(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new BillFormatException("line " + line + ": " + column + " '" + s
                    + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    /** Bills are in USD with at most this many digits before and after the point: anything else is a broken file. */
    static final int MAX_INTEGER_DIGITS = 15;
    static final int MAX_FRACTION_DIGITS = 10;

    private static BigDecimal money(String s, String column, int line) throws BillFormatException {
        BigDecimal v;
        try {
            v = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new BillFormatException("line " + line + ": " + column + " '" + abbreviate(s) + "' is not a decimal number");
        }
        // Checked before any arithmetic: 1E+999999999 parses, but its sum, its store and its comparison do not end well.
        if (v.signum() != 0 && ((long) v.precision() - v.scale() > MAX_INTEGER_DIGITS || v.scale() > MAX_FRACTION_DIGITS
                && v.stripTrailingZeros().scale() > MAX_FRACTION_DIGITS)) {
            throw new BillFormatException("line " + line + ": " + column + " '" + abbreviate(s)
                    + "' is out of range (at most " + MAX_INTEGER_DIGITS + " digits before the point and "
                    + MAX_FRACTION_DIGITS + " after)");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String required(String s, String what, int line) throws BillFormatException {
        if (s.isEmpty()) {
            throw new BillFormatException("line " + line + ": " + what + " is empty");
        }
        return s;
    }
}
