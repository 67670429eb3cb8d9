package io.fractallba.dedup.shard;

import io.fractallba.pcs.dedup.ShardLayout;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code dedup-migrate}: moves the hot tier to a new shard layout online. Exit 0 done, 1 step refused or stopped
 * early (run it again to resume), 2 bad input or a store unreachable.
 */
@Command(name = "dedup-migrate", mixinStandardHelpOptions = true,
        description = "Online migration of the dedup hot tier between shard layouts (docs/dedup.md#migration).",
        subcommands = {MigrateCli.Plan.class, MigrateCli.DualWrite.class, MigrateCli.Copy.class, MigrateCli.Verify.class,
                MigrateCli.Cutover.class, MigrateCli.Cleanup.class, MigrateCli.Status.class, MigrateCli.Rollback.class})
public final class MigrateCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new MigrateCli()).execute(args));
    }

    public static int run(PrintStream out, String... args) {
        Base.out = out;
        try {
            return new CommandLine(new MigrateCli()).execute(args);
        } finally {
            Base.out = System.out;
        }
    }

    static final class Db {
        @Option(names = "--db-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=dedup",
                description = "the dedup-service's database (default: ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--db-user", defaultValue = "postgres")
        String user;

        @Option(names = "--db-password", defaultValue = "", description = "or PGPASSWORD")
        String password;

        @Option(names = "--grace", defaultValue = "PT3S", description = "wait after publishing a routing, so every verifier "
                + "polls it (at least twice their flk.verifier.dedup.routing-poll; default ${DEFAULT-VALUE})")
        Duration grace;
    }

    abstract static class Base implements Callable<Integer> {
        static PrintStream out = System.out;

        @Mixin
        Db db = new Db();

        @Override
        public Integer call() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(db.url);
            ds.setUser(db.user);
            String pw = db.password.isEmpty() ? System.getenv("PGPASSWORD") : db.password;
            if (pw != null) {
                ds.setPassword(pw);
            }
            try (RedisNodes redis = new RedisNodes()) {
                ShardMigration m = new ShardMigration(new RoutingStore(ds, null), redis, out, db.grace);
                return run(m);
            } catch (ShardMigration.StepException e) {
                out.println("refused: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                out.println("error: " + e.getMessage());
                return 2;
            } catch (java.sql.SQLException e) {
                out.println("error: " + (e.getMessage() != null && e.getMessage().contains("does not exist")
                        ? "the dedup schema at " + db.url + " is not migrated: start the dedup-service once (it runs its "
                        + "Flyway migrations)" : "database: " + e.getMessage()));
                return 2;
            } catch (Exception e) {
                out.println("error: " + e);
                return 2;
            }
        }

        abstract int run(ShardMigration m) throws Exception;
    }

    @Command(name = "plan", description = "Record a migration and count the hot records that change node.")
    static final class Plan extends Base {
        @Option(names = "--from", required = true, description = "the layout in force, name=redis://host:port,…[;vnodes=N]")
        String from;

        @Option(names = "--to", required = true, description = "the new layout")
        String to;

        @Override
        int run(ShardMigration m) throws Exception {
            m.plan(ShardLayout.parse(from), ShardLayout.parse(to));
            return 0;
        }
    }

    @Command(name = "dual-write", description = "Publish the migrating routing and wait for verifiers to follow.")
    static final class DualWrite extends Base {
        @Override
        int run(ShardMigration m) throws Exception {
            m.dualWrite();
            return 0;
        }
    }

    @Command(name = "copy", description = "Copy records whose node changes (resumable, throttled).")
    static final class Copy extends Base {
        @Option(names = "--rate", defaultValue = "5000", description = "records per second at most (default ${DEFAULT-VALUE})")
        long rate;

        @Option(names = "--limit", defaultValue = "9223372036854775807", description = "stop after this many records "
                + "(the checkpoint lets the next run resume)")
        long limit;

        @Override
        int run(ShardMigration m) throws Exception {
            return m.copy(rate, limit).finished() ? 0 : 1;
        }
    }

    @Command(name = "verify", description = "Check every moved record on its new node; repair what is missing.")
    static final class Verify extends Base {
        @Override
        int run(ShardMigration m) throws Exception {
            return m.verify().finished() ? 0 : 1;
        }
    }

    @Command(name = "cutover", description = "Publish the new layout alone.")
    static final class Cutover extends Base {
        @Override
        int run(ShardMigration m) throws Exception {
            m.cutover();
            return 0;
        }
    }

    @Command(name = "cleanup", description = "Delete moved records from their old nodes; completes the migration.")
    static final class Cleanup extends Base {
        @Option(names = "--rate", defaultValue = "5000")
        long rate;

        @Override
        int run(ShardMigration m) throws Exception {
            return m.cleanup(rate).finished() ? 0 : 1;
        }
    }

    @Command(name = "status", description = "Routing in force and the migration's progress.")
    static final class Status extends Base {
        @Override
        int run(ShardMigration m) throws Exception {
            m.status();
            return 0;
        }
    }

    @Command(name = "rollback", description = "Return to the old layout (any time before cleanup).")
    static final class Rollback extends Base {
        @Override
        int run(ShardMigration m) throws Exception {
            m.rollback();
            return 0;
        }
    }
}
