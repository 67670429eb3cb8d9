package io.fractallba.verifier.policy;

import io.fractallba.http.ApiProblem;
import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.event.PolicyChange;
import io.fractallba.pcs.problem.Problem;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PolicyCompiler;
import io.fractallba.policy.PolicyDocument;
import io.fractallba.policy.PolicyDocuments;
import io.fractallba.policy.PolicyValidationException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Publication, activation and rollback of a tenant's policies (docs/policies.md). A version is immutable once
 * published: the same document again is answered as already there, a different one under the same version is a
 * conflict. Each change is appended to the policy topic — which every verifier replica follows and the audit-service
 * logs — and answered once this replica has applied it.
 */
@ApplicationScoped
public class PolicyService {

    /** The built-in policy's name; a tenant cannot publish under it. */
    static final String BUILT_IN_NAME = "default";

    public enum Published { CREATED, UNCHANGED }

    public record PublishResult(Published status, String policy, String sha256, int rules) {
    }

    public record ActivationResult(String active, String previous, boolean changed) {
    }

    private final PolicyCatalog catalog;
    private final PolicyCompiler compiler;
    private final PolicyChangeLog log;

    public PolicyService(PolicyCatalog catalog, PolicyCompiler compiler, PolicyChangeLog log) {
        this.catalog = catalog;
        this.compiler = compiler;
        this.log = log;
    }

    public PublishResult publish(String tenant, byte[] json, String by) throws PolicyValidationException {
        requireLoaded();
        PolicyDocument doc = PolicyDocuments.parse(json);
        CompiledPolicy compiled = compiler.compile(doc);
        if (BUILT_IN_NAME.equals(doc.name())) {
            throw new ApiProblem(Problem.of("reserved-policy-name", "Reserved policy name", 400,
                    "'default' is the built-in policy's name; publish under another name").withField("name"));
        }
        // The stored form is the document as this service reads it, so equal documents have equal hashes.
        String canonical = new String(PolicyDocuments.write(doc), java.nio.charset.StandardCharsets.UTF_8);
        String sha = Hashes.sha256Hex(canonical);
        Optional<PolicyCatalog.Version> existing = catalog.version(tenant, doc.id());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), doc.id(), sha, compiled);
        }
        log.append(new PolicyChange(tenant, PolicyChange.PUBLISHED, doc.id(), null, canonical, sha, by,
                Instant.now().toString(), null));
        PolicyCatalog.Version winner = catalog.version(tenant, doc.id()).orElseThrow(() -> new PolicyUnavailableException(
                "the publication of " + doc.id() + " was written but is not in this replica's catalog"));
        if (!winner.sha256().equals(sha)) {
            throw conflict(doc.id());   // another publication of the same version came first
        }
        return new PublishResult(Published.CREATED, doc.id(), sha, compiled.ruleCount());
    }

    private static PublishResult sameOrConflict(PolicyCatalog.Version v, String id, String sha, CompiledPolicy c) {
        if (!v.sha256().equals(sha)) {
            throw conflict(id);
        }
        return new PublishResult(Published.UNCHANGED, id, sha, c.ruleCount());
    }

    private static ApiProblem conflict(String id) {
        return new ApiProblem(Problem.of("policy-version-exists", "Policy version exists", 409,
                id + " is already published with other content; versions are immutable, publish a new version")
                .withField("version"));
    }

    public ActivationResult activate(String tenant, String policy, String by, String reason) {
        requireLoaded();
        if (policy == null || policy.isBlank()) {
            throw ApiProblem.badRequest("policy", "name the version to activate as name@version");
        }
        String current = activeId(tenant);
        if (!policy.equals(catalog.builtIn().id())) {
            PolicyCatalog.Version v = catalog.version(tenant, policy).orElseThrow(() -> new ApiProblem(
                    Problem.of("unknown-policy", "Unknown policy version", 404,
                            "no version " + policy + " is published for this tenant").withField("policy")));
            if (v.compiled() == null) {
                throw new ApiProblem(Problem.of("policy-does-not-compile", "Policy does not compile", 409,
                        policy + " does not compile on this verifier: " + v.compileError()).withField("policy"));
            }
        }
        if (policy.equals(current) && catalog.rolloutState(tenant).isEmpty()) {
            return new ActivationResult(current, null, false);
        }   // (activating the current version during a rollout ends the rollout)
        log.append(new PolicyChange(tenant, PolicyChange.ACTIVATED, policy, current, null, null, by,
                Instant.now().toString(), reason));
        return new ActivationResult(policy, current, true);
    }

    /**
     * Starts a staged rollout of a published version (docs/policies.md, "Canary rollout"); the controller advances
     * or aborts it. One rollout per tenant at a time.
     */
    public ActivationResult startRollout(String tenant, String policy, PolicyChange.Rollout plan, String by,
                                         String reason) {
        requireLoaded();
        if (catalog.rolloutState(tenant).isPresent()) {
            throw new ApiProblem(Problem.of("rollout-in-progress", "Rollout in progress", 409,
                    "a rollout of " + catalog.rolloutState(tenant).get().candidate() + " is in progress; roll it back "
                            + "first (POST .../rollback)"));
        }
        String current = activeId(tenant);
        if (policy.equals(current)) {
            throw new ApiProblem(Problem.of("already-active", "Already active", 409, policy + " is already active")
                    .withField("policy"));
        }
        publishedVersion(tenant, policy);   // 404 unknown, 409 does not compile
        log.append(new PolicyChange(tenant, PolicyChange.ROLLOUT_STARTED, policy, current, null, null, by,
                Instant.now().toString(), reason, plan.atStep(0, null)));
        if (!catalog.rolloutState(tenant).map(r -> r.id().equals(plan.id())).orElse(false)) {
            // Another replica's rollout reached the topic first: every reader ignores this one.
            throw new ApiProblem(Problem.of("rollout-in-progress", "Rollout in progress", 409,
                    "another rollout of this tenant started first; see GET /v1/policies/" + tenant));
        }
        return new ActivationResult(current, current, true);
    }

    /**
     * Makes the version that was active before the current one active again; during a rollout, aborts the rollout
     * instead (the active version was never replaced).
     */
    public ActivationResult rollback(String tenant, String by, String reason) {
        requireLoaded();
        Optional<PolicyCatalog.RolloutState> rollout = catalog.rolloutState(tenant);
        if (rollout.isPresent()) {
            String current = activeId(tenant);
            log.append(new PolicyChange(tenant, PolicyChange.ROLLOUT_ABORTED, rollout.get().candidate(), current,
                    null, null, by, Instant.now().toString(), reason == null ? "aborted by " + by : reason,
                    rollout.get().plan().atStep(rollout.get().step(), null)));
            if (!activeId(tenant).equals(current)) {
                // The controller's completion reached the topic before the abort, which every reader ignored.
                throw new ApiProblem(Problem.of("rollout-completed", "Rollout completed first", 409,
                        "the rollout of " + rollout.get().candidate() + " completed before the abort arrived; "
                                + activeId(tenant) + " is active: roll back again to return to " + current));
            }
            return new ActivationResult(current, current, true);
        }
        List<PolicyCatalog.Activation> history = catalog.history(tenant).stream()
                .filter(a -> !a.action().startsWith("rollout_") || a.action().equals(PolicyChange.ROLLOUT_COMPLETED))
                .toList();
        if (history.isEmpty()) {
            throw new ApiProblem(Problem.of("nothing-to-roll-back", "Nothing to roll back", 409,
                    "this tenant has never activated a policy; the built-in " + catalog.builtIn().id()
                            + " is active"));
        }
        String current = activeId(tenant);
        String previous = history.get(history.size() - 1).previous();
        String target = previous == null ? catalog.builtIn().id() : previous;
        publishedVersion(tenant, target);   // 409 when the version to return to does not compile here
        log.append(new PolicyChange(tenant, PolicyChange.ROLLED_BACK, target, current, null, null, by,
                Instant.now().toString(), reason));
        return new ActivationResult(target, current, true);
    }

    /** A candidate for simulation: compiled as a publication would be, stored nowhere. */
    public CompiledPolicy compileCandidate(byte[] json) throws PolicyValidationException {
        return compiler.compile(PolicyDocuments.parse(json));
    }

    /** A published version of the tenant (or the built-in), compiled on this replica. */
    public CompiledPolicy publishedVersion(String tenant, String policy) {
        if (policy.equals(catalog.builtIn().id())) {
            return catalog.builtIn();
        }
        PolicyCatalog.Version v = catalog.version(tenant, policy).orElseThrow(() -> new ApiProblem(
                Problem.of("unknown-policy", "Unknown policy version", 404,
                        "no version " + policy + " is published for this tenant").withField("version")));
        if (v.compiled() == null) {
            throw new ApiProblem(Problem.of("policy-does-not-compile", "Policy does not compile", 409,
                    policy + " does not compile on this verifier: " + v.compileError()).withField("version"));
        }
        return v.compiled();
    }

    /** The active version's id, the built-in's when the tenant never activated one. */
    public String activeId(String tenant) {
        return catalog.active(tenant).orElse(catalog.builtIn().id());
    }

    private void requireLoaded() {
        if (!catalog.loaded()) {
            throw new PolicyUnavailableException("this verifier replica is still loading the tenants' policies");
        }
    }
}
