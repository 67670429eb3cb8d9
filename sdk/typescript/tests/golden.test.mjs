// The golden vectors of contract/golden, file by file.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as sdk from "../dist/index.js";
import { golden, goldenBytes, goldenTree } from "./helpers.mjs";

const { JsonNumber, JsonObject } = sdk;

function plain(v) {
  if (v instanceof JsonNumber) return v.integral ? BigInt(v.text) : Number(v.text);
  if (v instanceof JsonObject) return Object.fromEntries(v.entries.map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

test("signing-vectors.json: payload bytes, SHA-256, hmac, hmac-legacy and ed25519 signatures", async () => {
  const v = plain(goldenTree("signing-vectors.json"));
  const secret = sdk.utf8(v.hmac_key_ascii);
  const seed = sdk.fromHex(v.ed25519_seed_hex);
  const pub = await sdk.ed25519PublicKey(seed);
  assert.equal(sdk.toBase64(pub), v.ed25519_public_b64);
  assert.ok(v.cases.length >= 12);
  for (const c of v.cases) {
    const f = { ...c.input, epoch: BigInt(c.input.epoch) };
    for (const k of ["D_hat", "coh_star", "r", "budget"]) {
      f[k] = Number(c.input_float_repr[k]);
      assert.equal(sdk.pyRepr(f[k]), c.input_float_repr[k], `${c.name}: input ${k}`);
    }
    const payload = sdk.payloadBytes(f);
    assert.equal(sdk.payloadText(f), c.payload_utf8, c.name);
    assert.equal(sdk.toHex(sdk.sha256(payload)), c.payload_sha256_hex, c.name);
    assert.equal(sdk.toHex(await sdk.sha256Async(payload)), c.payload_sha256_hex, `${c.name} (WebCrypto digest)`);
    assert.equal(await sdk.signPayload("hmac", secret, payload), c.hmac_sha256_b64, `${c.name} hmac`);
    assert.equal(await sdk.signPayload("hmac-legacy", secret, payload), c.hmac_legacy_prehash_b64, `${c.name} hmac-legacy`);
    assert.equal(await sdk.signPayload("ed25519", seed, payload), c.ed25519_b64, `${c.name} ed25519`);
    assert.ok(await sdk.verifyPayload("hmac", secret, payload, c.hmac_sha256_b64));
    assert.ok(await sdk.verifyPayload("hmac-legacy", secret, payload, c.hmac_legacy_prehash_b64));
    assert.ok(await sdk.verifyPayload("ed25519", pub, payload, c.ed25519_b64));
    assert.ok(!(await sdk.verifyPayload("hmac", secret, payload, c.hmac_legacy_prehash_b64)));
    assert.ok(!(await sdk.verifyPayload("ed25519", pub, payload, c.hmac_sha256_b64)));
    assert.ok(!(await sdk.verifyPayload("hmac", secret, payload, "not base64!")));
  }
});

test("pcs_tiny_case_{1,2}.json: parse strictly, signature verifies with testsecret, decision 200", async () => {
  for (const name of ["pcs_tiny_case_1.json", "pcs_tiny_case_2.json"]) {
    const pcs = sdk.parsePcs(goldenBytes(name));
    const v = await sdk.verifyPcs(pcs, { alg: "hmac", key: sdk.utf8("testsecret") });
    assert.ok(v.signatureValid, name);
    assert.equal(v.outcome.status, 200, name);
    assert.equal(v.outcome.accepted, true);
    assert.equal(v.outcome.escalated, false);
    assert.equal(v.outcome.reason_code, null);
    assert.ok(!(await sdk.verifySignature(pcs, { alg: "hmac", key: sdk.utf8("other") })));
  }
  // case 2 has D_hat 1.0: written "1" the payload (and so the signature) would differ.
  const p2 = sdk.parsePcs(goldenBytes("pcs_tiny_case_2.json"));
  assert.match(sdk.payloadText(sdk.signedFields(p2)), /"D_hat":1\.0,/);
});

test("agent-csv/: N_j, D_hat, r and merkle_root of the agent's files are reproduced", () => {
  for (const n of [1, 2]) {
    const pcs = sdk.parsePcs(goldenBytes(`pcs_tiny_case_${n}.json`));
    const t = sdk.parseTrace(goldenBytes(`agent-csv/tiny_case_${n}.csv`));
    const scales = pcs.scales.map(Number);
    const nj = sdk.boxCounts(t.points, scales);
    for (const s of scales) assert.equal(BigInt(nj.get(String(s))), pcs.N_j.get(String(s)), `case ${n} N_j[${s}]`);
    const d = sdk.estimateDHat(scales, nj);
    assert.ok(d.ok);
    assert.equal(d.value, pcs.D_hat);
    assert.equal(sdk.compressibility(t.raw), pcs.r);
    assert.equal(sdk.merkleRoot(t.raw), pcs.merkle_root);
    assert.equal(sdk.pcsId(pcs.merkle_root, pcs.epoch, pcs.shard_id), pcs.pcs_id);
  }
});

test("verify-vectors.json: the offline §4 decision of every case", () => {
  const v = golden("verify-vectors.json");
  const c0 = v.constants;
  const p = sdk.DEFAULT_POLICY;
  assert.deepEqual([c0.tolD, c0.tolCoh, c0.alpha, c0.beta, c0.gamma, c0.base, c0.D0, c0.budget_tolerance],
    [p.tolD, p.tolCoh, p.alpha, p.beta, p.gamma, p.base, p.d0, p.budgetTolerance]);
  assert.deepEqual([c0.sticky_coh_min, c0.sticky_dhat_max, c0.non_sticky_dhat_min], [p.stickyCohMin, p.stickyDHatMax, p.nonStickyDHatMin]);
  assert.ok(v.cases.length >= 20);
  for (const c of v.cases) {
    const pcs = sdk.parsePcs(JSON.stringify(c.pcs));
    const o = sdk.decide(pcs);
    assert.equal(o.status, c.expect_status, c.name);
    assert.equal(o.accepted, c.expect.accepted, c.name);
    assert.equal(o.escalated, c.expect.escalated, c.name);
    if ("reason_code" in c.expect) assert.equal(o.reason_code, c.expect.reason_code, c.name);
    else assert.equal(o.reason_code, null, c.name);
    if ("recomputed_D_hat" in c.expect) assert.equal(o.recomputed_D_hat, c.expect.recomputed_D_hat, c.name);
    if ("recomputed_budget" in c.expect) assert.equal(o.recomputed_budget, c.expect.recomputed_budget, c.name);
    if ("expected_regime" in c.expect) assert.equal(o.expected_regime, c.expect.expected_regime, c.name);
    if ("detail" in c.expect) assert.ok(o.reason.includes(c.expect.detail), `${c.name}: '${o.reason}' lacks '${c.expect.detail}'`);
  }
});

test("pcs-build-vectors.json: complete PCS text byte for byte, raw bytes, parse/write round trip", async () => {
  const v = plain(goldenTree("pcs-build-vectors.json"));
  assert.equal(v.generator, "sha256-ctr-v1");
  assert.equal(Number(v.directions), sdk.DEFAULT_DIRECTIONS);
  assert.equal(Number(v.bins), sdk.DEFAULT_BINS);
  assert.ok(v.cases.length >= 6);
  for (const c of v.cases) {
    const t = sdk.parseTrace(goldenBytes(c.trace));
    assert.equal(sdk.toBase64(t.raw), c.raw_b64, `${c.name} raw`);
    assert.equal(sdk.toHex(sdk.sha256(t.raw)), c.raw_sha256, c.name);
    const key = c.alg === "ed25519" ? sdk.fromHex(v.ed25519_seed_hex) : sdk.utf8(v.hmac_secret);
    const pcs = await sdk.buildFromTrace(t, {
      scales: c.scales.map(Number), seed: BigInt(c.seed), epoch: BigInt(c.epoch), shardId: c.shard_id, signer: { alg: c.alg, key },
    });
    assert.equal(sdk.toText(pcs), c.expected_pcs, c.name);
    const reparsed = sdk.parsePcs(c.expected_pcs);
    assert.equal(sdk.toText(reparsed), c.expected_pcs, `${c.name} round trip`);
    const vk = c.alg === "ed25519" ? await sdk.ed25519PublicKey(key) : key;
    assert.ok(await sdk.verifySignature(reparsed, { alg: c.alg, key: vk }), `${c.name} signature`);
    assert.equal(sdk.decide(reparsed).status, 200, `${c.name} decision`);
  }
});

test("pcs-build-vectors.json direction_samples: the sha256-ctr-v1 stream bit for bit", () => {
  const v = plain(goldenTree("pcs-build-vectors.json"));
  assert.equal(v.direction_samples.length, 4);
  for (const s of v.direction_samples) {
    const u = new sdk.DirectionStream(BigInt(s.seed));
    assert.deepEqual(s.uniforms.map(() => sdk.pyRepr(u.nextUniform())), s.uniforms, `seed ${s.seed} uniforms`);
    const d = new sdk.DirectionStream(BigInt(s.seed));
    assert.deepEqual(s.directions.map(() => d.nextDirection(Number(s.dim)).map(sdk.pyRepr)), s.directions, `seed ${s.seed} directions`);
  }
});

test("zlib-vectors.json: the deflate port gives the reference length and SHA-256", () => {
  const v = golden("zlib-vectors.json");
  assert.ok(v.cases.length >= 19);
  for (const c of v.cases) {
    const input = sdk.fromBase64(c.input_b64);
    assert.equal(input.length, c.input_len);
    const out = sdk.zlibCompress(input);
    assert.equal(out.length, c.zlib_level6_len, c.name);
    assert.equal(sdk.toHex(sdk.sha256(out)), c.zlib_level6_sha256, c.name);
  }
});

test("audit-proof-vectors.json: checkpoint note, inclusion proofs valid and tampered, bad notes refused", async () => {
  const v = golden("audit-proof-vectors.json");
  const key = sdk.parseVerifierKey(v.verifier_key);
  assert.equal(sdk.toHex(await sdk.ed25519PublicKey(sdk.fromHex(v.log_seed_hex))), sdk.toHex(key.publicKey));
  const cp = await sdk.verifyCheckpoint(v.checkpoint_note, v.verifier_key, v.origin);
  assert.equal(cp.size, BigInt(v.tree_size));
  assert.equal(sdk.toBase64(cp.root), v.root_b64);
  let valid = 0;
  let invalid = 0;
  for (const c of v.inclusion) {
    const check = () => sdk.verifyLeafInCheckpoint({
      note: v.checkpoint_note, verifierKey: v.verifier_key, origin: v.origin, leaf: c.leaf, index: c.index, proof: c.proof,
    });
    assert.equal(c.tree_size, v.tree_size);
    if (c.valid) {
      await check();
      valid++;
    } else {
      await assert.rejects(check, sdk.ProofError, c.name);
      invalid++;
    }
  }
  assert.equal(valid, 7);
  assert.equal(invalid, 4);
  assert.equal(v.bad_notes.length, 4);
  for (const b of v.bad_notes) {
    await assert.rejects(() => sdk.verifyCheckpoint(b.note, v.verifier_key, v.origin), sdk.ProofError, b.why);
  }
  await assert.rejects(() => sdk.verifyCheckpoint(v.checkpoint_note, v.verifier_key, "other/origin"), /origin/);
  assert.throws(() => sdk.parseVerifierKey(v.verifier_key.replace("+a68921f3+", "+a68921f4+")), /key id/);
});
