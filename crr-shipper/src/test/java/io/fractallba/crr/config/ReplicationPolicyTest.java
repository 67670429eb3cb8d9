package io.fractallba.crr.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationPolicyTest {

    private static CrrConfig.TenantPolicy policy(String mode, String... peers) {
        return new CrrConfig.TenantPolicy() {
            @Override
            public String mode() {
                return mode;
            }

            @Override
            public Optional<List<String>> peers() {
                return peers.length == 0 ? Optional.empty() : Optional.of(List.of(peers));
            }
        };
    }

    @Test
    void fullNoneAndSelectivePerTenantWithADefault() {
        ReplicationPolicy p = new ReplicationPolicy("full", Map.of("local-only", policy("none"),
                "eu-only", policy("selective", "eu")), Set.of("eu", "us"));
        assertThat(p.replicates("anyone", "eu")).isTrue();
        assertThat(p.replicates("anyone", "us")).isTrue();
        assertThat(p.replicates("local-only", "eu")).isFalse();
        assertThat(p.replicates("eu-only", "eu")).isTrue();
        assertThat(p.replicates("eu-only", "us")).isFalse();
        assertThat(new ReplicationPolicy("none", Map.of(), Set.of("eu")).replicates("anyone", "eu")).isFalse();
    }

    @Test
    void badPoliciesFailAtStartUpWithTheKeyNamed() {
        assertThatThrownBy(() -> new ReplicationPolicy("sometimes", Map.of(), Set.of("eu")))
                .hasMessageContaining("full, none or selective");
        assertThatThrownBy(() -> new ReplicationPolicy("full", Map.of("t", policy("selective")), Set.of("eu")))
                .hasMessageContaining("flk.crr.tenants.t");
        assertThatThrownBy(() -> new ReplicationPolicy("full", Map.of("t", policy("selective", "mars")), Set.of("eu")))
                .hasMessageContaining("mars");
    }
}
