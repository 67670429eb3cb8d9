package io.fractallba.crr.divergence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Divergence reports, kept in the shipper's schema for operators (GET /v1/crr/divergence/reports). */
public final class ReportStore {

    private final DataSource ds;
    private final ObjectMapper mapper;

    public ReportStore(DataSource ds, ObjectMapper mapper) {
        this.ds = ds;
        this.mapper = mapper;
    }

    public void save(Divergence d) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO divergence_reports (peer, tenant, window_from, window_to, missing_here, missing_there,
                    conflicts, repaired, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, d.peer());
            ps.setString(2, d.tenant());
            ps.setTimestamp(3, Timestamp.from(Instant.parse(d.windowFrom())));
            ps.setTimestamp(4, Timestamp.from(Instant.parse(d.windowTo())));
            ps.setInt(5, d.missingHere().size());
            ps.setInt(6, d.missingThere().size());
            ps.setInt(7, d.conflicts().size());
            ps.setInt(8, d.repaired().size());
            ps.setString(9, mapper.writeValueAsString(d));
            ps.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<JsonNode> recent(int limit) throws SQLException {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, found_at, details FROM divergence_reports ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(rs.getString(3));
                    node.put("id", rs.getLong(1));
                    node.put("found_at", rs.getTimestamp(2).toInstant().toString());
                    out.add(node);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
