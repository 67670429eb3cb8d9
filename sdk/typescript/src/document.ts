// The PCS document (docs/contract.md §1): a strict typed reader over json.ts and the writer that produces the exact
// file bytes (§7 "The file": member order, N_j in scales order, numbers as Python repr, strings as json.dumps).
// Integers are bigint: epoch, seed and the counts are 64-bit in the contract and must survive a round trip exactly.

import { fromUtf8, utf8 } from "./bytes.js";
import { JsonNumber, JsonObject, parseJson, PcsParseError, type JsonValue } from "./json.js";
import type { SignedFields } from "./payload.js";
import { pyRepr } from "./pyfloat.js";
import { pyJsonString } from "./pyjson.js";

export const SCHEMA = "fractal-lba-kakeya";
export const DEFAULT_MAX_BYTES = 64 * 1024;

/** The agent's fault-tolerance block; absent members are null. */
export interface FaultTolerance {
  outbox_seq: bigint | null;
  degraded: boolean | null;
  fallbacks: string[] | null;
  clock_skew_ms: number | null;
}

/** The optional, unsigned declared LLM usage (docs/api.md). */
export interface Usage {
  model: string | null;
  task: string | null;
  input_tokens: bigint | null;
  output_tokens: bigint | null;
  provider_cost_usd: number | null;
}

/** A well-typed PCS. Well-typed is not valid: value rules are the decision's step 1 (validation_failed). */
export interface Pcs {
  pcs_id: string;
  schema: string;
  version: string;
  shard_id: string;
  epoch: bigint;
  attempt: bigint | null;
  sent_at: string | null;
  seed: bigint | null;
  scales: bigint[];
  /** Keys as the agent wrote them (decimal strings), in document order. */
  N_j: Map<string, bigint>;
  coh_star: number;
  v_star: number[] | null;
  D_hat: number;
  r: number;
  regime: string;
  budget: number;
  merkle_root: string;
  sig: string | null;
  ft: FaultTolerance | null;
  usage: Usage | null;
}

export function signedFields(p: Pcs): SignedFields {
  return {
    pcs_id: p.pcs_id,
    merkle_root: p.merkle_root,
    epoch: p.epoch,
    shard_id: p.shard_id,
    D_hat: p.D_hat,
    coh_star: p.coh_star,
    r: p.r,
    budget: p.budget,
  };
}

const REQUIRED = ["pcs_id", "schema", "version", "shard_id", "epoch", "scales", "N_j", "coh_star", "D_hat", "r", "regime", "budget", "merkle_root"];
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function describe(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "boolean") return "a boolean";
  if (typeof v === "string") return "a string";
  if (v instanceof JsonNumber) return v.integral ? "an integer" : "a non-integral number";
  if (Array.isArray(v)) return "an array";
  return "an object";
}

function wrongType(field: string, expected: string, v: JsonValue): PcsParseError {
  return new PcsParseError("wrong-type", field, `field '${field}' must be ${expected}, got ${describe(v)}`);
}

function str(v: JsonValue, field: string): string {
  if (typeof v !== "string") throw wrongType(field, "a string", v);
  return v;
}

function int(v: JsonValue, field: string): bigint {
  if (!(v instanceof JsonNumber) || !v.integral) throw wrongType(field, "an integer", v);
  const n = BigInt(v.text);
  if (n < INT64_MIN || n > INT64_MAX) {
    throw new PcsParseError("number-out-of-range", field, `field '${field}' does not fit in a signed 64-bit integer`);
  }
  return n;
}

function num(v: JsonValue, field: string): number {
  if (!(v instanceof JsonNumber)) throw wrongType(field, "a number", v);
  const d = v.toDouble();
  if (!Number.isFinite(d)) {
    throw new PcsParseError("number-out-of-range", field, `field '${field}' is outside the range of a double`);
  }
  return d;
}

function arr(v: JsonValue, field: string, expected: string): JsonValue[] {
  if (!Array.isArray(v)) throw wrongType(field, expected, v);
  return v;
}

function obj(v: JsonValue, field: string, expected: string): JsonObject {
  if (!(v instanceof JsonObject)) throw wrongType(field, expected, v);
  return v;
}

function nonNegative(n: bigint, field: string): bigint {
  if (n < 0n) throw new PcsParseError("wrong-type", field, `field '${field}' must be an integer ≥ 0, got ${n}`);
  return n;
}

function faultTolerance(o: JsonObject): FaultTolerance {
  const ft: FaultTolerance = { outbox_seq: null, degraded: null, fallbacks: null, clock_skew_ms: null };
  for (const [k, v] of o.entries) {
    if (v === null) continue;
    switch (k) {
      case "outbox_seq": ft.outbox_seq = int(v, "ft.outbox_seq"); break;
      case "degraded":
        if (typeof v !== "boolean") throw wrongType("ft.degraded", "a boolean", v);
        ft.degraded = v;
        break;
      case "fallbacks":
        ft.fallbacks = arr(v, "ft.fallbacks", "an array of strings").map((x, i) => str(x, `ft.fallbacks[${i}]`));
        break;
      case "clock_skew_ms": ft.clock_skew_ms = num(v, "ft.clock_skew_ms"); break;
    }
  }
  return ft;
}

function usage(o: JsonObject): Usage {
  const u: Usage = { model: null, task: null, input_tokens: null, output_tokens: null, provider_cost_usd: null };
  for (const [k, v] of o.entries) {
    if (v === null) continue;
    switch (k) {
      case "model": u.model = str(v, "usage.model"); break;
      case "task": u.task = str(v, "usage.task"); break;
      case "input_tokens": u.input_tokens = nonNegative(int(v, "usage.input_tokens"), "usage.input_tokens"); break;
      case "output_tokens": u.output_tokens = nonNegative(int(v, "usage.output_tokens"), "usage.output_tokens"); break;
      case "provider_cost_usd": {
        const c = num(v, "usage.provider_cost_usd");
        if (c < 0) {
          throw new PcsParseError("wrong-type", "usage.provider_cost_usd", `field 'usage.provider_cost_usd' must be a number ≥ 0, got ${c}`);
        }
        u.provider_cost_usd = c;
        break;
      }
    }
  }
  return u;
}

export interface ParseOptions {
  /** Largest accepted body in bytes (the verifier's default, 64 KiB). */
  maxBytes?: number;
  maxDepth?: number;
}

/**
 * Parses a PCS the way the verifier does (pcs-core PcsParser): a JSON object, case-sensitive names, no duplicate
 * keys at any depth, JSON types per field, integers exact to 64 bits, required members present. Unknown members
 * are ignored. Throws PcsParseError, never anything else.
 */
export function parsePcs(body: Uint8Array | string, options: ParseOptions = {}): Pcs {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let text: string;
  let size: number;
  if (typeof body === "string") {
    text = body;
    size = utf8(body).length;
  } else {
    size = body.length;
    if (size > maxBytes) {
      throw new PcsParseError("body-too-large", null, `body of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
    }
    try {
      text = fromUtf8(body);
    } catch {
      throw new PcsParseError("malformed-json", null, "the body is not valid UTF-8");
    }
  }
  if (size === 0) throw new PcsParseError("malformed-json", null, "empty body");
  if (size > maxBytes) throw new PcsParseError("body-too-large", null, `body of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  try {
    return fromJson(parseJson(text, options.maxDepth ?? 32));
  } catch (e) {
    if (e instanceof PcsParseError) throw e;
    throw new PcsParseError("malformed-json", null, "unreadable JSON body"); // last-resort guard at a trust boundary
  }
}

/** The typed document of an already parsed JSON value. */
export function fromJson(root: JsonValue): Pcs {
  if (!(root instanceof JsonObject)) throw new PcsParseError("not-an-object", null, "the body must be a JSON object");
  const p: Partial<Pcs> = { attempt: null, sent_at: null, seed: null, v_star: null, sig: null, ft: null, usage: null };
  for (const [name, v] of root.entries) {
    switch (name) {
      case "pcs_id": p.pcs_id = str(v, name); break;
      case "schema": p.schema = str(v, name); break;
      case "version": p.version = str(v, name); break;
      case "shard_id": p.shard_id = str(v, name); break;
      case "epoch": p.epoch = int(v, name); break;
      case "attempt": p.attempt = v === null ? null : int(v, name); break;
      case "sent_at": p.sent_at = v === null ? null : str(v, name); break;
      case "seed": p.seed = v === null ? null : int(v, name); break;
      case "scales":
        p.scales = arr(v, name, "an array of integers").map((x, i) => int(x, `scales[${i}]`));
        break;
      case "N_j": {
        const counts = new Map<string, bigint>();
        for (const [k, c] of obj(v, name, "an object of integer counts").entries) counts.set(k, int(c, `N_j.${k}`));
        p.N_j = counts;
        break;
      }
      case "coh_star": p.coh_star = num(v, name); break;
      case "v_star":
        p.v_star = v === null ? null : arr(v, name, "an array of numbers").map((x, i) => num(x, `v_star[${i}]`));
        break;
      case "D_hat": p.D_hat = num(v, name); break;
      case "r": p.r = num(v, name); break;
      case "regime": p.regime = str(v, name); break;
      case "budget": p.budget = num(v, name); break;
      case "merkle_root": p.merkle_root = str(v, name); break;
      case "sig": p.sig = v === null ? null : str(v, name); break;
      case "ft": p.ft = v === null ? null : faultTolerance(obj(v, name, "an object")); break;
      case "usage": p.usage = v === null ? null : usage(obj(v, name, "an object")); break;
      default: break; // unknown members are ignored (the verifier keeps them in the raw body)
    }
  }
  for (const field of REQUIRED) {
    if (!root.has(field)) throw new PcsParseError("missing-field", field, `required field '${field}' is missing`);
  }
  return p as Pcs;
}

/** Long.parseLong's view of an N_j key, to tell keys that name a scale from others (as the Java writer does). */
function keyAsLong(key: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(key)) return null;
  const n = BigInt(key);
  return n < INT64_MIN || n > INT64_MAX ? null : n;
}

function member(name: string, value: string): string {
  return `"${name}":${value}`;
}

/**
 * The compact file text, byte for byte the Java SDK's PcsJsonWriter: members in the contract's order, optional
 * members only when present, N_j in scales order (then any other keys), numbers as Python repr.
 */
export function toText(p: Pcs): string {
  const parts: string[] = [
    member("pcs_id", pyJsonString(p.pcs_id)),
    member("schema", pyJsonString(p.schema)),
    member("version", pyJsonString(p.version)),
    member("shard_id", pyJsonString(p.shard_id)),
    member("epoch", p.epoch.toString()),
  ];
  if (p.attempt !== null) parts.push(member("attempt", p.attempt.toString()));
  if (p.sent_at !== null) parts.push(member("sent_at", pyJsonString(p.sent_at)));
  if (p.seed !== null) parts.push(member("seed", p.seed.toString()));
  parts.push(member("scales", `[${p.scales.map((s) => s.toString()).join(",")}]`));
  const nj: string[] = [];
  for (const s of p.scales) {
    const n = p.N_j.get(s.toString());
    if (n !== undefined) nj.push(`${pyJsonString(s.toString())}:${n}`);
  }
  for (const [k, n] of p.N_j) {
    const asScale = keyAsLong(k);
    if (asScale === null || !p.scales.includes(asScale)) nj.push(`${pyJsonString(k)}:${n}`);
  }
  parts.push(member("N_j", `{${nj.join(",")}}`));
  parts.push(member("coh_star", pyRepr(p.coh_star)));
  if (p.v_star !== null) parts.push(member("v_star", `[${p.v_star.map(pyRepr).join(",")}]`));
  parts.push(member("D_hat", pyRepr(p.D_hat)));
  parts.push(member("r", pyRepr(p.r)));
  parts.push(member("regime", pyJsonString(p.regime)));
  parts.push(member("budget", pyRepr(p.budget)));
  parts.push(member("merkle_root", pyJsonString(p.merkle_root)));
  if (p.sig !== null) parts.push(member("sig", pyJsonString(p.sig)));
  if (p.ft !== null) {
    const ft: string[] = [];
    if (p.ft.outbox_seq !== null) ft.push(member("outbox_seq", p.ft.outbox_seq.toString()));
    if (p.ft.degraded !== null) ft.push(member("degraded", String(p.ft.degraded)));
    if (p.ft.fallbacks !== null) ft.push(member("fallbacks", `[${p.ft.fallbacks.map(pyJsonString).join(",")}]`));
    if (p.ft.clock_skew_ms !== null) ft.push(member("clock_skew_ms", pyRepr(p.ft.clock_skew_ms)));
    parts.push(member("ft", `{${ft.join(",")}}`));
  }
  if (p.usage !== null) {
    const u: string[] = [];
    if (p.usage.model !== null) u.push(member("model", pyJsonString(p.usage.model)));
    if (p.usage.task !== null) u.push(member("task", pyJsonString(p.usage.task)));
    if (p.usage.input_tokens !== null) u.push(member("input_tokens", p.usage.input_tokens.toString()));
    if (p.usage.output_tokens !== null) u.push(member("output_tokens", p.usage.output_tokens.toString()));
    if (p.usage.provider_cost_usd !== null) u.push(member("provider_cost_usd", pyRepr(p.usage.provider_cost_usd)));
    parts.push(member("usage", `{${u.join(",")}}`));
  }
  return `{${parts.join(",")}}`;
}

/** The file bytes (UTF-8; all ASCII since strings are escaped). */
export function toBytes(p: Pcs): Uint8Array {
  return utf8(toText(p));
}

export function withSignature(p: Pcs, sig: string | null): Pcs {
  return { ...p, sig };
}
