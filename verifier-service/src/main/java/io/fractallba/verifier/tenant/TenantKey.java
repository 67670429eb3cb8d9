package io.fractallba.verifier.tenant;

import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;

import java.time.Instant;

/** One configured key of a tenant, with its verifier built once. Never holds the secret in printable form. */
public record TenantKey(String keyId, SignatureAlgorithm alg, PcsVerifier verifier, Instant notBefore,
                        Instant notAfter, boolean enabled) {

    public boolean validAt(Instant t) {
        return enabled && (notBefore == null || !t.isBefore(notBefore)) && (notAfter == null || t.isBefore(notAfter));
    }

    @Override
    public String toString() {
        return "TenantKey[" + keyId + ", " + alg.configName() + "]";
    }
}
