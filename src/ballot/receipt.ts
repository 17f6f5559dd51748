/**
 * Cast receipts (docs/ballot-spec.md §6a; ADR 0412).
 *
 * When the server accepts a ballot it returns a receipt signed with the board's key (whose public half is in the
 * manifest, so bound to the election hash):
 *   { election: eh, seq, tracker, head, at, signature }  — "the ballot with this tracker is record `seq` of the
 *   board of election `eh`, whose hash (the head just after it) is `head`, appended at `at`".
 * Because every record's hash chains all earlier ones, `head` pins the whole board up to the voter's ballot.
 *
 * Threat model. The server controls the board and its order. A voter (or anyone the voter gives the receipt to)
 * runs `confidence verify BOARD --receipt FILE`: if the published board drops the ballot, moves it, or rewrites
 * anything before it, check B9b fails, and the signed receipt is transferable evidence that the board operator
 * accepted the ballot. A receipt says nothing about the vote (the ballot is encrypted), so it is no help to a
 * coercer beyond what the public tracker already shows. A thief of the board key can forge receipts that
 * accuse the board falsely; it cannot make a real receipt's ballot disappear unseen.
 *
 * Pure module.
 */
import { Point, mulBase, scalarFromHex, sign, signatureFromJSON, signatureToJSON, systemRng, utf8, verify, type Rng, type Scalar, type SignatureJSON } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { parseInstant } from './manifest';

export interface CastReceipt {
  election: string;
  seq: number;
  tracker: string;
  head: string;
  at: string;
  signature: SignatureJSON;
}

type Unsigned = Omit<CastReceipt, 'signature'>;

function receiptMessage(r: Unsigned): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/receipt', election: r.election, seq: r.seq, tracker: r.tracker, head: r.head, at: r.at }));
}

/** The board's key pair, decoded once by a server that signs many receipts with it. */
export interface BoardSigningKey {
  secret: Scalar;
  publicKey: Point;
}

export function boardSigningKey(boardSecret: string): BoardSigningKey {
  const secret = scalarFromHex(boardSecret, { field: 'board secret' });
  return { secret, publicKey: mulBase(secret) };
}

export function signReceipt(boardSecret: string | BoardSigningKey, r: Unsigned, rng: Rng = systemRng): CastReceipt {
  const key = typeof boardSecret === 'string' ? boardSigningKey(boardSecret) : boardSecret;
  return { election: r.election, seq: r.seq, tracker: r.tracker, head: r.head, at: r.at, signature: signatureToJSON(sign(key.secret, receiptMessage(r), rng, key.publicKey)) };
}

export function boardKeyOf(boardSecret: string): string {
  return mulBase(scalarFromHex(boardSecret, { field: 'board secret' })).toHex();
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Strict decoding of a receipt from an untrusted file; throws naming the field. */
export function parseReceipt(x: unknown): CastReceipt {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('a receipt is a JSON object');
  const o = x as Record<string, unknown>;
  const keys = ['election', 'seq', 'tracker', 'head', 'at', 'signature'];
  if (Object.keys(o).length !== keys.length || !keys.every((k) => k in o)) throw new Error(`a receipt holds exactly {${keys.join(', ')}}`);
  for (const k of ['election', 'tracker', 'head'] as const) if (typeof o[k] !== 'string' || !HEX64.test(o[k] as string)) throw new Error(`receipt.${k} must be 64 lowercase hex digits`);
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) throw new Error('receipt.seq must be a positive integer');
  if (typeof o.at !== 'string') throw new Error('receipt.at must be a string');
  signatureFromJSON(o.signature, 'receipt.signature');
  return o as unknown as CastReceipt;
}

/** Whether the board key signed this receipt. */
export function receiptSignatureValid(boardKey: string, r: CastReceipt): boolean {
  try {
    return verify(Point.fromHex(boardKey, { field: 'boardKey' }), receiptMessage(r), signatureFromJSON(r.signature, 'signature'));
  } catch {
    return false;
  }
}

/** How far a receipt's time may stand from the voter's own clock before the device objects (clocks drift; a cast takes seconds). */
export const RECEIPT_CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * The voter's device checks the receipt the server returned for the ballot it just cast, before telling the voter
 * it is safe: strict form, signed by the board key in the manifest, for this election and this tracker, and stamped
 * with a time close to the device's own clock. The last check is what B9c cannot do later: a server that stamps a
 * late ballot with a time inside the voting window (or an early one after it) would pass B9c, but not the clock of
 * the device that was there. Returns the problem (the device then tells the voter to keep the answer as evidence)
 * or null.
 */
export function castReceiptProblem(boardKey: string, electionHash: string, tracker: string, raw: unknown, deviceNowMs: number, toleranceMs = RECEIPT_CLOCK_TOLERANCE_MS): string | null {
  let r: CastReceipt;
  try {
    r = parseReceipt(raw);
  } catch (e) {
    return `the server returned no valid receipt (${(e as Error).message})`;
  }
  if (!receiptSignatureValid(boardKey, r)) return 'the receipt is not signed by the board key in the manifest';
  if (r.election !== electionHash) return `the receipt is for election ${r.election}, not ${electionHash}`;
  if (r.tracker !== tracker) return `the receipt is for another ballot (tracker ${r.tracker.slice(0, 16)}…)`;
  const at = parseInstant(r.at);
  if (at === null) return `the receipt's time ${JSON.stringify(r.at)} is not a strict timestamp`;
  const skew = at - deviceNowMs;
  if (Math.abs(skew) > toleranceMs) {
    return `the receipt says the ballot was cast at ${r.at}, ${Math.round(Math.abs(skew) / 60_000)} minutes ${skew < 0 ? 'before' : 'after'} this device's clock (${new Date(deviceNowMs).toISOString()})`;
  }
  return null;
}
