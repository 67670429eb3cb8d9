// Shared test helpers: the golden vectors are read from the repository (../../contract/golden), never copied.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { parseJson } from "../dist/index.js";

export const SDK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const GOLDEN = resolve(SDK_DIR, "../../contract/golden");
export const CLI = join(SDK_DIR, "dist", "cli.js");

export function goldenPath(name) {
  return join(GOLDEN, name);
}

export function goldenBytes(name) {
  return new Uint8Array(readFileSync(goldenPath(name)));
}

/** JSON.parse is fine for vectors except where integers exceed 2^53; those tests use goldenTree. */
export function golden(name) {
  return JSON.parse(readFileSync(goldenPath(name), "utf8"));
}

/** The vector file through the SDK's exact reader (numbers kept as text). */
export function goldenTree(name) {
  return parseJson(readFileSync(goldenPath(name), "utf8"), 64);
}

let pythonChecked = null;
/** python3 with the reference zlib (1.2.x or 1.3.x), or null: only the Python comparisons are skipped without it. */
export function python() {
  if (pythonChecked !== null) return pythonChecked || null;
  const r = spawnSync("python3", ["-c", "import zlib,sys; sys.stdout.write(zlib.ZLIB_RUNTIME_VERSION)"], { encoding: "utf8" });
  pythonChecked = r.status === 0 && /^1\.(2|3)\./.test(r.stdout) ? "python3" : false;
  return pythonChecked || null;
}

/** Runs a Python program with stdin text; returns stdout. */
export function runPython(code, input) {
  const r = spawnSync("python3", ["-c", code], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

/** Deterministic PRNG (xorshift32) so a failing fuzz case is reproducible from its seed. */
export function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}
