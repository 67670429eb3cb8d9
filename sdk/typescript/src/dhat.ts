// The D̂ estimator of docs/contract.md §4 step 2 (the verifier's own, pcs-core DHatEstimator): points
// (log2 s, log2 N_j[s]) in scales order, every pairwise slope with |Δx| ≥ 1e-9, sorted, the upper median, round9.

import { binaryExponent, round9 } from "./pyfloat.js";

const MIN_DX = 1e-9;
const LN2 = Math.log(2.0);

/** Base-2 logarithm as the Java reference computes it: exact for powers of two, exponent + ln(m)/ln 2 otherwise. */
export function log2(x: number): number {
  const e = binaryExponent(x);
  const mantissa = x / 2 ** e; // in [1, 2), exact
  return mantissa === 1.0 ? e : e + Math.log(mantissa) / LN2;
}

/** Arrays.sort(double[])'s order: numeric, with -0.0 before 0.0 (the median's sign of zero must match Java). */
function javaDoubleOrder(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const na = Object.is(a, -0);
  const nb = Object.is(b, -0);
  return na === nb ? 0 : na ? -1 : 1;
}

export type Estimate = { ok: true; value: number } | { ok: false; failure: string };

/** scales in order; counts keyed by the scale in decimal (as N_j is). */
export function estimateDHat(scales: readonly (bigint | number)[], counts: ReadonlyMap<string, bigint | number>): Estimate {
  if (scales.length < 2) return { ok: false, failure: "need at least 2 scales" };
  const n = scales.length;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const scale of scales) {
    const s = BigInt(scale);
    const count = counts.get(s.toString());
    if (count === undefined) return { ok: false, failure: `missing N_j for scale ${s}` };
    const c = BigInt(count);
    if (c <= 0n || s <= 0n) {
      return { ok: false, failure: c <= 0n ? `non-positive N_j for scale ${s}` : `non-positive scale ${s}` };
    }
    xs.push(log2(Number(s)));
    ys.push(log2(Number(c)));
  }
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j] - xs[i];
      if (Math.abs(dx) >= MIN_DX) slopes.push((ys[j] - ys[i]) / dx);
    }
  }
  if (slopes.length === 0) return { ok: false, failure: "no valid slope" };
  slopes.sort(javaDoubleOrder);
  return { ok: true, value: round9(slopes[slopes.length >> 1]) };
}
