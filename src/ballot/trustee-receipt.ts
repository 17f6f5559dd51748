/**
 * Submission receipts for trustee messages (docs/ballot-spec.md §3.2; ADR 0110, amended): the key ceremony's
 * counterpart of the voters' cast receipts (./receipt.ts, ADR 0412).
 *
 * When the server accepts a trustee's message — transport key, dealing digest, dealing, complaint, answer — it
 * returns a receipt signed with the board's key (manifest.boardKey, so bound to the election hash):
 *   { election: eh, seq, type, digest, head, at, signature }  — "the `type` message whose canonical body hashes
 *   to `digest` is record `seq` of the board of election `eh`; the board's hash just after it is `head`; it was
 *   appended at `at`".
 * `head` chains every earlier record, so a receipt pins the board up to the trustee's message.
 *
 * Threat model. Whoever writes the board (the server) decides which signed DKG messages appear. Before receipts,
 * dropping a dealer's correct answer to an upheld complaint got that dealer disqualified, and both boards — with
 * and without the answer — verified: the board writer chose the joint key between two qualified sets. With a
 * receipt, the trustee holds the board key's own signature that its message is record `seq`; the verifier given
 * that receipt (`confidence verify --receipt`, the browser verifier) fails check B6.6 on any board where the
 * message is missing, moved or preceded by rewritten records. What a receipt cannot show is a message the server
 * refused outright: then the trustee has no receipt, knows at once, and holds its signed message to publish
 * elsewhere (as a voter whose ballot is refused). A receipt carries only what the board already shows.
 *
 * Pure module (browser, CLI, server).
 */
import { Point, scalarFromHex, sign, signatureFromJSON, signatureToJSON, systemRng, utf8, verify, type Rng, type SignatureJSON } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { parseInstant } from './manifest';
import { sha256Hex, type RecordType } from './records';

/** The record types a trustee's device submits (each gets a receipt). */
export const TRUSTEE_MESSAGE_TYPES = ['trustee_key', 'dkg_commitment', 'dkg_dealing', 'dkg_complaint', 'dkg_answer'] as const satisfies readonly RecordType[];
export type TrusteeMessageType = (typeof TRUSTEE_MESSAGE_TYPES)[number];

export interface TrusteeReceipt {
  election: string;
  seq: number;
  type: TrusteeMessageType;
  /** SHA-256 of the canonical JSON of the record's body (what the trustee sent, as the board holds it). */
  digest: string;
  /** The record's hash: the board's head just after the message. */
  head: string;
  at: string;
  signature: SignatureJSON;
}

type Unsigned = Omit<TrusteeReceipt, 'signature'>;

const KEYS = ['election', 'seq', 'type', 'digest', 'head', 'at', 'signature'] as const;
const HEX64 = /^[0-9a-f]{64}$/;

function receiptMessage(r: Unsigned): Uint8Array {
  // Its own domain: a cast receipt can never be read as a trustee receipt, nor the other way round.
  return utf8(canonicalJson({ domain: 'confidence/v1/trustee-receipt', election: r.election, seq: r.seq, type: r.type, digest: r.digest, head: r.head, at: r.at }));
}

/** The digest a receipt names for a message body. */
export function messageDigest(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}

export function signTrusteeReceipt(boardSecret: string, r: Unsigned, rng: Rng = systemRng): TrusteeReceipt {
  const s = scalarFromHex(boardSecret, { field: 'board secret' });
  return { election: r.election, seq: r.seq, type: r.type, digest: r.digest, head: r.head, at: r.at, signature: signatureToJSON(sign(s, receiptMessage(r), rng)) };
}

/** A receipt given to the verifier is a trustee receipt when it names a record type (a cast receipt has none). */
export function isTrusteeReceipt(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.prototype.hasOwnProperty.call(x, 'type');
}

/**
 * The fields every board-key receipt of a key-ceremony or mix message shares (election, seq, digest, head, at,
 * signature), checked strictly on an untrusted object holding exactly `keys`; throws naming the field. The caller
 * checks its own fields (`type`, `mixer`).
 */
export function parseBoardReceiptFields(x: unknown, keys: readonly string[], what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('a receipt is a JSON object');
  const o = x as Record<string, unknown>;
  if (Object.keys(o).length !== keys.length || !keys.every((k) => k in o)) throw new Error(`a ${what} receipt holds exactly {${keys.join(', ')}}`);
  for (const k of ['election', 'digest', 'head'] as const) if (typeof o[k] !== 'string' || !HEX64.test(o[k] as string)) throw new Error(`receipt.${k} must be 64 lowercase hex digits`);
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) throw new Error('receipt.seq must be a positive integer');
  if (parseInstant(o.at) === null) throw new Error('receipt.at must be a strict ISO-8601 UTC instant');
  signatureFromJSON(o.signature, 'receipt.signature');
  return o;
}

/** Whether the board key signed `message` (a receipt's domain-separated text) with `signature`; false on any bad input. */
export function boardKeySigned(boardKey: string, message: Uint8Array, signature: SignatureJSON): boolean {
  try {
    return verify(Point.fromHex(boardKey, { field: 'boardKey' }), message, signatureFromJSON(signature, 'signature'));
  } catch {
    return false;
  }
}

/** Strict decoding of a trustee receipt from an untrusted file; throws naming the field. */
export function parseTrusteeReceipt(x: unknown): TrusteeReceipt {
  const o = parseBoardReceiptFields(x, KEYS, 'trustee');
  if (typeof o.type !== 'string' || !(TRUSTEE_MESSAGE_TYPES as readonly string[]).includes(o.type)) throw new Error(`receipt.type must be one of ${TRUSTEE_MESSAGE_TYPES.join(', ')}`);
  return o as unknown as TrusteeReceipt;
}

/** Whether the board key signed this receipt. */
export function trusteeReceiptSignatureValid(boardKey: string, r: TrusteeReceipt): boolean {
  return boardKeySigned(boardKey, receiptMessage(r), r.signature);
}

/**
 * The trustee's device checks the receipt the server returned for the message it sent: strict form, signed by
 * the board key in the manifest, for this election, this record type and exactly this body. Returns the problem
 * (the device then tells its trustee to keep the server's answer as evidence) or null.
 */
export function trusteeReceiptProblem(boardKey: string, electionHash: string, type: TrusteeMessageType, body: unknown, raw: unknown): string | null {
  let r: TrusteeReceipt;
  try {
    r = parseTrusteeReceipt(raw);
  } catch (e) {
    return `the server returned no valid receipt (${(e as Error).message})`;
  }
  if (!trusteeReceiptSignatureValid(boardKey, r)) return 'the receipt is not signed by the board key in the manifest';
  if (r.election !== electionHash) return `the receipt is for election ${r.election}, not ${electionHash}`;
  if (r.type !== type || r.digest !== messageDigest(body)) return `the receipt is for another message (a ${r.type} with digest ${r.digest.slice(0, 16)}…)`;
  return null;
}

/** The receipt's file name: the trustee, the message and its place, so several receipts sit side by side. */
export function trusteeReceiptFileName(trustee: number, r: Pick<TrusteeReceipt, 'type' | 'seq'>): string {
  return `receipt-trustee-${trustee}-${r.type.replace(/_/g, '-')}-${r.seq}.json`;
}
