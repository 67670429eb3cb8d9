// Strict CSV (docs/contract.md §7 "The trace"): errors name the line and the column; NaN, Infinity, hex and
// garbage are refused; raw bytes keep the coordinate texts and round the timestamp half even.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTrace, TraceError, fromUtf8 } from "../dist/index.js";
import { goldenBytes } from "./helpers.mjs";

function err(csv) {
  try {
    parseTrace(csv);
  } catch (e) {
    assert.ok(e instanceof TraceError, String(e));
    return e;
  }
  assert.fail(`accepted: ${JSON.stringify(csv)}`);
}

test("edge_cases.csv: CRLF, blank lines, exponents, a timestamp tie, stripped fields", () => {
  const t = parseTrace(goldenBytes("traces/edge_cases.csv"));
  const rows = fromUtf8(t.raw).split("\n");
  assert.equal(rows[0], "0.000976562,-0.5,1e-3,2.5E+0");
  assert.equal(rows[1], "0.500000000,0.25,-0.125,.75");
  assert.ok(rows.includes("3.500000000,10,-10,1e1"));
  assert.deepEqual(t.points[0], [-0.5, 0.001, 2.5]);
  assert.equal(t.points.length, rows.length);
  assert.ok(!fromUtf8(t.raw).endsWith("\n"));
});

test("malformed values name line and column", () => {
  for (const bad of ["NaN", "Infinity", "-Infinity", "inf", "0x10", "1_0", "+1", "1d", "1e", "--1", ".", "-", "1.2.3", "", "1 2", "e5"]) {
    const e = err(`timestamp,x,y,z\n0,0,0,0\n1,0,${bad},0\n`);
    assert.equal(e.line, 3, bad);
    assert.equal(e.column, 3, bad);
    assert.match(e.message, /^line 3, column 3: /);
  }
  const big = err("t,x,y,z\n0,1e400,0,0\n");
  assert.equal(big.column, 2);
  assert.match(big.message, /out of range/);
});

test("wrong field counts, no data rows and bad UTF-8 are refused", () => {
  assert.match(err("t,x,y,z\n0,0,0\n").message, /^line 2: expected 4 fields/);
  assert.match(err("t,x,y,z\n0,0,0,0,0\n").message, /found 5/);
  assert.match(err("t,x,y,z\n\n  \r\n").message, /no data rows/);
  assert.match(err("").message, /no data rows/);
  assert.match(err(new Uint8Array([0x74, 0x0a, 0xff, 0x2c])).message, /UTF-8/);
});

test("the header is skipped whatever it holds; only spaces, tabs and CR are stripped", () => {
  const t = parseTrace("1,2,3,4\n \t1.5\t,\t-0.0 , 7 ,8\r\n");
  assert.equal(fromUtf8(t.raw), "1.500000000,-0.0,7,8");
  assert.ok(Object.is(t.points[0][0], -0));
  assert.equal(err("t\n0,0,0,\u00a00\n").column, 4); // a no-break space is not stripped
});
