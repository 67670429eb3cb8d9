#!/usr/bin/env node
// fractal-lba — the uniform SDK command line (the same commands and flags in every language's SDK):
//   build   --in trace.csv [--out pcs.json] [--shard S] [--epoch N] [--scales 2,4,8,16] [--rng-seed N]
//           [--alg hmac|hmac-legacy|ed25519|none] [--secret TEXT | --seed HEX64]
//   sign    --in pcs.json [--out signed.json] --alg ... (--secret TEXT | --seed HEX64)
//   verify  --in pcs.json --alg ... (--secret TEXT | --public-key HEX64 | --seed HEX64)
//   submit  [--url URL] [--tenant T] [--key-id K] [--outbox DIR] file|dir...
//   keygen  [--out-seed FILE]
// Exit codes: 0 ok; 1 a server or I/O failure (or, for verify, a signature that does not verify); 2 bad input or
// usage, with one line on stderr and never a stack trace or a partly written file.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { buildFromTrace, DEFAULT_EPOCH, DEFAULT_SCALES, DEFAULT_SEED, DEFAULT_SHARD, type Signer } from "./build.js";
import { PcsClient, SubmitError, type SubmitResult } from "./client.js";
import { ed25519PublicKey } from "./crypto.js";
import { parsePcs, toText, type Pcs } from "./document.js";
import { PcsParseError } from "./json.js";
import { generateEd25519, hmacSecret, key32 } from "./keys.js";
import { Outbox, OutboxSender } from "./outbox.js";
import { parseAlgorithm, type Algorithm } from "./signing.js";
import { TraceError } from "./trace.js";
import { signPcs, verifyPcs } from "./verify.js";

/** Bad input or usage: exit 2. */
class UsageError extends Error {}
/** A server or I/O failure: exit 1. */
class FailureError extends Error {}

const USAGE = `usage: fractal-lba <command> [options]
  build   --in trace.csv [--out pcs.json] [--shard S] [--epoch N] [--scales 2,4,8,16] [--rng-seed N]
          [--alg hmac|hmac-legacy|ed25519|none] [--secret TEXT | --seed HEX64]
  sign    --in pcs.json [--out signed.json] --alg hmac|hmac-legacy|ed25519 (--secret TEXT | --seed HEX64)
  verify  --in pcs.json --alg hmac|hmac-legacy|ed25519 (--secret TEXT | --public-key HEX64 | --seed HEX64)
  submit  [--url URL] [--tenant T] [--key-id K] [--outbox DIR] file|dir...
  keygen  [--out-seed FILE]
Keys may also come from PCS_HMAC_SECRET / PCS_ED25519_SEED. Ed25519 keys: 64 hex digits or base64.
`;

interface Args {
  flags: Map<string, string>;
  positional: string[];
}

function parseArgs(argv: string[], known: readonly string[], booleans: readonly string[] = []): Args {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    if (!known.includes(name) && !booleans.includes(name)) throw new UsageError(`unknown option --${name}`);
    if (flags.has(name)) throw new UsageError(`option --${name} given twice`);
    if (booleans.includes(name)) {
      flags.set(name, "true");
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = a.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined) throw new UsageError(`option --${name} needs a value`);
    flags.set(name, value);
  }
  return { flags, positional };
}

function int64(text: string, what: string, allowNegative: boolean): bigint {
  text = text.trim(); // as every SDK's CLI: ASCII digits and an optional '-', surrounding spaces ignored
  const re = allowNegative ? /^-?[0-9]+$/ : /^[0-9]+$/;
  if (!re.test(text)) {
    throw new UsageError(`${what} must be ${allowNegative ? "an" : "a non-negative"} integer, was '${text}'`);
  }
  const n = BigInt(text);
  if (n < -(1n << 63n) || n > (1n << 63n) - 1n) throw new UsageError(`${what} does not fit in a signed 64-bit integer: ${text}`);
  return n;
}

function parseScales(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) throw new UsageError(`--scales must be comma-separated integers in 1..1024, got '${text}'`);
    const n = Number(p);
    if (n < 1 || n > 1024) throw new UsageError(`--scales: ${p} is outside 1..1024`);
    if (out.includes(n)) throw new UsageError(`--scales: ${p} is given twice`);
    out.push(n);
  }
  if (out.length < 2) throw new UsageError("--scales needs at least 2 scales (D_hat is a slope)");
  return out;
}

function secretFrom(flags: Map<string, string>): Uint8Array {
  const s = flags.get("secret") ?? process.env.PCS_HMAC_SECRET;
  if (s === undefined || s === "") throw new UsageError("an HMAC key is needed: --secret or PCS_HMAC_SECRET");
  return hmacSecret(s);
}

function seedFrom(flags: Map<string, string>): Uint8Array {
  const s = flags.get("seed") ?? process.env.PCS_ED25519_SEED;
  if (s === undefined) throw new UsageError("an Ed25519 seed is needed: --seed or PCS_ED25519_SEED");
  try {
    return key32("--seed", s);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function algorithm(text: string, allowNone: boolean): Algorithm {
  let a: Algorithm;
  try {
    a = parseAlgorithm(text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (a === "none" && !allowNone) throw new UsageError("--alg none is only for build (an unsigned PCS)");
  return a;
}

/** The signer of build/sign: --alg decides; without it build infers hmac from --secret, ed25519 from --seed. */
function signerFrom(flags: Map<string, string>, required: boolean): Signer | undefined {
  let alg: Algorithm;
  if (flags.has("alg")) {
    alg = algorithm(flags.get("alg")!, !required);
  } else if (required) {
    throw new UsageError("--alg is required (hmac, hmac-legacy or ed25519)");
  } else if (flags.has("secret")) {
    alg = "hmac";
  } else if (flags.has("seed")) {
    alg = "ed25519";
  } else {
    return undefined;
  }
  if (alg === "none") return undefined;
  if (alg === "ed25519") {
    if (flags.has("secret")) throw new UsageError("--secret is an HMAC key; ed25519 signs with --seed");
    return { alg, key: seedFrom(flags) };
  }
  if (flags.has("seed")) throw new UsageError(`--seed is an Ed25519 key; ${alg} signs with --secret`);
  return { alg, key: secretFrom(flags) };
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") throw new UsageError(`no such file: ${file}`);
    if (code === "EISDIR") throw new UsageError(`${file} is a directory`);
    if (code === "EACCES") throw new UsageError(`cannot read ${file}: permission denied`);
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Writes through a temporary file and a rename, so a failure never leaves a partial PCS behind. */
async function writeOutput(file: string, text: string): Promise<void> {
  const tmp = `${file}.${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, text, "utf8");
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new FailureError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

function requireFlag(flags: Map<string, string>, name: string): string {
  const v = flags.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

function noPositional(a: Args): void {
  if (a.positional.length > 0) throw new UsageError(`unexpected argument '${a.positional[0]}'`);
}

async function readPcs(file: string): Promise<Pcs> {
  const bytes = await readInput(file);
  try {
    return parsePcs(bytes);
  } catch (e) {
    if (e instanceof PcsParseError) throw new UsageError(`${file}: not a valid PCS: ${e.message}`);
    throw e;
  }
}

async function cmdBuild(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["in", "out", "shard", "epoch", "scales", "rng-seed", "alg", "secret", "seed"]);
  noPositional(a);
  const f = a.flags;
  const input = requireFlag(f, "in");
  const shardId = f.get("shard") ?? DEFAULT_SHARD;
  if (shardId === "") throw new UsageError("--shard must not be empty");
  const epoch = f.has("epoch") ? int64(f.get("epoch")!, "--epoch", false) : DEFAULT_EPOCH;
  const scales = f.has("scales") ? parseScales(f.get("scales")!) : [...DEFAULT_SCALES];
  const seed = f.has("rng-seed") ? int64(f.get("rng-seed")!, "--rng-seed", true) : DEFAULT_SEED;
  const signer = signerFrom(f, false);
  const trace = await readInput(input);
  const pcs = await buildFromTrace(trace, { scales, seed, epoch, shardId, signer });
  const text = toText(pcs);
  const out = f.get("out");
  if (out === undefined) {
    process.stdout.write(text + "\n");
  } else {
    await writeOutput(out, text);
    process.stderr.write(`wrote ${out} (pcs_id ${pcs.pcs_id}, D_hat ${pcs.D_hat}, regime ${pcs.regime})\n`);
  }
  return 0;
}

async function cmdSign(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["in", "out", "alg", "secret", "seed"]);
  noPositional(a);
  const input = requireFlag(a.flags, "in");
  const signer = signerFrom(a.flags, true)!;
  const pcs = await readPcs(input);
  const signed = await signPcs(pcs, signer);
  await writeOutput(a.flags.get("out") ?? input, toText(signed));
  return 0;
}

async function cmdVerify(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["in", "alg", "secret", "public-key", "seed"]);
  const f = a.flags;
  let input = f.get("in");
  if (input === undefined && a.positional.length === 1) input = a.positional[0];
  else noPositional(a);
  if (input === undefined) throw new UsageError("--in is required");
  const alg = algorithm(requireFlag(f, "alg"), false);
  let key: Uint8Array;
  if (alg === "ed25519") {
    if (f.has("public-key")) {
      try {
        key = key32("--public-key", f.get("public-key")!);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    } else {
      key = await ed25519PublicKey(seedFrom(f));
    }
  } else {
    key = secretFrom(f);
  }
  const pcs = await readPcs(input);
  const v = await verifyPcs(pcs, { alg, key });
  const o = v.outcome;
  process.stdout.write(JSON.stringify({
    file: input,
    signature: v.signatureValid ? "valid" : "invalid",
    status: o.status,
    accepted: o.accepted,
    escalated: o.escalated,
    reason_code: o.reason_code,
    reason: o.reason,
    recomputed_D_hat: o.recomputed_D_hat,
    recomputed_budget: o.recomputed_budget,
    pcs_id: pcs.pcs_id,
  }) + "\n");
  return v.signatureValid ? 0 : 1;
}

function resultLine(file: string, r: SubmitResult | null, error?: string): string {
  let body: unknown = null;
  if (r) {
    try {
      body = JSON.parse(r.body);
    } catch {
      body = r.body;
    }
  }
  const line: Record<string, unknown> = { file, status: r ? r.status : null, replayed: r ? r.replayed : false, body };
  if (error !== undefined) line.error = error;
  return JSON.stringify(line) + "\n";
}

async function expandFiles(args: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of args) {
    let isDir = false;
    try {
      isDir = (await fs.stat(p)).isDirectory();
    } catch {
      throw new UsageError(`no such file: ${p}`);
    }
    if (isDir) {
      files.push(...(await fs.readdir(p)).filter((n) => n.endsWith(".json")).sort().map((n) => path.join(p, n)));
    } else {
      files.push(p);
    }
  }
  return files;
}

async function cmdSubmit(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["url", "tenant", "key-id", "outbox"]);
  const f = a.flags;
  const url = f.get("url") ?? "http://127.0.0.1:8080";
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--url must be an http(s) URL, was '${url}'`);
  const files = await expandFiles(a.positional);
  if (files.length === 0 && !f.has("outbox")) throw new UsageError("no PCS file to submit");
  const bodies: Uint8Array[] = [];
  for (const file of files) bodies.push(await readInput(file)); // all readable before the first send
  const options = {
    url,
    tenant: f.get("tenant"),
    keyId: f.get("key-id"),
    onRetry: (i: { attempt: number; reason: string; waitMs: number }) =>
      process.stderr.write(`attempt ${i.attempt} failed (${i.reason}); retrying in ${i.waitMs} ms\n`),
  };
  let ok = true;
  if (f.has("outbox")) {
    let outbox: Outbox;
    try {
      outbox = await Outbox.open(f.get("outbox")!);
    } catch (e) {
      throw new FailureError(`cannot open the outbox ${f.get("outbox")}: ${(e as Error).message}`);
    }
    const sender = new OutboxSender(outbox, options);
    // Entries a previous run left behind go first, in order.
    for (const e of await outbox.pending()) {
      const d = await sender.deliver(e);
      ok = d.state === "acknowledged" && ok;
      process.stdout.write(resultLine(e.file, d.result, d.state === "acknowledged" ? undefined : `${d.state}: ${d.reason}`));
    }
    for (let i = 0; i < files.length; i++) {
      const d = await sender.submit(bodies[i]);
      ok = d.state === "acknowledged" && ok;
      process.stdout.write(resultLine(files[i], d.result, d.state === "acknowledged" ? undefined : `${d.state}: ${d.reason}`));
    }
    return ok ? 0 : 1;
  }
  const client = new PcsClient(options);
  for (let i = 0; i < files.length; i++) {
    try {
      const r = await client.submit(bodies[i]);
      ok = (r.status === 200 || r.status === 202) && ok;
      process.stdout.write(resultLine(files[i], r));
    } catch (e) {
      if (!(e instanceof SubmitError)) throw e;
      ok = false;
      process.stdout.write(resultLine(files[i], null, e.message));
    }
  }
  return ok ? 0 : 1;
}

async function cmdKeygen(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["out-seed"]);
  noPositional(a);
  const k = await generateEd25519();
  const out = a.flags.get("out-seed");
  if (out !== undefined) {
    try {
      await fs.writeFile(out, k.seedHex + "\n", { mode: 0o600 });
    } catch (e) {
      throw new FailureError(`cannot write ${out}: ${(e as Error).message}`);
    }
  }
  // With --out-seed the private seed goes to the file only, never to a terminal or a CI log.
  const shown = out === undefined ? { seed: k.seedHex, public_key: k.publicKeyHex } : { public_key: k.publicKeyHex };
  process.stdout.write(JSON.stringify(shown) + "\n");
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "build": return await cmdBuild(rest);
      case "sign": return await cmdSign(rest);
      case "verify": return await cmdVerify(rest);
      case "submit": return await cmdSubmit(rest);
      case "keygen": return await cmdKeygen(rest);
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return 0;
      case undefined:
        process.stderr.write(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof FailureError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError || e instanceof TraceError || e instanceof PcsParseError || e instanceof RangeError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    // Last resort: one line, never a stack trace.
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
