package io.fractallba.pcs.testing;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh schema per test in the real Postgres of the machine (database {@code test}), migrated by Flyway. */
public final class TestDatabase {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private TestDatabase() {
    }

    /** A new schema name for a service's tests, e.g. {@code audit_t18c2…}. */
    public static String freshSchemaName(String service) {
        return service + "_t" + Long.toHexString(System.nanoTime()) + Integer.toHexString((int) (Math.random() * 0xffff));
    }

    public static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    /**
     * Creates and migrates {@code schema} with the migrations of its service ({@code db/migration/<service>}, the
     * service being the schema name's prefix from {@link #freshSchemaName}); returns a data source bound to it.
     */
    public static DataSource migrate(String schema) {
        String service = schema.substring(0, schema.indexOf("_t"));
        Flyway.configure().dataSource(URL, USER, null).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration/" + service).load().migrate();
        return dataSource(schema);
    }

    public static DataSource dataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url(schema));
        ds.setUser(USER);
        return ds;
    }

    public static void drop(String schema) {
        try (Connection c = dataSource("public").getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs SQL as an attacker with database superuser rights would: with triggers off for the session, which is
     * the only way around the append-only triggers.
     */
    public static void tamper(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute(sql);
        }
    }
}
