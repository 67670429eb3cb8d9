package io.fractallba.cost.advice;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a tenant's {@link SpendProfile} from the daily rollup (one grouped query over at most 90 days of one tenant). */
public final class SpendProfiles {

    private final DataSource ds;

    public SpendProfiles(DataSource ds) {
        this.ds = ds;
    }

    public SpendProfile read(String tenant, LocalDate from, LocalDate to) throws SQLException {
        Map<String, BigDecimal> modelCost = new LinkedHashMap<>();
        Map<String, Long> modelTrusted = new HashMap<>();
        Map<String, Long> modelUnpriced = new HashMap<>();
        LocalDate firstDay = null;
        Map<String, BigDecimal[]> resources = new LinkedHashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT model, resource, sum(cost_usd), sum(quantity), "
                     + "sum(accepted), sum(unpriced), min((bucket AT TIME ZONE 'UTC')::date) FROM rollup_day WHERE tenant = ? AND bucket >= ? AND bucket < ? "
                     + "GROUP BY 1, 2 ORDER BY 1, 2")) {
            ps.setString(1, tenant);
            ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(3, Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String model = rs.getString(1);
                    String resource = rs.getString(2);
                    BigDecimal cost = rs.getBigDecimal(3);
                    BigDecimal quantity = rs.getBigDecimal(4);
                    long trusted = rs.getLong(5);
                    long unpriced = rs.getLong(6);
                    LocalDate first = rs.getObject(7, LocalDate.class);
                    firstDay = firstDay == null || first.isBefore(firstDay) ? first : firstDay;
                    modelUnpriced.merge(model, unpriced, Long::sum);
                    total = total.add(cost);
                    modelCost.merge(model, cost, BigDecimal::add);
                    modelTrusted.merge(model, trusted, Long::sum);
                    resources.merge(resource, new BigDecimal[]{cost, quantity},
                            (a, b) -> new BigDecimal[]{a[0].add(b[0]), a[1].add(b[1])});
                }
            }
        }
        List<SpendProfile.ModelSpend> models = new ArrayList<>();
        modelCost.forEach((m, cost) -> models.add(new SpendProfile.ModelSpend(m, cost, modelTrusted.get(m),
                modelUnpriced.get(m))));
        Map<String, SpendProfile.ResourceSpend> byResource = new LinkedHashMap<>();
        resources.forEach((r, v) -> byResource.put(r, new SpendProfile.ResourceSpend(r, v[0], v[1])));
        return new SpendProfile(tenant, from, to, firstDay, total, models, byResource);
    }
}
