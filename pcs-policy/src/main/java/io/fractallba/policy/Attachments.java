package io.fractallba.policy;

import java.util.List;

/**
 * What the verifier found in a submission beyond its signed signals, for the rules to read (docs/policies.md,
 * "Environment"): the PII kinds its screening found in what the agent attached ({@code pii.kinds}; empty when the
 * policy screens nothing) and the result of the VRF seed check ({@code vrf.result}).
 */
public record Attachments(List<String> piiKinds, String vrf) {

    /** The VRF check was not made: the tenant has no VRF key, or the PCS carries no proof and none is required. */
    public static final String VRF_NOT_CHECKED = "not_checked";
    /** The tenant's policy requires a VRF proof but this verifier has no VRF key for the tenant. */
    public static final String VRF_KEY_MISSING = "key_missing";
    public static final String VRF_VALID = "valid";

    public static final Attachments NONE = new Attachments(List.of(), VRF_NOT_CHECKED);

    public Attachments {
        piiKinds = List.copyOf(piiKinds);
    }
}
