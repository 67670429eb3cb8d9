package io.fractallba.e2e.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.fractallba.pcs.token.Roles.ANALYST;
import static io.fractallba.pcs.token.Roles.OPERATOR;
import static io.fractallba.pcs.token.Roles.REPLICATOR;
import static io.fractallba.pcs.token.Roles.SERVICE;
import static io.fractallba.pcs.token.Roles.TENANT_READER;

/**
 * Who may call each operation of each service (docs/security.md): public, or the roles allowed and how the tenant is
 * scoped. The services enforce it with {@code @PermitAll}/{@code @RolesAllowed} and their tenant checks; the access
 * test holds every running service's OpenAPI document against this table and probes each row.
 */
public final class AccessTable {

    /** Where a tenant-scoped operation takes its tenant from. */
    public enum TenantIn { NONE, PATH, QUERY, BODY }

    /**
     * One operation. {@code roles} empty means public. {@code sample} fills the path's parameters and query; the
     * tenant being asked about is always {@value #TENANT}. {@code body} is sent for POST/PUT.
     */
    public record Rule(String service, String method, String path, Set<String> roles, TenantIn tenantIn,
                       String sample, String body, String contentType, boolean hidden) {
        public boolean isPublic() {
            return roles.isEmpty();
        }

        public String key() {
            return service + " " + method + " " + path;
        }
    }

    /** The tenant the probes ask about; the "other tenant" token covers {@value #OTHER} only. */
    public static final String TENANT = "acme";
    public static final String OTHER = "someone-else";

    private static final String JSON = "application/json";
    private static final Set<String> PUBLIC = Set.of();
    private static final Set<String> OPS = Set.of(OPERATOR);
    private static final Set<String> READ = Set.of(TENANT_READER, OPERATOR);
    private static final Set<String> COST = Set.of(ANALYST, OPERATOR);
    private static final String DAY = "from=2026-01-01&to=2026-01-02";

    public static final List<Rule> RULES = List.of(
            // verifier-service
            r("verifier-service", "POST", "/v1/pcs/submit", PUBLIC, "", "{}"),          // the PCS signature
            r("verifier-service", "POST", "/v1/replication/apply", Set.of(REPLICATOR), "", "{\"events\":[]}"),
            hidden("verifier-service", "POST", "/bench/baseline", PUBLIC),
            t("verifier-service", "GET", "/v1/policies/{tenant}", READ, TenantIn.PATH, ""),
            t("verifier-service", "GET", "/v1/policies/{tenant}/versions/{version}", READ, TenantIn.PATH, ""),
            r("verifier-service", "POST", "/v1/policies/{tenant}/versions", OPS, "", "{}"),
            r("verifier-service", "POST", "/v1/policies/{tenant}/active", OPS, "", "{\"policy\":\"never@1\"}"),
            r("verifier-service", "POST", "/v1/policies/{tenant}/rollback", OPS, "", "{}"),
            r("verifier-service", "POST", "/v1/policies/{tenant}/simulate", OPS, "", "{\"version\":\"default@1\"}"),
            r("verifier-service", "POST", "/v1/policies/{tenant}/rollout", OPS, "", "{\"policy\":\"never@1\"}"),
            // dedup-service
            t("dedup-service", "GET", "/v1/dedup/{tenant}/{pcs_id}", Set.of(TENANT_READER, OPERATOR, SERVICE), TenantIn.PATH, ""),
            r("dedup-service", "POST", "/v1/dedup/admin/demote", OPS, "", ""),
            r("dedup-service", "POST", "/v1/dedup/admin/retention", OPS, "", ""),
            r("dedup-service", "GET", "/v1/dedup/admin/tiers", OPS, "", null),
            r("dedup-service", "GET", "/v1/dedup/admin/tiering", OPS, "", null),
            r("dedup-service", "GET", "/v1/dedup/routing", Set.of(OPERATOR, SERVICE), "", null),
            r("dedup-service", "GET", "/v1/digests", Set.of(OPERATOR, REPLICATOR), DAY, null),
            t("dedup-service", "GET", "/v1/digests/{tenant}", Set.of(TENANT_READER, OPERATOR, REPLICATOR), TenantIn.PATH, DAY),
            t("dedup-service", "GET", "/v1/digests/{tenant}/keys", Set.of(TENANT_READER, OPERATOR, REPLICATOR), TenantIn.PATH, DAY),
            // audit-service: the log stays publicly verifiable; entry contents are the tenant's
            r("audit-service", "GET", "/v1/audit/checkpoint", PUBLIC, "", null),
            r("audit-service", "GET", "/v1/audit/checkpoint.json", PUBLIC, "", null),
            r("audit-service", "GET", "/v1/audit/checkpoints", PUBLIC, "", null),
            r("audit-service", "GET", "/v1/audit/key", PUBLIC, "", null),
            r("audit-service", "GET", "/v1/audit/proof/inclusion", PUBLIC, "index=0", null),
            r("audit-service", "GET", "/v1/audit/proof/consistency", PUBLIC, "first=1", null),
            t("audit-service", "GET", "/v1/audit/entries/{index}", Set.of(TENANT_READER, OPERATOR, SERVICE), TenantIn.PATH, ""),
            t("audit-service", "GET", "/v1/audit/entries/{tenant}/{pcs_id}", Set.of(TENANT_READER, OPERATOR, SERVICE), TenantIn.PATH, ""),
            r("audit-service", "GET", "/v1/audit/entries", Set.of(OPERATOR, SERVICE), "", null),
            r("audit-service", "GET", "/v1/audit/compliance", Set.of(OPERATOR, REPLICATOR), "", null),
            r("audit-service", "GET", "/v1/witness/key", PUBLIC, "", null),
            r("audit-service", "POST", "/v1/witness/add-checkpoint", PUBLIC, "", "{}"),   // checks signatures itself
            // hrs-service
            new Rule("hrs-service", "POST", "/v1/hrs/score", Set.of(TENANT_READER, OPERATOR, SERVICE), TenantIn.BODY, "",
                    "{\"tenant\":\"" + TENANT + "\",\"pcs\":{}}", JSON, false),
            r("hrs-service", "POST", "/v1/hrs/labels", OPS, "", "{}"),
            r("hrs-service", "POST", "/v1/hrs/train", OPS, "", ""),
            r("hrs-service", "GET", "/v1/hrs/models", Set.of(OPERATOR, TENANT_READER, ANALYST), "", null),
            r("hrs-service", "GET", "/v1/hrs/models/{version}", Set.of(OPERATOR, TENANT_READER, ANALYST), "", null),
            r("hrs-service", "GET", "/v1/hrs/models/{version}/card", Set.of(OPERATOR, TENANT_READER, ANALYST), "", null),
            r("hrs-service", "GET", "/v1/hrs/models/{version}/onnx", Set.of(OPERATOR, TENANT_READER, ANALYST), "", null),
            r("hrs-service", "POST", "/v1/hrs/models/{version}/promote", OPS, "", ""),
            r("hrs-service", "POST", "/v1/hrs/models/rollback", OPS, "", ""),
            // ensemble-service
            t("ensemble-service", "GET", "/v1/ensemble/policies/{tenant}", READ, TenantIn.PATH, ""),
            t("ensemble-service", "GET", "/v1/ensemble/policies/{tenant}/{version}", READ, TenantIn.PATH, ""),
            r("ensemble-service", "PUT", "/v1/ensemble/policies/{tenant}", OPS, "", "{}"),
            t("ensemble-service", "GET", "/v1/ensemble/decisions/{tenant}/{pcsId}", READ, TenantIn.PATH, ""),
            t("ensemble-service", "GET", "/v1/ensemble/bandit/{tenant}", READ, TenantIn.PATH, ""),
            t("ensemble-service", "GET", "/v1/ensemble/accuracy/{tenant}", READ, TenantIn.PATH, ""),
            r("ensemble-service", "POST", "/v1/ensemble/outcomes", OPS, "", "{}"),
            r("ensemble-service", "POST", "/v1/ensemble/micro-vote/train", OPS, "", ""),
            // cost-service: analysts for their listed tenants, operators for what spans tenants
            t("cost-service", "GET", "/v1/cost/breakdown", COST, TenantIn.QUERY, DAY + "&group_by=tenant"),
            t("cost-service", "GET", "/v1/cost/top", COST, TenantIn.QUERY, DAY),
            t("cost-service", "GET", "/v1/cost/reconciliation", COST, TenantIn.QUERY, DAY),
            t("cost-service", "GET", "/v1/cost/forecast", COST, TenantIn.QUERY, ""),
            t("cost-service", "GET", "/v1/cost/budgets/{tenant}", COST, TenantIn.PATH, ""),
            new Rule("cost-service", "PUT", "/v1/cost/budgets/{tenant}", COST, TenantIn.PATH, "",
                    "{\"soft_usd\":1,\"hard_usd\":2}", JSON, false),
            r("cost-service", "GET", "/v1/cost/prices", COST, "", null),
            new Rule("cost-service", "POST", "/v1/cost/prices", OPS, TenantIn.NONE, "", "{}", JSON, false),
            r("cost-service", "GET", "/v1/cost/repricings", OPS, "", null),
            new Rule("cost-service", "POST", "/v1/cost/bills", OPS, TenantIn.NONE, "", "date,tenant,category,amount_usd\n",
                    "text/csv", false),
            r("cost-service", "POST", "/v1/cost/reconciliation/check", OPS, "", ""),
            r("cost-service", "POST", "/v1/cost/budgets/check", OPS, "", ""),
            t("cost-service", "GET", "/v1/cost/recommendations", COST, TenantIn.QUERY, ""),
            t("cost-service", "GET", "/v1/cost/recommendations/applied", COST, TenantIn.QUERY, ""),
            new Rule("cost-service", "POST", "/v1/cost/recommendations/apply", COST, TenantIn.BODY, "",
                    "{\"tenant\":\"" + TENANT + "\",\"id\":\"model-cost:x\"}", JSON, false),
            // crr-shipper
            r("crr-shipper", "GET", "/v1/crr/status", OPS, "", null),
            r("crr-shipper", "GET", "/v1/crr/ledger/{tenant}/{pcs_id}", Set.of(REPLICATOR, OPERATOR), "", null),
            r("crr-shipper", "POST", "/v1/crr/divergence/run", OPS, "", ""),
            r("crr-shipper", "GET", "/v1/crr/divergence/reports", OPS, "", null));

    private AccessTable() {
    }

    private static Rule r(String service, String method, String path, Set<String> roles, String sample, String body) {
        return new Rule(service, method, path, roles, TenantIn.NONE, sample, body, JSON, false);
    }

    private static Rule t(String service, String method, String path, Set<String> roles, TenantIn in, String sample) {
        return new Rule(service, method, path, roles, in, sample, null, JSON, false);
    }

    private static Rule hidden(String service, String method, String path, Set<String> roles) {
        return new Rule(service, method, path, roles, TenantIn.NONE, "", "{}", JSON, true);
    }

    /** The operations ({@code "METHOD /path"}) a service's OpenAPI document lists that this table does not cover. */
    public static List<String> uncovered(String service, Set<String> openApiOperations) {
        Set<String> covered = new TreeSet<>();
        RULES.stream().filter(r -> r.service().equals(service)).forEach(r -> covered.add(r.method() + " " + r.path()));
        List<String> out = new ArrayList<>();
        for (String op : new TreeSet<>(openApiOperations)) {
            if (!covered.contains(op)) {
                out.add(service + " " + op);
            }
        }
        return out;
    }

    /** Rows of the table for operations the service's OpenAPI document no longer lists (hidden ones excepted). */
    public static List<String> stale(String service, Set<String> openApiOperations) {
        return RULES.stream().filter(r -> r.service().equals(service) && !r.hidden())
                .filter(r -> !openApiOperations.contains(r.method() + " " + r.path())).map(Rule::key).toList();
    }
}
