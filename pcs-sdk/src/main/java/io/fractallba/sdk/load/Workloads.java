package io.fractallba.sdk.load;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.PcsFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Signed PCS workloads for load and tests. Signals vary per document, so D̂, regime and budget are really computed.
 * By default with the demo tenants' keys (DEMO ONLY: "default" signs with HMAC "testsecret", "acme" with the RFC 8032
 * test key); {@code pcs load} passes a tenant's own keys.
 */
public final class Workloads {

    public static final byte[] DEMO_HMAC = "testsecret".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] DEMO_ED25519_SEED =
            HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    private final Random random;
    private final String hmacTenant;
    private final byte[] hmacSecret;
    private final String edTenant;
    private final PcsFactory hmac;
    private final PcsFactory ed25519;

    public Workloads(long seed) {
        this(seed, null, DEMO_HMAC, "acme", DEMO_ED25519_SEED);
    }

    /**
     * @param hmacTenant tenant of the HMAC documents (null: no X-Tenant-Id header, the verifier's default tenant)
     * @param edTenant   tenant of the Ed25519 documents
     */
    public Workloads(long seed, String hmacTenant, byte[] hmacSecret, String edTenant, byte[] ed25519Seed) {
        this.random = new Random(seed);
        this.hmacTenant = hmacTenant;
        this.hmacSecret = hmacSecret.clone();
        this.edTenant = edTenant;
        this.hmac = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, hmacSecret));
        this.ed25519 = ed25519Seed == null ? null : new PcsFactory(PcsSigner.of(SignatureAlgorithm.ED25519, ed25519Seed));
    }

    private String hmacKeyTenant() {
        return hmacTenant == null ? "default" : hmacTenant;
    }

    public Pcs signals(PcsFactory factory) {
        byte[] root = new byte[32];
        random.nextBytes(root);
        long base = 3 + random.nextInt(5);
        double growth = 1.6 + random.nextDouble() * 1.6; // occupied cells grow with scale: D_hat ~ log2(growth)
        Map<String, Long> nj = new java.util.HashMap<>();
        List<Long> scales = List.of(2L, 4L, 8L, 16L, 32L);
        double n = base;
        for (long s : scales) {
            nj.put(Long.toString(s), Math.max(1, Math.round(n)));
            n *= growth;
        }
        Pcs signed = factory.build(new PcsFactory.Signals(scales, nj, random.nextDouble() * 0.9,
                List.of(1.0, 0.0, 0.0), 0.2 + random.nextDouble() * 0.7, HexFormat.of().formatHex(root),
                1 + random.nextInt(1000), "shard-" + random.nextInt(8), random.nextLong()));
        return random.nextDouble() < 0.7 ? signed.withUsage(declaredUsage()) : signed;
    }

    private static final List<String> MODELS = List.of("gpt-4o", "claude-sonnet", "llama-3-70b");
    private static final List<String> TASKS = List.of("summarise", "extract", "plan");

    /** The optional, unsigned LLM usage an agent declares with most of its submissions (for the cost-service). */
    private DeclaredUsage declaredUsage() {
        return new DeclaredUsage(MODELS.get(random.nextInt(MODELS.size())), TASKS.get(random.nextInt(TASKS.size())),
                200L + random.nextInt(3800), 50L + random.nextInt(750), null);
    }

    /** A signed HMAC PCS of the default tenant (no header, like agents in the field). */
    public PreparedRequest fresh() {
        Pcs p = signals(hmac);
        return new PreparedRequest(PcsJsonWriter.bytes(p), hmacTenant, "fresh", Topics.submissionKey(hmacKeyTenant(), p.pcsId()));
    }

    public PreparedRequest freshEd25519() {
        if (ed25519 == null) {
            return fresh();
        }
        Pcs p = signals(ed25519);
        return new PreparedRequest(PcsJsonWriter.bytes(p), edTenant, "ed25519", Topics.submissionKey(edTenant, p.pcsId()));
    }

    /** Signed correctly but with a budget 0.2 off: accepted and escalated (budget_deviation). */
    public PreparedRequest escalation() {
        Pcs p = signals(hmac);
        Pcs off = new Pcs(p.pcsId(), p.schema(), p.version(), p.shardId(), p.epoch(), p.attempt(), p.sentAt(), p.seed(),
                p.scales(), p.nj(), p.cohStar(), p.vStar(), p.dHat(), p.r(), p.regime(), p.budget() > 0.5 ? p.budget() - 0.2 : p.budget() + 0.2,
                p.merkleRoot(), null, p.ft(), p.usage());
        Pcs signed = off.withSignature(PcsSigner.of(SignatureAlgorithm.HMAC, hmacSecret)
                .sign(SignaturePayload.bytes(off.signedFields())));
        return new PreparedRequest(PcsJsonWriter.bytes(signed), hmacTenant, "escalation",
                Topics.submissionKey(hmacKeyTenant(), p.pcsId()));
    }

    /** A valid document whose signature was made with the wrong secret: 401, no effects. */
    public PreparedRequest badSignature() {
        Pcs p = signals(new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, "wrong".getBytes(StandardCharsets.US_ASCII))));
        return new PreparedRequest(PcsJsonWriter.bytes(p), hmacTenant, "bad-signature", null);
    }

    public static PreparedRequest duplicateOf(PreparedRequest r) {
        return new PreparedRequest(r.body(), r.tenant(), "duplicate", r.eventKey());
    }

    /** The demo mix: mostly fresh HMAC, some Ed25519, escalations, bad signatures and client resubmissions. */
    public List<PreparedRequest> mixed(int count) {
        List<PreparedRequest> out = new ArrayList<>(count);
        List<PreparedRequest> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double x = random.nextDouble();
            PreparedRequest r;
            if (x < 0.10 && !sent.isEmpty()) {
                r = duplicateOf(sent.get(random.nextInt(sent.size())));
            } else if (x < 0.15) {
                r = badSignature();
            } else if (x < 0.22) {
                r = escalation();
            } else if (x < 0.35) {
                r = freshEd25519();
            } else {
                r = fresh();
            }
            if (!r.kind().equals("duplicate") && r.eventKey() != null) {
                sent.add(r);
            }
            out.add(r);
        }
        return out;
    }
}
