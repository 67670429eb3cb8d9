// Key material as text: 32-byte Ed25519 keys as 64 hex digits (what the SDKs print) or base64 (what the verifier's
// configuration holds) — 64 hex digits and 44 base64 characters cannot be confused. HMAC secrets are UTF-8 text.

import { fromBase64, fromHex, toHex, utf8 } from "./bytes.js";
import { ed25519PublicKey, randomBytes } from "./crypto.js";

export function key32(what: string, text: string): Uint8Array {
  const t = text.trim();
  let key: Uint8Array | null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = fromHex(t);
  else if (/^[0-9a-fA-F]+$/.test(t) && t.length % 4 !== 0) {
    throw new RangeError(`${what} must be 32 bytes (64 hex digits), got ${t.length} hex digits`);
  } else key = fromBase64(t);
  if (!key) throw new RangeError(`${what} is neither 64 hex digits nor base64`);
  if (key.length !== 32) throw new RangeError(`${what} must be 32 bytes, got ${key.length}`);
  return key;
}

export function hmacSecret(text: string): Uint8Array {
  if (text === "") throw new RangeError("the HMAC secret must not be empty");
  return utf8(text);
}

/** A fresh Ed25519 key pair: the 32-byte RFC 8032 seed and its public key, both as hex. */
export async function generateEd25519(): Promise<{ seedHex: string; publicKeyHex: string }> {
  const seed = randomBytes(32);
  return { seedHex: toHex(seed), publicKeyHex: toHex(await ed25519PublicKey(seed)) };
}
