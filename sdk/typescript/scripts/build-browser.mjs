// Browser build: dist/browser/fractal-lba.js is the ESM entry (the compiled src/index.ts), next to the compiled
// modules it imports, relative imports kept. No bundler is needed because the browser entry imports only
// browser-safe modules; this script follows the import graph from dist/index.js, refuses any import that is not a
// relative module inside dist (node:fs, a package name, ...), and copies exactly that closure.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const out = join(dist, "browser");
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

const seen = new Set();
const queue = ["index.js"];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const text = readFileSync(join(dist, file), "utf8");
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith("./") || spec.includes("/", 2)) {
      throw new Error(`${file} imports '${spec}': the browser entry may import only sibling modules of dist/`);
    }
    queue.push(spec.slice(2));
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of seen) {
  if (file === "index.js") continue;
  copyFileSync(join(dist, file), join(out, file));
}
writeFileSync(join(out, "fractal-lba.js"), readFileSync(join(dist, "index.js"), "utf8"));
console.log(`browser build: dist/browser/fractal-lba.js + ${seen.size - 1} modules (${[...seen].sort().join(", ")})`);

// The bin entry: executable for direct use from a checkout (npm sets the bit itself when installing the package).
chmodSync(join(dist, "cli.js"), 0o755);
