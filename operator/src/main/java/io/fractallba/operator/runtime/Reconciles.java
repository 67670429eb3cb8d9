package io.fractallba.operator.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code flk_operator_reconciles_total{resource,outcome}}: what each reconcile did (published, unchanged, invalid, error). */
@ApplicationScoped
public class Reconciles {

    private final MeterRegistry registry;

    public Reconciles(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String resource, String outcome) {
        registry.counter("flk_operator_reconciles", "resource", resource, "outcome", outcome).increment();
    }
}
