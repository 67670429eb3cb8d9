// Signature algorithms of docs/contract.md §2: hmac (HMAC-SHA256 over the payload), hmac-legacy (HMAC over
// SHA-256(payload)), ed25519 (pure Ed25519 over SHA-256(payload), key = 32-byte RFC 8032 seed), none (unsigned, only
// for tenants configured for it). Offline verification mirrors the verifier: bad base64 is a failed signature.

import { constantTimeEqual, fromBase64, toBase64 } from "./bytes.js";
import { ed25519Sign, ed25519Verify, hmacSha256, sha256Async } from "./crypto.js";
import { payloadBytes, type SignedFields } from "./payload.js";

export type Algorithm = "hmac" | "hmac-legacy" | "ed25519" | "none";

export const ALGORITHMS: readonly Algorithm[] = ["hmac", "hmac-legacy", "ed25519", "none"];

export function parseAlgorithm(name: string): Algorithm {
  const a = name.toLowerCase() as Algorithm;
  if (!ALGORITHMS.includes(a)) throw new RangeError(`unknown signature algorithm '${name}' (hmac, hmac-legacy, ed25519 or none)`);
  return a;
}

/** Signs payload bytes. key: the secret's bytes for the HMAC variants, the 32-byte seed for ed25519. */
export async function signPayload(alg: Algorithm, key: Uint8Array, payload: Uint8Array): Promise<string> {
  switch (alg) {
    case "hmac":
      return toBase64(await hmacSha256(key, payload));
    case "hmac-legacy":
      return toBase64(await hmacSha256(key, await sha256Async(payload)));
    case "ed25519":
      return toBase64(await ed25519Sign(key, await sha256Async(payload)));
    case "none":
      return "";
  }
}

/** key: the secret's bytes for the HMAC variants, the 32-byte raw public key for ed25519. */
export async function verifyPayload(alg: Algorithm, key: Uint8Array, payload: Uint8Array, sig: string): Promise<boolean> {
  if (alg === "none") return true;
  const given = fromBase64(sig);
  if (!given) return false;
  switch (alg) {
    case "hmac":
      return constantTimeEqual(await hmacSha256(key, payload), given);
    case "hmac-legacy":
      return constantTimeEqual(await hmacSha256(key, await sha256Async(payload)), given);
    case "ed25519":
      return ed25519Verify(key, await sha256Async(payload), given);
  }
}

export async function signFields(alg: Algorithm, key: Uint8Array, f: SignedFields): Promise<string> {
  return signPayload(alg, key, payloadBytes(f));
}

export async function verifyFields(alg: Algorithm, key: Uint8Array, f: SignedFields, sig: string | null | undefined): Promise<boolean> {
  if (alg === "none") return true;
  if (sig == null || sig === "") return false;
  return verifyPayload(alg, key, payloadBytes(f), sig);
}
