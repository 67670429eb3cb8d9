// Python float formatting: repr, round9 (Decimal half up on the shortest repr) and f"{t:.9f}" (half even on the
// exact binary value), against fixed cases and against Python itself on random doubles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pyRepr, round9, fixed9 } from "../dist/index.js";
import { prng, python, runPython } from "./helpers.mjs";

test("repr: Python's exponent thresholds and format, not JavaScript's", () => {
  const cases = [
    [1e-7, "1e-07"], [1e-5, "1e-05"], [0.0001, "0.0001"], [1.2345e-5, "1.2345e-05"], [1e16, "1e+16"],
    [9999999999999998, "9999999999999998.0"], [1e15, "1000000000000000.0"], [1e21, "1e+21"], [1e22, "1e+22"],
    [1.5e300, "1.5e+300"], [5e-324, "5e-324"], [1.7976931348623157e308, "1.7976931348623157e+308"], [0, "0.0"],
    [-0, "-0.0"], [1, "1.0"], [-1.5, "-1.5"], [0.1, "0.1"], [0.30000000000000004, "0.30000000000000004"],
    [123456789012.5, "123456789012.5"], [2.5e-7, "2.5e-07"], [1e100, "1e+100"],
  ];
  for (const [x, s] of cases) assert.equal(pyRepr(x), s, String(x));
  assert.throws(() => pyRepr(NaN), RangeError);
  assert.throws(() => pyRepr(Infinity), RangeError);
});

test("round9: half up on the shortest decimal, sign of zero kept", () => {
  const cases = [
    [0.1234567885, 0.123456789], [0.9999999995, 1.0], [5e-10, 1e-9], [4.9e-10, 0], [-1.0000000005, -1.000000001],
    [-0.1234567895, -0.12345679], [0.2500000015, 0.250000002], [0.12345678849, 0.123456788], [1e16, 1e16],
    [0.3333333333333333, 0.333333333], [12345678.12345679, 12345678.12345679],
  ];
  for (const [x, r] of cases) assert.equal(round9(x), r, String(x));
  assert.ok(Object.is(round9(-4e-10), -0));
  assert.ok(Object.is(round9(-0), -0));
});

test("fixed9: the exact binary value, half even, plain notation", () => {
  assert.equal(fixed9(0.0009765625), "0.000976562");
  assert.equal(fixed9(0.0029296875), "0.002929688");
  assert.equal(fixed9(1.0000000005), "1.000000001");
  assert.equal(fixed9(1e22), "10000000000000000000000.000000000");
  assert.equal(fixed9(-0.0), "-0.000000000");
  assert.equal(fixed9(5e-324), "0.000000000");
  assert.equal(fixed9(-2.5), "-2.500000000");
});

function randomDoubles(n) {
  const rnd = prng(7);
  const view = new DataView(new ArrayBuffer(8));
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    let x;
    if (k === 0) {
      view.setUint32(0, Math.floor(rnd() * 2 ** 32));
      view.setUint32(4, Math.floor(rnd() * 2 ** 32));
      x = view.getFloat64(0);
      if (!Number.isFinite(x)) x = 1.5;
    } else if (k === 1) {
      x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
    } else if (k === 2) {
      x = Math.round((rnd() - 0.5) * 1e12) / 10 ** (9 + Math.floor(rnd() * 3)) ; // ties near the 9th decimal
    } else {
      x = Number((rnd() * 1000).toFixed(Math.floor(rnd() * 12)) + "5");
    }
    out.push(x);
  }
  return out;
}

test("repr, round9 and :.9f equal Python on 4000 random doubles", { skip: python() ? false : "python3 is not installed" }, () => {
  const xs = randomDoubles(4000);
  const code = "import sys,struct\nfrom decimal import Decimal, ROUND_HALF_UP, getcontext\ngetcontext().prec = 800\n" +
    "for line in sys.stdin:\n" +
    "  x=struct.unpack('>d', bytes.fromhex(line.strip()))[0]\n" +
    "  r9=float(Decimal(repr(x)).quantize(Decimal('1e-9'), ROUND_HALF_UP))\n" +
    "  print(repr(x), repr(r9), f'{x:.9f}' if abs(x) < 1e30 else '-')\n";
  const hex = xs.map((x) => {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return [...new Uint8Array(v.buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
  });
  const lines = runPython(code, hex.join("\n") + "\n").trim().split("\n");
  xs.forEach((x, i) => {
    const [repr, r9, f9] = lines[i].split(" ");
    assert.equal(pyRepr(x), repr, `repr of ${hex[i]}`);
    assert.equal(pyRepr(round9(x)), r9, `round9 of ${repr}`);
    if (f9 !== "-") assert.equal(fixed9(x), f9, `:.9f of ${repr}`);
  });
});
