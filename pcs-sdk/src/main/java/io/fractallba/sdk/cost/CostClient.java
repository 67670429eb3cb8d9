package io.fractallba.sdk.cost;

import io.fractallba.sdk.http.Json;
import io.fractallba.sdk.http.ServiceHttp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The analysts' API of the cost-service (docs/cost.md), authenticated by a bearer token (role analyst or operator). */
public final class CostClient {

    private final ServiceHttp http;

    public CostClient(String baseUrl, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token is required (--token or FLK_TOKEN; pcs token issues one)");
        }
        this.http = new ServiceHttp("cost-service", baseUrl, Map.of("Authorization", "Bearer " + token.trim()));
    }

    /** Breakdown as JSON maps; {@code csv} true returns the CSV text instead (under key "csv"). */
    public Map<String, Object> breakdown(Map<String, String> params) throws IOException {
        return Json.object(http.get("v1/cost/breakdown" + query(params)));
    }

    public String breakdownCsv(Map<String, String> params) throws IOException {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("format", "csv");
        return http.get("v1/cost/breakdown" + query(p));
    }

    public Map<String, Object> top(Map<String, String> params) throws IOException {
        return Json.object(http.get("v1/cost/top" + query(params)));
    }

    public Map<String, Object> reconciliation(Map<String, String> params) throws IOException {
        return Json.object(http.get("v1/cost/reconciliation" + query(params)));
    }

    public Map<String, Object> forecast(String tenant, int horizon) throws IOException {
        return Json.object(http.get("v1/cost/forecast" + query(Map.of("tenant", tenant, "horizon", String.valueOf(horizon)))));
    }

    public Map<String, Object> importBill(String csv, String format, String name) throws IOException {
        return Json.object(http.send("POST", "v1/cost/bills" + query(Map.of("format", format, "name", name)), csv, "text/csv"));
    }

    public Map<String, Object> budget(String tenant) throws IOException {
        return Json.object(http.get("v1/cost/budgets/" + ServiceHttp.enc(tenant)));
    }

    public Map<String, Object> setBudget(String tenant, String soft, String hard) throws IOException {
        return Json.object(http.send("PUT", "v1/cost/budgets/" + ServiceHttp.enc(tenant),
                "{\"soft_usd\":" + soft + ",\"hard_usd\":" + hard + "}", "application/json"));
    }

    /** The optimisation advisor's recommendations for a tenant ({@code to} and {@code windowDays} may be null). */
    public Map<String, Object> recommendations(String tenant, String to, Integer windowDays) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tenant", tenant);
        p.put("to", to);
        p.put("window_days", windowDays == null ? null : String.valueOf(windowDays));
        return Json.object(http.get("v1/cost/recommendations" + query(p)));
    }

    /** Records that a recommendation was applied ({@code appliedAt} and {@code note} may be null: now, none). */
    public Map<String, Object> applyRecommendation(String tenant, String id, String appliedAt, String note)
            throws IOException {
        StringJoiner body = new StringJoiner(",", "{", "}");
        body.add("\"tenant\":" + Json.quote(tenant)).add("\"id\":" + Json.quote(id));
        if (appliedAt != null) {
            body.add("\"applied_at\":" + Json.quote(appliedAt));
        }
        if (note != null) {
            body.add("\"note\":" + Json.quote(note));
        }
        return Json.object(http.send("POST", "v1/cost/recommendations/apply", body.toString(), "application/json"));
    }

    /** A tenant's applied recommendations with their realised savings. */
    public Map<String, Object> appliedRecommendations(String tenant) throws IOException {
        return Json.object(http.get("v1/cost/recommendations/applied" + query(Map.of("tenant", tenant))));
    }

    static String query(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&", "?", "");
        j.setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                j.add(ServiceHttp.enc(k) + "=" + ServiceHttp.enc(v));
            }
        });
        return j.toString();
    }

    /** Renders breakdown rows as an aligned text table. */
    @SuppressWarnings("unchecked")
    public static String table(Map<String, Object> breakdown) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) breakdown.get("rows");
        List<String> groups = (List<String>) breakdown.getOrDefault("group_by", List.of());
        StringBuilder out = new StringBuilder();
        boolean buckets = !rows.isEmpty() && rows.get(0).containsKey("bucket");
        String fmt = (buckets ? "%-22s " : "%s") + "%-24s".repeat(groups.size()) + "%18s %10s %18s%n";
        Object[] head = new Object[(buckets ? 1 : 1) + groups.size() + 3];
        int i = 0;
        head[i++] = buckets ? "bucket" : "";
        for (String g : groups) {
            head[i++] = g;
        }
        head[i++] = "cost_usd";
        head[i++] = "trusted";
        head[i] = "usd/trusted task";
        out.append(String.format(fmt, head));
        for (Map<String, Object> r : rows) {
            Object[] cells = new Object[head.length];
            int c = 0;
            cells[c++] = buckets ? r.get("bucket") : "";
            Map<String, Object> g = (Map<String, Object>) r.get("group");
            for (String name : groups) {
                cells[c++] = g.get(name);
            }
            cells[c++] = r.get("cost_usd");
            cells[c++] = r.get("trusted_tasks");
            cells[c] = r.getOrDefault("cost_per_trusted_task_usd", "-");
            out.append(String.format(fmt, cells));
        }
        out.append("total: ").append(breakdown.get("total_cost_usd")).append(" USD\n");
        return out.toString();
    }
}
