#!/usr/bin/env node
// Browser checks of the SDK in headless Chromium.
//   node test-browser/run.mjs                          offline: golden signing, build and deflate vectors
//   node test-browser/run.mjs --verifier URL [--tenant T] [--secret S | --seed HEX64]
//                                                      also submits a fresh PCS through a same-origin proxy
// A small HTTP server on an ephemeral port serves the page, the browser build (dist/browser/) and the golden files,
// proxies POST /v1/pcs/submit to the verifier (same origin, so no CORS), and collects the page's results. Chromium
// runs with --dump-dom; the page holds the load event (an <img src=/hold>) until it has posted its results, so the
// dump happens after the asynchronous checks. Prints one JSON summary line; exit 0 only when every check passed.
import { createServer, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";

const here = dirname(fileURLToPath(import.meta.url));
const sdkDir = resolve(here, "..");
const browserDir = join(sdkDir, "dist", "browser");
const goldenDir = resolve(sdkDir, "../../contract/golden");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

function usage(msg) {
  process.stderr.write(`error: ${msg}\nusage: run.mjs [--verifier URL [--tenant T] [--secret S | --seed HEX64]] [--timeout-ms N]\n`);
  process.exit(2);
}

const opts = { verifier: null, tenant: null, secret: null, seed: null, timeoutMs: 90_000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const name = argv[i];
  const value = argv[i + 1];
  if (value === undefined) usage(`${name} needs a value`);
  i++;
  if (name === "--verifier") opts.verifier = value.replace(/\/+$/, "");
  else if (name === "--tenant") opts.tenant = value;
  else if (name === "--secret") opts.secret = value;
  else if (name === "--seed") opts.seed = value;
  else if (name === "--timeout-ms") opts.timeoutMs = Number(value);
  else usage(`unknown option ${name}`);
}
if (opts.secret !== null && opts.seed !== null) usage("--secret and --seed exclude each other");
if (opts.seed !== null && !/^[0-9a-fA-F]{64}$/.test(opts.seed)) usage("--seed must be 64 hex digits");
if (!existsSync(join(browserDir, "fractal-lba.js"))) usage("dist/browser/fractal-lba.js is missing: run npm run build first");
if (!existsSync(CHROMIUM)) usage(`${CHROMIUM} not found (apt-get install -y chromium)`);

const config = {
  online: opts.verifier !== null,
  tenant: opts.tenant,
  alg: opts.seed !== null ? "ed25519" : "hmac",
  secret: opts.seed !== null ? null : (opts.secret ?? "testsecret"),
  seed: opts.seed,
  runId: `${Date.now()}-${randomBytes(4).toString("hex")}`,
};

const TYPES = { ".html": "text/html", ".mjs": "text/javascript", ".js": "text/javascript", ".json": "application/json", ".csv": "text/csv" };
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

let results = null;
const holds = [];
let resolveResults;
const resultsPosted = new Promise((r) => (resolveResults = r));

function serveFile(res, root, rel) {
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  const ext = file.slice(file.lastIndexOf("."));
  res.writeHead(200, { "Content-Type": TYPES[ext] ?? "application/octet-stream", "Cache-Control": "no-store" });
  res.end(readFileSync(file));
}

function proxy(req, body, res) {
  if (!config.online) {
    res.writeHead(503, { "Content-Type": "application/json" }).end('{"title":"no verifier configured"}');
    return;
  }
  const target = new URL(opts.verifier + "/v1/pcs/submit");
  const headers = { "Content-Type": req.headers["content-type"] ?? "application/json", "Content-Length": body.length };
  for (const h of ["x-tenant-id", "x-key-id"]) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const out = send(target, { method: "POST", headers }, (up) => {
    const chunks = [];
    up.on("data", (c) => chunks.push(c));
    up.on("end", () => {
      const pass = {};
      for (const h of ["content-type", "idempotent-replayed", "retry-after"]) if (up.headers[h] !== undefined) pass[h] = up.headers[h];
      res.writeHead(up.statusCode, pass).end(Buffer.concat(chunks));
    });
  });
  out.on("error", (e) => res.writeHead(502, { "Content-Type": "application/json" }).end(JSON.stringify({ title: `proxy: ${e.message}` })));
  out.end(body);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, "http://x");
    const p = url.pathname;
    if (req.method === "POST" && p === "/v1/pcs/submit") return proxy(req, body, res);
    if (req.method === "POST" && p === "/results") {
      try {
        results = JSON.parse(body.toString("utf8"));
      } catch {
        results = { checks: [{ name: "results", ok: false, detail: "unreadable results" }] };
      }
      res.writeHead(204).end();
      resolveResults();
      for (const h of holds.splice(0)) h.writeHead(200, { "Content-Type": "image/gif" }).end(GIF);
      return;
    }
    if (p === "/hold") {
      if (results !== null) res.writeHead(200, { "Content-Type": "image/gif" }).end(GIF);
      else holds.push(res);
      return;
    }
    if (p === "/config.json") return res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(config));
    if (p === "/test.html") return serveFile(res, here, "test.html");
    if (p === "/page.mjs") return serveFile(res, here, "page.mjs");
    if (p.startsWith("/sdk/")) return serveFile(res, browserDir, decodeURIComponent(p.slice(5)));
    if (p.startsWith("/golden/")) return serveFile(res, goldenDir, decodeURIComponent(p.slice(8)));
    res.writeHead(404).end();
  });
});

await new Promise((r) => server.listen(0, "127.0.0.1", r));
const port = server.address().port;
const profile = mkdtempSync(join(tmpdir(), "fractal-chromium-"));
const chromium = spawn(CHROMIUM, [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--dump-dom",
  `http://127.0.0.1:${port}/test.html`,
], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
let dom = "";
let chromiumErr = "";
chromium.stdout.on("data", (d) => (dom += d));
chromium.stderr.on("data", (d) => (chromiumErr += d));
const exited = new Promise((r) => chromium.on("close", (code) => r(code)));
const timer = new Promise((r) => setTimeout(() => r("timeout"), opts.timeoutMs));

const first = await Promise.race([resultsPosted.then(() => "results"), exited.then(() => "exited"), timer]);
// After the results, chromium dumps the DOM and exits by itself; give it a moment, then end it (our own child).
const code = first === "results" ? await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15_000))]) : null;
if (chromium.exitCode === null) {
  try {
    process.kill(-chromium.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
server.close();
for (const h of holds.splice(0)) h.destroy();
rmSync(profile, { recursive: true, force: true });

const checks = results?.checks ?? [];
const failed = checks.filter((c) => !c.ok);
const problems = [];
if (results === null) problems.push(first === "timeout" ? `no results within ${opts.timeoutMs} ms` : "chromium exited without results");
const m = /<pre id="results">([\s\S]*?)<\/pre>/.exec(dom);
const dumped = m ? m[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&") : null;
if (results !== null && dumped !== JSON.stringify(results)) problems.push("the dumped DOM does not hold the posted results");
if (results !== null && checks.length === 0) problems.push("no checks ran");
const ok = failed.length === 0 && problems.length === 0;
const summary = {
  ok,
  mode: config.online ? "online" : "offline",
  passed: checks.length - failed.length,
  failed: failed.length,
  failures: failed.map((c) => `${c.name}: ${c.detail}`),
  problems,
  chromium_exit: code,
  user_agent: results?.userAgent ?? null,
  submit: checks.find((c) => c.name.startsWith("submit"))?.detail ?? null,
};
if (problems.length && chromiumErr) summary.chromium_stderr = chromiumErr.split("\n").slice(-5).join("\n");
process.stdout.write(JSON.stringify(summary) + "\n");
process.exit(ok ? 0 : 1);
