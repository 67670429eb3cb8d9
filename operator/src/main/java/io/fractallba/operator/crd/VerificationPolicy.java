package io.fractallba.operator.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tenant's verification policy (docs/policies.md): published to the verifier as the immutable version
 * {@code name@version} and, unless {@code activate} is false, made the tenant's active policy; status says which
 * version is active, or the verifier's refusal with each problem's rule, member, line and column.
 */
@Group("fractal-lba.io")
@Version("v1alpha1")
@ShortNames("flkpolicy")
public class VerificationPolicy extends CustomResource<VerificationPolicySpec, ResourceStatus> implements Namespaced {
}
