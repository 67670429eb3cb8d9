package io.fractallba.operator.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant's N-of-M ensemble policy (docs/ensemble.md), published to the ensemble-service as the tenant's next policy
 * version whenever the spec changes; {@code status} says which version is in force, or why the service refused it.
 */
@Group("fractal-lba.io")
@Version("v1alpha1")
@ShortNames("flkensemble")
public class EnsemblePolicy extends CustomResource<EnsemblePolicySpec, ResourceStatus> implements Namespaced {
}
