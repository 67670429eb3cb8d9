package io.fractallba.cost.api;

import io.fractallba.http.ApiProblem;
import io.fractallba.security.Caller;
import io.fractallba.security.TenantScope;
import jakarta.enterprise.context.RequestScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tenants the caller of a cost endpoint may see: an analyst's token lists them, an operator sees all. The role
 * check is each endpoint's {@code @RolesAllowed} (service-security); this adds the cost API's tenant parameters.
 */
@RequestScoped
public class Analysts {

    private final Caller caller;

    public Analysts(Caller caller) {
        this.caller = caller;
    }

    public TenantScope scope() {
        return caller.scope();
    }

    /** The tenants a query may cover, given the (possibly comma-separated, repeated) {@code tenant} parameters. */
    public static Set<String> tenants(TenantScope scope, List<String> params) {
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
        return scope.narrow(requested);
    }

    public static void requireTenant(TenantScope scope, String tenant) {
        scope.require(tenant);
    }

    static ApiProblem badRequest(String detail) {
        return ApiProblem.badRequest(null, detail);
    }
}
