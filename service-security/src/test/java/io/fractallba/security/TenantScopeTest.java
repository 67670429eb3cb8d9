package io.fractallba.security;

import io.fractallba.http.ApiProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantScopeTest {

    private static final Set<String> SERVED = Set.of("acme", "beta");

    @Test
    void aTenantTheDeploymentDoesNotServeIsUnknownToEveryone() {
        for (TenantScope scope : List.of(TenantScope.all("op", SERVED), TenantScope.of("r", List.of("*"), SERVED),
                TenantScope.of("r", List.of("acme", "ghost"), SERVED))) {
            assertThatThrownBy(() -> scope.require("ghost")).isInstanceOfSatisfying(ApiProblem.class,
                    p -> assertThat(p.problem().status()).isEqualTo(404));
            assertThat(scope.sees("ghost")).isFalse();
            assertThatThrownBy(() -> scope.narrow(List.of("acme", "ghost"))).isInstanceOf(ApiProblem.class);
        }
        assertThat(TenantScope.all("op", SERVED).sees("beta")).isTrue();
    }

    @Test
    void aServedTenantOutsideTheTokenIsForbidden() {
        TenantScope reader = TenantScope.of("r", List.of("acme"), SERVED);
        reader.require("acme");
        assertThatThrownBy(() -> reader.require("beta")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.problem().status()).isEqualTo(403));
    }

    @Test
    void withoutATenantListTheTokenAloneBoundsTheScope() {
        TenantScope reader = TenantScope.of("r", List.of("acme"), null);
        reader.require("acme");
        assertThat(reader.sees("anything")).isFalse();
        assertThat(TenantScope.all("op", null).sees("anything")).isTrue();
    }
}
