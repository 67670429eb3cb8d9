// The signals of a trace (docs/contract.md §7): box counts N_j, coh★ and v★ from the sha256-ctr-v1 direction
// stream, the compressibility r through the reference-zlib port, and the Merkle root of the raw bytes.

import { concat, toHex, utf8 } from "./bytes.js";
import { zlibCompressedLength } from "./deflate.js";
import { round9 } from "./pyfloat.js";
import { sha256 } from "./sha256.js";

// ---- N_j ---------------------------------------------------------------------------------------------------------

const LONG_MAX = 9223372036854775807; // 2^63 as a double: Java's (long) cast saturates here
const LONG_MIN = -9223372036854775808;

/** Java's (long) Math.floor(v): saturating, so huge coordinates map to the same cell as in the Java SDK. */
function cell(v: number): string {
  const f = Math.floor(v);
  if (f >= LONG_MAX) return "max";
  if (f <= LONG_MIN) return "min";
  return String(f); // -0 prints "0", as (long) -0.0 is 0
}

/** For each scale s, the number of distinct cells (⌊x·s⌋, ⌊y·s⌋, ⌊z·s⌋) the points occupy; keys are decimal scales. */
export function boxCounts(points: number[][], scales: readonly number[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of scales) {
    const cells = new Set<string>();
    for (const p of points) {
      let key = "";
      for (let d = 0; d < p.length; d++) key += (d ? "," : "") + cell(p[d] * s);
      cells.add(key);
    }
    out.set(String(s), cells.size);
  }
  return out;
}

// ---- sha256-ctr-v1 -----------------------------------------------------------------------------------------------

const DOMAIN = utf8("fractal-lba/coh-dir/v1");
const MIN_NORM2 = 1e-6;
const TWO_POW_MINUS_52 = 2 ** -52;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * The contract's portable direction generator: SHA-256 in counter mode from the seed gives 64-bit words, each an
 * exactly representable uniform in (0, 1); directions are uniform on the sphere by rejection from the ball. Only
 * exactly rounded operations (+ − × ÷ √) are used, so every language gets the same doubles bit for bit.
 */
export class DirectionStream {
  private readonly prefix: Uint8Array;
  private counter = 0n;
  private words: number[] = [];
  private next = 4;

  constructor(seed: bigint | number) {
    const s = BigInt(seed);
    if (s < INT64_MIN || s > INT64_MAX) throw new RangeError(`seed must be a signed 64-bit integer, was ${s}`);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, s); // two's complement, big-endian
    this.prefix = concat(DOMAIN, b);
  }

  /** The next uniform: ((w >>> 12) + 0.5) · 2^−52. */
  nextUniform(): number {
    if (this.next === 4) {
      const c = new Uint8Array(8);
      new DataView(c.buffer).setBigUint64(0, this.counter++);
      const h = sha256(concat(this.prefix, c));
      const v = new DataView(h.buffer);
      this.words = [];
      for (let i = 0; i < 4; i++) {
        const hi = v.getUint32(8 * i);
        const lo = v.getUint32(8 * i + 4);
        this.words.push(hi * 1048576 + (lo >>> 12)); // w >>> 12: 52 bits, exact in a double
      }
      this.next = 0;
    }
    return (this.words[this.next++] + 0.5) * TWO_POW_MINUS_52;
  }

  /** The next unit direction in dim dimensions. */
  nextDirection(dim: number): number[] {
    if (dim < 1) throw new RangeError(`dimension must be ≥ 1, was ${dim}`);
    const x = new Array<number>(dim);
    for (;;) {
      let q = 0.0;
      for (let d = 0; d < dim; d++) {
        x[d] = 2.0 * this.nextUniform() - 1.0;
        q += x[d] * x[d];
      }
      if (q <= 1.0 && q >= MIN_NORM2) {
        const n = Math.sqrt(q);
        for (let d = 0; d < dim; d++) x[d] /= n;
        return x;
      }
    }
  }
}

// ---- coh★ --------------------------------------------------------------------------------------------------------

export const DEFAULT_DIRECTIONS = 100;
export const DEFAULT_BINS = 10;

function coherence(points: number[][], v: number[], bins: number): number {
  const proj = new Float64Array(points.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < points.length; i++) {
    let s = 0.0;
    for (let d = 0; d < v.length; d++) s += points[i][d] * v[d];
    proj[i] = s;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  // NaN from inf − inf, or an infinite range: no bin is defined (docs/contract.md §7).
  if (!Number.isFinite(hi - lo) || proj.some(Number.isNaN)) throw new RangeError("the coordinates are too large: their projections overflow (keep every |x|, |y|, |z| below 1e300)");
  if (hi - lo < 1e-12) return 1.0; // all points project to one value
  const counts = new Int32Array(bins);
  let top = 0;
  for (const p of proj) {
    const b = Math.min(bins - 1, Math.floor(((p - lo) / (hi - lo)) * bins));
    counts[b]++;
    if (counts[b] > top) top = counts[b];
  }
  return top / proj.length;
}

/** coh★ (round9 of the greatest coherence) and v★ (the first direction reaching it, unrounded). */
export function cohStar(points: number[][], seed: bigint | number, directions = DEFAULT_DIRECTIONS, bins = DEFAULT_BINS): { coh_star: number; v_star: number[] } {
  if (points.length === 0) throw new RangeError("coh★ needs at least one point");
  if (directions < 1 || bins < 1) throw new RangeError("directions and bins must be ≥ 1");
  const dim = points[0].length;
  const stream = new DirectionStream(seed);
  let best = -1;
  let bestV: number[] = [];
  for (let k = 0; k < directions; k++) {
    const v = stream.nextDirection(dim);
    const c = coherence(points, v, bins);
    if (c > best) {
      best = c;
      bestV = v;
    }
  }
  return { coh_star: round9(best), v_star: bestV };
}

// ---- r -----------------------------------------------------------------------------------------------------------

/** r = len(zlib.compress(raw, 6)) / len(raw), round9; 0.0 for empty raw (reference zlib via deflate.ts). */
export function compressibility(raw: Uint8Array): number {
  if (raw.length === 0) return 0.0;
  return round9(zlibCompressedLength(raw) / raw.length);
}

// ---- Merkle root -------------------------------------------------------------------------------------------------

export const MERKLE_CHUNK = 64;

/**
 * Leaves: lowercase hex SHA-256 of 64-byte chunks; a parent: hex SHA-256 of the ASCII concatenation of its children's
 * hex; an odd last node is paired with itself; no chunks gives 64 zeros.
 */
export function merkleRoot(raw: Uint8Array, chunk = MERKLE_CHUNK): string {
  if (raw.length === 0) return "0".repeat(64);
  let level: string[] = [];
  for (let i = 0; i < raw.length; i += chunk) level.push(toHex(sha256(raw.subarray(i, Math.min(raw.length, i + chunk)))));
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = i + 1 < level.length ? level[i + 1] : left;
      next.push(toHex(sha256(utf8(left + right))));
    }
    level = next;
  }
  return level[0];
}

/** pcs_id = sha256_hex(utf8(merkle_root + "|" + epoch + "|" + shard_id)). */
export function pcsId(merkleRootHex: string, epoch: bigint | number, shardId: string): string {
  return toHex(sha256(utf8(`${merkleRootHex}|${BigInt(epoch)}|${shardId}`)));
}
