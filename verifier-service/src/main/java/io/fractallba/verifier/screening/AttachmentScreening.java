package io.fractallba.verifier.screening;

import io.fractallba.pcs.crypto.vrf.VrfSeed;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.policy.Attachments;
import io.fractallba.policy.CompiledPolicy;
import io.fractallba.policy.PiiPolicy;
import io.fractallba.policy.pii.PiiFinding;
import io.fractallba.policy.pii.PiiScan;
import io.fractallba.verifier.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Screens what a PCS carries beyond its signed signals, as a tenant's policy asks (docs/policies.md): PII in what the
 * agent attached (detect, block or redact) and the VRF proof of its seed. The rules then read the findings as
 * {@code pii.kinds} and {@code vrf.result}. Counts {@code flk_policy_pii_findings_total} and
 * {@code flk_policy_vrf_checks_total} for the screening that decided.
 */
@ApplicationScoped
public class AttachmentScreening {

    private record FindingKey(String tenant, String policy, String kind, String action) {
    }

    private record VrfKey(String tenant, String result) {
    }

    private final MeterRegistry registry;
    private final Map<FindingKey, Counter> findings = new ConcurrentHashMap<>();
    private final Map<VrfKey, Counter> vrfChecks = new ConcurrentHashMap<>();

    public AttachmentScreening(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Screens the submission under {@code policy}; {@code same} is a screening under another policy to reuse. */
    public Screened screen(Tenant tenant, CompiledPolicy policy, Pcs pcs, byte[] body, Screened same) {
        if (same != null && samePiiPolicy(same, policy.pii()) && vrfResultHolds(same, policy, tenant)) {
            return same;
        }
        PiiPolicy pii = policy.pii();
        PiiScan scan = pii.screen(body);
        List<String> kinds = scan == null ? List.of()
                : scan.kinds().stream().map(k -> k.code()).sorted().toList();
        return new Screened(new Attachments(kinds, vrf(tenant, policy, pcs, body)), pii, scan);
    }

    /** Every kind redacted, nothing else checked: when the policy that decided a stored submission is unknown. */
    public Screened redactAll(byte[] body) {
        return new Screened(Attachments.NONE, PiiPolicy.REDACT_ALL, PiiPolicy.REDACT_ALL.screen(body));
    }

    /** Counts what the deciding screening found and did. */
    public void record(String tenant, String policy, Screened s) {
        if (!Attachments.VRF_NOT_CHECKED.equals(s.attachments().vrf())) {
            vrfChecks.computeIfAbsent(new VrfKey(tenant, s.attachments().vrf()), k -> Counter
                    .builder("flk_policy_vrf_checks_total")
                    .description("VRF seed checks, by result (valid, proof_invalid, seed_mismatch, ...)")
                    .tags("tenant", k.tenant(), "result", k.result())
                    .register(registry)).increment();
        }
        if (s.scan() == null || !s.scan().found()) {
            return;
        }
        String action = s.blocked() ? "blocked" : s.redactedBody() != null ? "redacted" : "detected";
        for (PiiFinding f : s.findings()) {
            findings.computeIfAbsent(new FindingKey(tenant, policy, f.kind().code(), action), k -> Counter
                    .builder("flk_policy_pii_findings_total")
                    .description("PII findings in what agents attached, by kind and what the policy did with them")
                    .tags("tenant", k.tenant(), "policy", k.policy(), "kind", k.kind(), "action", k.action())
                    .register(registry)).increment();
        }
    }

    private static boolean samePiiPolicy(Screened s, PiiPolicy p) {
        return s.pii().mode() == p.mode() && s.pii().kinds().equals(p.kinds());
    }

    private static boolean vrfResultHolds(Screened s, CompiledPolicy policy, Tenant tenant) {
        // The VRF result depends on the policy only where a key is missing or no proof need be checked.
        String r = s.attachments().vrf();
        if (tenant.vrfPublicKey() == null) {
            return (policy.vrfRequired() ? Attachments.VRF_KEY_MISSING : Attachments.VRF_NOT_CHECKED).equals(r);
        }
        return !Attachments.VRF_NOT_CHECKED.equals(r);   // checked: the proof's verdict holds under any policy
    }

    static String vrf(Tenant tenant, CompiledPolicy policy, Pcs pcs, byte[] body) {
        byte[] key = tenant.vrfPublicKey();
        String proof = VrfProofField.read(body);
        if (key == null) {
            return policy.vrfRequired() ? Attachments.VRF_KEY_MISSING : Attachments.VRF_NOT_CHECKED;
        }
        if (proof == null && !policy.vrfRequired()) {
            return Attachments.VRF_NOT_CHECKED;
        }
        String reason = VrfProofField.NOT_A_STRING.equals(proof) ? VrfSeed.Result.MALFORMED_PROOF.reasonCode()
                : VrfSeed.check(key, pcs.merkleRoot(), proof, pcs.seed()).reasonCode();
        return reason.substring("vrf_".length());
    }
}
