package io.fractallba.cost.query;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated analyst query: the range {@code [from, to)}, the dimensions to group by, the time granularity, the
 * tenants it covers (null: all) and at most {@code limit} rows ordered by cost when {@code top} is set.
 */
public record BreakdownRequest(Instant from, Instant to, List<Dimension> groupBy, Granularity granularity,
                               Set<String> tenants, Integer limit) {

    public static final Duration MAX_RANGE = Duration.ofDays(732);

    public enum Dimension {
        TENANT("tenant"), SERVICE("service"), MODEL("model"), TASK("task"), RESOURCE("resource"), CATEGORY("category");

        final String column;

        Dimension(String column) {
            this.column = column;
        }

        public String wireName() {
            return column;
        }

        static Dimension parse(String s) {
            for (Dimension d : values()) {
                if (d.column.equals(s)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("group_by '" + s + "' is not one of tenant, service, model, task, "
                    + "resource, category");
        }
    }

    public enum Granularity {
        HOUR, DAY, MONTH, TOTAL;

        static Granularity parse(String s) {
            try {
                return valueOf(s.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("granularity '" + s + "' is not one of hour, day, month, total");
            }
        }
    }

    /** Parses query parameters; every problem is an {@link IllegalArgumentException} with a message for the caller. */
    public static BreakdownRequest parse(String from, String to, String groupBy, String granularity, Set<String> tenants,
                                         Integer limit) {
        Instant f = instant("from", from);
        Instant t = instant("to", to);
        if (!f.isBefore(t)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(f, t).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("the range is longer than " + MAX_RANGE.toDays() + " days");
        }
        Set<Dimension> dims = new LinkedHashSet<>();
        if (groupBy != null && !groupBy.isBlank()) {
            for (String s : groupBy.split(",")) {
                dims.add(Dimension.parse(s.trim()));
            }
        }
        if (limit != null && (limit < 1 || limit > 10_000)) {
            throw new IllegalArgumentException("n must be between 1 and 10000");
        }
        Granularity g = granularity == null || granularity.isBlank() ? Granularity.TOTAL : Granularity.parse(granularity);
        return new BreakdownRequest(f, t, new ArrayList<>(dims), g, tenants, limit);
    }

    /** Accepts RFC 3339 instants or dates ({@code 2026-11-01} = its midnight UTC). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("query parameter '" + name + "' is required (RFC 3339 instant or date)");
        }
        try {
            if (value.length() == 10) {
                return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not an RFC 3339 instant or a date: " + value);
        }
    }

    /** Daily rollups serve a query whose range is whole days and that is not split by hour. */
    boolean servedByDays() {
        return granularity != Granularity.HOUR && from.truncatedTo(ChronoUnit.DAYS).equals(from)
                && to.truncatedTo(ChronoUnit.DAYS).equals(to);
    }
}
