package io.fractallba.dedup.shard;

import io.fractallba.pcs.dedup.ShardRouting;
import io.fractallba.pcs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The migration CLI's guard rails: steps out of order are refused, bad input is named, rollback restores routing. */
class MigrateCliTest {

    private static final String FROM = "a=redis://127.0.0.1:6379/11;vnodes=16";
    private static final String TO = "a=redis://127.0.0.1:6379/11,b=redis://127.0.0.1:6379/12;vnodes=16";

    private final String schema = TestDatabase.freshSchemaName("dedup");
    private final DataSource ds = TestDatabase.migrate(schema);
    private final String[] db = {"--db-url", TestDatabase.url(schema), "--grace", "PT0S"};

    @AfterEach
    void drop() {
        TestDatabase.drop(schema);
    }

    @Test
    void stepsOutOfOrderAreRefusedAndRollbackRestoresTheOldLayout() throws Exception {
        assertThat(run(0, "status")).contains("no migration has run");
        assertThat(run(1, "copy")).contains("refused: no migration in progress; run plan");
        assertThat(run(2, "plan", "--from", "nonsense", "--to", TO)).contains("error: layout entries look like");
        assertThat(run(0, "plan", "--from", FROM, "--to", TO)).contains("planned");
        assertThat(run(1, "plan", "--from", FROM, "--to", TO)).contains("is in phase planned");
        assertThat(run(1, "cutover")).contains("expected verified");
        run(0, "dual-write");
        RoutingStore store = new RoutingStore(ds, null);
        ShardRouting migrating = store.routing();
        assertThat(migrating.migrating()).isTrue();
        assertThat(migrating.version()).isEqualTo(1);
        assertThat(run(1, "cleanup")).contains("expected cutover");
        assertThat(run(0, "rollback")).contains("back to " + FROM);
        ShardRouting back = store.routing();
        assertThat(back.migrating()).isFalse();
        assertThat(back.version()).isEqualTo(2);
        assertThat(back.current().text()).isEqualTo(FROM);
        assertThat(run(0, "status")).contains("no migration in progress");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertThat(MigrateCli.run(new PrintStream(buf, true, StandardCharsets.UTF_8), "status", "--db-url",
                "jdbc:postgresql://127.0.0.1:1/x")).isEqualTo(2);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("error:");
    }

    private String run(int exit, String step, String... more) {
        String[] args = new String[1 + db.length + more.length];
        args[0] = step;
        System.arraycopy(db, 0, args, 1, db.length);
        System.arraycopy(more, 0, args, 1 + db.length, more.length);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = MigrateCli.run(new PrintStream(buf, true, StandardCharsets.UTF_8), args);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(exit);
        return out;
    }
}
