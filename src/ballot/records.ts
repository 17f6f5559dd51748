/**
 * Bulletin-board records and their canonical encoding (docs/ballot-spec.md §2).
 *
 * One record per line (JSON lines). A record is
 *   { "seq": n, "prev": <hash of record n−1, or 64 zeros>, "type": <record type>, "body": {...}, "hash": h }
 * with h = SHA-256(canonicalJson({seq, prev, type, body})) as lowercase hex, and the line itself is
 * canonicalJson(record). One record has exactly one byte form, so anyone can recompute every hash.
 *
 * Threat model: the board is published by the server, which may be malicious: it may drop, reorder, edit or
 * insert records. The hash chain makes any edit visible to anyone holding a later head (the head is what a
 * voter's tracker page, the procedure's result source and the verifier print); the verifier re-derives every
 * fact from the records themselves and trusts nothing the server computed.
 *
 * Pure module: no I/O (runs in the browser too).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8 } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import type {
  CiphertextJSON,
  DkgDealingJSON,
  DkgSignedAnswerJSON,
  DkgSignedComplaintJSON,
  EncryptedShareJSON,
  PartialDecryptionJSON,
  SigmaProofJSON,
  SignatureJSON,
} from '../crypto';
import type { Manifest } from './manifest';

export const ZERO_HASH = '0'.repeat(64);

export interface TrusteeKeyBody {
  trustee: number;
  /**
   * The trustee's key for the key ceremony: receives DKG shares (encryptShare) and signs the trustee's dealing,
   * complaints and answers (crypto spec §9.1). The Schnorr PoK bound to (election, trustee) is its proof of possession.
   */
  publicKey: string;
  proof: SigmaProofJSON;
}
export interface DkgCommitmentBody {
  dealer: number;
  /** dkgDealingDigest of the dealing revealed later (commit-then-reveal, crypto ADR 0103). */
  digest: string;
}
export interface DkgDealingBody {
  dealing: DkgDealingJSON;
  /** Shares f_dealer(j) encrypted to trustee j's key; public, only j can open its own. */
  encryptedShares: EncryptedShareJSON[];
  /** The dealer's signature over the dealing and every encrypted share (dkgDealingMessage). */
  signature: SignatureJSON;
}
export interface DkgComplaintBody {
  /** Signed by the complainer; carries the evidence (sk·E with a Chaum–Pedersen proof) that unmasks the share. */
  complaint: DkgSignedComplaintJSON;
}
export interface DkgAnswerBody {
  /** The accused dealer reveals the disputed share, signed. */
  answer: DkgSignedAnswerJSON;
}
export interface ElectionKeyBody {
  qualified: number[];
  disqualified: { dealer: number; reason: string }[];
  /** Complaints whose revealed share matched the dealer's commitments: they disqualify nobody and name the complainer. */
  falseComplaints: { dealer: number; complainer: number }[];
  publicKey: string;
  verificationKeys: { trustee: number; key: string }[];
}
export interface CredentialsBody {
  /** The credential authority's public signing key (./authority.ts); its signature below proves possession. */
  authority: string;
  /** Credential public keys, sorted ascending: sorting erases the order in which they were generated. */
  credentials: string[];
  /** The authority's signature over the list's fingerprint (election hash, authority key, sorted list). */
  signature: SignatureJSON;
}
export interface RevocationBody {
  /** The lost credential: its ballots stop counting. */
  revoked: string;
  /** Its replacement, issued by the credential authority. */
  replacement: string;
  /** The credential authority's signature over (election, revoked, replacement): the server cannot revoke alone. */
  signature: SignatureJSON;
}
export interface BallotBody {
  credential: string;
  ciphertext: CiphertextJSON;
  proof: SigmaProofJSON;
  /** 1 for the credential's first ballot, 2 for its first revote, …: under the signature, so the voter, not the board order, says which ballot is the latest. */
  revision: number;
  signature: SignatureJSON;
}
/**
 * A change of the voting window after the manifest was fixed, signed by the credential authority (the key the
 * manifest names) over (election, opensAt, closesAt, revision). Only before the opening; revisions 1, 2, … in board
 * order, so the server can neither forge one nor replay an earlier one after a later one (B9b, ADR 0414).
 */
export interface RescheduleBody {
  opensAt: string;
  closesAt: string;
  revision: number;
  signature: SignatureJSON;
}
export interface OpenBody {
  at: string;
}
export interface CloseBody {
  at: string;
  /** Number of ballot records on the board (a convenience for readers; the verifier recounts). */
  ballots: number;
}
export interface TallyBody {
  ciphertext: CiphertextJSON;
  /** Ballots counted: the last one of every credential still valid at closing. */
  counted: number;
  /** Ballots replaced by a later ballot with the same credential. */
  superseded: number;
  /** Ballots cast with a credential revoked later. */
  revoked: number;
}
export interface PartialBody {
  partial: PartialDecryptionJSON;
}
export interface ResultBody {
  yes: number;
  no: number;
  spoilt: number;
  counted: number;
  electorate: number;
  /** Trustees whose partial decryptions were combined (the first k valid ones, ascending). */
  trustees: number[];
  decision: { result: 'survived' | 'lost'; required: number; basis: string; quorumMet: boolean; explanation: string };
}

export interface RecordBodies {
  setup: { manifest: Manifest };
  trustee_key: TrusteeKeyBody;
  dkg_commitment: DkgCommitmentBody;
  dkg_dealing: DkgDealingBody;
  dkg_complaint: DkgComplaintBody;
  dkg_answer: DkgAnswerBody;
  election_key: ElectionKeyBody;
  credentials: CredentialsBody;
  reschedule: RescheduleBody;
  open: OpenBody;
  ballot: BallotBody;
  revocation: RevocationBody;
  close: CloseBody;
  tally: TallyBody;
  partial_decryption: PartialBody;
  result: ResultBody;
}
export type RecordType = keyof RecordBodies;
export const RECORD_TYPES: readonly RecordType[] = [
  'setup',
  'trustee_key',
  'dkg_commitment',
  'dkg_dealing',
  'dkg_complaint',
  'dkg_answer',
  'election_key',
  'credentials',
  'reschedule',
  'open',
  'ballot',
  'revocation',
  'close',
  'tally',
  'partial_decryption',
  'result',
];

export interface BoardRecord<T extends RecordType = RecordType> {
  seq: number;
  prev: string;
  type: T;
  body: RecordBodies[T];
  hash: string;
}
export type AnyRecord = { [T in RecordType]: BoardRecord<T> }[RecordType];

export function sha256Hex(s: string): string {
  return bytesToHex(sha256(utf8(s)));
}

export function recordHash(seq: number, prev: string, type: string, body: unknown): string {
  return sha256Hex(canonicalJson({ seq, prev, type, body }));
}

export function makeRecord<T extends RecordType>(seq: number, prev: string, type: T, body: RecordBodies[T]): BoardRecord<T> {
  return { seq, prev, type, body, hash: recordHash(seq, prev, type, body) };
}

export function recordLine(record: BoardRecord): string {
  return canonicalJson(record);
}

/**
 * A record's hash and line from its body's canonical JSON, already computed (the server's cast check has it): the
 * same bytes as `recordHash` and `recordLine(makeRecord(…))`, without serialising the body again. The keys of both
 * objects are written in their sorted order (body, hash, prev, seq, type). `hashHex` is SHA-256 to hex (a faster
 * native one may be passed).
 */
export function recordFromCanonicalBody(seq: number, prev: string, type: RecordType, canonicalBody: string, hashHex: (s: string) => string = sha256Hex): { hash: string; line: string } {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new TypeError('seq must be a whole number');
  const tail = `"prev":${JSON.stringify(prev)},"seq":${seq},"type":${JSON.stringify(type)}}`;
  const hash = hashHex(`{"body":${canonicalBody},${tail}`);
  return { hash, line: `{"body":${canonicalBody},"hash":${JSON.stringify(hash)},${tail}` };
}

/** The ballot tracker: SHA-256 of the canonical ballot body, known to the voter before the server answers. */
export function ballotTracker(body: BallotBody): string {
  return sha256Hex(canonicalJson(body));
}

/** Human-friendly form of a tracker for print and screen: first 16 hex digits in groups of 4. */
export function shortTracker(tracker: string): string {
  return tracker.slice(0, 16).replace(/(.{4})(?!$)/g, '$1-');
}
