// Strict parsing of a PCS file (docs/contract.md §1) and the exact writer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePcs, PcsParseError, toText, parseJson } from "../dist/index.js";
import { goldenBytes, golden } from "./helpers.mjs";

const base = golden("pcs-build-vectors.json").cases[0].expected_pcs;

function refuse(text, problem, field) {
  try {
    parsePcs(text);
  } catch (e) {
    assert.ok(e instanceof PcsParseError, `${text}: ${e}`);
    assert.equal(e.problem, problem, `${text}: ${e.message}`);
    if (field !== undefined) assert.equal(e.field, field, e.message);
    return e;
  }
  assert.fail(`accepted: ${text}`);
}

const replace = (from, to) => {
  assert.ok(base.includes(from), from);
  return base.replace(from, to);
};

test("duplicate keys at any depth are refused (JSON.parse would keep the last)", () => {
  refuse(replace('"schema":', '"epoch":2,"schema":'), "duplicate-key", "epoch");
  refuse(replace('"N_j":{"2":5,', '"N_j":{"2":5,"2":6,'), "duplicate-key", "2");
  refuse(replace('"ft":{', '"ft":{"degraded":true,'), "duplicate-key");
  refuse(base.replace(/}$/, ',"extra":{"a":1,"a":2}}'), "duplicate-key");
});

test("wrong JSON types are refused with the field named", () => {
  refuse(replace('"epoch":1,', '"epoch":1.0,'), "wrong-type", "epoch");
  refuse(replace('"epoch":1,', '"epoch":"1",'), "wrong-type", "epoch");
  refuse(replace('"epoch":1,', '"epoch":1e0,'), "wrong-type", "epoch");
  refuse(replace('"shard_id":"test-shard-001"', '"shard_id":7'), "wrong-type", "shard_id");
  refuse(replace('"coh_star":0.133333333', '"coh_star":"0.13"'), "wrong-type", "coh_star");
  refuse(replace('"scales":[2,4,8,16]', '"scales":[2,4.5,8,16]'), "wrong-type", "scales[1]");
  refuse(replace('"N_j":{"2":5,', '"N_j":{"2":5.0,'), "wrong-type", "N_j.2");
  refuse(replace('"degraded":false', '"degraded":"no"'), "wrong-type", "ft.degraded");
  refuse(replace('"sig":"', '"sig":5,"x":"'), "wrong-type", "sig");
  refuse(replace('"v_star":[', '"v_star":["a",'), "wrong-type", "v_star[0]");
});

test("NaN, Infinity, out-of-range numbers, malformed JSON, trailing content, size and depth", () => {
  refuse(replace('"coh_star":0.133333333', '"coh_star":NaN'), "malformed-json");
  refuse(replace('"coh_star":0.133333333', '"coh_star":Infinity'), "malformed-json");
  refuse(replace('"coh_star":0.133333333', '"coh_star":-Infinity'), "malformed-json");
  assert.match(refuse(replace('"coh_star":0.133333333', '"coh_star":-Infinity'), "malformed-json").message, /NaN and Infinity/);
  refuse(replace('"coh_star":0.133333333', '"coh_star":1e400'), "number-out-of-range", "coh_star");
  refuse(replace('"epoch":1,', '"epoch":9223372036854775808,'), "number-out-of-range", "epoch");
  refuse(replace('"epoch":1,', '"epoch":01,'), "malformed-json");
  refuse(base + " x", "malformed-json");
  refuse(base.slice(0, -1), "malformed-json");
  refuse("[1]", "not-an-object");
  refuse("", "malformed-json");
  refuse(replace('"shard_id":"test-shard-001"', '"shard_id":"a\nb"'), "malformed-json");
  refuse(replace('"pcs_id":', '"deep":' + "[".repeat(40) + "]".repeat(40) + ',"pcs_id":'), "too-deeply-nested");
  refuse(base.replace(/}$/, `,"pad":"${"x".repeat(70000)}"}`), "body-too-large");
  refuse(new Uint8Array([0x7b, 0xff, 0x7d]), "malformed-json");
});

test("missing required members are refused; optional ones may be absent or null", () => {
  for (const f of ["pcs_id", "schema", "version", "shard_id", "epoch", "scales", "N_j", "coh_star", "D_hat", "r", "regime", "budget", "merkle_root"]) {
    const tree = parseJson(base);
    const text = "{" + tree.entries.filter(([k]) => k !== f).map(([k]) => JSON.stringify(k) + ":" + JSON.stringify(JSON.parse(base)[k])).join(",") + "}";
    refuse(text, "missing-field", f);
  }
  const p = parsePcs(replace('"seed":42,', '"seed":null,'));
  assert.equal(p.seed, null);
  const q = parsePcs(base.replace(/,"ft":\{[^}]*\}/, ""));
  assert.equal(q.ft, null);
  assert.ok(!toText(q).includes('"ft"'));
});

test("integers are exact beyond 2^53; unknown members are ignored; the writer is byte exact", () => {
  const big = parsePcs(replace('"epoch":1,', '"epoch":9223372036854775807,'));
  assert.equal(big.epoch, 9223372036854775807n);
  assert.ok(toText(big).includes('"epoch":9223372036854775807,'));
  const extra = parsePcs(base.replace(/}$/, ',"unknown":{"x":[1,2,{"y":null}]}}'));
  assert.equal(toText(extra), base);
  // Pretty-printed agent files are re-written compactly, "clock_skew_ms":0 as 0.0.
  const tiny = parsePcs(goldenBytes("pcs_tiny_case_1.json"));
  const text = toText(tiny);
  assert.ok(text.startsWith('{"pcs_id":"c50bb25a'));
  assert.ok(text.includes('"sent_at":"2025-01-19T12:00:00Z","seed":42,'));
  assert.ok(text.endsWith('"ft":{"outbox_seq":0,"degraded":false,"fallbacks":[],"clock_skew_ms":0.0}}'));
  // N_j keys that are not scales follow, in document order.
  const odd = parsePcs(replace('"N_j":{"2":5,', '"N_j":{"x":1,"2":5,'));
  assert.ok(toText(odd).includes('"N_j":{"2":5,"4":10,"8":13,"16":15,"x":1}'));
  const usage = parsePcs(base.replace(/}$/, ',"usage":{"provider_cost_usd":0.25,"model":"m","input_tokens":3}}'));
  assert.ok(toText(usage).endsWith(',"usage":{"model":"m","input_tokens":3,"provider_cost_usd":0.25}}'));
  refuse(base.replace(/}$/, ',"usage":{"input_tokens":-1}}'), "wrong-type", "usage.input_tokens");
});
