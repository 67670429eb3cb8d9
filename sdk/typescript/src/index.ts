// @fractal-lba/sdk — build, sign, verify and submit Proof-of-Computation Summaries (docs/contract.md), byte-identical
// with the Java SDK. This entry is browser-safe (WebCrypto and fetch only); the durable outbox, which needs node:fs,
// is the separate entry @fractal-lba/sdk/outbox, and the CLI is bin/fractal-lba.

export { zlibCompress, zlibCompressedLength } from "./deflate.js";
export { pyRepr, round9, fixed9 } from "./pyfloat.js";
export { pyJsonString } from "./pyjson.js";
export { payloadText, payloadBytes, type SignedFields } from "./payload.js";
export { sha256 } from "./sha256.js";
export { sha256Async, hmacSha256, ed25519Sign, ed25519Verify, ed25519PublicKey, randomBytes } from "./crypto.js";
export { toHex, fromHex, toBase64, fromBase64, utf8, fromUtf8 } from "./bytes.js";
export { ALGORITHMS, parseAlgorithm, signPayload, verifyPayload, signFields, verifyFields, type Algorithm } from "./signing.js";
export { key32, hmacSecret, generateEd25519 } from "./keys.js";
export { parseTrace, TraceError, type Trace } from "./trace.js";
export {
  boxCounts, cohStar, compressibility, merkleRoot, pcsId, DirectionStream, DEFAULT_DIRECTIONS, DEFAULT_BINS, MERKLE_CHUNK,
} from "./signals.js";
export { estimateDHat, log2, type Estimate } from "./dhat.js";
export {
  decide, regimeOf, budgetOf, structureViolation, isRfc3339, DEFAULT_POLICY,
  type Policy, type Outcome, type Regime, type ReasonCode,
} from "./decision.js";
export { parseJson, JsonNumber, JsonObject, PcsParseError, type JsonValue, type ParseProblem } from "./json.js";
export {
  parsePcs, fromJson, toText, toBytes, signedFields, withSignature, SCHEMA, DEFAULT_MAX_BYTES,
  type Pcs, type FaultTolerance, type Usage, type ParseOptions,
} from "./document.js";
export {
  buildPcs, buildFromTrace, checkParameters, DEFAULT_SCALES, DEFAULT_SHARD, DEFAULT_EPOCH, DEFAULT_SEED,
  type Signals, type Signer, type BuildOptions,
} from "./build.js";
export { verifyPcs, verifySignature, signPcs, type VerifyKey, type Verification } from "./verify.js";
export {
  PcsClient, submitPcs, SubmitError, backoffMs, retryAfterMs, DEFAULT_RETRY,
  type ClientOptions, type SubmitResult, type RetryPolicy,
} from "./client.js";
export {
  parseVerifierKey, parseNote, verifyNote, parseCheckpoint, verifyCheckpoint, verifyInclusion, verifyConsistency,
  verifyLeafInCheckpoint, leafHash, nodeHash, noteKeyId, ProofError, NOTE_ED25519,
  type NoteKey, type SignedNote, type NoteSignature, type Checkpoint,
} from "./audit.js";
