package io.fractallba.audit.log;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.json.PcsParseException;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audit entry: identified by {@code (tenant, pcs_id)} — the pcs_id of the event key, so an invalid document
 * stored under {@code invalid-<sha256>} stays apart from the id it claimed — with its canonical JSON leaf.
 */
public record AuditEntry(String tenant, String pcsId, byte[] leaf, String eventId) {

    /** Leaf schema version, the {@code v} field of every leaf. */
    public static final int LEAF_VERSION = 1;

    private static final PcsParser PARSER = new PcsParser();

    /** Builds the entry of a {@code pcs.verified} event; throws {@link PoisonEventException} for one that cannot be. */
    public static AuditEntry of(EventEnvelope<PcsVerified> event) throws PoisonEventException {
        PcsVerified p = event.payload();
        if (p == null || !PcsVerified.TYPE.equals(event.type()) || event.version() != PcsVerified.VERSION) {
            throw new PoisonEventException("not a pcs.verified v1 event: type " + event.type() + " v" + event.version());
        }
        if (isBlank(p.tenant()) || isBlank(p.pcsId()) || p.outcome() == null || p.pcsRaw() == null
                || isBlank(event.key())) {
            throw new PoisonEventException("pcs.verified event lacks tenant, pcs_id, key, outcome or pcs_raw");
        }
        String prefix = p.tenant() + "/";
        if (!event.key().startsWith(prefix) || event.key().length() == prefix.length()) {
            throw new PoisonEventException("event key " + event.key() + " does not belong to tenant " + p.tenant());
        }
        Pcs pcs;
        try {
            pcs = PARSER.parse(p.pcsRaw().getBytes(StandardCharsets.UTF_8));
        } catch (PcsParseException e) {
            throw new PoisonEventException("pcs_raw does not parse: " + e.getMessage());
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("status", p.outcome().status());
        outcome.put("accepted", p.outcome().accepted());
        outcome.put("escalated", p.outcome().escalated());
        outcome.put("reason_code", p.outcome().reasonCode());
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("v", LEAF_VERSION);
        leaf.put("tenant", p.tenant());
        leaf.put("pcs_id", p.pcsId());
        leaf.put("signed_payload", SignaturePayload.text(pcs.signedFields()));
        leaf.put("outcome", outcome);
        leaf.put("policy", p.policy());
        leaf.put("region", p.region());
        leaf.put("received_at", p.receivedAt());
        leaf.put("key_id", p.keyId());
        if (p.isReplicated()) {
            leaf.put("replicated_from", p.replicatedFrom());   // this region's copy of another region's record
        }
        return new AuditEntry(p.tenant(), event.key().substring(prefix.length()), CanonicalJson.encode(leaf),
                event.eventId());
    }

    /** Prefix of the pcs_id under which a submission's ensemble disagreement is logged, next to its own entry. */
    public static final String DISAGREEMENT_PREFIX = "disagreement:";

    /**
     * The entry of a {@code pcs.decision} event that records a disagreement (docs/audit.md): keyed
     * {@code disagreement:<pcs_id>}, so it sits next to the submission's own entry and is logged once.
     */
    public static AuditEntry ofDisagreement(EventEnvelope<io.fractallba.pcs.event.EnsembleDecision> event)
            throws PoisonEventException {
        io.fractallba.pcs.event.EnsembleDecision d = event.payload();
        if (d == null || isBlank(d.tenant()) || isBlank(d.pcsId()) || isBlank(d.decision()) || d.votes() == null) {
            throw new PoisonEventException("pcs.decision event lacks tenant, pcs_id, decision or votes");
        }
        List<Map<String, Object>> votes = new java.util.ArrayList<>();
        for (io.fractallba.pcs.event.EnsembleDecision.Vote v : d.votes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", v.check());
            m.put("verdict", v.verdict());
            m.put("reason", v.reason());
            votes.add(m);
        }
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("v", LEAF_VERSION);
        leaf.put("kind", "disagreement");
        leaf.put("tenant", d.tenant());
        leaf.put("pcs_id", d.pcsId());
        leaf.put("disagreement", d.disagreement());
        leaf.put("decision", d.decision());
        leaf.put("policy", d.policy());
        leaf.put("n", d.n());
        leaf.put("m", d.m());
        leaf.put("votes", votes);
        return new AuditEntry(d.tenant(), DISAGREEMENT_PREFIX + d.pcsId(), CanonicalJson.encode(leaf), event.eventId());
    }

    /** Prefix of the pcs_id under which a policy publication, activation or rollback is logged (docs/policies.md). */
    public static final String POLICY_PREFIX = "policy:";

    /**
     * The entry of a {@code policy.change} event: keyed {@code policy:<action>:<name@version>:<event id>}, so a
     * redelivered change is logged once and every change of a tenant's policies is in its log, with the document's
     * hash for a publication.
     */
    public static AuditEntry ofPolicyChange(EventEnvelope<io.fractallba.pcs.event.PolicyChange> event)
            throws PoisonEventException {
        io.fractallba.pcs.event.PolicyChange c = event.payload();
        if (c == null || isBlank(c.tenant()) || isBlank(c.action()) || isBlank(c.policy()) || isBlank(event.eventId())) {
            throw new PoisonEventException("policy.change event lacks tenant, action, policy or event id");
        }
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("v", LEAF_VERSION);
        leaf.put("kind", "policy");
        leaf.put("tenant", c.tenant());
        leaf.put("action", c.action());
        leaf.put("policy", c.policy());
        leaf.put("previous", c.previous());
        leaf.put("sha256", c.sha256());
        leaf.put("by", c.by());
        leaf.put("at", c.at());
        leaf.put("reason", c.reason());
        return new AuditEntry(c.tenant(), POLICY_PREFIX + c.action() + ":" + c.policy() + ":" + event.eventId(),
                CanonicalJson.encode(leaf), event.eventId());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
