// The agent's durable outbox (docs/contract.md §6), Node only — the separate entry @fractal-lba/sdk/outbox keeps
// node:fs out of the browser build. A PCS is written to a temporary file, fsynced, renamed, and the directory fsynced
// BEFORE the first send, so a crash at any point leaves either the whole entry or nothing. A final answer removes
// it: 200/202 deletes it, a 4xx other than 429 (the same bytes can never succeed) moves it to dead/ with a .reason
// file. Anything else (no answer, 429 or 5xx after the client's retries) leaves it pending for the next run. The
// layout is the Java SDK's (<dir>/<20-digit sequence>.pcs, <dir>/dead/), so either SDK can drain the other's outbox.

import { promises as fs } from "node:fs";
import * as path from "node:path";
import { PcsClient, SubmitError, type ClientOptions, type SubmitResult } from "./client.js";

export interface OutboxEntry {
  file: string;
  body: Uint8Array;
}

const ENTRY = /^([0-9]+)\.pcs$/;

async function fsyncDir(dir: string): Promise<void> {
  let h: fs.FileHandle | undefined;
  try {
    h = await fs.open(dir, "r");
    await h.sync();
  } catch {
    // Some file systems refuse to sync a directory; the entry's own fsync has happened.
  } finally {
    await h?.close();
  }
}

export class Outbox {
  readonly dead: string;
  private seq = 0n;

  private constructor(readonly dir: string) {
    this.dead = path.join(dir, "dead");
  }

  /** Opens (creating when needed) an outbox directory; numbering continues after every name in use. */
  static async open(dir: string): Promise<Outbox> {
    const o = new Outbox(dir);
    await fs.mkdir(o.dead, { recursive: true });
    let max = 0n;
    for (const d of [o.dir, o.dead]) {
      for (const name of await fs.readdir(d)) {
        const m = ENTRY.exec(name);
        if (m && BigInt(m[1]) > max) max = BigInt(m[1]);
      }
    }
    o.seq = max;
    return o;
  }

  /** Makes the body durable and returns its entry. */
  async append(body: Uint8Array): Promise<OutboxEntry> {
    this.seq += 1n;
    const name = `${this.seq.toString().padStart(20, "0")}.pcs`;
    const file = path.join(this.dir, name);
    const tmp = `${file}.tmp`;
    const h = await fs.open(tmp, "w", 0o600);
    try {
      await h.writeFile(body);
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.rename(tmp, file);
    await fsyncDir(this.dir);
    return { file, body: body.slice() };
  }

  /** Entries not yet acknowledged, oldest first (what a restarted agent resends). */
  async pending(): Promise<OutboxEntry[]> {
    const names = (await fs.readdir(this.dir)).filter((n) => ENTRY.test(n)).sort();
    const out: OutboxEntry[] = [];
    for (const n of names) {
      const file = path.join(this.dir, n);
      out.push({ file, body: new Uint8Array(await fs.readFile(file)) });
    }
    return out;
  }

  async acknowledge(e: OutboxEntry): Promise<void> {
    await fs.rm(e.file, { force: true });
    await fsyncDir(this.dir);
  }

  /** Gives up on an entry: it moves to dead/ with a .reason file beside it. */
  async deadLetter(e: OutboxEntry, reason: string): Promise<void> {
    const name = path.basename(e.file);
    await fs.writeFile(path.join(this.dead, `${name}.reason`), reason + "\n", "utf8");
    await fs.rename(e.file, path.join(this.dead, name));
    await fsyncDir(this.dead);
    await fsyncDir(this.dir);
  }

  async deadLetters(): Promise<string[]> {
    return (await fs.readdir(this.dead)).filter((n) => ENTRY.test(n)).sort().map((n) => path.join(this.dead, n));
  }
}

export type Delivery =
  | { state: "acknowledged"; result: SubmitResult }
  | { state: "dead-letter"; result: SubmitResult; reason: string }
  | { state: "pending"; result: SubmitResult | null; reason: string };

/** Sends outbox entries with the retrying client and settles each by its final answer. */
export class OutboxSender {
  private readonly client: PcsClient;

  constructor(readonly outbox: Outbox, options: ClientOptions) {
    this.client = new PcsClient(options);
  }

  /** Appends (durably), then delivers. */
  async submit(body: Uint8Array): Promise<Delivery> {
    return this.deliver(await this.outbox.append(body));
  }

  /** Delivers every pending entry, oldest first (after a restart). */
  async drain(): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const e of await this.outbox.pending()) out.push(await this.deliver(e));
    return out;
  }

  async deliver(e: OutboxEntry): Promise<Delivery> {
    let result: SubmitResult;
    try {
      result = await this.client.submit(e.body);
    } catch (err) {
      if (err instanceof SubmitError) return { state: "pending", result: null, reason: err.message };
      throw err;
    }
    const s = result.status;
    if (s === 200 || s === 202) {
      await this.outbox.acknowledge(e);
      return { state: "acknowledged", result };
    }
    if (s >= 400 && s < 500 && s !== 429) {
      const reason = `HTTP ${s}: ${result.body}`;
      await this.outbox.deadLetter(e, reason);
      return { state: "dead-letter", result, reason };
    }
    return { state: "pending", result, reason: `HTTP ${s} after ${result.attempts} attempts` };
  }
}
