package io.fractallba.sdk.cli;

import io.fractallba.sdk.cost.CostClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pcs cost}: the analysts' queries from a terminal. Exit 0 on success, 1 when a reconciliation flags a day,
 * 2 on bad input, refused access or an unreachable service (the message says which).
 */
@Command(name = "cost", description = "Query the cost-service: breakdowns, top-N, reconciliation, forecasts, bills, "
        + "budgets, recommendations. Exit 0 ok, 1 reconciliation flagged a day, 2 error.",
        subcommands = {CostCommand.BreakdownCmd.class, CostCommand.TopCmd.class, CostCommand.ReconcileCmd.class,
                CostCommand.ForecastCmd.class, CostCommand.ImportBillCmd.class, CostCommand.BudgetCmd.class,
                CostCommand.AdviseCmd.class})
final class CostCommand {

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static final class Connection {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8085", description = "cost-service base URL (default: ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--token", defaultValue = "${env:FLK_TOKEN}",
                description = "bearer token with the analyst role (operator for bills); default: the FLK_TOKEN "
                        + "environment variable (pcs token issues one)")
        String token;

        CostClient client() {
            return new CostClient(url, token);
        }
    }

    static final class Range {
        @Option(names = "--from", required = true, description = "start, a date (YYYY-MM-DD) or RFC 3339 instant")
        String from;

        @Option(names = "--to", required = true, description = "end (exclusive)")
        String to;

        @Option(names = "--tenant", split = ",", description = "only these tenants (default: all you may see)")
        List<String> tenants;

        Map<String, String> params() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("from", from);
            p.put("to", to);
            if (tenants != null) {
                p.put("tenant", String.join(",", tenants));
            }
            return p;
        }
    }

    /** Failures (refused access, bad input, unreachable service) reach {@link PcsCli}'s handler: one line, exit 2. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();

        @Override
        public Integer call() throws IOException {
            return run(connection.client());
        }

        abstract int run(CostClient c) throws IOException;
    }

    @Command(name = "breakdown", description = "Cost by tenant, model, task, service, resource or category over time.")
    static final class BreakdownCmd extends Base {
        @Mixin
        Range range = new Range();

        @Option(names = "--group-by", defaultValue = "tenant", description = "comma-separated dimensions (default: ${DEFAULT-VALUE})")
        String groupBy;

        @Option(names = "--granularity", defaultValue = "total", description = "hour, day, month or total (default: ${DEFAULT-VALUE})")
        String granularity;

        @Option(names = "--csv", description = "print CSV instead of a table")
        boolean csv;

        @Override
        int run(CostClient c) throws IOException {
            Map<String, String> p = range.params();
            p.put("group_by", groupBy);
            p.put("granularity", granularity);
            System.out.print(csv ? c.breakdownCsv(p) : CostClient.table(c.breakdown(p)));
            return 0;
        }
    }

    @Command(name = "top", description = "The N costliest groups over a range.")
    static final class TopCmd extends Base {
        @Mixin
        Range range = new Range();

        @Option(names = "--by", defaultValue = "model", description = "dimension (default: ${DEFAULT-VALUE})")
        String by;

        @Option(names = "-n", defaultValue = "10", description = "how many (default: ${DEFAULT-VALUE})")
        int n;

        @Override
        int run(CostClient c) throws IOException {
            Map<String, String> p = range.params();
            p.put("by", by);
            p.put("n", String.valueOf(n));
            System.out.print(CostClient.table(c.top(p)));
            return 0;
        }
    }

    @Command(name = "reconcile", description = "Computed cost against imported bills, per day and tenant.")
    static final class ReconcileCmd extends Base {
        @Mixin
        Range range = new Range();

        @Override
        @SuppressWarnings("unchecked")
        int run(CostClient c) throws IOException {
            Map<String, Object> r = c.reconciliation(range.params());
            System.out.printf("%-12s %-24s %16s %16s %14s %10s  %s%n", "day", "tenant", "computed_usd", "billed_usd",
                    "diff_usd", "diff_%", "largest difference");
            for (Map<String, Object> d : (List<Map<String, Object>>) r.get("days")) {
                List<Map<String, Object>> cats = (List<Map<String, Object>>) d.get("by_category");
                String why = cats.isEmpty() ? "" : cats.get(0).get("category") + " " + cats.get(0).get("diff_usd");
                System.out.printf("%-12s %-24s %16s %16s %14s %10s  %s%s%n", d.get("day"), d.get("tenant"),
                        d.get("computed_usd"), d.get("billed_usd"), d.get("diff_usd"), d.getOrDefault("diff_percent", "-"),
                        why, Boolean.TRUE.equals(d.get("flagged")) ? "  FLAGGED" : "");
            }
            long flagged = ((Number) r.get("flagged")).longValue();
            System.out.printf("%d day(s) flagged beyond %s%%%n", flagged, r.get("threshold_percent"));
            return flagged > 0 ? 1 : 0;
        }
    }

    @Command(name = "forecast", description = "A tenant's daily spend forecast and its backtested error.")
    static final class ForecastCmd extends Base {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--horizon", defaultValue = "7", description = "days (default: ${DEFAULT-VALUE})")
        int horizon;

        @Override
        @SuppressWarnings("unchecked")
        int run(CostClient c) throws IOException {
            Map<String, Object> f = c.forecast(tenant, horizon);
            System.out.println("method: " + f.get("method"));
            for (Map<String, Object> b : (List<Map<String, Object>>) f.get("forecast")) {
                System.out.printf("%s  %.6f  [%.6f, %.6f]%n", b.get("day"), num(b.get("cost_usd")), num(b.get("lower_usd")),
                        num(b.get("upper_usd")));
            }
            Map<String, Object> bt = (Map<String, Object>) f.get("backtest");
            System.out.printf("backtest MAPE %.2f%% (naive last value %.2f%%) over %s points%n", num(bt.get("mape_percent")),
                    num(bt.get("naive_mape_percent")), bt.get("points"));
            Object candidates = bt.get("candidates");
            if (candidates instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> m = (Map<String, Object>) o;
                    System.out.printf("  %-20s MAPE %6.2f%%  sMAPE %6.2f%%  band coverage %5.1f%%%s%n", m.get("model"),
                            num(m.get("mape_percent")), num(m.get("smape_percent")), num(m.get("band_coverage_percent")),
                            String.valueOf(m.get("model")).equals(bt.get("model")) ? "  (chosen)" : "");
                }
            }
            return 0;
        }
    }

    @Command(name = "import-bill", description = "Import a provider bill (operator token).")
    static final class ImportBillCmd extends Base {
        @Option(names = "--file", required = true)
        Path file;

        @Option(names = "--format", defaultValue = "flk-csv", description = "flk-csv, aws-cur, gcp-billing (newline-delimited JSON) or azure-cost (default: ${DEFAULT-VALUE})")
        String format;

        @Override
        int run(CostClient c) throws IOException {
            Map<String, Object> r = c.importBill(Files.readString(file), format, file.getFileName().toString());
            System.out.printf("import %s: %s lines%s%n", r.get("import_id"), r.get("lines"),
                    Boolean.TRUE.equals(r.get("already_imported")) ? " (this file was imported before)" : "");
            return 0;
        }
    }

    @Command(name = "budget", description = "Show a tenant's budget and alerts, or set it with --soft and --hard.")
    static final class BudgetCmd extends Base {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--soft", description = "monthly soft budget, USD")
        String soft;

        @Option(names = "--hard", description = "monthly hard cap, USD")
        String hard;

        @Override
        int run(CostClient c) throws IOException {
            if ((soft == null) != (hard == null)) {
                throw new IllegalArgumentException("give both --soft and --hard, or neither");
            }
            if (soft != null) {
                if (!soft.matches("\\d+(\\.\\d+)?") || !hard.matches("\\d+(\\.\\d+)?")) {
                    throw new IllegalArgumentException("--soft and --hard are amounts in USD, e.g. 100 or 12.50");
                }
                c.setBudget(tenant, soft, hard);
            }
            Map<String, Object> b = c.budget(tenant);
            System.out.printf("%s: soft %s USD, hard %s USD; alerts %s%n", tenant, b.get("soft_usd"), b.get("hard_usd"),
                    b.get("alerts"));
            return 0;
        }
    }

    @Command(name = "advise", description = "The optimisation advisor: a tenant's recommendations; --apply ID records "
            + "one as applied; --applied shows the applied ones with their measured savings.")
    static final class AdviseCmd extends Base {
        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--to", description = "end of the window, a date (default: today)")
        String to;

        @Option(names = "--window-days", description = "days of spend the advice rests on (default: the service's)")
        Integer windowDays;

        @Option(names = "--apply", description = "record this recommendation (its id) as applied")
        String apply;

        @Option(names = "--applied-at", description = "when it was applied, RFC 3339 or a date (default: now)")
        String appliedAt;

        @Option(names = "--note", description = "what was changed, for the record")
        String note;

        @Option(names = "--applied", description = "list the applied recommendations and their realised savings")
        boolean applied;

        @Override
        @SuppressWarnings("unchecked")
        int run(CostClient c) throws IOException {
            if (apply != null) {
                Map<String, Object> a = c.applyRecommendation(tenant, apply, appliedAt, note);
                System.out.printf("recorded %s for %s as applied at %s (estimated %s USD a month)%n",
                        a.get("recommendation_id"), tenant, a.get("applied_at"), a.get("estimated_monthly_saving_usd"));
                return 0;
            }
            if (applied) {
                for (Object o : (List<Object>) c.appliedRecommendations(tenant).get("applied")) {
                    Map<String, Object> a = (Map<String, Object>) o;
                    Map<String, Object> r = (Map<String, Object>) a.get("realised");
                    System.out.printf("%s  applied %s  estimated %s USD/month%n", a.get("recommendation_id"),
                            a.get("applied_at"), a.get("estimated_monthly_saving_usd"));
                    if (r == null) {
                        System.out.println("  realised: " + a.get("realised_note"));
                    } else {
                        System.out.printf("  realised over %s days from %s: %.6f USD (%.6f USD/month); counterfactual "
                                        + "%.6f [%.6f, %.6f], actual %.6f%s — %s%n", r.get("measured_days"),
                                r.get("first_day"), num(r.get("realised_saving_usd")),
                                num(r.get("realised_monthly_saving_usd")), num(r.get("counterfactual_usd")),
                                num(r.get("counterfactual_lower_usd")), num(r.get("counterfactual_upper_usd")),
                                num(r.get("actual_usd")), Boolean.TRUE.equals(r.get("beyond_band"))
                                        ? ", beyond the band" : ", inside the band", r.get("status"));
                    }
                }
                return 0;
            }
            Map<String, Object> out = c.recommendations(tenant, to, windowDays);
            List<Object> recs = (List<Object>) out.get("recommendations");
            System.out.printf("%s, %s to %s: %d recommendation(s)%n", tenant, out.get("from"), out.get("to"), recs.size());
            for (Object o : recs) {
                Map<String, Object> r = (Map<String, Object>) o;
                System.out.printf("%n%s  ~%s USD/month%n  %s%n  estimate: %s%n", r.get("id"),
                        r.get("estimated_monthly_saving_usd"), r.get("title"), r.get("basis"));
                for (Object step : (List<Object>) r.get("apply")) {
                    System.out.println("  apply: " + step);
                }
                for (Object a : (List<Object>) r.get("assumptions")) {
                    System.out.println("  assumes: " + a);
                }
            }
            return 0;
        }
    }
}
