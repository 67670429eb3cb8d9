// The deflate port against CPython's zlib on the reference library, on random inputs of every kind (random bytes,
// text, repetitive and trace-like data, sizes 0..200 KB). Only the Python comparison is skipped without python3.
import { test } from "node:test";
import assert from "node:assert/strict";
import { zlibCompress, toBase64, toHex, sha256, utf8, compressibility } from "../dist/index.js";
import { prng, python, runPython } from "./helpers.mjs";

function inputs() {
  const rnd = prng(20260101);
  const out = [];
  const words = ["the", "quick", "brown", "fox", "0.125", "-3.5e-4", "trace", "agent", "\n", ",", "lba", "ü", "東"];
  const sizes = [0, 1, 2, 3, 4, 5, 17, 64, 255, 256, 257, 258, 259, 1000, 4095, 4096, 4097, 16383, 16384, 32767, 32768,
    32769, 65535, 65536, 65537, 100000, 131072, 150001, 200000];
  for (const [k, size] of sizes.entries()) {
    const kind = k % 4;
    const b = new Uint8Array(size);
    if (kind === 0) {
      for (let i = 0; i < size; i++) b[i] = Math.floor(rnd() * 256);
    } else if (kind === 1) {
      let s = "";
      while (s.length < size) s += words[Math.floor(rnd() * words.length)] + " ";
      b.set(utf8(s).subarray(0, size));
    } else if (kind === 2) {
      const period = 1 + Math.floor(rnd() * 300);
      const unit = Array.from({ length: period }, () => Math.floor(rnd() * 4) + 97);
      for (let i = 0; i < size; i++) b[i] = rnd() < 0.002 ? Math.floor(rnd() * 256) : unit[i % period];
    } else {
      let s = "";
      for (let i = 0; s.length < size; i++) {
        s += `${(i * 0.01).toFixed(9)},${(rnd() * 2 - 1).toFixed(Math.floor(rnd() * 6) + 1)},${rnd().toFixed(4)},0.5\n`;
      }
      b.set(utf8(s).subarray(0, size));
    }
    out.push(b);
  }
  // Long runs and a window-sized period: matches of 258 and distances near 32 KiB.
  const runs = new Uint8Array(120000);
  for (let i = 0; i < runs.length; i++) runs[i] = (i / 3000) & 1 ? 0x61 : 0x62;
  out.push(runs);
  const far = new Uint8Array(110000);
  const block = Array.from({ length: 32000 }, () => Math.floor(rnd() * 256));
  for (let i = 0; i < far.length; i++) far[i] = block[i % block.length];
  out.push(far);
  return out;
}

test("deflate port: deterministic, well-framed zlib streams (header 78 9c, Adler-32 trailer)", () => {
  for (const input of inputs()) {
    const a = zlibCompress(input);
    assert.deepEqual(zlibCompress(input), a);
    assert.equal(a[0], 0x78);
    assert.equal(a[1], 0x9c);
  }
  assert.equal(compressibility(new Uint8Array(0)), 0);
});

test("deflate port equals CPython zlib.compress(data, 6) on the reference zlib (length and SHA-256)", { skip: python() ? false : "python3 with the reference zlib is not installed" }, () => {
  const all = inputs();
  const code = "import zlib,sys,base64,hashlib\n" +
    "assert zlib.ZLIB_RUNTIME_VERSION.startswith(('1.2.','1.3.')), zlib.ZLIB_RUNTIME_VERSION\n" +
    "for line in sys.stdin:\n" +
    "  d=zlib.compress(base64.b64decode(line.strip()),6)\n" +
    "  print(len(d), hashlib.sha256(d).hexdigest())\n";
  const lines = runPython(code, all.map((b) => toBase64(b)).join("\n") + "\n").trim().split("\n");
  assert.equal(lines.length, all.length);
  all.forEach((input, i) => {
    const out = zlibCompress(input);
    assert.equal(`${out.length} ${toHex(sha256(out))}`, lines[i], `input ${i} (${input.length} bytes)`);
  });
});
