// The byte-exact signature payload of docs/contract.md §2: eight fields, numbers round9'd and written as Python's
// repr, keys in code-point order, compact separators, Python json.dumps string escaping, UTF-8 (all ASCII).

import { utf8 } from "./bytes.js";
import { pyRepr, round9 } from "./pyfloat.js";
import { pyJsonString } from "./pyjson.js";

/** The eight signed fields as the agent gives them, before rounding. epoch is exact (may exceed 2^53). */
export interface SignedFields {
  pcs_id: string;
  merkle_root: string;
  epoch: bigint;
  shard_id: string;
  D_hat: number;
  coh_star: number;
  r: number;
  budget: number;
}

export function payloadText(f: SignedFields): string {
  return (
    `{"D_hat":${pyRepr(round9(f.D_hat))}` +
    `,"budget":${pyRepr(round9(f.budget))}` +
    `,"coh_star":${pyRepr(round9(f.coh_star))}` +
    `,"epoch":${BigInt(f.epoch).toString()}` +
    `,"merkle_root":${pyJsonString(f.merkle_root)}` +
    `,"pcs_id":${pyJsonString(f.pcs_id)}` +
    `,"r":${pyRepr(round9(f.r))}` +
    `,"shard_id":${pyJsonString(f.shard_id)}}`
  );
}

export function payloadBytes(f: SignedFields): Uint8Array {
  return utf8(payloadText(f));
}
