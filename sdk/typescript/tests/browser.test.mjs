// The browser build in headless Chromium (test-browser/run.mjs): offline golden checks, and the submit path through
// the runner's same-origin proxy against a small fake verifier (HMAC testsecret, replay by pcs_id, 401 on a bad
// signature). Skipped when /usr/bin/chromium is absent. The real verifier is exercised by the project's e2e test
// with: node test-browser/run.mjs --verifier http://127.0.0.1:8080
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parsePcs, verifySignature, decide, utf8 } from "../dist/index.js";
import { SDK_DIR } from "./helpers.mjs";
import { scriptedServer } from "./server.mjs";

const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
const skip = existsSync(chromium) ? false : `${chromium} is not installed`;

function runner(args) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(SDK_DIR, "test-browser", "run.mjs"), ...args]);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function fakeVerifier() {
  const stored = new Map();
  return async (req) => {
    let pcs;
    try {
      pcs = parsePcs(req.body);
    } catch (e) {
      return { status: 400, body: JSON.stringify({ title: e.message }) };
    }
    if (!(await verifySignature(pcs, { alg: "hmac", key: utf8("testsecret") }))) return { status: 401, body: '{"title":"bad signature"}' };
    if (stored.has(pcs.pcs_id)) return { ...stored.get(pcs.pcs_id), headers: { "Idempotent-Replayed": "true" } };
    const o = decide(pcs);
    const answer = { status: o.status, body: JSON.stringify({ accepted: o.accepted, recomputed_D_hat: o.recomputed_D_hat, recomputed_budget: o.recomputed_budget, escalated: o.escalated, pcs_id: pcs.pcs_id }) };
    stored.set(pcs.pcs_id, answer);
    return answer;
  };
}

test("browser build, offline: signing vectors, PCS build vectors and deflate vectors in Chromium", { skip }, async () => {
  const r = await runner([]);
  const summary = JSON.parse(r.stdout.trim().split("\n").pop());
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(summary.ok, true);
  assert.equal(summary.mode, "offline");
  assert.equal(summary.failed, 0);
  assert.ok(summary.passed >= 20, `only ${summary.passed} checks`);
});

test("browser build, online: submit through the proxy (200, byte-identical replay, tampered 401)", { skip }, async () => {
  const verifier = await scriptedServer([fakeVerifier()]);
  try {
    const r = await runner(["--verifier", verifier.url]);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(summary.ok, true);
  assert.ok(r.stdout.includes('"ok":true'));
  assert.equal(summary.mode, "online");
    assert.equal(summary.failed, 0);
    assert.equal(verifier.requests.length, 3);
    assert.equal(verifier.requests[0].headers["x-tenant-id"], undefined);
  } finally {
    await verifier.close();
  }
});
