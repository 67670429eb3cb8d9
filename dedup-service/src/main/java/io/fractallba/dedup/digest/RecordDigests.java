package io.fractallba.dedup.digest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.pcs.tlog.MerkleFrontier;
import io.fractallba.pcs.tlog.MerkleHashes;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Digests of this region's durable dedup records for comparison with another region's (docs/crr.md): per tenant and
 * window of first-seen time, an RFC 6962 Merkle root over the records sorted by pcs_id, each leaf
 * {@code pcs_id '\n' status '\n' sha256(first response body)} (the outcome, not the origin, which differs by region
 * by design). A key range {@code [lo, hi)} narrows a digest for bisection; {@link #keys} lists a small range.
 */
public final class RecordDigests {

    public record Digest(@JsonProperty("tenant") String tenant, @JsonProperty("count") long count,
                         @JsonProperty("root") String root) {
    }

    public record KeyOutcome(@JsonProperty("pcs_id") String pcsId, @JsonProperty("status") int status,
                             @JsonProperty("body_sha256") String bodySha256) {
    }

    private final DataSource ds;

    public RecordDigests(DataSource ds) {
        this.ds = ds;
    }

    /** One digest per tenant that has records first seen in [from, to). */
    public List<Digest> byTenant(Instant from, Instant to) throws SQLException {
        List<Digest> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                SELECT + "WHERE first_seen >= ? AND first_seen < ? ORDER BY tenant, pcs_id")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setFetchSize(5000);
            c.setAutoCommit(false);
            try (ResultSet rs = ps.executeQuery()) {
                String tenant = null;
                MerkleFrontier tree = null;
                while (rs.next()) {
                    if (!rs.getString(1).equals(tenant)) {
                        if (tenant != null) {
                            out.add(digest(tenant, tree));
                        }
                        tenant = rs.getString(1);
                        tree = new MerkleFrontier();
                    }
                    tree.append(leaf(rs));
                }
                if (tenant != null) {
                    out.add(digest(tenant, tree));
                }
            } finally {
                c.commit();
            }
        }
        return out;
    }

    /** The digest of one tenant's records first seen in [from, to) with lo ≤ pcs_id < hi (hi null: no bound). */
    public Digest range(String tenant, Instant from, Instant to, String lo, String hi) throws SQLException {
        MerkleFrontier tree = new MerkleFrontier();
        scan(tenant, from, to, lo, hi, Integer.MAX_VALUE, rs -> tree.append(leaf(rs)));
        return digest(tenant, tree);
    }

    /** Up to {@code limit} keys of that range with their outcomes, sorted by pcs_id. */
    public List<KeyOutcome> keys(String tenant, Instant from, Instant to, String lo, String hi, int limit)
            throws SQLException {
        List<KeyOutcome> out = new ArrayList<>();
        scan(tenant, from, to, lo, hi, limit, rs -> out.add(new KeyOutcome(rs.getString(2), rs.getInt(3),
                rs.getString(4))));
        return out;
    }

    private interface RowSink {
        void row(ResultSet rs) throws SQLException;
    }

    // Cold records keep no body in the table; body_sha256 (migration V3) survives demotion, so a digest never
    // needs the archive.
    private static final String SELECT = "SELECT tenant, pcs_id, status, body_sha256 FROM records ";

    private void scan(String tenant, Instant from, Instant to, String lo, String hi, int limit, RowSink sink)
            throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT
                + "WHERE tenant = ? AND first_seen >= ? AND first_seen < ? AND pcs_id >= ? "
                + (hi == null ? "" : "AND pcs_id < ? ") + "ORDER BY pcs_id LIMIT ?")) {
            int i = 1;
            ps.setString(i++, tenant);
            ps.setTimestamp(i++, Timestamp.from(from));
            ps.setTimestamp(i++, Timestamp.from(to));
            ps.setString(i++, lo == null ? "" : lo);
            if (hi != null) {
                ps.setString(i++, hi);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.row(rs);
                }
            }
        }
    }

    private static byte[] leaf(ResultSet rs) throws SQLException {
        return MerkleHashes.leafHash((rs.getString(2) + "\n" + rs.getInt(3) + "\n" + rs.getString(4))
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Digest digest(String tenant, MerkleFrontier tree) {
        return new Digest(tenant, tree.size(), HexFormat.of().formatHex(tree.root()));
    }
}
