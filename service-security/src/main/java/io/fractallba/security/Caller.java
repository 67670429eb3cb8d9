package io.fractallba.security;

import io.fractallba.pcs.token.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, for resources that scope what they answer by tenant. The role check itself is the endpoint's
 * {@code @RolesAllowed}; this bean adds the tenant check: operators see every tenant, everyone else the tenants their
 * token lists.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final Set<String> known;

    public Caller(SecurityIdentity identity, TokenConfig config) {
        this.identity = identity;
        this.known = config.tenants().map(Set::copyOf).orElse(null);
    }

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    /** The tenants this caller may see. */
    public TenantScope scope() {
        if (identity.isAnonymous()) {
            return new TenantScope(name(), Set.of(), known);
        }
        if (identity.hasRole(Roles.OPERATOR)) {
            return TenantScope.all(name(), known);
        }
        return TenantScope.of(name(), tenantsClaim(), known);
    }

    /** 403 problem unless this caller may see {@code tenant}. */
    public void requireTenant(String tenant) {
        scope().require(tenant);
    }

    private List<String> tenantsClaim() {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return List.of();
        }
        Object claim = jwt.getClaim("tenants");
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
        } else if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return out;
    }
}
