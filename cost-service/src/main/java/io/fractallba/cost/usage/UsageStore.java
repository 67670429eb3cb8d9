package io.fractallba.cost.usage;

import io.fractallba.cost.price.Price;
import io.fractallba.cost.price.PriceBook;
import io.fractallba.cost.price.PriceStore;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores usage rows priced with the table in force, once per {@code (event_id, resource)}, and adds what was new
 * to the rollups in the same transaction: a batch is counted entirely or not at all.
 */
public final class UsageStore {

    /** A row as stored: its price (null when none was in force) and exact cost. */
    public record Stored(UsageRow row, Long priceId, BigDecimal cost) {
    }

    private final DataSource ds;
    private volatile PriceBook book;
    private volatile int bookVersion = -1;

    public UsageStore(DataSource ds) {
        this.ds = ds;
    }

    /** @return the rows that were new (a redelivered row is skipped) */
    public List<Stored> ingest(List<UsageRow> rows) throws SQLException {
        Map<String, UsageRow> unique = new LinkedHashMap<>();
        rows.forEach(r -> unique.putIfAbsent(r.eventId() + '\u0000' + r.resource(), r));
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Rollups.lockShared(c);
                PriceBook prices = prices(c);
                List<Stored> priced = new ArrayList<>(unique.size());
                for (UsageRow r : unique.values()) {
                    var p = prices.price(r.resource(), r.model(), r.occurredAt(), r.quantity());
                    priced.add(new Stored(r, p.map(x -> x.price().id()).orElse(null), p.map(PriceBook.Priced::cost).orElse(null)));
                }
                List<Stored> inserted = insertNew(c, priced);
                Rollups.add(c, inserted);
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The price table, reloaded when a new version was published (checked inside the ingest transaction). */
    private PriceBook prices(Connection c) throws SQLException {
        int latest = PriceStore.latestVersion(c);
        if (latest != bookVersion || book == null) {
            // Read on the ingest transaction's own connection: it already holds the lock, no second connection.
            book = new PriceBook(PriceStore.all(c));
            bookVersion = latest;
        }
        return book;
    }

    private static List<Stored> insertNew(Connection c, List<Stored> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        int n = rows.size();
        Object[] eventId = new Object[n], resource = new Object[n], tenant = new Object[n], service = new Object[n],
                model = new Object[n], task = new Object[n], pcsId = new Object[n], at = new Object[n],
                quantity = new Object[n], accepted = new Object[n], priceId = new Object[n], cost = new Object[n];
        for (int i = 0; i < n; i++) {
            UsageRow r = rows.get(i).row();
            eventId[i] = r.eventId();
            resource[i] = r.resource();
            tenant[i] = r.tenant();
            service[i] = r.service();
            model[i] = r.model();
            task[i] = r.task();
            pcsId[i] = r.pcsId();
            at[i] = Timestamp.from(r.occurredAt());
            quantity[i] = r.quantity();
            accepted[i] = r.accepted() ? 1 : 0;
            priceId[i] = rows.get(i).priceId();
            cost[i] = rows.get(i).cost();
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage (event_id, resource, tenant, service, model, task, "
                + "pcs_id, occurred_at, quantity, accepted, price_id, cost_usd) SELECT * FROM unnest(?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::numeric[], ?::int[], "
                + "?::bigint[], ?::numeric[]) ON CONFLICT (event_id, resource) DO NOTHING RETURNING event_id, resource")) {
            int i = 1;
            for (Object[] col : new Object[][] {eventId, resource, tenant, service, model, task, pcsId}) {
                ps.setArray(i++, c.createArrayOf("text", col));
            }
            ps.setArray(i++, c.createArrayOf("timestamptz", at));
            ps.setArray(i++, c.createArrayOf("numeric", quantity));
            ps.setArray(i++, c.createArrayOf("int4", accepted));
            ps.setArray(i++, c.createArrayOf("int8", priceId));
            ps.setArray(i, c.createArrayOf("numeric", cost));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1) + '\u0000' + rs.getString(2));
                }
            }
        }
        return rows.stream().filter(s -> inserted.contains(s.row().eventId() + '\u0000' + s.row().resource())).toList();
    }
}
