// The HTTP client (docs/contract.md §5, §6): POST {url}/v1/pcs/submit with fetch, so it runs in Node 20 and browsers.
// Re-sending the same bytes is safe (the verifier replays the first answer, marked Idempotent-Replayed: true), so
// connection errors, timeouts, 429, 503 and other 5xx are retried with full-jitter exponential backoff (base 200 ms,
// cap 30 s, at most 8 attempts); Retry-After on 429/503 is the wait when given; other 4xx are final at once.

import { utf8 } from "./bytes.js";

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ baseMs: 200, capMs: 30_000, maxAttempts: 8 });

/** Full jitter: uniform in [0, min(cap, base · 2^attempt)] milliseconds (attempt counted from 0). */
export function backoffMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 20));
  return Math.floor(random() * (ceiling + 1));
}

/** Retry-After as milliseconds: delta-seconds, or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null) return null;
  const h = header.trim();
  if (/^[0-9]+$/.test(h)) return Number(h) * 1000;
  const date = Date.parse(h);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface ClientOptions {
  /** Verifier base URL, e.g. http://127.0.0.1:8080 (a trailing slash is fine). */
  url: string;
  /** Sent as X-Tenant-Id; omitted for the default tenant. */
  tenant?: string;
  /** Sent as X-Key-Id: narrows the tenant's keys tried. */
  keyId?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (default 30 s); a timeout is retried like a connection error. */
  timeoutMs?: number;
  /** Injection points for tests and special runtimes. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait: which attempt failed, why, and how long the client will wait. */
  onRetry?: (info: { attempt: number; reason: string; waitMs: number }) => void;
}

export interface SubmitResult {
  /** The final HTTP status (200/202 on success). */
  status: number;
  /** The response body text, as the server sent it. */
  body: string;
  /** true when the verifier replayed a stored answer (header Idempotent-Replayed: true). */
  replayed: boolean;
  headers: Headers;
  /** Attempts made, 1 when the first one got a final answer. */
  attempts: number;
}

/** Every attempt failed without an HTTP answer (connection refused, reset, timeout). */
export class SubmitError extends Error {
  constructor(message: string, readonly attempts: number, readonly cause?: unknown) {
    super(message);
    this.name = "SubmitError";
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${e.message} (${detail})` : e.message;
  }
  return String(e);
}

export class PcsClient {
  private readonly endpoint: string;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: ClientOptions) {
    this.endpoint = options.url.replace(/\/+$/, "") + "/v1/pcs/submit";
    this.policy = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  }

  /**
   * Sends one PCS body (the file's exact bytes), retrying as the contract allows. Resolves with the final answer,
   * which may be a non-success status (a 4xx, or a 429/5xx after the last attempt); rejects with SubmitError only
   * when no attempt got an HTTP answer.
   */
  async submit(body: Uint8Array | string): Promise<SubmitResult> {
    const bytes = typeof body === "string" ? utf8(body) : body;
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const sleep = this.options.sleep ?? defaultSleep;
    const random = this.options.random ?? Math.random;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (this.options.tenant !== undefined) headers["X-Tenant-Id"] = this.options.tenant;
    if (this.options.keyId !== undefined) headers["X-Key-Id"] = this.options.keyId;
    let lastError: unknown = null;
    for (let attempt = 0; attempt < this.policy.maxAttempts; attempt++) {
      const last = attempt === this.policy.maxAttempts - 1;
      let response: Response;
      try {
        response = await doFetch(this.endpoint, {
          method: "POST",
          headers,
          body: bytes.slice(),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (e) {
        lastError = e;
        if (last) break;
        const waitMs = backoffMs(attempt, this.policy, random);
        this.options.onRetry?.({ attempt: attempt + 1, reason: `transport: ${describeError(e)}`, waitMs });
        await sleep(waitMs);
        continue;
      }
      const text = await response.text();
      const result: SubmitResult = {
        status: response.status,
        body: text,
        replayed: (response.headers.get("Idempotent-Replayed") ?? "").toLowerCase() === "true",
        headers: response.headers,
        attempts: attempt + 1,
      };
      const s = response.status;
      const retryable = s === 429 || s >= 500;
      if (!retryable || last) return result;
      const after = s === 429 || s === 503 ? retryAfterMs(response.headers.get("Retry-After")) : null;
      // setTimeout fires at once for delays beyond 2^31 − 1 ms (~24.8 days): a huge Retry-After would become a
      // tight retry loop, so the wait is capped there.
      const waitMs = Math.min(after ?? backoffMs(attempt, this.policy, random), 2_147_483_647);
      this.options.onRetry?.({ attempt: attempt + 1, reason: `HTTP ${s}`, waitMs });
      await sleep(waitMs);
    }
    throw new SubmitError(
      `no answer from ${this.endpoint} after ${this.policy.maxAttempts} attempts: ${describeError(lastError)}`,
      this.policy.maxAttempts,
      lastError,
    );
  }
}

/** One-shot helper: new PcsClient(options).submit(body). */
export function submitPcs(body: Uint8Array | string, options: ClientOptions): Promise<SubmitResult> {
  return new PcsClient(options).submit(body);
}
