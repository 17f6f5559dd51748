/**
 * The contest ballot board: one verifiable election per MP round and one for the members' ballot
 * (docs/contest.md §3). It generalises the yes/no board of docs/ballot-spec.md to k candidates and keeps its
 * record layout, hash chain and key ceremony:
 *
 *   record = {seq, prev, type, body, hash}, hash = SHA-256(canonicalJson({seq, prev, type, body}))   (as ballot-spec §2)
 *   setup.manifest = ContestBallotManifest (candidates, blank allowed, counting rule, contest id, ballot name)
 *   ballot = {credential, choices: k ciphertexts, proofs: k 0/1 proofs, sumProof, signature}
 *
 * The 1-of-k ballot: choice i is Enc_Y(v_i) with v_i ∈ {0,1} proven by the crypto core's disjunctive 0/1 proof
 * (V3, context ['contest-ballot', eh, X, i]); the homomorphic sum Σ choices is proven to hold 0 or 1 (blank
 * allowed; 0/1 proof, context ['contest-ballot-sum', eh, X]) or exactly 1 (blank not allowed; Chaum–Pedersen
 * proof that Σβ − G = R·Y with Σα = R·G). So a ballot gives at most one vote to one candidate, and nobody —
 * not the server, not the trustees short of k — learns which. The credential signs the whole ballot (V4).
 *
 * Threat model: as docs/ballot-spec.md §0 — the server may drop, reorder, edit or invent records and stuff
 * ballots; trustees may cheat (named by their proofs) or be absent (up to n−k); the credential authority is
 * trusted not to collude with the server. Each ballot has its own election hash, bound into every proof and
 * signature, so no ballot, proof or partial decryption moves between rounds.
 *
 * Pure module (no I/O); the key-ceremony steps are the confidence vote's own (src/ballot/trustee.ts).
 */
import {
  BatchVerifier,
  G,
  Point,
  addCiphertexts,
  sumCiphertexts,
  sumPublic,
  ciphertextFromJSON,
  ciphertextToJSON,
  encrypt,
  IDENTITY,
  mulBase,
  partialDecrypt,
  partialDecryptionToJSON,
  proveEqualLogs,
  proveZeroOne,
  scalarAdd,
  scalarFromHex,
  scalarToHex,
  sigmaProofFromJSON,
  sigmaProofToJSON,
  sign,
  signatureFromJSON,
  signatureToJSON,
  systemRng,
  utf8,
  type Ciphertext,
  type CiphertextJSON,
  type Context,
  type PartialDecryptionJSON,
  type Rng,
  type Scalar,
  type SigmaProof,
  type SigmaProofJSON,
  type Signature,
  type SignatureJSON,
} from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { classifyBallots } from '../ballot/tally';
import { ZERO_HASH, recordHash, sha256Hex, type DkgCommitmentBody, type DkgDealingBody, type ElectionKeyBody, type RevocationBody, type TrusteeKeyBody } from '../ballot/records';
import type { Manifest } from '../ballot/manifest';
import { isMembersBallot } from './engine';

export const CONTEST_BALLOT_VERSION = 'confidence-contest-ballot/1';

export interface ContestBallotManifest {
  version: typeof CONTEST_BALLOT_VERSION;
  contestId: string;
  /** 32 random hex digits chosen at set-up: two ballots never share an election hash, even with equal settings. */
  nonce: string;
  /** `round-1`, `round-2`, … or `members`. */
  ballot: string;
  title: string;
  /** In ballot-paper order; choice i of every ballot is candidate i. */
  candidates: { id: string; name: string }[];
  blankAllowed: boolean;
  /** Which ballot of a credential counts: the last (revoting) or the first valid one. */
  counting: 'last' | 'first';
  electorate: number;
  trustees: { threshold: number; count: number; names: string[] };
  opensAt: string | null;
  closesAt: string | null;
  /**
   * Optional: the public key that signs cast receipts (ballot-spec §6a), present on boards run by a server.
   * Being in the manifest, it is bound into the election hash like the confidence vote's.
   */
  boardKey?: string;
  /**
   * The credential authority's public key (hex), on boards run by a server: only it may sign the credential list
   * and revocations (R7, R8). In the manifest so that the election hash pins it (ADR 0414), as for the confidence vote.
   */
  authority?: string;
  /**
   * Optional, on a members' ballot with a postal channel: the rulebook's reconciliation of a member who votes both
   * online and by post. Bound into the election hash, so the entry form of every postal paper is fixed before the vote
   * (R4 checks it agrees with `counting`; R18 checks each batch's entries take its form). Absent: no postal batch may
   * go on the board.
   */
  reconciliation?: 'postal-overrides-online' | 'first-valid-counts' | 'revoting';
}

export interface ContestBallotBody {
  credential: string;
  choices: CiphertextJSON[];
  proofs: SigmaProofJSON[];
  sumProof: SigmaProofJSON;
  signature: SignatureJSON;
}
export interface ContestTallyBody {
  /**
   * Per candidate: Σ of choice i over the counted ballots. On a board with postal batches, k more follow: Σ of choice i
   * over the counted postal ballots (so the result shows each channel; docs/contest.md §4, R13).
   */
  ciphertexts: CiphertextJSON[];
  counted: number;
  superseded: number;
  revoked: number;
  /** Only on a board with postal batches: counted postal ballots, and online ballots that postal entries replaced. */
  postal?: { counted: number; replaced: number };
}
/**
 * A batch of postal papers entered by the credential authority (docs/contest.md §4, R18; src/contest/postal.ts):
 * it is followed on the board, contiguously, by its `papers` entries — each a ballot, or under "postal overrides
 * online" a revocation and then the ballot cast under its replacement — in the order of `trackers`.
 */
export interface PostalBatchBody {
  /** 1, 2, … in board order. */
  batch: number;
  papers: number;
  /** SHA-256 of the officers' list of the batch's envelope ids (postalPapersDigest). */
  digest: string;
  /** The trackers of the batch's ballots, in board order. */
  trackers: string[];
  at: string;
  /** SHA-256 over the previous batch's chain and this batch (postalBatchChain): the officers keep the last one. */
  chain: string;
  /** The credential authority's signature over {domain, election, chain}. */
  signature: SignatureJSON;
}
export interface ContestPartialBody {
  trustee: number;
  /**
   * One partial decryption per tally ciphertext, context ['contest-tally', eh, close, i] with `close` the hash of the
   * board's close record: a board rebuilt after its decryption (another close record) needs k trustees again (R14).
   */
  partials: PartialDecryptionJSON[];
}
export interface ContestResultBody {
  /** Votes per candidate id. */
  counts: Record<string, number>;
  /** Counted ballots with no candidate (spoilt / rejected). */
  blank: number;
  counted: number;
  electorate: number;
  /** Electors with no counted ballot. */
  abstentions: number;
  trustees: number[];
  /** Only on a board with postal batches: the counts per channel (online = total − postal) and the online ballots postal replaced. */
  channels?: { online: ChannelCounts; postal: ChannelCounts; replacedByPostal: number };
}
export interface ChannelCounts {
  counts: Record<string, number>;
  blank: number;
  counted: number;
}

export interface ContestRecordBodies {
  setup: { manifest: ContestBallotManifest };
  trustee_key: TrusteeKeyBody;
  dkg_commitment: DkgCommitmentBody;
  dkg_dealing: DkgDealingBody;
  election_key: ElectionKeyBody;
  credentials: { credentials: string[] };
  open: { at: string };
  ballot: ContestBallotBody;
  revocation: RevocationBody;
  postal_batch: PostalBatchBody;
  close: { at: string; ballots: number };
  tally: ContestTallyBody;
  partial_decryption: ContestPartialBody;
  result: ContestResultBody;
}
export type ContestRecordType = keyof ContestRecordBodies;
export const CONTEST_PHASE: Record<ContestRecordType, number> = {
  setup: 0,
  trustee_key: 1,
  dkg_commitment: 2,
  dkg_dealing: 3,
  election_key: 4,
  credentials: 5,
  open: 6,
  ballot: 7,
  revocation: 7,
  postal_batch: 7,
  close: 8,
  tally: 9,
  partial_decryption: 10,
  result: 11,
};
const REPEATABLE = new Set<ContestRecordType>(['trustee_key', 'dkg_commitment', 'dkg_dealing', 'ballot', 'revocation', 'postal_batch', 'partial_decryption']);

/** Whether a record of type `next` may follow `last` (check R3): phases never go back, none is skipped but voting. */
export function contestMayFollow(last: ContestRecordType | null, next: ContestRecordType): boolean {
  if (last === null) return next === 'setup';
  const a = CONTEST_PHASE[last];
  const b = CONTEST_PHASE[next];
  if (next === 'setup' || b < a) return false;
  if (b === a) return REPEATABLE.has(next);
  for (let p = a + 1; p < b; p++) if (p !== CONTEST_PHASE.ballot) return false;
  return true;
}

export interface ContestRecord<T extends ContestRecordType = ContestRecordType> {
  seq: number;
  prev: string;
  type: T;
  body: ContestRecordBodies[T];
  hash: string;
}

export class ContestBoard {
  readonly records: ContestRecord[] = [];
  get head(): string {
    return this.records.at(-1)?.hash ?? ZERO_HASH;
  }
  get electionHash(): string {
    const r = this.records[0];
    if (!r || r.type !== 'setup') throw new Error('the board has no setup record');
    return r.hash;
  }
  append<T extends ContestRecordType>(type: T, body: ContestRecordBodies[T]): ContestRecord<T> {
    const last = (this.records.at(-1)?.type ?? null) as ContestRecordType | null;
    if (!contestMayFollow(last, type)) throw new Error(`a ${type} record cannot follow ${last ?? 'nothing'}`);
    const seq = this.records.length;
    const rec: ContestRecord<T> = { seq, prev: this.head, type, body, hash: recordHash(seq, this.head, type, body) };
    this.records.push(rec as ContestRecord);
    return rec;
  }
  /** The close record's hash: what the trustees' partial decryptions and a tie's lot are bound to. */
  get closeHash(): string {
    const r = this.records.find((x) => x.type === 'close');
    if (!r) throw new Error('the board has no close record');
    return r.hash;
  }
  ofType<T extends ContestRecordType>(type: T): ContestRecord<T>[] {
    return this.records.filter((r) => r.type === type) as ContestRecord<T>[];
  }
  toJSONLines(): string {
    return this.records.map((r) => canonicalJson(r)).join('\n') + '\n';
  }
}

/** The confidence vote's key-ceremony steps read only `manifest.trustees`: this is the manifest they get. */
export function ceremonyManifest(m: ContestBallotManifest): Manifest {
  return { trustees: m.trustees } as unknown as Manifest;
}

const isInt = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
const isStr = (x: unknown, max = 500): x is string => typeof x === 'string' && x.length > 0 && x.length <= max;

/** Why a manifest from an untrusted board is malformed, or null (check R4). Exact key sets. */
export function contestManifestProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'not an object';
  const m = x as Record<string, unknown>;
  const keys = ['version', 'contestId', 'nonce', 'ballot', 'title', 'candidates', 'blankAllowed', 'counting', 'electorate', 'trustees', 'opensAt', 'closesAt'];
  const expected = keys.length + ('boardKey' in m ? 1 : 0) + ('authority' in m ? 1 : 0) + ('reconciliation' in m ? 1 : 0);
  if (Object.keys(m).length !== expected || !keys.every((k) => k in m)) return `expected exactly the keys ${keys.join(', ')} (and boardKey and authority, on boards run by a server; reconciliation, on a members' ballot with a postal channel)`;
  if ('boardKey' in m && (typeof m.boardKey !== 'string' || !/^[0-9a-f]{64}$/.test(m.boardKey))) return 'boardKey must be 64 lowercase hex digits';
  if ('authority' in m && (typeof m.authority !== 'string' || !/^[0-9a-f]{64}$/.test(m.authority))) return 'authority must be 64 lowercase hex digits';
  if (m.version !== CONTEST_BALLOT_VERSION) return `version must be ${CONTEST_BALLOT_VERSION}`;
  if (!isStr(m.contestId, 100) || !isStr(m.ballot, 40) || !isStr(m.title)) return 'contestId, ballot and title must be non-empty strings';
  if (typeof m.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(m.nonce)) return 'nonce must be 32 lowercase hex digits';
  if (!Array.isArray(m.candidates) || m.candidates.length < 1 || m.candidates.length > 64) return 'candidates: 1 to 64';
  const ids = new Set<string>();
  for (const c of m.candidates as unknown[]) {
    const o = c as Record<string, unknown>;
    if (typeof c !== 'object' || c === null || Object.keys(o).length !== 2 || !isStr(o.id, 100) || !isStr(o.name, 200) || ids.has(o.id)) return 'each candidate is {id, name} with a distinct id';
    ids.add(o.id);
  }
  if (typeof m.blankAllowed !== 'boolean') return 'blankAllowed must be a boolean';
  if (m.counting !== 'last' && m.counting !== 'first') return 'counting must be last or first';
  if ('reconciliation' in m) {
    if (m.reconciliation !== 'postal-overrides-online' && m.reconciliation !== 'first-valid-counts' && m.reconciliation !== 'revoting') return 'reconciliation must be postal-overrides-online, first-valid-counts or revoting';
    if (!isMembersBallot(m.ballot)) return 'only the members’ ballot has a postal channel, so only it names a reconciliation';
    if ((m.reconciliation === 'first-valid-counts') !== (m.counting === 'first')) return `reconciliation ${m.reconciliation} needs counting ${m.reconciliation === 'first-valid-counts' ? 'first' : 'last'}`;
  }
  if (!isInt(m.electorate, 1, 10_000_000)) return 'electorate must be an integer in 1..10,000,000';
  const t = m.trustees as Record<string, unknown> | null;
  if (!t || typeof t !== 'object' || Object.keys(t).length !== 3 || !isInt(t.count, 1, 100) || !isInt(t.threshold, 1, t.count as number)) return 'trustees: need 1 ≤ threshold ≤ count ≤ 100';
  if (!Array.isArray(t.names) || t.names.length !== t.count || !t.names.every((n) => isStr(n, 200))) return 'trustees.names must list one name per trustee';
  for (const k of ['opensAt', 'closesAt']) if (m[k] !== null && !isStr(m[k], 40)) return `${k} must be null or an ISO instant`;
  return null;
}

export const choiceContext = (eh: string, credential: Point, i: number): Context => ['contest-ballot', eh, credential, i];
export const sumContext = (eh: string, credential: Point): Context => ['contest-ballot-sum', eh, credential];
/**
 * A tally ciphertext's decryption context: the election, the close record's hash (so the partials hold for this
 * board's records up to its close, and for no reordering of them: the close record is what a tie by lot is drawn
 * from, ADR 0605) and the ciphertext's index (candidate i; k + i for its postal sum).
 */
export const contestTallyContext = (eh: string, close: string, i: number): Context => ['contest-tally', eh, close, i];

export function contestSigningMessage(eh: string, b: Omit<ContestBallotBody, 'signature'>): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/contest-ballot', election: eh, credential: b.credential, choices: b.choices, proofs: b.proofs, sumProof: b.sumProof }));
}

export interface PreparedContestBallot {
  body: ContestBallotBody;
  tracker: string;
  /** What a Benaloh challenge reveals (choice index or null for blank, and every randomness). */
  secret: { choice: number | null; randomness: string[] };
}

/**
 * The booth: encrypts a choice (candidate index, or null for a blank ballot), proves it, signs it with the
 * credential. Runs on the voter's device.
 */
export function prepareContestBallot(m: ContestBallotManifest, eh: string, publicKey: Point, credentialSecret: string, choice: number | null, rng: Rng = systemRng): PreparedContestBallot {
  const k = m.candidates.length;
  if (choice === null ? !m.blankAllowed : !(Number.isInteger(choice) && choice >= 0 && choice < k)) throw new Error(choice === null ? 'this ballot does not allow a blank vote' : `choice must be a candidate index in 0..${k - 1}`);
  const x = scalarFromHex(credentialSecret, { field: 'credential' });
  const X = mulBase(x);
  const credential = X.toHex();
  const cts: Ciphertext[] = [];
  const rs: Scalar[] = [];
  const proofs: SigmaProofJSON[] = [];
  for (let i = 0; i < k; i++) {
    const v = choice === i ? 1 : 0;
    const { ciphertext, randomness } = encrypt(publicKey, v, undefined, rng);
    cts.push(ciphertext);
    rs.push(randomness);
    proofs.push(sigmaProofToJSON(proveZeroOne({ publicKey, ciphertext, value: v, randomness, context: choiceContext(eh, X, i), rng })));
  }
  const sum = addCiphertexts(...cts);
  let R: Scalar = 0n;
  for (const r of rs) R = scalarAdd(R, r);
  const sumProof = m.blankAllowed
    ? proveZeroOne({ publicKey, ciphertext: sum, value: choice === null ? 0 : 1, randomness: R, context: sumContext(eh, X), rng })
    : proveEqualLogs(R, sum.alpha, publicKey, sum.beta.sub(G), sumContext(eh, X), rng);
  const unsigned = { credential, choices: cts.map(ciphertextToJSON), proofs, sumProof: sigmaProofToJSON(sumProof) };
  const signature = signatureToJSON(sign(x, contestSigningMessage(eh, unsigned), rng));
  const body = { ...unsigned, signature };
  return { body, tracker: sha256Hex(canonicalJson(body)), secret: { choice, randomness: rs.map(scalarToHex) } };
}

export interface DecodedContestBallot {
  credential: Point;
  choices: Ciphertext[];
  proofs: SigmaProof[];
  sumProof: SigmaProof;
  signature: Signature;
}

/** Strict decoding of an untrusted ballot body for a k-candidate manifest (check R9). */
export function decodeContestBallot(body: unknown, k: number, blankAllowed: boolean): DecodedContestBallot {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('ballot: expected an object');
  const b = body as Record<string, unknown>;
  const keys = ['credential', 'choices', 'proofs', 'sumProof', 'signature'];
  if (Object.keys(b).length !== keys.length || !keys.every((x) => x in b)) throw new Error(`ballot: expected exactly {${keys.join(', ')}}`);
  if (!Array.isArray(b.choices) || b.choices.length !== k || !Array.isArray(b.proofs) || b.proofs.length !== k) throw new Error(`ballot: expected ${k} choices and ${k} proofs, one per candidate`);
  return {
    credential: Point.fromHex(b.credential, { field: 'credential' }),
    choices: b.choices.map((c, i) => ciphertextFromJSON(c, `choices[${i}]`)),
    proofs: b.proofs.map((p, i) => sigmaProofFromJSON(p, `proofs[${i}]`, [2, 2])),
    sumProof: sigmaProofFromJSON(b.sumProof, 'sumProof', blankAllowed ? [2, 2] : [2]),
    signature: signatureFromJSON(b.signature, 'signature'),
  };
}

/** Adds one ballot's signature, k choice proofs and its sum proof to a batch, as one group (checks R10–R11). */
export function addContestBallotToBatch<Id>(bv: BatchVerifier<Id>, eh: string, Y: Point, blankAllowed: boolean, body: ContestBallotBody, d: DecodedContestBallot, id: Id): void {
  bv.addSignature(d.credential, contestSigningMessage(eh, body), d.signature, id);
  d.choices.forEach((ct, i) => bv.addZeroOne({ publicKey: Y, ciphertext: ct, proof: d.proofs[i]!, context: choiceContext(eh, d.credential, i) }, id));
  // The sums and β − G in the verifier kernel where it is loaded (public data), keeping their decoded forms for the MSM.
  const sum = sumCiphertexts(d.choices);
  if (blankAllowed) bv.addZeroOne({ publicKey: Y, ciphertext: sum, proof: d.sumProof, context: sumContext(eh, d.credential) }, id);
  else {
    const D = sumPublic([sum.beta], [G]);
    bv.addSigma('chaum-pedersen', sumContext(eh, d.credential), [sum.alpha, Y, D], [[[G, sum.alpha], [Y, D]]], d.sumProof, id);
  }
}

/** Checks one ballot alone; returns the failing part ('ok' if none). The server uses it at cast time. */
export function checkContestBallot(m: ContestBallotManifest, eh: string, Y: Point, body: ContestBallotBody): 'ok' | 'malformed' | 'signature' | 'proof' {
  let d: DecodedContestBallot;
  try {
    d = decodeContestBallot(body, m.candidates.length, m.blankAllowed);
  } catch {
    return 'malformed';
  }
  const bv = new BatchVerifier<number>();
  addContestBallotToBatch(bv, eh, Y, m.blankAllowed, body, d, 0);
  if (bv.verify().valid) return 'ok';
  const sv = new BatchVerifier<number>();
  sv.addSignature(d.credential, contestSigningMessage(eh, body), d.signature, 0);
  return sv.verify().valid ? 'proof' : 'signature';
}

export interface ContestChallengeOutcome {
  ok: boolean;
  /** What the ballot holds: a candidate index, null for blank, undefined if it does not open. */
  opensTo: number | null | undefined;
  problems: string[];
}

/**
 * Cast-as-intended (Benaloh) for a contest ballot: with the randomness the booth reveals, each choice must re-encrypt
 * to the ballot's ciphertext for 0 or 1, the ones must name exactly the expected candidate (or none for blank), and
 * the proofs and signature must hold. A booth that encrypted another candidate is caught whenever it is challenged;
 * it cannot tell in advance which ballots will be. Runs on the voter's device; the challenged ballot is then discarded.
 */
export function checkContestChallenge(m: ContestBallotManifest, eh: string, Y: Point, body: ContestBallotBody, secret: PreparedContestBallot['secret'], expected: number | null): ContestChallengeOutcome {
  const problems: string[] = [];
  let d: DecodedContestBallot;
  try {
    d = decodeContestBallot(body, m.candidates.length, m.blankAllowed);
  } catch (e) {
    return { ok: false, opensTo: undefined, problems: [`the ballot does not decode: ${(e as Error).message}`] };
  }
  if (secret.randomness.length !== d.choices.length) return { ok: false, opensTo: undefined, problems: ['the booth revealed the wrong number of randomness values'] };
  const ones: number[] = [];
  let opens = true;
  d.choices.forEach((ct, i) => {
    const r = scalarFromHex(secret.randomness[i]!, { field: `randomness[${i}]` });
    const v = [0, 1].find((x) => {
      const re = encrypt(Y, x, r).ciphertext;
      return re.alpha.equals(ct.alpha) && re.beta.equals(ct.beta);
    });
    if (v === undefined) opens = false;
    if (v === 1) ones.push(i);
  });
  const opensTo = !opens || ones.length > 1 ? undefined : (ones[0] ?? null);
  if (!opens) problems.push('the revealed randomness does not open every choice');
  else if (ones.length > 1) problems.push('the ballot gives a vote to more than one candidate');
  else if (opensTo !== expected) problems.push(`the ballot holds ${opensTo === null ? 'no candidate' : m.candidates[opensTo!]!.name}, not the choice made`);
  if (secret.choice !== opensTo) problems.push('the booth misreported what it encrypted');
  if (checkContestBallot(m, eh, Y, body) !== 'ok') problems.push('the ballot’s proofs or signature are invalid');
  return { ok: problems.length === 0, opensTo, problems };
}

export type ContestBoardEvent = { kind: 'ballot'; seq: number; credential: string } | { kind: 'revocation'; seq: number; revoked: string };

/** Which ballots count (R13): the last (or first) of each credential not revoked by the end of the board. */
export function selectContestCounted(events: readonly ContestBoardEvent[], counting: 'last' | 'first') {
  const pick = new Map<string, number>();
  const revokedCreds = new Set<string>();
  for (const e of events) {
    if (e.kind === 'revocation') revokedCreds.add(e.revoked);
    else if (counting === 'last' || !pick.has(e.credential)) pick.set(e.credential, e.seq);
  }
  return classifyBallots(events, revokedCreds, pick);
}

/** Per-candidate homomorphic sums of the counted ballots. */
export function tallyContestBallots(k: number, counted: Iterable<{ choices: CiphertextJSON[] } | Ciphertext[]>): Ciphertext[] {
  const acc: Ciphertext[] = Array.from({ length: k }, () => ({ alpha: IDENTITY, beta: IDENTITY }));
  for (const b of counted) {
    const cts = Array.isArray(b) ? b : b.choices.map((c) => ciphertextFromJSON(c));
    for (let i = 0; i < k; i++) acc[i] = addCiphertexts(acc[i]!, cts[i]!);
  }
  return acc;
}

/**
 * Trustee j's partial decryptions of every candidate's tally (one record), bound to the board's close record
 * (`close`, its hash: the one of the board the trustee verified up to its tally).
 */
export function contestPartialDecrypt(eh: string, close: string, trustee: { index: number; secretShare: string; verificationKey: string }, tally: readonly Ciphertext[], rng: Rng = systemRng): ContestPartialBody {
  if (!/^[0-9a-f]{64}$/.test(close)) throw new Error('close must be the close record\'s hash (64 lowercase hex digits)');
  const key = { index: trustee.index, secretShare: scalarFromHex(trustee.secretShare, { field: 'secretShare' }), verificationKey: Point.fromHex(trustee.verificationKey, { field: 'verificationKey' }) };
  return { trustee: trustee.index, partials: tally.map((ct, i) => partialDecryptionToJSON(partialDecrypt(key, ct, contestTallyContext(eh, close, i), rng))) };
}

export { signatureFromJSON };
