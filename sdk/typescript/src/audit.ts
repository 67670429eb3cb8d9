// Audit proofs an agent can check offline (docs/contract.md §8): the audit-service's checkpoint is a C2SP signed
// note (origin, tree size, base64 root; an Ed25519 signature line under the log's key name and key id), and an
// inclusion proof is RFC 6962 / RFC 9162 §2.1.3.2 (leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ l ‖ r)).

import { concat, constantTimeEqual, fromBase64, toHex, utf8 } from "./bytes.js";
import { ed25519Verify } from "./crypto.js";
import { sha256 } from "./sha256.js";

/** A note or proof that does not verify; the message says which check failed. */
export class ProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProofError";
  }
}

export const NOTE_ED25519 = 0x01;

export interface NoteKey {
  name: string;
  type: number;
  publicKey: Uint8Array;
  /** First 4 bytes of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
  keyId: Uint8Array;
}

export function noteKeyId(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  return sha256(concat(utf8(name), new Uint8Array([0x0a, type]), publicKey)).slice(0, 4);
}

/** Parses "<name>+<hex key id>+<base64(type ‖ public key)>"; the key id must match name and key. */
export function parseVerifierKey(vkey: string): NoteKey {
  const t = vkey.trim();
  const a = t.indexOf("+");
  const b = a < 0 ? -1 : t.indexOf("+", a + 1);
  if (a < 0 || b < 0) throw new ProofError("a verifier key looks like name+keyid+base64key");
  const name = t.slice(0, a);
  const idHex = t.slice(a + 1, b);
  const typed = fromBase64(t.slice(b + 1));
  if (!typed) throw new ProofError("verifier key: the key part is not base64");
  if (typed.length !== 33) throw new ProofError("verifier key: expected a type byte and a 32-byte Ed25519 key");
  if (name === "" || /[\s+]/.test(name)) throw new ProofError("verifier key: the name is empty or has spaces or '+'");
  if (typed[0] !== NOTE_ED25519) throw new ProofError(`verifier key: unsupported key type ${typed[0]}`);
  const publicKey = typed.slice(1);
  const keyId = noteKeyId(name, typed[0], publicKey);
  if (toHex(keyId) !== idHex.toLowerCase()) {
    throw new ProofError(`verifier key: key id ${idHex} does not match name and key`);
  }
  return { name, type: typed[0], publicKey, keyId };
}

export interface NoteSignature {
  keyName: string;
  keyId: Uint8Array;
  signature: Uint8Array;
}

export interface SignedNote {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

const DASH = "\u2014 ";

function checkText(text: string): void {
  if (text === "" || !text.endsWith("\n")) throw new ProofError("malformed note: text must end with a newline");
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) throw new ProofError("malformed note: text contains a control character");
  }
}

/** Splits a note into its text and signature lines (C2SP signed-note). */
export function parseNote(note: string): SignedNote {
  const sep = note.lastIndexOf("\n\n");
  if (sep < 0 || !note.endsWith("\n")) {
    throw new ProofError("malformed note: no blank line before the signatures, or no final newline");
  }
  const text = note.slice(0, sep + 1);
  checkText(text);
  const signatures: NoteSignature[] = [];
  const lines = note.slice(sep + 2).split("\n");
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop(); // Java's split drops trailing empties
  for (const line of lines) {
    if (!line.startsWith(DASH)) throw new ProofError("malformed note: signature line does not start with an em dash");
    const parts = line.slice(DASH.length).split(" ");
    if (parts.length !== 2 || parts[0] === "") throw new ProofError("malformed note: signature line is not '— name signature'");
    const blob = fromBase64(parts[1]);
    if (!blob) throw new ProofError("malformed note: signature is not base64");
    if (blob.length < 5) throw new ProofError("malformed note: signature too short");
    signatures.push({ keyName: parts[0], keyId: blob.slice(0, 4), signature: blob.slice(4) });
  }
  if (signatures.length === 0) throw new ProofError("note has no signature");
  return { text, signatures };
}

/** Resolves when the note carries a valid Ed25519 signature by key over its text; throws ProofError otherwise. */
export async function verifyNote(note: SignedNote, key: NoteKey): Promise<void> {
  let sawKey = false;
  for (const s of note.signatures) {
    if (s.keyName !== key.name || !constantTimeEqual(s.keyId, key.keyId)) continue;
    sawKey = true;
    if (s.signature.length === 64 && (await ed25519Verify(key.publicKey, utf8(note.text), s.signature))) return;
  }
  throw new ProofError(sawKey ? `signature by ${key.name} does not verify` : `note is not signed by ${key.name}`);
}

export interface Checkpoint {
  origin: string;
  size: bigint;
  root: Uint8Array;
}

/** The checkpoint body: exactly origin, decimal size (no leading zeros) and base64 root lines. */
export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split("\n");
  if (lines.length !== 4 || lines[3] !== "") throw new ProofError("checkpoint text must be exactly origin, size and root lines");
  if (lines[0] === "") throw new ProofError("checkpoint origin must be one non-empty line");
  if (!/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) {
    throw new ProofError(`checkpoint tree size is not a decimal without leading zeros: ${lines[1]}`);
  }
  const size = BigInt(lines[1]);
  if (size > (1n << 63n) - 1n) throw new ProofError("checkpoint tree size out of range");
  const root = fromBase64(lines[2]);
  if (!root) throw new ProofError("checkpoint root is not base64");
  if (root.length !== 32) throw new ProofError("checkpoint root is not 32 bytes");
  return { origin: lines[0], size, root };
}

/**
 * Verifies a signed checkpoint note under the log's verifier key text and returns the checkpoint; checks the
 * origin when expectedOrigin is given.
 */
export async function verifyCheckpoint(note: string, verifierKey: string | NoteKey, expectedOrigin?: string): Promise<Checkpoint> {
  const key = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  const parsed = parseNote(note);
  await verifyNote(parsed, key);
  const cp = parseCheckpoint(parsed.text);
  if (expectedOrigin !== undefined && expectedOrigin !== cp.origin) {
    throw new ProofError(`checkpoint origin is '${cp.origin}', expected '${expectedOrigin}'`);
  }
  return cp;
}

export function leafHash(leaf: Uint8Array | string): Uint8Array {
  return sha256(concat(new Uint8Array([0x00]), typeof leaf === "string" ? utf8(leaf) : leaf));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concat(new Uint8Array([0x01]), left, right));
}

/** RFC 9162 §2.1.3.2: throws ProofError unless proof leads from leafHash at index to root of a tree of size. */
export function verifyInclusion(index: bigint | number, size: bigint | number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  const idx = BigInt(index);
  const n = BigInt(size);
  if (idx < 0n || idx >= n) throw new ProofError(`leaf index ${idx} is outside a tree of size ${n}`);
  for (const p of proof) if (p.length !== 32) throw new ProofError("proof hash of wrong length");
  let fn = idx;
  let sn = n - 1n;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw new ProofError(`inclusion proof is longer than a tree of size ${n} allows`);
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError(`inclusion proof is shorter than a tree of size ${n} needs`);
  if (!constantTimeEqual(r, root)) throw new ProofError(`inclusion proof of leaf ${idx} does not lead to the root of size ${n}`);
}

/** RFC 9162 §2.1.4.2: throws ProofError unless proof shows the tree of size first is a prefix of size second. */
export function verifyConsistency(first: bigint | number, second: bigint | number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): void {
  const m = BigInt(first);
  const n = BigInt(second);
  if (m <= 0n || m > n) throw new ProofError(`no consistency proof exists from size ${m} to size ${n}`);
  for (const p of proof) if (p.length !== 32) throw new ProofError("proof hash of wrong length");
  if (m === n) {
    if (proof.length !== 0) throw new ProofError("consistency proof between equal sizes must be empty");
    if (!constantTimeEqual(firstRoot, secondRoot)) throw new ProofError(`two different roots for the same tree size ${m}`);
    return;
  }
  if (proof.length === 0) throw new ProofError(`empty consistency proof from size ${m} to size ${n}`);
  const path = [...proof];
  if ((m & (m - 1n)) === 0n) path.unshift(firstRoot);
  let fn = m - 1n;
  let sn = n - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0n) throw new ProofError(`consistency proof is longer than sizes ${m} → ${n} allow`);
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new ProofError(`consistency proof is shorter than sizes ${m} → ${n} need`);
  if (!constantTimeEqual(fr, firstRoot)) throw new ProofError(`consistency proof does not reproduce the root of size ${m}`);
  if (!constantTimeEqual(sr, secondRoot)) throw new ProofError(`consistency proof does not reproduce the root of size ${n}`);
}

/**
 * The whole check an agent makes: the checkpoint note verifies under the log key, and the leaf (the audit entry as
 * served, UTF-8) is included at index in the checkpoint's tree. proof: base64 hashes, leaf side first.
 */
export async function verifyLeafInCheckpoint(args: {
  note: string;
  verifierKey: string;
  origin?: string;
  leaf: string | Uint8Array;
  index: bigint | number;
  proof: readonly (string | Uint8Array)[];
}): Promise<Checkpoint> {
  const cp = await verifyCheckpoint(args.note, args.verifierKey, args.origin);
  const hashes = args.proof.map((p) => {
    if (typeof p !== "string") return p;
    const h = fromBase64(p);
    if (!h) throw new ProofError("proof hash is not base64");
    return h;
  });
  verifyInclusion(args.index, cp.size, leafHash(args.leaf), hashes, cp.root);
  return cp;
}
