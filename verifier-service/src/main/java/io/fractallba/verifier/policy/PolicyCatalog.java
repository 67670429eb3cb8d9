package io.fractallba.verifier.policy;

import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.event.PolicyChange;
import io.fractallba.policy.BuiltInPolicy;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PolicyCompiler;
import io.fractallba.policy.PolicyDocument;
import io.fractallba.policy.PolicyDocuments;
import io.fractallba.policy.PolicyValidationException;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's view of every tenant's policies, built from {@code policy.changes.v1} in log order (one tenant's
 * changes share a partition). The first publication of a version wins: a later, different document under the same
 * {@code name@version} is ignored (its publisher is answered 409). A tenant that never activated a version is decided
 * by the built-in {@code default@1}; a tenant whose active version this replica has not loaded, or cannot compile,
 * is not decided at all ({@link PolicyUnavailableException}). Plain Java; one writer (the reader thread), many readers.
 */
public final class PolicyCatalog {

    private static final Logger LOG = Logger.getLogger(PolicyCatalog.class);

    /** One published version: the document as published, compiled on this replica (null when it does not compile). */
    public record Version(PolicyDocument document, String json, String sha256, String publishedAt, String publishedBy,
                          CompiledPolicy compiled, String compileError) {
    }

    /** One activation or rollback, in the order they took effect. */
    public record Activation(String action, String policy, String previous, String at, String by, String reason) {
    }

    /** A staged rollout in progress: the candidate, the version it would replace, the plan and the current step. */
    public record RolloutState(String id, String candidate, String previous, PolicyChange.Rollout plan, int step,
                               java.time.Instant stepSince) {
        public int percent() {
            return plan.steps().get(step);
        }

        public boolean lastStep() {
            return step == plan.steps().size() - 1;
        }
    }

    /** A rollout with its candidate compiled on this replica. */
    public record LiveRollout(RolloutState state, CompiledPolicy candidate) {
    }

    private static final class TenantPolicies {
        final Map<String, Version> versions = Collections.synchronizedMap(new LinkedHashMap<>());
        final List<Activation> history = Collections.synchronizedList(new ArrayList<>());
        volatile String active;
        volatile RolloutState rollout;
        volatile String unreadable;   // a change of this tenant that could not be read or applied: fail closed
    }

    private final PolicyCompiler compiler;
    private final CompiledPolicy builtIn;
    private final Map<String, TenantPolicies> tenants = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public PolicyCatalog(PolicyCompiler compiler) {
        this.compiler = compiler;
        this.builtIn = BuiltInPolicy.compile(compiler);
    }

    public CompiledPolicy builtIn() {
        return builtIn;
    }

    /** True once the topic was read to the end it had when this replica started. */
    public boolean loaded() {
        return loaded;
    }

    void markLoaded() {
        if (!loaded) {
            LOG.infof("policy catalog loaded: %d tenant(s) with policies", tenants.size());
        }
        loaded = true;
    }

    /** The policy that decides for {@code tenant} now. */
    public CompiledPolicy select(String tenant) {
        if (!loaded) {
            throw new PolicyUnavailableException("this verifier replica is still loading the tenants' policies");
        }
        TenantPolicies t = tenants.get(tenant);
        if (t != null && t.unreadable != null) {
            throw new PolicyUnavailableException("this verifier replica could not read a change of the tenant's "
                    + "policies (" + t.unreadable + "); it decides nothing for the tenant until it runs a verifier "
                    + "that can");
        }
        String active = t == null ? null : t.active;
        if (active == null || active.equals(builtIn.id())) {
            return builtIn;
        }
        Version v = t.versions.get(active);
        if (v == null) {
            throw new PolicyUnavailableException("the tenant's active policy " + active
                    + " has not reached this verifier replica yet");
        }
        if (v.compiled() == null) {
            throw new PolicyUnavailableException("the tenant's active policy " + active
                    + " does not compile on this verifier replica: " + v.compileError());
        }
        return v.compiled();
    }

    /** The tenant's rollout in progress, if any; fails closed when its candidate is not usable on this replica. */
    public Optional<LiveRollout> rollout(String tenant) {
        TenantPolicies t = tenants.get(tenant);
        RolloutState r = t == null ? null : t.rollout;
        if (r == null) {
            return Optional.empty();
        }
        if (r.candidate().equals(builtIn.id())) {
            return Optional.of(new LiveRollout(r, builtIn));
        }
        Version v = t.versions.get(r.candidate());
        if (v == null || v.compiled() == null) {
            throw new PolicyUnavailableException("the candidate " + r.candidate() + " of the tenant's rollout is not "
                    + "usable on this verifier replica" + (v == null ? " yet" : ": " + v.compileError()));
        }
        return Optional.of(new LiveRollout(r, v.compiled()));
    }

    /** Tenants with a rollout in progress. */
    public List<String> rollingOut() {
        return tenants.entrySet().stream().filter(e -> e.getValue().rollout != null).map(Map.Entry::getKey).toList();
    }

    public Optional<RolloutState> rolloutState(String tenant) {
        TenantPolicies t = tenants.get(tenant);
        return Optional.ofNullable(t == null ? null : t.rollout);
    }

    private static java.time.Instant instant(String at) {
        try {
            return java.time.Instant.parse(at);
        } catch (RuntimeException e) {
            return java.time.Instant.now();
        }
    }

    public Optional<String> active(String tenant) {
        TenantPolicies t = tenants.get(tenant);
        return Optional.ofNullable(t == null ? null : t.active);
    }

    public Optional<Version> version(String tenant, String policy) {
        TenantPolicies t = tenants.get(tenant);
        return Optional.ofNullable(t == null ? null : t.versions.get(policy));
    }

    public List<Version> versions(String tenant) {
        TenantPolicies t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        synchronized (t.versions) {
            return List.copyOf(t.versions.values());
        }
    }

    public List<Activation> history(String tenant) {
        TenantPolicies t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        synchronized (t.history) {
            return List.copyOf(t.history);
        }
    }

    /**
     * A record of the topic this replica cannot read or apply, keyed by tenant: that tenant is not decided here (503)
     * rather than decided as if the change had not happened.
     */
    void unreadable(String tenant, String why) {
        if (tenant == null) {
            LOG.errorf("an unreadable policy change without a tenant key: %s", why);
            return;
        }
        LOG.errorf("policy change of tenant %s unreadable on this replica, the tenant fails closed: %s", tenant, why);
        tenants.computeIfAbsent(tenant, k -> new TenantPolicies()).unreadable = why;
    }

    /** Applies one change read from the topic; a malformed change is skipped with a warning (it changes nothing). */
    void apply(PolicyChange c) {
        if (c == null) {
            return;   // unreadable record, already reported by the reader
        }
        if (c.tenant() == null || c.policy() == null || c.action() == null) {
            LOG.warnf("skipped a policy change without tenant, policy or action: %s", c);
            return;
        }
        TenantPolicies t = tenants.computeIfAbsent(c.tenant(), k -> new TenantPolicies());
        switch (c.action()) {
            case PolicyChange.PUBLISHED -> publish(t, c);
            case PolicyChange.ACTIVATED, PolicyChange.ROLLED_BACK -> {
                t.active = c.policy();
                t.rollout = null;   // a manual change ends a rollout
                t.history.add(new Activation(c.action(), c.policy(), c.previous(), c.at(), c.by(), c.reason()));
            }
            case PolicyChange.ROLLOUT_STARTED -> {
                if (t.rollout != null || c.rollout() == null || c.rollout().id() == null || c.rollout().steps() == null
                        || c.rollout().steps().isEmpty()) {
                    LOG.warnf("ignored a rollout of %s for %s: %s", c.policy(), c.tenant(),
                            t.rollout != null ? "another rollout is in progress" : "it has no plan");
                    return;
                }
                t.rollout = new RolloutState(c.rollout().id(), c.policy(), c.previous(), c.rollout(), 0, instant(c.at()));
                t.history.add(new Activation(c.action(), c.policy(), c.previous(), c.at(), c.by(), c.reason()));
            }
            // A step of a rollout counts only for the rollout in progress, from the step it was judged at: a stale
            // or concurrent writer's change (another replica, an operator's abort racing a completion) is ignored.
            case PolicyChange.ROLLOUT_ADVANCED -> {
                RolloutState r = ofThisRollout(t, c);
                if (r != null && c.rollout().step() != null && c.rollout().step() == r.step() + 1
                        && c.rollout().step() < r.plan().steps().size()) {
                    t.rollout = new RolloutState(r.id(), r.candidate(), r.previous(), r.plan(), c.rollout().step(),
                            instant(c.at()));
                    t.history.add(new Activation(c.action(), c.policy(), c.previous(), c.at(), c.by(), c.reason()));
                }
            }
            case PolicyChange.ROLLOUT_COMPLETED -> {
                RolloutState r = ofThisRollout(t, c);
                if (r != null && r.lastStep()) {
                    t.active = r.candidate();
                    t.rollout = null;
                    t.history.add(new Activation(c.action(), c.policy(), c.previous(), c.at(), c.by(), c.reason()));
                }
            }
            case PolicyChange.ROLLOUT_ABORTED -> {
                if (ofThisRollout(t, c) != null) {
                    t.rollout = null;
                    t.history.add(new Activation(c.action(), c.policy(), c.previous(), c.at(), c.by(), c.reason()));
                }
            }
            default -> unreadable(c.tenant(), "unknown action " + c.action());
        }
    }

    private static RolloutState ofThisRollout(TenantPolicies t, PolicyChange c) {
        RolloutState r = t.rollout;
        boolean same = r != null && c.rollout() != null && r.id().equals(c.rollout().id())
                && r.candidate().equals(c.policy());
        if (!same) {
            LOG.infof("ignored %s of %s for %s: not the rollout in progress", c.action(), c.policy(), c.tenant());
        }
        return same ? r : null;
    }

    private void publish(TenantPolicies t, PolicyChange c) {
        if (c.document() == null) {
            LOG.warnf("skipped publication of %s for %s without a document", c.policy(), c.tenant());
            return;
        }
        if (t.versions.containsKey(c.policy())) {
            Version first = t.versions.get(c.policy());
            if (!first.sha256().equals(c.sha256())) {
                LOG.warnf("ignored a second, different publication of %s for %s (the first one stands)", c.policy(),
                        c.tenant());
            }
            return;
        }
        byte[] json = c.document().getBytes(StandardCharsets.UTF_8);
        String sha = Hashes.sha256Hex(json);
        CompiledPolicy compiled = null;
        String error = null;
        PolicyDocument doc = null;
        try {
            doc = PolicyDocuments.parse(json);
            compiled = compiler.compile(doc);
            if (!compiled.id().equals(c.policy())) {
                compiled = null;
                error = "the document is " + doc.id() + ", the change names " + c.policy();
            }
        } catch (PolicyValidationException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            compiled = null;
            error = "the compiler failed: " + e;
        }
        if (error != null) {
            LOG.errorf("policy %s of %s does not compile on this replica: %s", c.policy(), c.tenant(), error);
        }
        t.versions.put(c.policy(), new Version(doc, c.document(), sha, c.at(), c.by(), compiled, error));
    }
}
