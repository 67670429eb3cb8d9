package io.fractallba.verifier.policy;

import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.event.PolicyChange;
import io.fractallba.policy.PolicyCompiler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog fails closed: never the built-in for a tenant whose own policy it has not (yet) got. */
class PolicyCatalogTest {

    private static final String DOC = "{\"name\":\"p\",\"version\":1,\"rules\":[],\"default\":{\"outcome\":\"accept\"}}";

    private static PolicyChange published(String doc) {
        return new PolicyChange("t", PolicyChange.PUBLISHED, "p@1", null, doc, Hashes.sha256Hex(doc), "op", "now", null);
    }

    private static PolicyChange activated(String policy) {
        return new PolicyChange("t", PolicyChange.ACTIVATED, policy, null, null, null, "op", "now", null);
    }

    @Test
    void nothingIsDecidedBeforeTheTopicIsRead() {
        PolicyCatalog c = new PolicyCatalog(new PolicyCompiler());
        assertThatThrownBy(() -> c.select("t")).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("still loading");
        c.markLoaded();
        assertThat(c.select("t").id()).isEqualTo("default@1");
    }

    @Test
    void anActiveVersionNotYetReadFailsClosed() {
        PolicyCatalog c = new PolicyCatalog(new PolicyCompiler());
        c.markLoaded();
        c.apply(activated("p@1"));   // e.g. the publication is on a partition not read yet
        assertThatThrownBy(() -> c.select("t")).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("p@1 has not reached");
        c.apply(published(DOC));
        assertThat(c.select("t").id()).isEqualTo("p@1");
        assertThat(c.select("other").id()).isEqualTo("default@1");
    }

    @Test
    void theFirstPublicationOfAVersionWinsAndOneThatDoesNotCompileFailsClosed() {
        PolicyCatalog c = new PolicyCatalog(new PolicyCompiler());
        c.markLoaded();
        c.apply(published(DOC));
        String other = DOC.replace("accept", "escalate\",\"reason\":\"all_of_it");
        c.apply(published(other));
        assertThat(c.version("t", "p@1").orElseThrow().sha256()).isEqualTo(Hashes.sha256Hex(DOC));

        String broken = "{\"name\":\"q\",\"version\":1,\"rules\":[{\"name\":\"r\",\"when\":\"nope\",\"outcome\":\"accept\"}],"
                + "\"default\":{\"outcome\":\"accept\"}}";
        c.apply(new PolicyChange("t", PolicyChange.PUBLISHED, "q@1", null, broken, Hashes.sha256Hex(broken), "op",
                "now", null));
        c.apply(activated("q@1"));
        assertThatThrownBy(() -> c.select("t")).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("does not compile");
    }

    private static PolicyChange rollout(String action, String id, int step) {
        return new PolicyChange("t", action, "p@1", "default@1", null, null, "x", "2026-12-06T00:00:00Z", null,
                new PolicyChange.Rollout(id, java.util.List.of(0, 50, 100), step, "PT1S", 1L, 0.1, 0.1, 0L, null));
    }

    @Test
    void rolloutChangesCountOnlyForTheRolloutInProgressAndItsNextStep() {
        PolicyCatalog c = new PolicyCatalog(new PolicyCompiler());
        c.markLoaded();
        c.apply(published(DOC));
        c.apply(rollout(PolicyChange.ROLLOUT_STARTED, "r1", 0));
        c.apply(rollout(PolicyChange.ROLLOUT_STARTED, "r2", 0));          // another one while r1 runs: ignored
        assertThat(c.rolloutState("t").orElseThrow().id()).isEqualTo("r1");
        c.apply(rollout(PolicyChange.ROLLOUT_COMPLETED, "r1", 0));        // not at its last step: ignored
        c.apply(rollout(PolicyChange.ROLLOUT_ADVANCED, "r1", 2));         // skips a step: ignored
        c.apply(rollout(PolicyChange.ROLLOUT_ADVANCED, "r2", 1));         // another rollout's: ignored
        c.apply(rollout(PolicyChange.ROLLOUT_ABORTED, "r2", 0));          // another rollout's: ignored
        assertThat(c.rolloutState("t").orElseThrow().step()).isZero();
        assertThat(c.select("t").id()).isEqualTo("default@1");
        c.apply(rollout(PolicyChange.ROLLOUT_ADVANCED, "r1", 1));
        c.apply(rollout(PolicyChange.ROLLOUT_ADVANCED, "r1", 1));         // the same step twice (a stale judge)
        c.apply(rollout(PolicyChange.ROLLOUT_ADVANCED, "r1", 2));
        assertThat(c.rolloutState("t").orElseThrow().percent()).isEqualTo(100);
        c.apply(rollout(PolicyChange.ROLLOUT_ABORTED, "r1", 2));          // the operator's abort lands first …
        c.apply(rollout(PolicyChange.ROLLOUT_COMPLETED, "r1", 2));        // … so the completion is ignored
        assertThat(c.rolloutState("t")).isEmpty();
        assertThat(c.select("t").id()).isEqualTo("default@1");
        assertThat(c.history("t")).extracting(PolicyCatalog.Activation::action).containsExactly(
                "rollout_started", "rollout_advanced", "rollout_advanced", "rollout_aborted");
    }

    @Test
    void aChangeThisReplicaCannotReadFailsItsTenantClosed() {
        PolicyCatalog c = new PolicyCatalog(new PolicyCompiler());
        c.markLoaded();
        c.apply(new PolicyChange("t", "frozen", "p@1", null, null, null, "x", "now", null));   // a newer verifier's
        assertThatThrownBy(() -> c.select("t")).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("unknown action frozen");
        c.unreadable("u", "not JSON");
        assertThatThrownBy(() -> c.select("u")).isInstanceOf(PolicyUnavailableException.class);
        assertThat(c.select("other").id()).isEqualTo("default@1");
    }
}
