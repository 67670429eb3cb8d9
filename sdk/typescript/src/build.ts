// Building a PCS (docs/contract.md §7 "The rest"), as the Java SDK's PcsFactory: D̂ from the verifier's estimator,
// regime and budget from the verifier's formulas (coh★ and r rounded first), pcs_id from the Merkle root, attempt 1,
// no sent_at, the fixed ft block, then the signature over the canonical payload.

import { budgetOf, DEFAULT_POLICY, regimeOf, type Policy } from "./decision.js";
import { estimateDHat } from "./dhat.js";
import { SCHEMA, signedFields, type Pcs } from "./document.js";
import { round9 } from "./pyfloat.js";
import { signFields, type Algorithm } from "./signing.js";
import { boxCounts, cohStar, compressibility, merkleRoot, pcsId } from "./signals.js";
import { parseTrace, type Trace } from "./trace.js";

export const DEFAULT_SCALES: readonly number[] = [2, 4, 8, 16];
export const DEFAULT_SHARD = "shard-0";
export const DEFAULT_EPOCH = 1n;
export const DEFAULT_SEED = 42n;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Signals an agent measured; N_j keyed by the scale in decimal. */
export interface Signals {
  scales: readonly number[];
  N_j: ReadonlyMap<string, number | bigint>;
  coh_star: number;
  v_star: number[] | null;
  r: number;
  merkle_root: string;
  epoch: bigint | number;
  shard_id: string;
  seed: bigint | number;
}

export interface Signer {
  alg: Algorithm;
  /** The secret's bytes for the HMAC variants, the 32-byte seed for ed25519; ignored for none. */
  key: Uint8Array;
}

export interface BuildOptions {
  scales?: readonly number[];
  seed?: bigint | number;
  epoch?: bigint | number;
  shardId?: string;
  /** Omitted: the PCS carries sig "" (unsigned, for tenants configured with alg none). */
  signer?: Signer;
  policy?: Policy;
}

/** Checks the build parameters the contract bounds; throws RangeError with a message a user can act on. */
export function checkParameters(scales: readonly number[], epoch: bigint, shardId: string, seed: bigint): void {
  if (epoch < 0n) throw new RangeError(`epoch must be ≥ 0, was ${epoch}`);
  if (epoch > INT64_MAX) throw new RangeError(`epoch must fit in a signed 64-bit integer, was ${epoch}`);
  if (seed < INT64_MIN || seed > INT64_MAX) throw new RangeError(`seed must be a signed 64-bit integer, was ${seed}`);
  if (shardId === "") throw new RangeError("shard_id must not be empty");
  // A lone surrogate has no UTF-8 form: TextEncoder would hash U+FFFD and the verifier's pcs_id would differ.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(shardId)) {
    throw new RangeError("shard_id is not valid Unicode (it contains a lone surrogate)");
  }
  const seen = new Set<number>();
  for (const s of scales) {
    if (!Number.isInteger(s) || s < 1 || s > 1024) throw new RangeError(`scales must be integers in 1..1024, was ${s}`);
    // The Java writer would emit a duplicate N_j key for a repeated scale: a file the verifier refuses.
    if (seen.has(s)) throw new RangeError(`scale ${s} is given twice`);
    seen.add(s);
  }
}

/** A PCS from measured signals, signed when a signer is given. */
export async function buildPcs(s: Signals, signer?: Signer, policy: Policy = DEFAULT_POLICY): Promise<Pcs> {
  const epoch = BigInt(s.epoch);
  const seed = BigInt(s.seed);
  checkParameters(s.scales, epoch, s.shard_id, seed);
  const d = estimateDHat(s.scales, s.N_j);
  if (!d.ok) throw new RangeError(`cannot compute D_hat: ${d.failure}`);
  const coh = round9(s.coh_star);
  const r = round9(s.r);
  const nj = new Map<string, bigint>();
  for (const [k, v] of s.N_j) nj.set(k, BigInt(v));
  const unsigned: Pcs = {
    pcs_id: pcsId(s.merkle_root, epoch, s.shard_id),
    schema: SCHEMA,
    version: "0.1",
    shard_id: s.shard_id,
    epoch,
    attempt: 1n,
    sent_at: null,
    seed,
    scales: s.scales.map((x) => BigInt(x)),
    N_j: nj,
    coh_star: coh,
    v_star: s.v_star,
    D_hat: d.value,
    r,
    regime: regimeOf(d.value, coh, policy),
    budget: budgetOf(d.value, coh, r, policy),
    merkle_root: s.merkle_root,
    sig: null,
    ft: { outbox_seq: 0n, degraded: false, fallbacks: [], clock_skew_ms: 0.0 },
    usage: null,
  };
  const sig = signer ? await signFields(signer.alg, signer.key, signedFields(unsigned)) : "";
  return { ...unsigned, sig };
}

/** Measures every signal of a trace the contract's way and builds (and signs) the PCS. */
export async function buildFromTrace(trace: Trace | string | Uint8Array, options: BuildOptions = {}): Promise<Pcs> {
  const t = typeof trace === "string" || trace instanceof Uint8Array ? parseTrace(trace) : trace;
  const scales = options.scales ?? DEFAULT_SCALES;
  const seed = BigInt(options.seed ?? DEFAULT_SEED);
  const epoch = BigInt(options.epoch ?? DEFAULT_EPOCH);
  const shardId = options.shardId ?? DEFAULT_SHARD;
  checkParameters(scales, epoch, shardId, seed); // before the (costly) signals
  const coh = cohStar(t.points, seed);
  return buildPcs(
    {
      scales,
      N_j: boxCounts(t.points, scales),
      coh_star: coh.coh_star,
      v_star: coh.v_star,
      r: compressibility(t.raw),
      merkle_root: merkleRoot(t.raw),
      epoch,
      shard_id: shardId,
      seed,
    },
    options.signer,
    options.policy,
  );
}
