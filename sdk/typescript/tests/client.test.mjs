// The HTTP client against a local scripted server: headers, retries with full jitter, Retry-After, final 4xx,
// connection errors, replays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PcsClient, SubmitError, backoffMs, retryAfterMs, DEFAULT_RETRY } from "../dist/index.js";
import { closedPort, replayingVerifier, scriptedServer } from "./server.mjs";

function recorder() {
  const waits = [];
  return { waits, sleep: async (ms) => { waits.push(ms); } };
}

test("backoff: full jitter in [0, min(cap, 200 ms · 2^attempt)], 8 attempts by default", () => {
  assert.deepEqual({ ...DEFAULT_RETRY }, { baseMs: 200, capMs: 30000, maxAttempts: 8 });
  assert.equal(backoffMs(0, DEFAULT_RETRY, () => 0), 0);
  assert.equal(backoffMs(0, DEFAULT_RETRY, () => 0.999999999), 200);
  assert.equal(backoffMs(3, DEFAULT_RETRY, () => 0.999999999), 1600);
  assert.equal(backoffMs(10, DEFAULT_RETRY, () => 0.999999999), 30000);
  assert.equal(backoffMs(60, DEFAULT_RETRY, () => 0.5), 15000);
  assert.equal(retryAfterMs("3"), 3000);
  assert.equal(retryAfterMs(" 0 "), 0);
  assert.equal(retryAfterMs(null), null);
  assert.equal(retryAfterMs("soon"), null);
  assert.equal(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 10000);
});

test("POST /v1/pcs/submit with the exact bytes, Content-Type and X-Tenant-Id; replay flagged", async () => {
  const srv = await scriptedServer([replayingVerifier()]);
  try {
    const body = new TextEncoder().encode('{"pcs_id":"x"}');
    const c = new PcsClient({ url: srv.url + "/", tenant: "acme", keyId: "k1" });
    const first = await c.submit(body);
    const second = await c.submit(body);
    assert.equal(first.status, 200);
    assert.equal(first.replayed, false);
    assert.equal(second.replayed, true);
    assert.equal(second.body, first.body);
    assert.equal(srv.requests[0].url, "/v1/pcs/submit");
    assert.equal(srv.requests[0].method, "POST");
    assert.equal(srv.requests[0].headers["content-type"], "application/json");
    assert.equal(srv.requests[0].headers["x-tenant-id"], "acme");
    assert.equal(srv.requests[0].headers["x-key-id"], "k1");
    assert.deepEqual(srv.requests[0].body, body);
    const def = new PcsClient({ url: srv.url });
    await def.submit(body);
    assert.equal(srv.requests[2].headers["x-tenant-id"], undefined);
  } finally {
    await srv.close();
  }
});

test("429 and 503 honour Retry-After; other 5xx back off; the same bytes are resent", async () => {
  const srv = await scriptedServer([
    { status: 429, headers: { "Retry-After": "2" }, body: '{"title":"slow down"}' },
    { status: 503, headers: { "Retry-After": "0" } },
    { status: 500 },
    { status: 503 },
    { status: 202, body: '{"accepted":false}' },
  ]);
  try {
    const r = recorder();
    const c = new PcsClient({ url: srv.url, sleep: r.sleep, random: () => 0.5 });
    const res = await c.submit("{}");
    assert.equal(res.status, 202);
    assert.equal(res.attempts, 5);
    assert.deepEqual(r.waits, [2000, 0, 400, 800]); // Retry-After twice, then half of 200·2^2 and 200·2^3 (+1)
    assert.equal(srv.requests.length, 5);
    assert.ok(srv.requests.every((q) => new TextDecoder().decode(q.body) === "{}"));
  } finally {
    await srv.close();
  }
});

test("4xx other than 429 is final at once; retryable answers stop after 8 attempts", async () => {
  const bad = await scriptedServer([{ status: 401, body: '{"title":"bad signature"}' }]);
  try {
    const r = recorder();
    const res = await new PcsClient({ url: bad.url, sleep: r.sleep }).submit("{}");
    assert.equal(res.status, 401);
    assert.equal(res.attempts, 1);
    assert.deepEqual(r.waits, []);
  } finally {
    await bad.close();
  }
  const busy = await scriptedServer([{ status: 503 }]);
  try {
    const r = recorder();
    const res = await new PcsClient({ url: busy.url, sleep: r.sleep, random: () => 1 - 1e-12 }).submit("{}");
    assert.equal(res.status, 503);
    assert.equal(res.attempts, 8);
    assert.deepEqual(r.waits, [200, 400, 800, 1600, 3200, 6400, 12800]);
  } finally {
    await busy.close();
  }
});

test("connection errors are retried, then SubmitError; a dropped connection recovers", async () => {
  const port = await closedPort();
  const r = recorder();
  const c = new PcsClient({ url: `http://127.0.0.1:${port}`, sleep: r.sleep, random: () => 0, retry: { maxAttempts: 3 } });
  await assert.rejects(() => c.submit("{}"), (e) => e instanceof SubmitError && e.attempts === 3);
  assert.equal(r.waits.length, 2);
  const srv = await scriptedServer(["drop", { status: 200, body: "{}" }]);
  try {
    const res = await new PcsClient({ url: srv.url, sleep: async () => {} }).submit("{}");
    assert.equal(res.status, 200);
    assert.equal(res.attempts, 2);
  } finally {
    await srv.close();
  }
});
