package io.fractallba.hrs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.decision.SignalFormulas;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.PcsFactory;
import io.fractallba.sdk.signals.BoxCounting;
import io.fractallba.sdk.signals.Coherence;
import io.fractallba.sdk.signals.Compressibility;
import io.fractallba.sdk.signals.MerkleRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The project's own labelled data set (docs/hrs.md). Each submission summarises a 2-D agent trace that the SDK turns
 * into a real PCS (box counting, coherence, zlib ratio, Merkle root, HMAC signature). A grounded trace (label 0) is
 * a smooth path; a risky one (label 1) is the same kind of path degraded by a latent amount m: points replaced by
 * uniform noise (fractal dimension and coherence move) and points collapsed onto a coarse grid (repetition, so
 * compressibility moves). m overlaps between the classes and 3% of labels are flipped, so no feature separates them
 * perfectly. 70% of submissions carry an {@code agent_features} block whose token log-probability mean is mildly
 * informative and whose response length is barely so. Three tenants differ in step size.
 *
 * <p>A share {@value #TAMPERED_SHARE} of submissions is tampered with after the SDK computed it, and labelled risky
 * whatever its trace: the agent claims another D̂ than its N_j give (and the budget and regime that D̂ would give), a
 * budget off the contract's formula, or a regime the signals do not give — then signs what it claims. The integrity
 * features ({@code d_hat_delta}, {@code budget_delta}, {@code regime_mismatch}) are what reveals them.
 */
public final class SyntheticLabelledData {

    /** How a submission was tampered with after the SDK computed it. */
    public enum Tampering { NONE, D_HAT, BUDGET, REGIME }

    /** A generated submission: tenant, signed PCS, its JSON bytes (with agent features), its label, its tampering. */
    public record Item(String tenant, Pcs pcs, byte[] json, int label, Tampering tampering) {
    }

    /** Share of generated submissions tampered with (labelled risky). */
    public static final double TAMPERED_SHARE = 0.1;

    private static final List<Long> SCALES = List.of(2L, 4L, 8L, 16L, 32L);
    private static final String[] TENANTS = {"eval-a", "eval-b", "eval-c"};
    private static final double[] STEP = {0.008, 0.012, 0.018};
    private static final int POINTS = 300;

    private static final String[] MODELS = {"gpt-4o", "claude-sonnet", "llama-3-70b"};
    private static final String[] TASKS = {"summarise", "code-review", "research"};

    private final Random random;
    /** Apart from {@code random}, so declaring model and task leaves every signal and label as it was. */
    private final Random declared;
    private final PcsSigner signer;
    private final PcsFactory factory;
    private final ObjectMapper mapper = new ObjectMapper();

    public SyntheticLabelledData(long seed) {
        this.random = new Random(seed);
        this.declared = new Random(seed ^ 0x5DEECE66DL);
        this.signer = PcsSigner.of(SignatureAlgorithm.HMAC, "testsecret".getBytes(StandardCharsets.US_ASCII));
        this.factory = new PcsFactory(signer);
    }

    public List<Item> generate(int count) {
        List<Item> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next(i));
        }
        return out;
    }

    private Item next(int i) {
        int tenant = random.nextInt(TENANTS.length);
        int label = random.nextDouble() < 0.35 ? 1 : 0;
        double m = clamp(label == 0 ? 0.22 + 0.14 * random.nextGaussian() : 0.55 + 0.18 * random.nextGaussian());
        List<double[]> points = trace(STEP[tenant] * (0.8 + 0.4 * random.nextDouble()), m);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (double[] p : points) {
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f%n", p[0], p[1]));
        }
        byte[] raw = csv.toString().getBytes(StandardCharsets.UTF_8);
        long seed = random.nextLong();
        Coherence.Result coh = Coherence.of(points, seed, 64, 10);
        Pcs pcs = factory.build(new PcsFactory.Signals(SCALES, BoxCounting.counts(points, SCALES), coh.cohStar(),
                coh.vStar(), Compressibility.ratio(raw), MerkleRoot.of(raw, MerkleRoot.DEFAULT_CHUNK), 1 + i,
                "shard-" + tenant, seed));
        if (random.nextDouble() < 0.03) {
            label = 1 - label; // label noise: reviewers disagree sometimes
        }
        // What the agent says it used (the unsigned usage block; independent of the signals and the label), so audits
        // per declared model and task have groups to measure.
        pcs = pcs.withUsage(new DeclaredUsage(MODELS[declared.nextInt(MODELS.length)],
                TASKS[declared.nextInt(TASKS.length)], null, null, null));
        Item honest = new Item(TENANTS[tenant], pcs, withAgentFeatures(pcs, label), label, Tampering.NONE);
        if (random.nextDouble() >= TAMPERED_SHARE) {
            return honest;
        }
        Tampering kind = Tampering.values()[1 + random.nextInt(3)];
        double magnitude = (random.nextBoolean() ? 1 : -1) * (kind == Tampering.D_HAT
                ? 0.05 + 0.45 * random.nextDouble() : 0.02 + 0.28 * random.nextDouble());
        return tampered(honest, kind, magnitude);
    }

    /**
     * The same submission with one claim changed and signed again, labelled risky: {@link Tampering#D_HAT} claims
     * D̂ + magnitude (with the regime and budget that D̂ gives, so only the recompute from N_j disagrees),
     * {@link Tampering#BUDGET} the budget + magnitude (clamped to [0, 1]; the other way if clamping undoes it),
     * {@link Tampering#REGIME} another regime than the signals give. The agent features stay as they were.
     */
    public Item tampered(Item honest, Tampering kind, double magnitude) {
        Pcs p = honest.pcs();
        double dHat = p.dHat();
        double budget = p.budget();
        String regime = p.regime();
        Policy policy = Policy.DEFAULT_V1;
        switch (kind) {
            case D_HAT -> {
                dHat = PyFloat.round9(p.dHat() + magnitude);
                regime = SignalFormulas.regime(dHat, p.cohStar(), policy).wireName();
                budget = SignalFormulas.budget(dHat, p.cohStar(), p.r(), policy);
            }
            case BUDGET -> {
                double moved = PyFloat.round9(Math.max(0, Math.min(1, p.budget() + magnitude)));
                budget = Math.abs(moved - p.budget()) > 1e-3 ? moved
                        : PyFloat.round9(Math.max(0, Math.min(1, p.budget() - magnitude)));
            }
            case REGIME -> regime = switch (p.regime()) {
                case "sticky" -> magnitude >= 0 ? "mixed" : "non_sticky";
                case "mixed" -> magnitude >= 0 ? "sticky" : "non_sticky";
                default -> magnitude >= 0 ? "mixed" : "sticky";
            };
            case NONE -> {
                return honest;
            }
        }
        Pcs unsigned = new Pcs(p.pcsId(), p.schema(), p.version(), p.shardId(), p.epoch(), p.attempt(), p.sentAt(),
                p.seed(), p.scales(), p.nj(), p.cohStar(), p.vStar(), dHat, p.r(), regime, budget, p.merkleRoot(), null,
                p.ft(), p.usage());
        Pcs signed = unsigned.withSignature(signer.sign(SignaturePayload.bytes(unsigned.signedFields())));
        try {
            ObjectNode doc = (ObjectNode) mapper.readTree(PcsJsonWriter.bytes(signed));
            com.fasterxml.jackson.databind.JsonNode agent = mapper.readTree(honest.json()).get("agent_features");
            if (agent != null) {
                doc.set("agent_features", agent);
            }
            return new Item(honest.tenant(), signed, mapper.writeValueAsBytes(doc), 1, kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<double[]> trace(double step, double m) {
        List<double[]> pts = new ArrayList<>(POINTS);
        double x = 0.2 + 0.6 * random.nextDouble();
        double y = 0.2 + 0.6 * random.nextDouble();
        double heading = random.nextDouble() * 2 * Math.PI;
        for (int k = 0; k < POINTS; k++) {
            heading += 0.15 * random.nextGaussian();
            x += step * Math.cos(heading);
            y += step * Math.sin(heading);
            if (x < 0.02 || x > 0.98) {
                heading = Math.PI - heading;
                x = Math.min(0.98, Math.max(0.02, x));
            }
            if (y < 0.02 || y > 0.98) {
                heading = -heading;
                y = Math.min(0.98, Math.max(0.02, y));
            }
            double u = random.nextDouble();
            if (u < m * 0.6) {
                pts.add(new double[]{random.nextDouble() * 0.999, random.nextDouble() * 0.999});
            } else if (u < m) {
                pts.add(new double[]{Math.floor(x * 6) / 6, Math.floor(y * 6) / 6});
            } else {
                pts.add(new double[]{x, y});
            }
        }
        return pts;
    }

    private byte[] withAgentFeatures(Pcs pcs, int label) {
        try {
            ObjectNode doc = (ObjectNode) mapper.readTree(PcsJsonWriter.bytes(pcs));
            if (random.nextDouble() < 0.7) {
                ObjectNode f = doc.putObject("agent_features");
                f.put("logprob_mean", -0.6 - 0.45 * label + 0.35 * random.nextGaussian());
                f.put("response_tokens", Math.round(Math.exp(5.5 + 0.1 * label + 0.6 * random.nextGaussian())));
            }
            return mapper.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(0.95, v));
    }
}
