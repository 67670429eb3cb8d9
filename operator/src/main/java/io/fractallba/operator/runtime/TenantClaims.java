package io.fractallba.operator.runtime;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * One resource of a kind per tenant: two EnsemblePolicies (or VerificationPolicies) naming the same tenant would
 * publish over each other at every resync. The oldest resource (by creation time, then namespace and name) holds the
 * tenant; any other is refused with a {@code Conflict} status naming the holder, from the informer's cache (no API
 * call).
 */
public final class TenantClaims {

    private TenantClaims() {
    }

    /** The resource that holds {@code resource}'s tenant, if it is another one. */
    public static <R extends CustomResource<?, ?>> Optional<R> heldByAnother(R resource, Context<R> context,
                                                                           Function<R, String> tenantOf) {
        String tenant = tenantOf.apply(resource);
        Comparator<R> age = Comparator.<R, String>comparing(r -> r.getMetadata().getCreationTimestamp() == null
                        ? "" : r.getMetadata().getCreationTimestamp())
                .thenComparing(r -> r.getMetadata().getNamespace() == null ? "" : r.getMetadata().getNamespace())
                .thenComparing(r -> r.getMetadata().getName());
        Optional<R> holder = context.getPrimaryCache().list()
                .filter(r -> r.getSpec() != null && tenant.equals(tenantOf.apply(r)))
                .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
                .min(age);
        return holder.filter(h -> !(h.getMetadata().getName().equals(resource.getMetadata().getName())
                && java.util.Objects.equals(h.getMetadata().getNamespace(), resource.getMetadata().getNamespace())));
    }

    public static String describe(CustomResource<?, ?> holder) {
        return holder.getKind() + " " + holder.getMetadata().getNamespace() + "/" + holder.getMetadata().getName();
    }
}
