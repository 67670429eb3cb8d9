package io.fractallba.cost.access;

import java.util.List;
import java.util.Set;

/**
 * What one analyst may see. {@code tenants} null means every tenant. Narrowing a request to tenants outside the
 * scope is refused, never silently filtered, so an analyst cannot mistake an empty answer for another tenant's zero.
 */
public record AnalystScope(String analyst, Set<String> tenants, boolean admin) {

    public boolean allTenants() {
        return tenants == null;
    }

    public boolean sees(String tenant) {
        return tenants == null || tenants.contains(tenant);
    }

    /**
     * The tenants a query covers: those requested (each must be visible), or else every visible tenant
     * (null when that is all of them).
     */
    public Set<String> narrow(List<String> requested) throws ForbiddenTenantException {
        if (requested == null || requested.isEmpty()) {
            return tenants;
        }
        for (String t : requested) {
            if (!sees(t)) {
                throw new ForbiddenTenantException(analyst, t);
            }
        }
        return Set.copyOf(requested);
    }

    public void requireTenant(String tenant) throws ForbiddenTenantException {
        if (!sees(tenant)) {
            throw new ForbiddenTenantException(analyst, tenant);
        }
    }

    public static final class ForbiddenTenantException extends Exception {
        public ForbiddenTenantException(String analyst, String tenant) {
            super("analyst '" + analyst + "' may not see tenant '" + tenant + "'");
        }
    }
}
