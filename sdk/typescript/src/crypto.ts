// WebCrypto primitives (globalThis.crypto.subtle), the same code in Node 20 and browsers. Measured on Node 20.20:
// Ed25519 importKey of a PKCS#8 built from the 32-byte seed and of a raw 32-byte public key both work, so no
// node:crypto fallback is needed (and none is bundled for the browser).

import { concat, fromBase64 } from "./bytes.js";

function subtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c || !c.subtle) {
    throw new Error("WebCrypto (globalThis.crypto.subtle) is unavailable: Node 20+ or a browser in a secure context is needed");
  }
  return c.subtle;
}

// Copies into a fresh ArrayBuffer: WebCrypto wants BufferSource, and a view on a shared or larger buffer is
// accepted by some engines only.
function buf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

export async function sha256Async(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest("SHA-256", buf(data)));
}

export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  if (key.length === 0) throw new RangeError("HMAC secret must not be empty");
  const k = await subtle().importKey("raw", buf(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await subtle().sign("HMAC", k, buf(message)));
}

// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410): SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 },
// OCTET STRING { OCTET STRING seed } } — the fixed 16-byte prefix followed by the 32-byte seed.
const PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

function requireKey32(bytes: Uint8Array, what: string): void {
  if (bytes.length !== 32) throw new RangeError(`${what} must be 32 bytes, got ${bytes.length}`);
}

async function privateKey(seed: Uint8Array, extractable: boolean): Promise<CryptoKey> {
  requireKey32(seed, "an Ed25519 private key (RFC 8032 seed)");
  return subtle().importKey("pkcs8", buf(concat(PKCS8_PREFIX, seed)), { name: "Ed25519" }, extractable, ["sign"]);
}

export async function ed25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const k = await privateKey(seed, false);
  return new Uint8Array(await subtle().sign({ name: "Ed25519" }, k, buf(message)));
}

/** The 32-byte public key of an RFC 8032 seed (read from the JWK export's "x"). */
export async function ed25519PublicKey(seed: Uint8Array): Promise<Uint8Array> {
  const jwk = await subtle().exportKey("jwk", await privateKey(seed, true));
  const b64 = (jwk.x ?? "").replace(/-/g, "+").replace(/_/g, "/");
  const pub = fromBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  if (!pub || pub.length !== 32) throw new Error("could not derive the Ed25519 public key");
  return pub;
}

export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  requireKey32(publicKey, "an Ed25519 public key");
  if (signature.length !== 64) return false;
  try {
    const k = await subtle().importKey("raw", buf(publicKey), { name: "Ed25519" }, false, ["verify"]);
    return await subtle().verify({ name: "Ed25519" }, k, buf(signature), buf(message));
  } catch {
    return false; // a key that is not a curve point verifies nothing
  }
}

export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  (globalThis as { crypto: Crypto }).crypto.getRandomValues(out);
  return out;
}
