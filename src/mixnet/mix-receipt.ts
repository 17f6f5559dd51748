/**
 * Mix receipts (check M17, docs/mixnet-spec.md §4): the board's signed word to mix server k that its mix is record
 * `seq`, the mixers' counterpart of the trustees' receipts for their key-ceremony messages (src/ballot/trustee-receipt.ts).
 *
 *   { election: eh, seq, type: "mix", mixer: k, digest, head, at, signature }  — "mix server k's mix, whose output and
 *   proof hash to `digest` (the digest its signature covers, ./mix-signature.ts), is record `seq` of the board of
 *   election `eh`; the board's hash just after it is `head`; it was appended at `at`", signed with the board key
 *   (manifest.boardKey) under its own domain, so it can never be read as a cast or trustee receipt.
 *
 * Threat model. The server writes the board. M16 stops it from mixing in a mixer's name, but not from dropping an
 * honest mixer's mix and the records after it, rewriting the board before it (a ballot left out, a revocation added)
 * and asking the mixer to mix again "because the first post was lost": the mixer's second mix is genuinely signed,
 * the rewritten board passes M1–M16, and only the voters whose ballots went could tell. With the receipt the mixer
 * holds the board key's signature over the board it mixed (`head` chains every record up to its mix): its device
 * refuses to mix a turn it holds a receipt for, and checks before its later steps (its decryption share) that the
 * receipted mix is on the board unchanged, where it was, and so (M9) the input of the next mix; any verifier given
 * the receipt fails M17 on a board that dropped, moved or replaced it. The digest is the one the mixer signed, which
 * the devices, the server and the streaming reader already compute (no second pass over a 150 MB record).
 *
 * Pure and platform-neutral.
 */
import { scalarFromHex, sign, signatureToJSON, systemRng, utf8, type Rng, type SignatureJSON } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { boardKeySigned, parseBoardReceiptFields } from '../ballot/trustee-receipt';

export interface MixReceipt {
  election: string;
  seq: number;
  type: 'mix';
  mixer: number;
  /** SHA-256 of canonicalJson({output, proof}): what mix server k signed (M16). */
  digest: string;
  /** The record's hash: the board's head just after the mix. */
  head: string;
  at: string;
  signature: SignatureJSON;
}

type Unsigned = Omit<MixReceipt, 'signature' | 'type'>;

const KEYS = ['election', 'seq', 'type', 'mixer', 'digest', 'head', 'at', 'signature'] as const;

function receiptMessage(r: Unsigned): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/mix-receipt', election: r.election, seq: r.seq, mixer: r.mixer, digest: r.digest, head: r.head, at: r.at }));
}

export function signMixReceipt(boardSecret: string, r: Unsigned, rng: Rng = systemRng): MixReceipt {
  const s = scalarFromHex(boardSecret, { field: 'board secret' });
  return { election: r.election, seq: r.seq, type: 'mix', mixer: r.mixer, digest: r.digest, head: r.head, at: r.at, signature: signatureToJSON(sign(s, receiptMessage(r), rng)) };
}

/** A receipt given to a verifier is a mix receipt when it says so (trustee receipts name key-ceremony types). */
export function isMixReceipt(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && (x as { type?: unknown }).type === 'mix';
}

/** Strict decoding of a mix receipt from an untrusted file; throws naming the field. */
export function parseMixReceipt(x: unknown): MixReceipt {
  const o = parseBoardReceiptFields(x, KEYS, 'mix');
  if (typeof o.mixer !== 'number' || !Number.isSafeInteger(o.mixer) || o.mixer < 1) throw new Error('receipt.mixer must be a positive integer');
  if (o.type !== 'mix') throw new Error('receipt.type must be "mix"');
  return o as unknown as MixReceipt;
}

export function mixReceiptSignatureValid(boardKey: string, r: MixReceipt): boolean {
  return boardKeySigned(boardKey, receiptMessage(r), r.signature);
}

/**
 * The mix server's device checks the receipt the server returned for the mix it posted: strict form, signed by the
 * manifest's board key, for this election, this turn and exactly this output and proof. Null, or the problem (the
 * device then tells the mixer to keep the server's answer as evidence).
 */
export function mixReceiptProblem(boardKey: string, electionHash: string, mixer: number, digest: string, raw: unknown): string | null {
  let r: MixReceipt;
  try {
    r = parseMixReceipt(raw);
  } catch (e) {
    return `the server returned no valid mix receipt (${(e as Error).message})`;
  }
  if (!mixReceiptSignatureValid(boardKey, r)) return 'the receipt is not signed by the board key in the manifest';
  if (r.election !== electionHash) return `the receipt is for election ${r.election}, not ${electionHash}`;
  if (r.mixer !== mixer || r.digest !== digest) return `the receipt is for another mix (mixer ${r.mixer}, digest ${r.digest.slice(0, 16)}…)`;
  return null;
}

/** The receipt's file name beside the trustee's other receipts (`confidence trustee` reads receipt-trustee-N-*.json). */
export function mixReceiptFileName(mixer: number, seq: number): string {
  return `receipt-trustee-${mixer}-mix-${seq}.json`;
}
