// The durable outbox: written and fsynced before the first send, removed on a final answer, dead-lettered on a
// 4xx that can never succeed, kept for the next run otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Outbox, OutboxSender } from "../dist/outbox.js";
import { closedPort, scriptedServer } from "./server.mjs";

const enc = (s) => new TextEncoder().encode(s);

test("the entry is on disk before the request arrives; 200 removes it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "outbox-"));
  let seenOnDisk = null;
  const srv = await scriptedServer([() => {
    seenOnDisk = readdirSync(dir).filter((n) => n.endsWith(".pcs")).map((n) => readFileSync(join(dir, n), "utf8"));
    return { status: 200, body: "{}" };
  }]);
  try {
    const ob = await Outbox.open(dir);
    const d = await new OutboxSender(ob, { url: srv.url }).submit(enc('{"a":1}'));
    assert.equal(d.state, "acknowledged");
    assert.deepEqual(seenOnDisk, ['{"a":1}']);
    assert.deepEqual(readdirSync(dir).sort(), ["dead"]);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a 4xx other than 429 moves the entry to dead/ with a .reason file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "outbox-"));
  const srv = await scriptedServer([{ status: 400, body: '{"title":"malformed"}' }]);
  try {
    const ob = await Outbox.open(dir);
    const d = await new OutboxSender(ob, { url: srv.url }).submit(enc("{}"));
    assert.equal(d.state, "dead-letter");
    const dead = readdirSync(join(dir, "dead")).sort();
    assert.deepEqual(dead, ["00000000000000000001.pcs", "00000000000000000001.pcs.reason"]);
    assert.match(readFileSync(join(dir, "dead", dead[1]), "utf8"), /^HTTP 400: \{"title":"malformed"\}\n$/);
    assert.deepEqual(await ob.pending(), []);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without an answer the entry stays pending; the next run resends it; numbering continues", async () => {
  const dir = mkdtempSync(join(tmpdir(), "outbox-"));
  const port = await closedPort();
  try {
    const first = await Outbox.open(dir);
    const down = new OutboxSender(first, { url: `http://127.0.0.1:${port}`, sleep: async () => {}, retry: { maxAttempts: 2 } });
    assert.equal((await down.submit(enc('{"n":1}'))).state, "pending");
    assert.equal((await down.submit(enc('{"n":2}'))).state, "pending");
    // A crash here leaves both entries. A new process opens the directory and drains it in order.
    const srv = await scriptedServer([{ status: 202, body: "{}" }]);
    try {
      const again = await Outbox.open(dir);
      assert.equal((await again.pending()).length, 2);
      const sent = await new OutboxSender(again, { url: srv.url }).drain();
      assert.deepEqual(sent.map((d) => d.state), ["acknowledged", "acknowledged"]);
      assert.deepEqual(srv.requests.map((r) => new TextDecoder().decode(r.body)), ['{"n":1}', '{"n":2}']);
      const e = await again.append(enc("{}"));
      assert.ok(e.file.endsWith("00000000000000000003.pcs"));
      assert.ok(!existsSync(e.file + ".tmp"));
    } finally {
      await srv.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("429 and 5xx after the client's retries leave the entry pending", async () => {
  const dir = mkdtempSync(join(tmpdir(), "outbox-"));
  const srv = await scriptedServer([{ status: 429, headers: { "Retry-After": "0" } }]);
  try {
    const ob = await Outbox.open(dir);
    const d = await new OutboxSender(ob, { url: srv.url, sleep: async () => {}, retry: { maxAttempts: 3 } }).submit(enc("{}"));
    assert.equal(d.state, "pending");
    assert.equal(srv.requests.length, 3);
    assert.equal((await ob.pending()).length, 1);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
