package io.fractallba.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fractallba.operator.ensemble.EnsemblePolicyReconciler;
import io.fractallba.operator.verifier.VerificationPolicyReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Runs the Java Operator SDK inside this Quarkus application (the SDK's Quarkus extension is not available here:
 * docs/adr/0003-operator-on-plain-josdk.md): one {@link Operator} on the Kubernetes client Quarkus configures
 * ({@code quarkus.kubernetes-client.*}: in-cluster service account, or a kubeconfig), with the reconcilers registered
 * as CDI beans so they get their REST clients and metrics injected.
 */
@ApplicationScoped
public class OperatorRuntime {

    private static final Logger LOG = Logger.getLogger(OperatorRuntime.class);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final EnsemblePolicyReconciler ensemblePolicies;
    private final VerificationPolicyReconciler verificationPolicies;
    private volatile Operator operator;

    public OperatorRuntime(KubernetesClient client, OperatorConfig config, EnsemblePolicyReconciler ensemblePolicies,
                           VerificationPolicyReconciler verificationPolicies) {
        this.client = client;
        this.config = config;
        this.ensemblePolicies = ensemblePolicies;
        this.verificationPolicies = verificationPolicies;
    }

    void onStart(@Observes StartupEvent ev) {
        Operator op = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(config.serverSideApply()));
        op.register(ensemblePolicies, this::namespaces);
        op.register(verificationPolicies, this::namespaces);
        op.start();
        operator = op;
        LOG.infof("operator started against %s (server-side apply %s), watching %s", client.getMasterUrl(),
                config.serverSideApply(), config.namespaces().map(Object::toString).orElse("its own namespace"));
    }

    private <R extends io.fabric8.kubernetes.api.model.HasMetadata> void namespaces(
            io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<R> o) {
        config.namespaces().ifPresentOrElse(o::settingNamespaces, o::watchingOnlyCurrentNamespace);
    }

    void onStop(@Observes ShutdownEvent ev) {
        Operator op = operator;
        if (op != null) {
            op.stop();
        }
    }

    /** Whether the operator runs and every controller's informers are healthy (readiness). */
    public boolean healthy() {
        Operator op = operator;
        return op != null && op.getRuntimeInfo().isStarted() && op.getRuntimeInfo().allEventSourcesAreHealthy();
    }
}
