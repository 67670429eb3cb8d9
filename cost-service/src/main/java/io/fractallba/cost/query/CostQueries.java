package io.fractallba.cost.query;

import io.fractallba.cost.query.BreakdownRequest.Dimension;
import io.fractallba.cost.query.BreakdownRequest.Granularity;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers breakdowns from the rollups (daily when the range allows, else hourly), never from raw usage. */
public final class CostQueries {

    /** Precision of cost per trusted task (a quotient); sums themselves are exact. */
    static final MathContext RATIO = new MathContext(12);

    private final DataSource ds;

    public CostQueries(DataSource ds) {
        this.ds = ds;
    }

    public List<BreakdownRow> breakdown(BreakdownRequest q) throws SQLException {
        String table = q.servedByDays() ? "rollup_day" : "rollup_hour";
        StringBuilder select = new StringBuilder("SELECT ");
        List<String> groups = new ArrayList<>();
        if (q.granularity() != Granularity.TOTAL) {
            groups.add("date_trunc('" + q.granularity().name().toLowerCase() + "', r.bucket, 'UTC')");
        }
        for (Dimension d : q.groupBy()) {
            groups.add(d == Dimension.CATEGORY ? "coalesce(c.category, 'other')" : "r." + d.column);
        }
        for (String g : groups) {
            select.append(g).append(", ");
        }
        select.append("sum(r.cost_usd), sum(r.quantity), sum(r.unpriced), sum(r.accepted) FROM ").append(table)
                .append(" r");
        if (q.groupBy().contains(Dimension.CATEGORY)) {
            select.append(" LEFT JOIN resource_categories c ON c.resource = r.resource");
        }
        select.append(" WHERE r.bucket >= ? AND r.bucket < ?");
        if (q.tenants() != null) {
            select.append(" AND r.tenant = ANY (?)");
        }
        if (!groups.isEmpty()) {
            select.append(" GROUP BY ");
            for (int i = 1; i <= groups.size(); i++) {
                select.append(i == 1 ? "" : ", ").append(i);
            }
        }
        select.append(q.limit() != null ? " ORDER BY " + (groups.size() + 1) + " DESC LIMIT " + q.limit()
                : groups.isEmpty() ? "" : " ORDER BY 1" + (groups.size() > 1 ? ", " + (groups.size() + 1) + " DESC" : ""));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(select.toString())) {
            ps.setTimestamp(1, Timestamp.from(q.from()));
            ps.setTimestamp(2, Timestamp.from(q.to()));
            if (q.tenants() != null) {
                ps.setArray(3, c.createArrayOf("text", q.tenants().toArray()));
            }
            List<BreakdownRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, q));
                }
            }
            return out;
        }
    }

    private static BreakdownRow row(ResultSet rs, BreakdownRequest q) throws SQLException {
        int i = 1;
        Instant bucket = null;
        if (q.granularity() != Granularity.TOTAL) {
            bucket = rs.getTimestamp(i++).toInstant();
        }
        Map<String, String> group = new LinkedHashMap<>();
        for (Dimension d : q.groupBy()) {
            group.put(d.wireName(), rs.getString(i++));
        }
        BigDecimal cost = orZero(rs.getBigDecimal(i++));
        BigDecimal quantity = rs.getBigDecimal(i++);
        long unpriced = rs.getLong(i++);
        long trusted = rs.getLong(i);
        return new BreakdownRow(bucket, group, cost, q.groupBy().contains(Dimension.RESOURCE) ? quantity : null,
                unpriced, trusted, trusted == 0 ? null : cost.divide(BigDecimal.valueOf(trusted), RATIO));
    }

    private static BigDecimal orZero(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }

    /** Exact total over rows (the CSV and JSON answers both carry it). */
    public static BigDecimal total(List<BreakdownRow> rows) {
        return rows.stream().map(BreakdownRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
