// A scripted verifier on an ephemeral port (port 0) for client, outbox and CLI tests.
import { createServer } from "node:http";

/**
 * answers: a list of (request) => {status, headers, body} | "drop" (destroy the connection), used in order; the
 * last one repeats. Requests are recorded with method, url, headers and body.
 */
export async function scriptedServer(answers) {
  const requests = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: new Uint8Array(body) });
      const a = answers[Math.min(n++, answers.length - 1)];
      const answer = typeof a === "function" ? await a(requests[requests.length - 1], requests) : a;
      if (answer === "drop") {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "Content-Type": "application/json", ...(answer.headers ?? {}) });
      res.end(answer.body ?? "");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }) };
}

/** A fake verifier with the idempotent replay of §5: the first answer per body is stored and replayed. */
export function replayingVerifier() {
  const seen = new Map();
  return (req) => {
    const key = Buffer.from(req.body).toString("base64");
    if (seen.has(key)) return { ...seen.get(key), headers: { "Idempotent-Replayed": "true" } };
    const answer = { status: 200, body: JSON.stringify({ accepted: true, recomputed_D_hat: 1.0, pcs_id: "p" + seen.size }) };
    seen.set(key, answer);
    return answer;
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort() {
  const s = createServer();
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = s.address().port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}
