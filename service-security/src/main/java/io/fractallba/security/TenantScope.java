package io.fractallba.security;

import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The tenants one caller may see: the {@code tenants} claim of its token ({@code *}, or the operator role, for all).
 * Narrowing a request to a tenant outside the scope is refused, never silently filtered, so a caller cannot mistake
 * an empty answer for another tenant's zero. Plain Java, so resources and domain code can be tested without Quarkus.
 */
public record TenantScope(String caller, Set<String> tenants) {

    /** The scope of a caller who sees every tenant. */
    public static TenantScope all(String caller) {
        return new TenantScope(caller, null);
    }

    public static TenantScope of(String caller, Collection<String> tenants) {
        return tenants.contains(io.fractallba.pcs.token.Roles.ALL_TENANTS) ? all(caller)
                : new TenantScope(caller, Set.copyOf(tenants));
    }

    public boolean allTenants() {
        return tenants == null;
    }

    public boolean sees(String tenant) {
        return tenants == null || tenants.contains(tenant);
    }

    /** 403 problem unless this caller may see {@code tenant}. */
    public void require(String tenant) {
        if (!sees(tenant)) {
            throw forbidden(tenant);
        }
    }

    /**
     * The tenants a query covers: those requested (each must be visible), or else every visible tenant (null when
     * that is all of them).
     */
    public Set<String> narrow(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return tenants;
        }
        for (String t : requested) {
            require(t);
        }
        return Set.copyOf(requested);
    }

    public ApiProblem forbidden(String tenant) {
        return new ApiProblem(Problem.of("forbidden-tenant", "Tenant not in scope", 403,
                "'" + caller + "' may not see tenant '" + tenant + "'").withField("tenant"));
    }
}
