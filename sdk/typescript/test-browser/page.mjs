// Runs in the browser, against the browser build only (dist/browser/fractal-lba.js): the golden signing and build
// vectors, the deflate vectors, and — when the runner was given a verifier — a fresh PCS submitted through the
// same-origin proxy (200, then the byte-identical replay, then a tampered copy refused with 401).
import * as sdk from "/sdk/fractal-lba.js";

const checks = [];
async function check(name, fn) {
  try {
    const detail = await fn();
    checks.push({ name, ok: true, ...(detail === undefined ? {} : { detail }) });
  } catch (e) {
    checks.push({ name, ok: false, detail: String(e && e.message ? e.message : e) });
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}
async function text(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.text();
}
async function bytes(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}
// Plain values from the SDK's exact JSON reader (epochs beyond 2^53 stay exact as bigint).
function plain(v) {
  if (v instanceof sdk.JsonNumber) return v.integral ? BigInt(v.text) : Number(v.text);
  if (v instanceof sdk.JsonObject) return Object.fromEntries(v.entries.map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

async function run() {
  const config = await (await fetch("/config.json")).json();

  await check("webcrypto ed25519 available", async () => {
    expect(globalThis.crypto && crypto.subtle, "no crypto.subtle");
    const pub = await sdk.ed25519PublicKey(sdk.fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    expect(sdk.toBase64(pub) === "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "RFC 8032 TEST 1 public key");
  });

  const sv = plain(sdk.parseJson(await text("/golden/signing-vectors.json"), 64));
  const secret = sdk.utf8(sv.hmac_key_ascii);
  const seed = sdk.fromHex(sv.ed25519_seed_hex);
  const pub = await sdk.ed25519PublicKey(seed);
  for (const c of sv.cases) {
    await check(`signing-vectors ${c.name}`, async () => {
      const f = { ...c.input };
      for (const k of ["D_hat", "coh_star", "r", "budget"]) f[k] = Number(c.input_float_repr[k]);
      const payload = sdk.payloadBytes(f);
      expect(sdk.payloadText(f) === c.payload_utf8, "payload text");
      expect(sdk.toHex(await sdk.sha256Async(payload)) === c.payload_sha256_hex, "payload sha256");
      expect((await sdk.signPayload("hmac", secret, payload)) === c.hmac_sha256_b64, "hmac");
      expect((await sdk.signPayload("hmac-legacy", secret, payload)) === c.hmac_legacy_prehash_b64, "hmac-legacy");
      expect((await sdk.signPayload("ed25519", seed, payload)) === c.ed25519_b64, "ed25519");
      expect(await sdk.verifyPayload("ed25519", pub, payload, c.ed25519_b64), "ed25519 verify");
    });
  }

  const bv = plain(sdk.parseJson(await text("/golden/pcs-build-vectors.json"), 64));
  for (const c of bv.cases) {
    await check(`pcs-build-vectors ${c.name}`, async () => {
      const key = c.alg === "ed25519" ? sdk.fromHex(bv.ed25519_seed_hex) : sdk.utf8(bv.hmac_secret);
      const pcs = await sdk.buildFromTrace(await bytes(`/golden/${c.trace}`), {
        scales: c.scales.map(Number), seed: BigInt(c.seed), epoch: BigInt(c.epoch), shardId: c.shard_id, signer: { alg: c.alg, key },
      });
      const got = sdk.toText(pcs);
      expect(got === c.expected_pcs, `PCS text differs: ${got.slice(0, 200)}`);
    });
  }

  await check("zlib-vectors (reference deflate port)", async () => {
    const zv = JSON.parse(await text("/golden/zlib-vectors.json"));
    for (const c of zv.cases) {
      const out = sdk.zlibCompress(sdk.fromBase64(c.input_b64));
      expect(out.length === c.zlib_level6_len && sdk.toHex(sdk.sha256(out)) === c.zlib_level6_sha256, c.name);
    }
    return `${zv.cases.length} cases`;
  });

  if (config.online) {
    await check("submit a fresh PCS: 200, replay, tampered 401", async () => {
      const key = config.alg === "ed25519" ? sdk.fromHex(config.seed) : sdk.utf8(config.secret);
      const pcs = await sdk.buildFromTrace(await bytes("/golden/traces/helix_240.csv"), {
        shardId: `browser-${config.runId}`, epoch: BigInt(Date.now()), signer: { alg: config.alg, key },
      });
      const body = sdk.toText(pcs);
      const client = new sdk.PcsClient({ url: location.origin, tenant: config.tenant ?? undefined, retry: { maxAttempts: 3 } });
      const first = await client.submit(body);
      expect(first.status === 200, `first submit: HTTP ${first.status} ${first.body}`);
      expect(!first.replayed, "first submit marked replayed");
      const again = await client.submit(body);
      expect(again.status === 200, `replay: HTTP ${again.status}`);
      expect(again.replayed, "replay lacks Idempotent-Replayed: true");
      expect(again.body === first.body, "replayed body is not byte-identical");
      const tampered = sdk.toText({ ...pcs, coh_star: sdk.round9(pcs.coh_star + 0.001) });
      const bad = await client.submit(tampered);
      expect(bad.status === 401, `tampered copy: HTTP ${bad.status} ${bad.body}`);
      return { pcs_id: pcs.pcs_id, first: first.body };
    });
  }
}

try {
  await run();
} catch (e) {
  checks.push({ name: "page", ok: false, detail: String(e) });
}
const results = { userAgent: navigator.userAgent, checks };
document.getElementById("results").textContent = JSON.stringify(results);
await fetch("/results", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(results) });
