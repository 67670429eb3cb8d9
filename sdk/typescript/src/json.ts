// A strict JSON reader (RFC 8259) for PCS documents. JSON.parse cannot be used: it keeps the last of duplicate keys
// silently, turns every number into a double (epoch and seed may exceed 2^53; "1.0" must stay distinguishable from
// "1"), and gives no field-level errors. This reader keeps numbers as their text, refuses duplicate keys at any depth,
// NaN/Infinity, control characters in strings, trailing content, and nesting beyond a limit; positions in messages
// are 1-based line:column.

export type ParseProblem =
  | "body-too-large"
  | "malformed-json"
  | "not-an-object"
  | "duplicate-key"
  | "wrong-type"
  | "missing-field"
  | "number-out-of-range"
  | "too-deeply-nested";

/** The only error the parsers throw, whatever the input. field is null when the problem is not field-specific. */
export class PcsParseError extends Error {
  readonly problem: ParseProblem;
  readonly field: string | null;

  constructor(problem: ParseProblem, field: string | null, message: string) {
    super(message);
    this.name = "PcsParseError";
    this.problem = problem;
    this.field = field;
  }
}

/** A JSON number as written: integral ("-0", "12") or not ("1.0", "1e2"), as Jackson distinguishes them. */
export class JsonNumber {
  constructor(readonly text: string, readonly integral: boolean) {}

  toDouble(): number {
    return Number(this.text);
  }
}

export class JsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, JsonValue]>) {}

  get(key: string): JsonValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }

  has(key: string): boolean {
    return this.entries.some(([k]) => k === key);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const MAX_NUMBER_LENGTH = 400;

export function parseJson(text: string, maxDepth = 32): JsonValue {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a UTF-8 byte order mark, skipped as Jackson does

  const where = (at: number): string => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return `line ${line}, column ${col}`;
  };
  const fail = (msg: string, at = i): never => {
    throw new PcsParseError("malformed-json", null, `${msg} at ${where(at)}`);
  };
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return;
    }
  };
  const describe = (): string => (i >= text.length ? "end of input" : `'${text[i]}'`);

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = "";
    let runStart = i;
    for (;;) {
      if (i >= text.length) fail("unterminated string", start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(runStart, i);
        i++;
        return out;
      }
      if (c < 0x20) fail("control character in a string (it must be escaped)");
      if (c === 0x5c) {
        out += text.slice(runStart, i);
        const e = text[i + 1];
        switch (e) {
          case '"': out += '"'; break;
          case "\\": out += "\\"; break;
          case "/": out += "/"; break;
          case "b": out += "\b"; break;
          case "f": out += "\f"; break;
          case "n": out += "\n"; break;
          case "r": out += "\r"; break;
          case "t": out += "\t"; break;
          case "u": {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("bad \\u escape");
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail("bad escape in a string");
        }
        i += 2;
        runStart = i;
        continue;
      }
      i++;
    }
  };

  const parseValue = (depth: number): JsonValue => {
    ws();
    const c = text[i];
    if (c === "{") {
      if (depth + 1 > maxDepth) {
        throw new PcsParseError("too-deeply-nested", null, `nesting deeper than ${maxDepth} at ${where(i)}`);
      }
      i++;
      const entries: [string, JsonValue][] = [];
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return new JsonObject(entries);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a member name, found ${describe()}`);
        const keyAt = i;
        const key = parseString();
        if (seen.has(key)) {
          throw new PcsParseError("duplicate-key", key, `duplicate key '${key}' at ${where(keyAt)}`);
        }
        seen.add(key);
        ws();
        if (text[i] !== ":") fail(`expected ':' after a member name, found ${describe()}`);
        i++;
        entries.push([key, parseValue(depth + 1)]);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return new JsonObject(entries);
        }
        fail(`expected ',' or '}' in an object, found ${describe()}`);
      }
    }
    if (c === "[") {
      if (depth + 1 > maxDepth) {
        throw new PcsParseError("too-deeply-nested", null, `nesting deeper than ${maxDepth} at ${where(i)}`);
      }
      i++;
      const items: JsonValue[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return items;
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return items;
        }
        fail(`expected ',' or ']' in an array, found ${describe()}`);
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith("true", i)) { i += 4; return true; }
    if (text.startsWith("false", i)) { i += 5; return false; }
    if (text.startsWith("null", i)) { i += 4; return null; }
    if (text.startsWith("NaN", i) || text.startsWith("Infinity", i) || text.startsWith("-Infinity", i)) {
      fail("NaN and Infinity are not JSON numbers");
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0] === "-") fail("malformed number");
      const num = m![0];
      const next = text[i + num.length];
      if (next !== undefined && /[0-9.eE+\-]/.test(next)) fail("malformed number (leading zero or stray character)");
      if (num.length > MAX_NUMBER_LENGTH) fail(`number longer than ${MAX_NUMBER_LENGTH} characters`);
      i += num.length;
      return new JsonNumber(num, !/[.eE]/.test(num));
    }
    return fail(i >= text.length ? "unexpected end of input" : `unexpected ${describe()}`);
  };

  const value = parseValue(0);
  ws();
  if (i < text.length) fail("content after the JSON value");
  return value;
}
