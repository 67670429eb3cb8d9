package io.fractallba.verifier.tenant;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.model.Pcs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tenant and its keys (docs/contract.md §3); {@code vrfPublicKey} is null when the tenant has no VRF key
 * (docs/policies.md, "VRF-derived seeds").
 */
public record Tenant(String id, boolean enabled, int rateLimitPerSecond, long dailyQuota, long dailyByteQuota,
                     List<TenantKey> keys, byte[] vrfPublicKey) {

    /**
     * The id of a key valid at {@code receivedAt} that verifies the PCS, narrowed to {@code keyIdHint} when given.
     * An unsigned PCS verifies only against a key configured with alg {@code none}.
     */
    public Optional<String> verifyingKey(Pcs pcs, Instant receivedAt, String keyIdHint) {
        byte[] payload = null;
        for (TenantKey key : keys) {
            if (!key.validAt(receivedAt) || (keyIdHint != null && !keyIdHint.equals(key.keyId()))) {
                continue;
            }
            if (key.alg() == io.fractallba.pcs.crypto.SignatureAlgorithm.NONE) {
                return Optional.of(key.keyId());
            }
            if (!pcs.hasSignature()) {
                continue;
            }
            if (payload == null) {
                payload = SignaturePayload.bytes(pcs.signedFields());
            }
            if (key.verifier().verify(payload, pcs.sig())) {
                return Optional.of(key.keyId());
            }
        }
        return Optional.empty();
    }
}
