package io.fractallba.e2e.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that every metric the alert rules (deploy/monitoring/prometheus-rules.yaml) query is exported by a running
 * service: a rule on a misspelt or removed metric would never fire.
 */
public final class AlertMetrics {

    /** The crr-shipper's metrics: checked by the two-region run, which is where a shipper runs. */
    public static final String CRR_PREFIX = "flk_crr_";

    private static final Pattern NAME = Pattern.compile("\\bflk_[a-z_]+\\b");

    private AlertMetrics() {
    }

    /**
     * Metric names queried by the alert rules ({@code expr} lines of the rules file) and by every Grafana dashboard
     * (the {@code expr} of each target) in the {@code dashboards} folder next to it.
     */
    public static Set<String> queried(Path rules) throws IOException {
        Set<String> names = new TreeSet<>(ruleQueries(rules));
        Path dashboards = rules.resolveSibling("dashboards");
        if (Files.isDirectory(dashboards)) {
            try (var files = Files.list(dashboards)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).findValues("expr")
                            .forEach(e -> {
                                Matcher m = NAME.matcher(e.asText());
                                while (m.find()) {
                                    names.add(m.group());
                                }
                            });
                }
            }
        }
        return names;
    }

    private static Set<String> ruleQueries(Path rules) throws IOException {
        Set<String> names = new TreeSet<>();
        boolean inExpr = false;
        for (String line : Files.readAllLines(rules)) {
            String t = line.trim();
            if (t.startsWith("expr:")) {
                inExpr = true;
            } else if (t.matches("^[a-z_]+:.*") || t.startsWith("- ")) {
                inExpr = false;
            }
            if (inExpr && !t.startsWith("#")) {
                Matcher m = NAME.matcher(t);
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    /** The queried names (those {@code which} selects) with no sample in any of the scraped {@code /q/metrics} texts. */
    public static Set<String> missing(Path rules, List<String> scrapes, java.util.function.Predicate<String> which)
            throws IOException {
        Set<String> missing = new TreeSet<>();
        for (String name : queried(rules)) {
            if (!which.test(name)) {
                continue;
            }
            Pattern sample = Pattern.compile("(?m)^" + name + "[{ ]");
            if (scrapes.stream().noneMatch(s -> sample.matcher(s).find())) {
                missing.add(name);
            }
        }
        return missing;
    }
}
