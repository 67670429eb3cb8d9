package io.fractallba.ensemble.policy;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Versioned policies per tenant in Postgres; a tenant without one gets {@link EnsemblePolicy#DEFAULT} (version 0). */
public final class PolicyStore {

    /** A policy with its tenant-scoped version. */
    public record Versioned(String tenant, int version, EnsemblePolicy policy) {
        public String id() {
            return tenant + "@" + version;
        }
    }

    private final DataSource ds;
    private final ObjectMapper mapper;
    private record Cached(Versioned policy, long loadedAtNanos) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final long refreshNanos;

    public PolicyStore(DataSource ds, ObjectMapper mapper) {
        this(ds, mapper, Duration.ofSeconds(5));
    }

    /**
     * @param refresh how long a replica decides with a cached policy before reading it again: a version published
     *                through another replica is in force here within this time (without a re-read a replica kept
     *                the version it first cached for good).
     */
    public PolicyStore(DataSource ds, ObjectMapper mapper, Duration refresh) {
        this.ds = ds;
        this.mapper = mapper;
        this.refreshNanos = refresh.toNanos();
    }

    /**
     * The tenant's policy in force, for deciding its submissions: cached for the refresh time (the default too:
     * tenants of events).
     */
    public Versioned current(String tenant) throws SQLException {
        Cached c = cache.get(tenant);
        if (c != null && System.nanoTime() - c.loadedAtNanos() < refreshNanos) {
            return c.policy();
        }
        return lookup(tenant, true);
    }

    /**
     * The same, for an API read: always from the database (what a client reads after publishing through any replica
     * is what is stored), and the default of a tenant without a policy is not cached, so reads naming tenants this
     * service never decided for leave nothing behind.
     */
    public Versioned read(String tenant) throws SQLException {
        return lookup(tenant, false);
    }

    private Versioned lookup(String tenant, boolean cacheDefault) throws SQLException {
        Versioned v;
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT version, body::text FROM policies WHERE tenant = ? "
                     + "ORDER BY version DESC LIMIT 1")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                v = rs.next() ? new Versioned(tenant, rs.getInt(1), mapper.readValue(rs.getString(2), EnsemblePolicy.class))
                        : new Versioned(tenant, 0, EnsemblePolicy.DEFAULT);
            } catch (IOException e) {
                throw new UncheckedIOException("stored policy unreadable", e);
            }
        }
        if (v.version() > 0 || cacheDefault) {
            v = remember(v);
        }
        return v;
    }

    public Optional<Versioned> version(String tenant, int version) throws SQLException {
        if (version == 0) {
            return Optional.of(new Versioned(tenant, 0, EnsemblePolicy.DEFAULT));
        }
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT body::text FROM policies WHERE tenant = ? AND version = ?")) {
            s.setString(1, tenant);
            s.setInt(2, version);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Versioned(tenant, version, mapper.readValue(rs.getString(1), EnsemblePolicy.class)))
                        : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("stored policy unreadable", e);
            }
        }
    }

    /**
     * Stores a new version (the caller validated it). Concurrent publications for one tenant race for the same
     * max+1: the loser's insert hits the primary key (23505) and is tried again with the next number, so every
     * publication gets its own version instead of an error.
     */
    public Versioned publish(String tenant, EnsemblePolicy p, String by) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return insertNextVersion(tenant, p, by);
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState()) || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    private Versioned insertNextVersion(String tenant, EnsemblePolicy p, String by) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO policies (tenant, version, body, created_by) SELECT ?, "
                     + "coalesce(max(version), 0) + 1, ?::jsonb, ? FROM policies WHERE tenant = ? RETURNING version")) {
            s.setString(1, tenant);
            s.setString(2, mapper.writeValueAsString(p));
            s.setString(3, by);
            s.setString(4, tenant);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Versioned v = new Versioned(tenant, rs.getInt(1), p);
                remember(v);
                return v;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Caches a version unless a newer one is cached already, and returns the one cached: concurrent publications (and
     * a read racing a publication) finish in any order, and a plain put let an older version replace a newer one — the
     * tenant's policy in force went back a version (seen: ten concurrent publications, version 9 served after 10).
     */
    private Versioned remember(Versioned v) {
        Cached fresh = new Cached(v, System.nanoTime());
        return cache.merge(v.tenant(), fresh, (cached, offered) ->
                offered.policy().version() >= cached.policy().version() ? offered : cached).policy();
    }
}
