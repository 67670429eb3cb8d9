// The verifier's decision of docs/contract.md §4 as a pure function (pcs-core PcsDecider): the first failing step
// decides. An agent runs it offline to know the answer before sending.

import { estimateDHat } from "./dhat.js";
import { SCHEMA, type Pcs } from "./document.js";
import { pyRepr, round9 } from "./pyfloat.js";
import { pcsId } from "./signals.js";

export interface Policy {
  name: string;
  version: number;
  tolD: number;
  tolCoh: number;
  alpha: number;
  beta: number;
  gamma: number;
  base: number;
  d0: number;
  budgetTolerance: number;
  stickyCohMin: number;
  stickyDHatMax: number;
  nonStickyDHatMin: number;
  minScale: number;
  maxScale: number;
}

/** Policy default, version 1 (a change of any constant is a new version). */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  name: "default",
  version: 1,
  tolD: 0.15,
  tolCoh: 0.05,
  alpha: 0.3,
  beta: 0.5,
  gamma: 0.2,
  base: 0.1,
  d0: 2.2,
  budgetTolerance: 0.01,
  stickyCohMin: 0.7,
  stickyDHatMax: 1.5,
  nonStickyDHatMin: 2.6,
  minScale: 1,
  maxScale: 1024,
});

export type Regime = "sticky" | "mixed" | "non_sticky";

export type ReasonCode =
  | "validation_failed"
  | "dhat_recompute_failed"
  | "dhat_out_of_tolerance"
  | "coh_star_out_of_bounds"
  | "regime_mismatch"
  | "budget_deviation";

export interface Outcome {
  accepted: boolean;
  escalated: boolean;
  /** null when accepted cleanly. */
  reason_code: ReasonCode | null;
  reason: string | null;
  /** null when the recompute could not run. */
  recomputed_D_hat: number | null;
  recomputed_budget: number;
  /** set on a regime mismatch. */
  expected_regime: Regime | null;
  policy: string;
  /** 200 when accepted and not escalated, otherwise 202 (§5). */
  status: 200 | 202;
}

export function regimeOf(dHat: number, cohStar: number, p: Policy = DEFAULT_POLICY): Regime {
  if (cohStar >= p.stickyCohMin && dHat <= p.stickyDHatMax) return "sticky";
  if (dHat >= p.nonStickyDHatMin) return "non_sticky";
  return "mixed";
}

/** clamp01(base + alpha(1 − r) + beta·max(0, D̂ − D0) + gamma·coh★), inputs and result round9'd. */
export function budgetOf(dHat: number, cohStar: number, r: number, p: Policy = DEFAULT_POLICY): number {
  const d = round9(dHat);
  const c = round9(cohStar);
  const rr = round9(r);
  const raw = p.base + p.alpha * (1 - rr) + p.beta * Math.max(0.0, d - p.d0) + p.gamma * c;
  return round9(Math.min(1.0, Math.max(0.0, raw)));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):(\d{2})(?::(\d{2}))?)$/;

/** What java.time's ISO_OFFSET_DATE_TIME accepts (the verifier's check of sent_at). */
export function isRfc3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => parseInt(m[i], 10));
  const sec = m[6] === undefined ? 0 : parseInt(m[6], 10);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1] || h > 23 || mi > 59 || sec > 59) return false;
  if (m[7] !== undefined) {
    const oh = parseInt(m[7], 10);
    const om = parseInt(m[8], 10);
    const os = m[9] === undefined ? 0 : parseInt(m[9], 10);
    if (oh > 18 || om > 59 || os > 59 || (oh === 18 && (om > 0 || os > 0))) return false;
  }
  return true;
}

/** The first broken §1 value rule, or null. */
export function structureViolation(p: Pcs, policy: Policy = DEFAULT_POLICY): string | null {
  if (p.schema !== SCHEMA) return `schema must be '${SCHEMA}'`;
  if (p.version === "") return "version must not be empty";
  if (p.shard_id === "") return "shard_id must not be empty";
  if (p.epoch < 0n) return "epoch negative";
  if (p.attempt !== null && p.attempt < 1n) return "attempt must be at least 1";
  if (p.sent_at !== null && !isRfc3339(p.sent_at)) return "sent_at is not an RFC 3339 timestamp";
  for (const s of p.scales) {
    if (s < BigInt(policy.minScale) || s > BigInt(policy.maxScale)) return `scale ${s} outside ${policy.minScale}..${policy.maxScale}`;
  }
  if (p.regime !== "sticky" && p.regime !== "mixed" && p.regime !== "non_sticky") return "regime must be sticky, mixed or non_sticky";
  if (!/^[0-9a-fA-F]+$/.test(p.merkle_root)) return "merkle_root must be hex";
  if (!/^[0-9a-f]{64}$/.test(p.pcs_id)) return "pcs_id must be 64 lowercase hex digits";
  if (p.pcs_id !== pcsId(p.merkle_root, p.epoch, p.shard_id)) return "pcs_id mismatch";
  return null;
}

/** Java's Double.toString for the policy constants quoted in reasons (short values: same digits as JS). */
function javaDouble(x: number): string {
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export function decide(p: Pcs, policy: Policy = DEFAULT_POLICY): Outcome {
  const dClaimed = round9(p.D_hat);
  const cohClaimed = round9(p.coh_star);
  const budget = budgetOf(p.D_hat, p.coh_star, p.r, policy);
  const policyId = `${policy.name}@${policy.version}`;
  const flagged = (code: ReasonCode, reason: string, dHat: number | null, expected: Regime | null = null): Outcome => {
    const accepted = code === "regime_mismatch" || code === "budget_deviation";
    return {
      accepted,
      escalated: true,
      reason_code: code,
      reason,
      recomputed_D_hat: dHat,
      recomputed_budget: budget,
      expected_regime: expected,
      policy: policyId,
      status: 202,
    };
  };

  const violation = structureViolation(p, policy);
  if (violation !== null) return flagged("validation_failed", violation, null);
  const est = estimateDHat(p.scales, p.N_j);
  if (!est.ok) return flagged("dhat_recompute_failed", est.failure, null);
  const dRe = est.value;
  if (Math.abs(dClaimed - dRe) > policy.tolD) {
    return flagged("dhat_out_of_tolerance",
      `claimed D_hat ${pyRepr(dClaimed)} differs from recomputed ${pyRepr(dRe)} by more than ${javaDouble(policy.tolD)}`, dRe);
  }
  if (cohClaimed < 0 || cohClaimed > 1 + policy.tolCoh) {
    return flagged("coh_star_out_of_bounds", `coh_star ${pyRepr(cohClaimed)} outside [0, ${javaDouble(1 + policy.tolCoh)}]`, dRe);
  }
  const expected = regimeOf(dClaimed, cohClaimed, policy);
  if (expected !== p.regime) {
    return flagged("regime_mismatch", `regime '${p.regime}' but the signals give '${expected}'`, dRe, expected);
  }
  const budgetClaimed = round9(p.budget);
  if (Math.abs(budgetClaimed - budget) > policy.budgetTolerance) {
    return flagged("budget_deviation",
      `budget ${pyRepr(budgetClaimed)} differs from ${pyRepr(budget)} by more than ${javaDouble(policy.budgetTolerance)}`, dRe);
  }
  return {
    accepted: true,
    escalated: false,
    reason_code: null,
    reason: null,
    recomputed_D_hat: dRe,
    recomputed_budget: budget,
    expected_regime: null,
    policy: policyId,
    status: 200,
  };
}
