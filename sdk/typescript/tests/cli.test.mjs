// The fractal-lba command line: the uniform commands, their output and exit codes (0 ok, 1 server/IO failure or a
// signature that does not verify, 2 bad input with one line on stderr and nothing written).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, golden, goldenPath } from "./helpers.mjs";
import { replayingVerifier, scriptedServer } from "./server.mjs";

function run(args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const vectors = golden("pcs-build-vectors.json");
const tmp = mkdtempSync(join(tmpdir(), "fractal-cli-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

test("build reproduces every pcs-build-vectors case byte for byte (hex seed for ed25519)", async () => {
  for (const c of vectors.cases) {
    const out = join(tmp, `${c.name}.json`);
    const key = c.alg === "ed25519" ? ["--seed", vectors.ed25519_seed_hex] : ["--secret", vectors.hmac_secret];
    const r = await run(["build", "--in", goldenPath(c.trace), "--out", out, "--shard", c.shard_id, "--epoch", c.epoch,
      "--scales", c.scales.join(","), "--rng-seed", c.seed, "--alg", c.alg, ...key]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(out, "utf8"), c.expected_pcs, c.name);
  }
});

test("build defaults: shard-0, epoch 1, scales 2,4,8,16, rng-seed 42; unsigned without a key", async () => {
  const r = await run(["build", "--in", goldenPath("agent-csv/tiny_case_1.csv")]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.shard_id, "shard-0");
  assert.equal(doc.epoch, 1);
  assert.equal(doc.seed, 42);
  assert.deepEqual(doc.scales, [2, 4, 8, 16]);
  assert.equal(doc.sig, "");
  const none = await run(["build", "--in", goldenPath("agent-csv/tiny_case_1.csv"), "--alg", "none"]);
  assert.equal(none.stdout, r.stdout);
});

test("bad input exits 2 with a clear message and writes nothing", async () => {
  const trace = goldenPath("agent-csv/tiny_case_1.csv");
  const bad = join(tmp, "bad.csv");
  writeFileSync(bad, "t,x,y,z\n0,1,NaN,2\n");
  const cases = [
    [["build", "--in", trace, "--epoch", "-1"], /epoch/],
    [["build", "--in", trace, "--epoch", "1.0"], /epoch/],
    [["build", "--in", trace, "--epoch", "9223372036854775808"], /64-bit/],
    [["build", "--in", trace, "--scales", "2,0"], /scales/],
    [["build", "--in", trace, "--scales", "2,2048"], /1\.\.1024/],
    [["build", "--in", trace, "--scales", "2,x"], /scales/],
    [["build", "--in", trace, "--scales", "4,4"], /twice/],
    [["build", "--in", trace, "--rng-seed", "4.2"], /rng-seed/],
    [["build", "--in", bad], /line 2, column 3/],
    [["build", "--in", join(tmp, "missing.csv")], /no such file/],
    [["build", "--in", trace, "--alg", "ed25519", "--seed", "abcd"], /32 bytes|hex/],
    [["build", "--in", trace, "--alg", "ed25519", "--seed", "00".repeat(33)], /32 bytes/],
    [["build", "--in", trace, "--alg", "rsa", "--secret", "x"], /unknown signature algorithm/],
    [["build", "--in", trace, "--alg", "hmac"], /HMAC key/],
    [["build", "--in", trace, "--bogus", "1"], /unknown option/],
    [["frobnicate"], /unknown command/],
    [["verify", "--in", goldenPath("traces/helix_240.csv"), "--alg", "hmac", "--secret", "x"], /not a valid PCS/],
    [["verify", "--in", goldenPath("pcs_tiny_case_1.json"), "--alg", "ed25519", "--public-key", "zz"], /public-key/],
  ];
  for (const [args, message] of cases) {
    const out = join(tmp, "never.json");
    const r = await run([...args, ...(args[0] === "build" ? ["--out", out] : [])]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.match(r.stderr, /^error: [^\n]+\n$/, "one line, no stack trace");
    assert.ok(!existsSync(out), `${args.join(" ")} wrote a file`);
  }
});

test("sign, then verify offline with the secret, the public key (hex or base64) or the seed", async () => {
  const unsigned = join(tmp, "unsigned.json");
  const signed = join(tmp, "signed.json");
  assert.equal((await run(["build", "--in", goldenPath("traces/helix_240.csv"), "--out", unsigned])).code, 0);
  const s = await run(["sign", "--in", unsigned, "--out", signed, "--alg", "ed25519", "--seed", vectors.ed25519_seed_hex]);
  assert.equal(s.code, 0, s.stderr);
  const pubHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  for (const key of [["--public-key", pubHex], ["--public-key", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="], ["--seed", vectors.ed25519_seed_hex]]) {
    const v = await run(["verify", "--in", signed, "--alg", "ed25519", ...key]);
    assert.equal(v.code, 0, v.stderr);
    const line = JSON.parse(v.stdout);
    assert.equal(line.signature, "valid");
    assert.equal(line.status, 200);
    assert.equal(line.accepted, true);
  }
  const wrong = await run(["verify", "--in", signed, "--alg", "hmac", "--secret", "testsecret"]);
  assert.equal(wrong.code, 1);
  assert.equal(JSON.parse(wrong.stdout).signature, "invalid");
  const h = await run(["verify", goldenPath("pcs_tiny_case_2.json"), "--alg", "hmac"], { PCS_HMAC_SECRET: "testsecret" });
  assert.equal(h.code, 0, h.stderr);
});

test("keygen prints seed and public key hex; the seed signs what the public key verifies", async () => {
  const seedFile = join(tmp, "seed.hex");
  const k = await run(["keygen", "--out-seed", seedFile]);
  assert.equal(k.code, 0, k.stderr);
  const shown = JSON.parse(k.stdout);
  assert.equal(shown.seed, undefined, "with --out-seed the seed is written to the file only");
  const public_key = shown.public_key;
  const seed = readFileSync(seedFile, "utf8").trim();
  assert.match(seed, /^[0-9a-f]{64}$/);
  assert.match(public_key, /^[0-9a-f]{64}$/);
  const out = join(tmp, "kg.json");
  assert.equal((await run(["build", "--in", goldenPath("agent-csv/tiny_case_2.csv"), "--out", out, "--alg", "ed25519", "--seed", seed])).code, 0);
  assert.equal((await run(["verify", "--in", out, "--alg", "ed25519", "--public-key", public_key])).code, 0);
});

test("submit prints one JSON line per file; replays flagged; exit 1 when a file is refused", async () => {
  const srv = await scriptedServer([replayingVerifier()]);
  try {
    const f = goldenPath("pcs_tiny_case_1.json");
    const r = await run(["submit", "--url", srv.url, "--tenant", "acme", f, f]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.deepEqual(Object.keys(lines[0]), ["file", "status", "replayed", "body"]);
    assert.equal(lines[0].file, f);
    assert.equal(lines[0].status, 200);
    assert.equal(lines[0].replayed, false);
    assert.equal(lines[1].replayed, true);
    assert.deepEqual(lines[1].body, lines[0].body);
    assert.equal(typeof lines[0].body, "object");
    assert.equal(srv.requests[0].headers["x-tenant-id"], "acme");
    assert.equal(Buffer.from(srv.requests[0].body).toString(), readFileSync(f, "utf8"));
  } finally {
    await srv.close();
  }
  const refusing = await scriptedServer([{ status: 401, body: '{"title":"signature does not verify"}' }]);
  try {
    const r = await run(["submit", "--url", refusing.url, goldenPath("pcs_tiny_case_2.json")]);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).status, 401);
  } finally {
    await refusing.close();
  }
});

test("submit --outbox: fsynced entries, acknowledged ones removed, 4xx dead-lettered with a reason", async () => {
  const dir = join(tmp, "outbox");
  const srv = await scriptedServer([{ status: 200, body: "{}" }, { status: 400, body: '{"title":"malformed"}' }]);
  try {
    const r = await run(["submit", "--url", srv.url, "--outbox", dir, goldenPath("pcs_tiny_case_1.json"), goldenPath("pcs_tiny_case_2.json")]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.status), [200, 400]);
    assert.deepEqual(readdirSync(dir).sort(), ["dead"]);
    assert.deepEqual(readdirSync(join(dir, "dead")).sort(), ["00000000000000000002.pcs", "00000000000000000002.pcs.reason"]);
  } finally {
    await srv.close();
  }
});
