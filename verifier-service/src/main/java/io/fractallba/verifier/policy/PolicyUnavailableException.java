package io.fractallba.verifier.policy;

/**
 * This replica cannot say which policy decides for a tenant: it has not read the policy topic to its end since it
 * started, or the tenant's active version is one it has not loaded (or cannot compile). The verifier fails closed —
 * 503, nothing decided — rather than decide with the built-in policy the tenant may have replaced.
 */
public class PolicyUnavailableException extends RuntimeException {

    public PolicyUnavailableException(String message) {
        super(message, null, false, false);
    }
}
