package io.fractallba.cost.api;

import io.fractallba.cost.access.AnalystScope;
import io.fractallba.cost.runtime.CostRuntime;
import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Authenticates the caller of every cost endpoint and turns scope violations into 401/403 problems. */
@ApplicationScoped
public class Analysts {

    private final CostRuntime cost;

    public Analysts(CostRuntime cost) {
        this.cost = cost;
    }

    /** The caller's scope, from {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}. */
    public AnalystScope require(HttpHeaders headers) {
        String key = headers.getHeaderString("X-Api-Key");
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (key == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = auth.substring(7).trim();
        }
        return cost.analysts().authenticate(key).orElseThrow(() -> new ApiProblem(Problem.of("unauthenticated",
                "Analyst key required", 401, "send an analyst API key as 'Authorization: Bearer <key>' or 'X-Api-Key'")));
    }

    public AnalystScope requireAdmin(HttpHeaders headers) {
        AnalystScope s = require(headers);
        if (!s.admin()) {
            throw forbidden("analyst '" + s.analyst() + "' may not do this (admin only: prices, bills, re-pricing trail)");
        }
        return s;
    }

    /** The tenants a query may cover, given the (possibly comma-separated, repeated) {@code tenant} parameters. */
    public static Set<String> tenants(AnalystScope scope, List<String> params) {
        List<String> requested = new ArrayList<>();
        if (params != null) {
            for (String p : params) {
                for (String t : p.split(",")) {
                    if (!t.isBlank()) {
                        requested.add(t.trim());
                    }
                }
            }
        }
        try {
            return scope.narrow(requested);
        } catch (AnalystScope.ForbiddenTenantException e) {
            throw forbidden(e.getMessage());
        }
    }

    public static void requireTenant(AnalystScope scope, String tenant) {
        try {
            scope.requireTenant(tenant);
        } catch (AnalystScope.ForbiddenTenantException e) {
            throw forbidden(e.getMessage());
        }
    }

    static ApiProblem forbidden(String detail) {
        return ApiProblem.forbidden(detail);
    }

    static ApiProblem badRequest(String detail) {
        return ApiProblem.badRequest(null, detail);
    }
}
