package io.fractallba.operator.runtime;

import io.fractallba.pcs.token.Roles;
import io.fractallba.security.ServiceCredentials;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

import java.util.List;
import java.util.Set;

/**
 * Signs the operator's calls to the services: a short-lived token with role operator over every tenant, from its own
 * key (flk.security.client.key-file, docs/security.md). Without a key the call carries no token and the service
 * answers 401, which the resource's status then shows.
 */
public class ServiceAuthorization implements ClientRequestFilter {

    @Inject
    ServiceCredentials credentials;

    @Override
    public void filter(ClientRequestContext request) {
        credentials.authorization(Set.of(Roles.OPERATOR), List.of(Roles.ALL_TENANTS))
                .ifPresent(h -> request.getHeaders().putSingle("Authorization", h));
    }
}
