package io.fractallba.policy;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelVariableResolver;
import io.fractallba.pcs.decision.DecisionFacts;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;

import java.util.List;
import java.util.Optional;

/**
 * The typed variables a rule may read (docs/policies.md, "Environment"): the signed PCS fields as the contract
 * compares them, the values the verifier re-derived, the tenant, and the usage the agent declared (unsigned: a rule
 * that trusts it should only ever escalate on it). A name not listed here is a compile error at upload.
 */
public final class PolicyEnvironment {

    /** One declared variable: its CEL name, type and what it holds. */
    public record Variable(String name, CelType type, String description) {
    }

    public static final List<Variable> VARIABLES = List.of(
            new Variable("pcs.pcs_id", SimpleType.STRING, "the PCS id (64 hex digits, signed)"),
            new Variable("pcs.shard_id", SimpleType.STRING, "the agent's shard (signed)"),
            new Variable("pcs.epoch", SimpleType.INT, "the epoch (signed)"),
            new Variable("pcs.merkle_root", SimpleType.STRING, "Merkle root of the inputs (signed)"),
            new Variable("pcs.d_hat", SimpleType.DOUBLE, "claimed D̂, rounded to 9 decimals (signed)"),
            new Variable("pcs.coh_star", SimpleType.DOUBLE, "claimed coh★, rounded to 9 decimals (signed)"),
            new Variable("pcs.r", SimpleType.DOUBLE, "claimed compressibility r, rounded to 9 decimals (signed)"),
            new Variable("pcs.budget", SimpleType.DOUBLE, "claimed budget, rounded to 9 decimals (signed)"),
            new Variable("pcs.regime", SimpleType.STRING, "claimed regime: sticky, mixed or non_sticky (unsigned)"),
            new Variable("pcs.scales", ListType.create(SimpleType.INT), "the scales, as sent (unsigned)"),
            new Variable("pcs.nj", MapType.create(SimpleType.STRING, SimpleType.INT),
                    "N_j per scale, keyed by the decimal scale (unsigned)"),
            new Variable("recomputed.d_hat", SimpleType.DOUBLE, "D̂ the verifier recomputed from scales and N_j"),
            new Variable("recomputed.budget", SimpleType.DOUBLE, "budget from the contract's formula"),
            new Variable("recomputed.regime", SimpleType.STRING, "regime the claimed signals give"),
            new Variable("tenant", SimpleType.STRING, "the tenant the bearer token scopes the request to"),
            new Variable("usage.model", SimpleType.STRING, "declared model, \"\" when not declared (unsigned)"),
            new Variable("usage.task", SimpleType.STRING, "declared task, \"\" when not declared (unsigned)"),
            new Variable("usage.input_tokens", SimpleType.INT, "declared input tokens, 0 when not declared (unsigned)"),
            new Variable("usage.output_tokens", SimpleType.INT,
                    "declared output tokens, 0 when not declared (unsigned)"),
            new Variable("pii.kinds", ListType.create(SimpleType.STRING),
                    "PII kinds the policy's screening found in what the agent attached, [] when it screens nothing"),
            new Variable("vrf.result", SimpleType.STRING,
                    "the VRF seed check: valid, proof_missing, proof_malformed, proof_invalid, seed_missing, "
                            + "seed_mismatch, key_missing or not_checked"));

    /** The variable a rule reads when it compares the regime; an outcome reports the expected regime then. */
    static final String RECOMPUTED_REGIME = "recomputed.regime";

    private PolicyEnvironment() {
    }

    /** Values for one evaluation, resolved by name only when a rule reads them. */
    static CelVariableResolver resolver(Pcs pcs, DecisionFacts f, String tenant, Attachments a) {
        DeclaredUsage u = pcs.usage();
        return name -> Optional.ofNullable(switch (name) {
            case "pcs.pcs_id" -> pcs.pcsId();
            case "pcs.shard_id" -> pcs.shardId();
            case "pcs.epoch" -> pcs.epoch();
            case "pcs.merkle_root" -> pcs.merkleRoot();
            case "pcs.d_hat" -> f.claimedDHat();
            case "pcs.coh_star" -> f.claimedCohStar();
            case "pcs.r" -> io.fractallba.pcs.canonical.PyFloat.round9(pcs.r());
            case "pcs.budget" -> f.claimedBudget();
            case "pcs.regime" -> pcs.regime();
            case "pcs.scales" -> pcs.scales();
            case "pcs.nj" -> pcs.nj();
            case "recomputed.d_hat" -> f.recomputedDHat();
            case "recomputed.budget" -> f.recomputedBudget();
            case "recomputed.regime" -> f.recomputedRegime();
            case "tenant" -> tenant;
            case "usage.model" -> u == null || u.model() == null ? "" : u.model();
            case "usage.task" -> u == null || u.task() == null ? "" : u.task();
            case "usage.input_tokens" -> u == null || u.inputTokens() == null ? 0L : u.inputTokens();
            case "usage.output_tokens" -> u == null || u.outputTokens() == null ? 0L : u.outputTokens();
            case "pii.kinds" -> a.piiKinds();
            case "vrf.result" -> a.vrf();
            default -> null;
        });
    }
}
