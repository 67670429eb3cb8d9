package io.fractallba.security;

import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.problem.Problem;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The tenants one caller may see: the {@code tenants} claim of its token ({@code *}, or the operator role, for all),
 * within the tenants the deployment serves ({@code known}, {@code flk.security.tokens.tenants}; null when not
 * configured). Narrowing a request to a tenant outside the scope is refused, never silently filtered, so a caller
 * cannot mistake an empty answer for another tenant's zero; a tenant the deployment does not serve is a 404 for
 * everyone, before any store is asked. Plain Java, so resources and domain code can be tested without Quarkus.
 */
public record TenantScope(String caller, Set<String> tenants, Set<String> known) {

    /** The scope of a caller who sees every tenant (of those the deployment serves, when it lists them). */
    public static TenantScope all(String caller, Set<String> known) {
        return new TenantScope(caller, null, known);
    }

    public static TenantScope of(String caller, Collection<String> tenants, Set<String> known) {
        return tenants.contains(io.fractallba.pcs.token.Roles.ALL_TENANTS) ? all(caller, known)
                : new TenantScope(caller, Set.copyOf(tenants), known);
    }

    public boolean allTenants() {
        return tenants == null;
    }

    public boolean sees(String tenant) {
        return (known == null || known.contains(tenant)) && (tenants == null || tenants.contains(tenant));
    }

    /** 404 problem for a tenant the deployment does not serve; 403 unless this caller may see {@code tenant}. */
    public void require(String tenant) {
        if (known != null && !known.contains(tenant)) {
            throw new ApiProblem(Problem.of("unknown-tenant", "Unknown tenant", 404,
                    "this deployment serves no tenant of that name").withField("tenant"));
        }
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
