// Offline checks an agent can run before sending: the signature (as the verifier checks it) and the §4 decision.

import { decide, DEFAULT_POLICY, type Outcome, type Policy } from "./decision.js";
import { signedFields, type Pcs } from "./document.js";
import { signFields, verifyFields, type Algorithm } from "./signing.js";
import type { Signer } from "./build.js";

export interface VerifyKey {
  alg: Algorithm;
  /** The secret's bytes for the HMAC variants, the 32-byte raw public key for ed25519. */
  key: Uint8Array;
}

export interface Verification {
  signatureValid: boolean;
  outcome: Outcome;
}

export async function verifySignature(p: Pcs, k: VerifyKey): Promise<boolean> {
  return verifyFields(k.alg, k.key, signedFields(p), p.sig);
}

export async function verifyPcs(p: Pcs, k: VerifyKey, policy: Policy = DEFAULT_POLICY): Promise<Verification> {
  return { signatureValid: await verifySignature(p, k), outcome: decide(p, policy) };
}

/** The same document signed anew (sig replaced). */
export async function signPcs(p: Pcs, signer: Signer): Promise<Pcs> {
  return { ...p, sig: await signFields(signer.alg, signer.key, signedFields(p)) };
}
