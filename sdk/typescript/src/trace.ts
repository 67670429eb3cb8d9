// The agent's trace as CSV (docs/contract.md §7 "The trace" and "Raw bytes"): header row skipped, rows
// timestamp,x,y,z with strictly decimal numbers, and the raw bytes every signal hashes or compresses — rows
// "{t:.9f},{x},{y},{z}" (coordinates as written) joined by "\n", UTF-8. Every SDK refuses the same malformed files.

import { fromUtf8, utf8 } from "./bytes.js";
import { fixed9 } from "./pyfloat.js";

/** A malformed trace; line and column are 1-based (column null when the whole row is wrong). */
export class TraceError extends Error {
  constructor(message: string, readonly line: number | null = null, readonly column: number | null = null) {
    super(message);
    this.name = "TraceError";
  }
}

export interface Trace {
  /** The points (x, y, z). */
  points: number[][];
  /** The raw bytes of §7. */
  raw: Uint8Array;
}

// A plain decimal: what every SDK's number reader agrees on (no hex, no "NaN", no "1_0", no "+1", no "1d").
const NUMBER = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Strips ASCII spaces, tabs and carriage returns (CRLF files) from both ends, nothing else. */
function strip(s: string): string {
  let a = 0;
  let b = s.length;
  const blank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d;
  while (a < b && blank(s.charCodeAt(a))) a++;
  while (b > a && blank(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function number(text: string, line: number, column: number): number {
  if (!NUMBER.test(text)) {
    throw new TraceError(`line ${line}, column ${column}: not a decimal number: '${text}'`, line, column);
  }
  const v = Number(text); // correctly rounded to the nearest double
  if (!Number.isFinite(v)) {
    throw new TraceError(`line ${line}, column ${column}: number out of range: '${text}'`, line, column);
  }
  return v;
}

export function parseTrace(csv: string | Uint8Array): Trace {
  let text: string;
  if (typeof csv === "string") {
    text = csv;
  } else {
    try {
      text = fromUtf8(csv);
    } catch {
      throw new TraceError("the trace is not valid UTF-8");
    }
  }
  const lines = text.split("\n");
  const points: number[][] = [];
  const rows: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = strip(lines[i]);
    if (line === "") continue;
    const f = line.split(",");
    if (f.length !== 4) {
      throw new TraceError(`line ${i + 1}: expected 4 fields timestamp,x,y,z, found ${f.length}`, i + 1);
    }
    const t = f.map(strip);
    const v = t.map((s, c) => number(s, i + 1, c + 1));
    points.push([v[1], v[2], v[3]]);
    rows.push(`${fixed9(v[0])},${t[1]},${t[2]},${t[3]}`);
  }
  if (points.length === 0) {
    throw new TraceError("the trace has no data rows (a header row, then timestamp,x,y,z rows)");
  }
  return { points, raw: utf8(rows.join("\n")) };
}
