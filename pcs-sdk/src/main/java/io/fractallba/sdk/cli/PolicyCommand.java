package io.fractallba.sdk.cli;

import io.fractallba.sdk.policy.PolicyClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pcs policy}: a tenant's verification policies on the verifier (docs/policies.md). Exit 0 on success, 2 on
 * a refused document (every problem printed), refused access or an unreachable service.
 */
@Command(name = "policy", description = "Show, publish, activate, roll back and simulate a tenant's verification "
        + "policies. Exit 0 ok, 2 error.",
        subcommands = {PolicyCommand.ShowCmd.class, PolicyCommand.PublishCmd.class, PolicyCommand.ActivateCmd.class,
                PolicyCommand.RollbackCmd.class, PolicyCommand.SimulateCmd.class, PolicyCommand.RolloutCmd.class})
final class PolicyCommand {

    static final class Connection {
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "verifier base URL (default: ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--token", defaultValue = "${env:FLK_TOKEN}",
                description = "bearer token: operator to change or simulate, tenant-reader to show; default: the "
                        + "FLK_TOKEN environment variable (pcs token issues one)")
        String token;

        @Option(names = "--tenant", required = true, description = "the tenant whose policies these are")
        String tenant;
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        Connection connection = new Connection();

        @Override
        public Integer call() throws IOException {
            return run(new PolicyClient(connection.url, connection.token, connection.tenant));
        }

        abstract int run(PolicyClient c) throws IOException;
    }

    @Command(name = "show", description = "The active version, the published versions and the history; with a version, its document.")
    static final class ShowCmd extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME@VERSION", description = "print this version's document")
        String version;

        @Override
        @SuppressWarnings("unchecked")
        int run(PolicyClient c) throws IOException {
            if (version != null) {
                System.out.println(c.version(version));
                return 0;
            }
            Map<String, Object> o = c.overview();
            System.out.printf("active: %s%s%n", o.get("active"), Boolean.TRUE.equals(o.get("built_in")) ? " (built-in)" : "");
            for (Map<String, Object> v : (List<Map<String, Object>>) o.get("versions")) {
                System.out.printf("  %-32s rules %-4s published %s by %s%s%n", v.get("policy"), v.get("rules"),
                        v.get("published_at"), v.get("published_by"),
                        Boolean.TRUE.equals(v.get("compiles")) ? "" : "  DOES NOT COMPILE: " + v.get("compile_error"));
            }
            for (Map<String, Object> h : (List<Map<String, Object>>) o.get("history")) {
                System.out.printf("  %s %-12s %s (was %s) by %s%s%n", h.get("at"), h.get("action"), h.get("policy"),
                        h.get("previous"), h.get("by"), h.get("reason") == null ? "" : ": " + h.get("reason"));
            }
            return 0;
        }
    }

    @Command(name = "publish", description = "Publish a policy document (JSON file); versions are immutable.")
    static final class PublishCmd extends Base {
        @Parameters(paramLabel = "FILE", description = "the policy document")
        Path file;

        @Override
        int run(PolicyClient c) throws IOException {
            Map<String, Object> r = c.publish(Files.readString(file, StandardCharsets.UTF_8));
            System.out.printf("%s %s (%s rules, sha256 %s)%n", r.get("policy"), r.get("status"), r.get("rules"),
                    r.get("sha256"));
            return 0;
        }
    }

    @Command(name = "activate", description = "Make a published version (or default@1) the active policy.")
    static final class ActivateCmd extends Base {
        @Parameters(paramLabel = "NAME@VERSION")
        String version;

        @Option(names = "--reason", description = "why (kept in the history and the audit log)")
        String reason;

        @Override
        int run(PolicyClient c) throws IOException {
            Map<String, Object> r = c.activate(version, reason);
            System.out.printf("active: %s (was %s)%s%n", r.get("active"), r.get("previous"),
                    Boolean.TRUE.equals(r.get("changed")) ? "" : ", unchanged");
            return 0;
        }
    }

    @Command(name = "rollout", description = "Stage a published version: shadow, then growing shares of the "
            + "submissions, advancing while its guards hold (docs/policies.md).")
    static final class RolloutCmd extends Base {
        @Parameters(paramLabel = "NAME@VERSION")
        String version;

        @Option(names = "--steps", split = ",", description = "percentages, increasing, ending with 100 (default 0,5,25,50,100)")
        List<Integer> steps;

        @Option(names = "--dwell", description = "least time per step, ISO-8601 (default PT10M)")
        String dwell;

        @Option(names = "--min-submissions", description = "submissions a step must measure (default 200)")
        Long minSubmissions;

        @Option(names = "--max-escalation-increase", description = "default 0.02")
        Double maxEscalationIncrease;

        @Option(names = "--max-disagreement", description = "default 0.05")
        Double maxDisagreement;

        @Option(names = "--reason", description = "why (kept in the history and the audit log)")
        String reason;

        @Override
        int run(PolicyClient c) throws IOException {
            Map<String, String> plan = new java.util.LinkedHashMap<>();
            if (steps != null) {
                plan.put("steps", steps.toString());
            }
            if (dwell != null) {
                plan.put("dwell", io.fractallba.sdk.http.Json.quote(dwell));
            }
            if (minSubmissions != null) {
                plan.put("min_submissions", minSubmissions.toString());
            }
            if (maxEscalationIncrease != null) {
                plan.put("max_escalation_increase", maxEscalationIncrease.toString());
            }
            if (maxDisagreement != null) {
                plan.put("max_disagreement", maxDisagreement.toString());
            }
            Map<String, Object> r = c.rollout(version, plan, reason);
            System.out.printf("rolling out %s over steps %s (dwell %s); %s stays active until it completes%n",
                    r.get("candidate"), r.get("steps"), r.get("dwell"), r.get("active"));
            return 0;
        }
    }

    @Command(name = "rollback", description = "Make the version active before the latest change active again; "
            + "during a rollout, abort it.")
    static final class RollbackCmd extends Base {
        @Option(names = "--reason", description = "why (kept in the history and the audit log)")
        String reason;

        @Override
        int run(PolicyClient c) throws IOException {
            Map<String, Object> r = c.rollback(reason);
            System.out.printf("active: %s (was %s)%n", r.get("active"), r.get("previous"));
            return 0;
        }
    }

    @Command(name = "simulate", description = "Replay a window of the tenant's submissions through a candidate and "
            + "the active policy; prints the decision matrix and examples. Changes nothing.")
    static final class SimulateCmd extends Base {
        @Option(names = "--file", description = "candidate document (JSON); or --version")
        Path file;

        @Option(names = "--version", description = "a published version (name@version) as the candidate")
        String version;

        @Option(names = "--from", description = "RFC 3339 start (default: 24 hours before --to)")
        String from;

        @Option(names = "--to", description = "RFC 3339 end (default: now)")
        String to;

        @Option(names = "--limit", description = "at most this many submissions (default 10,000)")
        Integer limit;

        @Override
        @SuppressWarnings("unchecked")
        int run(PolicyClient c) throws IOException {
            if ((file == null) == (version == null)) {
                throw new IllegalArgumentException("give the candidate as --file or --version, one of them");
            }
            String doc = file == null ? null : Files.readString(file, StandardCharsets.UTF_8);
            Map<String, Object> r = c.simulate(doc, version, from, to, limit);
            System.out.printf("%s submissions of %s from %s to %s%s%n", r.get("submissions"), r.get("tenant"),
                    r.get("from"), r.get("to"), Boolean.TRUE.equals(r.get("truncated")) ? " (truncated: "
                            + r.get("truncated_why") + ")" : "");
            System.out.printf("rows: active %s; columns: candidate %s%n", r.get("active"), r.get("candidate"));
            Map<String, Map<String, Object>> m = (Map<String, Map<String, Object>>) r.get("matrix");
            System.out.printf("%-10s %10s %10s %10s%n", "", "accept", "escalate", "reject");
            for (var row : m.entrySet()) {
                System.out.printf("%-10s %10s %10s %10s%n", row.getKey(), row.getValue().get("accept"),
                        row.getValue().get("escalate"), row.getValue().get("reject"));
            }
            System.out.printf("changed: %s; candidate evaluation errors: %s%n", r.get("changed"),
                    r.get("candidate_evaluation_errors"));
            for (var e : ((Map<String, List<Map<String, Object>>>) r.get("examples")).entrySet()) {
                for (Map<String, Object> x : e.getValue()) {
                    System.out.printf("  %-20s %s %s (%s -> %s, rule %s)%n", e.getKey(), x.get("pcs_id"),
                            x.get("received_at"), x.get("active_reason"), x.get("candidate_reason"),
                            x.get("candidate_rule"));
                }
            }
            if (r.get("labels") instanceof Map<?, ?> labels) {
                System.out.printf("labels: %s labelled, %s risky (%s)%n", labels.get("labelled"), labels.get("positives"),
                        labels.get("source"));
                for (String side : List.of("active", "candidate")) {
                    if (labels.get(side) instanceof Map<?, ?> q) {
                        System.out.printf("  %-9s precision %s recall %s (tp %s fp %s fn %s tn %s)%n", side,
                                ratio(q.get("precision")), ratio(q.get("recall")), q.get("true_positives"),
                                q.get("false_positives"), q.get("false_negatives"), q.get("true_negatives"));
                    }
                }
            }
            return 0;
        }

        private static String ratio(Object v) {
            return v instanceof Number n ? String.format(java.util.Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
        }
    }
}
