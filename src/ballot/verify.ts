/**
 * THE VERIFIER (docs/ballot-spec.md §8): re-derives the result of an election from its published board alone,
 * running the numbered checks B1–B15 in order and stopping at the first failure, which it names together with
 * the record (seq and type) that failed it.
 *
 * Threat model: everyone who produced the board may have lied — the server (records dropped, edited, inserted,
 * reordered, ballots stuffed), trustees (bad dealings, wrong partial decryptions), the credential authority
 * (duplicate or extra credentials), voters (malformed or replayed ballots). The verifier trusts only the
 * mathematics and its own randomness (batch verification weights), and the code it runs: it is pure, small
 * and uses only the crypto core, so a journalist can read it, run it with the CLI or in the browser.
 *
 * It is callable single-threaded (browser, tests); the CLI plugs in a worker-thread ballot checker
 * (./verify-parallel.ts) that spreads checks B9–B11 over the machine's cores.
 */
import {
  Point,
  ciphertextFromJSON,
  partialDecryptionFromJSON,
  sigmaProofFromJSON,
  verifyKnowledge,
  verifyPartialDecryption,
  addCiphertexts,
  ciphertextToJSON,
  sumCiphertexts,
  type CiphertextJSON,
  type Ciphertext,
} from '../crypto';
import { canonicalJson, isCanonicalLine } from '../domain/audit/canonical-json';
import { ballotRecordFields } from './ballot-fast';
import { checkBallotChunk, type BallotFailure, type BallotJob, type BallotJobResult } from './ballot-check';
import { mayFollow } from './board';
import { manifestProblem, type Manifest } from './manifest';
import { checkBoardIdentity, checkCredentialSignature, checkExpectedFingerprint, checkReceipts, checkRevocationSignature, checkRevision, checkWindow, type ExpectedBoard } from './verify-trust';
import { BallotStore } from './verify-store';
import { RECORD_TYPES, ZERO_HASH, sha256Hex, type BallotBody, type ElectionKeyBody, type PartialBody, type RecordType, type ResultBody, type TallyBody } from './records';
import { combineResult, tallyContext, trusteeKeyContext, verificationKeyMap, type ComplaintStatus } from './trustee';
import { checkKeyCeremony } from './verify-dkg';
import { isTrusteeReceipt } from './trustee-receipt';

export const CHECKS = [
  { id: 'B1', title: 'Every record is canonical JSON with the fields seq, prev, type, body, hash and a known type' },
  { id: 'B2', title: 'Hash chain: seq counts from 0, prev is the previous record’s hash, hash is recomputed' },
  { id: 'B3', title: 'Records come in protocol order (set-up, keys, credentials, voting, closing, tally, result)' },
  { id: 'B3a', title: 'The board is the expected one: its election hash and head equal those given to the verifier (--election-hash, --head)' },
  { id: 'B4', title: 'The election manifest is well formed: strict instants, a random election nonce, the board’s receipt key, the credential authority’s key' },
  { id: 'B5', title: 'Trustee keys (transport and signing): one per trustee, with valid proofs of possession (crypto V2)' },
  { id: 'B6', title: 'Key ceremony (steps B6.1–B6.6): signed dealings, complaints with evidence, signed answers; the qualified set, joint key and verification keys are recomputed (crypto V7–V9); every trustee receipt given finds its message' },
  { id: 'B7', title: 'Credential list: one valid, distinct public key per elector, sorted' },
  { id: 'B7a', title: 'The credential list is signed by the credential authority key the manifest names (its fingerprint is printed)' },
  { id: 'B7b', title: 'The credential list’s fingerprint equals the one the authority published outside the server (--credentials-fingerprint)' },
  { id: 'B8', title: 'Revocations: an active credential is replaced by a fresh one' },
  { id: 'B8a', title: 'Every revocation is signed by the manifest’s credential authority key' },
  { id: 'B9', title: 'Ballots are well formed, cast by an active credential, not replayed' },
  { id: 'B9a', title: 'Revisions: each credential’s ballots carry signed revisions 1, 2, 3, … in board order (no equal, missing or swapped revision)' },
  { id: 'B9b', title: 'The voting window: the manifest’s, or the latest reschedule signed by its authority key; the vote opened and closed within it (strict instants, close not before open)' },
  { id: 'B9c', title: 'Every cast receipt given (--receipt) is signed by the board key, and its ballot is on the board at its place, under its head, within the voting window' },
  { id: 'B10', title: 'Ballot signatures by the credentials (crypto V4)' },
  { id: 'B11', title: 'Ballot 0/1 proofs (crypto V3, batch-verified V12)' },
  { id: 'B12', title: 'Closing record matches the ballots on the board' },
  { id: 'B13', title: 'Encrypted tally = sum of the last ballot of each active credential; counts match' },
  { id: 'B14', title: 'Partial decryptions by qualified trustees with valid proofs (crypto V9)' },
  { id: 'B15', title: 'The result decrypts from k partial decryptions (crypto V10–V11) and follows the majority basis' },
] as const;
export type CheckId = (typeof CHECKS)[number]['id'];

export interface VerifyProgress {
  phase: 'records' | 'ballots' | 'tally';
  done: number;
  total: number;
}

/** One ballot record handed to a checker: its line (the checker reads it again) and whether it counts toward the sum. */
export interface BallotLine {
  seq: number;
  line: string;
  counted: boolean;
}

/**
 * Runs checks B9–B11 for a stream of ballot chunks, as the verifier reads the board; may spread the work over
 * threads. Must report failures by seq, and return the sum of the counted ballots that decoded.
 */
export type BallotChecker = (job: Omit<BallotJob, 'ballots'> & { ballots: AsyncIterable<BallotLine[]> }, onProgress: (done: number) => void) => Promise<BallotJobResult>;

/**
 * A bounded queue of ballot chunks between the verifier's reading loop (producer) and a checker (consumer): the
 * producer waits when `capacity` chunks are pending, so a board is never held in memory whole however fast it is
 * read. Several consumers may pull at once (worker threads); each chunk goes to exactly one.
 */
class ChunkChannel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly takers: ((r: IteratorResult<T>) => void)[] = [];
  private readonly spaceWaiters: (() => void)[] = [];
  private closed = false;
  constructor(private readonly capacity: number) {}
  async push(x: T): Promise<void> {
    if (this.closed) return;
    const taker = this.takers.shift();
    if (taker) return taker({ value: x, done: false });
    this.items.push(x);
    while (this.items.length > this.capacity && !this.closed) await new Promise<void>((r) => this.spaceWaiters.push(r));
  }
  close(): void {
    this.closed = true;
    for (const t of this.takers.splice(0)) t({ value: undefined, done: true });
    for (const w of this.spaceWaiters.splice(0)) w();
  }
  private next(): Promise<IteratorResult<T>> {
    const x = this.items.shift();
    if (x !== undefined) {
      this.spaceWaiters.shift()?.();
      return Promise.resolve({ value: x, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((r) => this.takers.push(r));
  }
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }
}

export interface VerifyOptions {
  onProgress?: (p: VerifyProgress) => void;
  checker?: BallotChecker;
  /** SHA-256 of a string as lowercase hex (default: @noble/hashes; the CLI passes node:crypto's, ~3× faster). */
  sha256Hex?: (s: string) => string;
  /**
   * What the verifier's user knows from outside the server: checks B3a, B7b, B9c, B6.6. `receipts` may mix voters'
   * cast receipts (B9c) and trustees' receipts for their key-ceremony messages (those naming a record `type`, B6.6).
   */
  expect?: ExpectedBoard;
  /** Also list the trackers of the counted ballots in the summary (sorted; costs one hash per counted ballot). */
  collectCounted?: boolean;
}

export interface VerifySummary {
  electionHash: string | null;
  head: string;
  records: number;
  title: string | null;
  question: string | null;
  electorate: number | null;
  trustees: { threshold: number; count: number; names: string[] } | null;
  qualifiedTrustees: number[];
  /** DKG complaints with their verdict (upheld: the dealer had to answer; false: the complainer is named). */
  dkgComplaints: ComplaintStatus[];
  credentials: number;
  revocations: number;
  ballotsOnBoard: number;
  counted: number | null;
  superseded: number | null;
  revoked: number | null;
  result: ResultBody | null;
  /** Trustees whose partial decryptions made the result. */
  trusteesTookPart: number[];
  complete: boolean;
  /** Last phase reached: setup, key-ceremony, credentials, open, closed, tallied, decided. */
  stage: string;
  /** The credential authority's key and the list's fingerprint (short form: publish and compare this). */
  credentialAuthority: string | null;
  credentialsFingerprint: string | null;
  /** The board's receipt key (from the manifest). */
  boardKey: string | null;
  openedAt: string | null;
  closedAt: string | null;
  /** The voting window in force (the manifest's, or the authority's latest reschedule); null bounds: a re-enactment. */
  window: { opensAt: string | null; closesAt: string | null; reschedules: number } | null;
  /** Receipts checked against the board (B9c). */
  receiptsChecked: number;
  /** Trustees' receipts for key-ceremony messages checked against the board (B6.6). */
  trusteeReceiptsChecked: number;
  /** Sorted trackers of the counted ballots (only with `collectCounted`). */
  countedTrackers?: string[];
}

export interface VerifyFailure {
  check: CheckId;
  /** The numbered step within the check, where it has steps (B6.1–B6.5). */
  step?: string;
  title: string;
  seq: number | null;
  type: string | null;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  failure: VerifyFailure | null;
  /** Checks that passed (in order); checks not applicable to an incomplete board are not listed. */
  passed: CheckId[];
  summary: VerifySummary;
}

export class Fail extends Error {
  constructor(
    readonly check: CheckId,
    readonly seq: number | null,
    readonly type: string | null,
    message: string,
    readonly step?: string,
  ) {
    super(message);
  }
}

const DKG_RECORD_TYPES: ReadonlySet<RecordType> = new Set(['trustee_key', 'dkg_commitment', 'dkg_dealing', 'dkg_complaint', 'dkg_answer', 'election_key']);

interface Rec {
  seq: number;
  type: RecordType;
  hash: string;
  /** Parsed body; ballots keep only what the main thread needs (their line goes to the checker). */
  body: unknown;
  /** The record's line; empty for ballots (streamed to the checker, not kept). */
  line: string;
  /** A ballot's tracker (hash of its body), kept only when receipts or the counted trackers are asked for. */
  tracker?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function exactKeys(x: unknown, keys: readonly string[]): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const actual = Object.keys(x);
  return actual.length === keys.length && keys.every((k) => k in (x as object));
}

/** The default checker: the main thread, in chunks, yielding between them so a browser page stays responsive. */
export const inThreadChecker: BallotChecker = async (job, onProgress) => {
  const failures: BallotFailure[] = [];
  let sum: Ciphertext | null = null;
  let done = 0;
  for await (const chunk of job.ballots) {
    const r = checkBallotChunk({ electionHash: job.electionHash, publicKey: job.publicKey, ballots: chunk });
    failures.push(...r.failures);
    const s = ciphertextFromJSON(r.sum, 'sum', { allowIdentityAlpha: true });
    sum = sum ? addCiphertexts(sum, s) : s;
    done += chunk.length;
    onProgress(done);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { failures, sum: sum ? { alpha: sum.alpha.toHex(), beta: sum.beta.toHex() } : emptySum(), checked: done };
};

function emptySum(): CiphertextJSON {
  const id = Point.fromHex('0'.repeat(64), { allowIdentity: true }).toHex();
  return { alpha: id, beta: id };
}

/** Lines of a board from any source; trailing empty lines are dropped (a file ends with a newline). */
async function* boardLines(input: string | readonly string[] | AsyncIterable<string>): AsyncGenerator<string> {
  const source: Iterable<string> | AsyncIterable<string> = typeof input === 'string' ? input.split('\n') : input;
  let blanks = 0;
  for await (const line of source) {
    if (line === '') {
      blanks++;
      continue;
    }
    for (; blanks > 0; blanks--) yield '';
    yield line;
  }
}

/**
 * Verifies a board given as its text, its lines, or a stream of lines (the CLI reads the file line by line).
 * Streamed, the board is never held whole: each ballot's line goes to the checker as it is read and only a few
 * fields of it are kept, as bytes in ./verify-store.ts (≈ 130 bytes per ballot with its voter's credential, ≈ 26 MB for a
 * 200,000-ballot board, instead of the board several times).
 */
export async function verifyBoard(input: string | readonly string[] | AsyncIterable<string>, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const lines = boardLines(input);
  const passed: CheckId[] = [];
  const summary: VerifySummary = {
    electionHash: null,
    head: ZERO_HASH,
    records: 0,
    title: null,
    question: null,
    electorate: null,
    trustees: null,
    qualifiedTrustees: [],
    dkgComplaints: [],
    credentials: 0,
    revocations: 0,
    ballotsOnBoard: 0,
    counted: null,
    superseded: null,
    revoked: null,
    result: null,
    trusteesTookPart: [],
    complete: false,
    stage: 'empty',
    credentialAuthority: null,
    credentialsFingerprint: null,
    boardKey: null,
    openedAt: null,
    closedAt: null,
    window: null,
    receiptsChecked: 0,
    trusteeReceiptsChecked: 0,
  };
  const progress = opts.onProgress ?? (() => {});
  try {
    await run(lines, opts, passed, summary, progress);
    // What the user expected must have been checked, even on a board that stopped early.
    const ex = opts.expect;
    if (ex?.credentialsFingerprint && !passed.includes('B7b')) throw new Fail('B7b', null, null, 'a credentials fingerprint was given but the board has no credential list');
    const trusteeReceipts = (ex?.receipts ?? []).filter(isTrusteeReceipt).length;
    if (summary.trusteeReceiptsChecked < trusteeReceipts) throw new Fail('B6', null, null, 'B6.6: trustee receipts were given but the board ends before its key ceremony', 'B6.6');
    if (summary.receiptsChecked < (ex?.receipts?.length ?? 0) - trusteeReceipts) throw new Fail('B9c', null, null, 'receipts were given but the board ends before the ballots they receipt');
    return { ok: true, failure: null, passed, summary };
  } catch (e) {
    if (e instanceof Fail) {
      const title = CHECKS.find((c) => c.id === e.check)!.title;
      return { ok: false, failure: { check: e.check, title, seq: e.seq, type: e.type, message: e.message, ...(e.step ? { step: e.step } : {}) }, passed, summary };
    }
    throw e;
  }
}

const COUNTED = 0;
const SUPERSEDED = 1;
const REVOKED = 2;

/**
 * Which stored ballots count (./tally.ts `selectCounted`'s rule, on the compact store): the highest revision of
 * each credential not revoked on the board (ties go to the later record); the others are superseded or revoked.
 */
function selectStored(store: BallotStore, revokedCreds: readonly string[]): { status: Uint8Array; counted: number; superseded: number; revoked: number } {
  const nc = store.credNames.length;
  const best = new Float64Array(nc).fill(-Infinity);
  const last = new Int32Array(nc).fill(-1);
  for (let u = 0; u < store.length; u++) {
    const c = store.credId(u);
    if (store.revision(u) >= best[c]!) {
      best[c] = store.revision(u);
      last[c] = u;
    }
  }
  const revokedId = new Uint8Array(nc);
  for (const r of revokedCreds) {
    const c = store.idOf(r);
    if (c !== undefined) revokedId[c] = 1;
  }
  const status = new Uint8Array(store.length);
  const n = [0, 0, 0];
  for (let u = 0; u < store.length; u++) {
    const c = store.credId(u);
    const st = revokedId[c] ? REVOKED : last[c] === u ? COUNTED : SUPERSEDED;
    status[u] = st;
    n[st]!++;
  }
  return { status, counted: n[COUNTED]!, superseded: n[SUPERSEDED]!, revoked: n[REVOKED]! };
}

/** The credential list's strict decoding, done ahead of B7 (see run): how far it got and its first failure. */
interface CredentialDecoding {
  list: unknown[] | null;
  done: number;
  bad: { i: number; message: string } | null;
}

async function run(input: AsyncIterable<string>, opts: VerifyOptions, passed: CheckId[], summary: VerifySummary, progress: (p: VerifyProgress) => void): Promise<void> {
  const hashHex = opts.sha256Hex ?? sha256Hex;
  const wantTrackers = !!opts.collectCounted || (opts.expect?.receipts ?? []).some((x) => !isTrusteeReceipt(x));
  // Ballots are checked (B9–B11) while the board is read: chunks go to the checker as soon as the election hash and
  // the election key are known. Every ballot counts toward the checker's sum; uncounted ones are subtracted at B13.
  const CHUNK = 512;
  const channel = new ChunkChannel<BallotLine[]>(8);
  let pending: BallotLine[] = [];
  let streamed = 0;
  let checking: Promise<BallotJobResult> | null = null;
  let checkedKey: { electionHash: string; publicKey: string } | null = null;
  let ballotsSeen = 0;
  /** Every record but the ballots, parsed; the ballots' remains are in `store`. */
  const recs: Rec[] = [];
  const store = new BallotStore(wantTrackers);
  let count = 0;
  let firstHash: string | null = null;
  let prev = ZERO_HASH;
  let last: RecordType | null = null;
  const b2: Fail[] = [];
  const b3: Fail[] = [];
  let ekPublicKey: string | null = null;
  // B7 decodes every credential of the list (200,000 strict decodes on a large board). They are decoded here, two per
  // ballot read, while the workers check ballots: at B7 only the rest is left, instead of a
  // single-threaded tail after the last ballot. B7 itself still runs in its place and order, on these results.
  const credDecode: CredentialDecoding = { list: null, done: 0, bad: null };
  const decodeSomeCredentials = (n: number): void => {
    const list = credDecode.list;
    if (!list) return;
    for (const end = Math.min(list.length, credDecode.done + n); credDecode.done < end && !credDecode.bad; credDecode.done++) {
      const i = credDecode.done;
      try {
        Point.fromHex(list[i], { field: `credentials[${i}]` });
      } catch (e) {
        credDecode.bad = { i, message: (e as Error).message };
      }
    }
  };
  try {
    await readRecords();
    if (pending.length > 0) await channel.push(pending);
  } finally {
    pending = [];
    channel.close();
  }
  return afterRecords();

  async function readRecords(): Promise<void> {
  // ---- B1–B3: records, chain, order ------------------------------------------------------------------------
  // ---- B1–B3: records, chain, order ------------------------------------------------------------------------
  let i = -1;
  for await (const line of input) {
    i++;
    // A well-formed canonical ballot record (nearly every line of a large board) is read at fixed offsets: it
    // passes B1 by its shape, so it is neither parsed nor re-serialised here; any other line is parsed.
    const fast = ballotRecordFields(line);
    let obj: { seq: unknown; prev: unknown; type: unknown; body: unknown; hash: unknown };
    if (fast) obj = { seq: fast.seq, prev: fast.prev, type: 'ballot', body: null, hash: fast.hash };
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Fail('B1', i, null, `line ${i + 1} is not JSON`);
      }
      if (!exactKeys(parsed, ['seq', 'prev', 'type', 'body', 'hash'])) throw new Fail('B1', i, null, `record ${i} must have exactly the fields seq, prev, type, body, hash`);
      obj = parsed as typeof obj;
    }
    const type = obj.type as RecordType;
    if (!fast) {
      if (typeof obj.type !== 'string' || !RECORD_TYPES.includes(type)) throw new Fail('B1', i, String(obj.type), `record ${i} has an unknown type`);
      if (typeof obj.body !== 'object' || obj.body === null || Array.isArray(obj.body)) throw new Fail('B1', i, type, `record ${i}: body must be an object`);
      if (typeof obj.hash !== 'string' || !HEX64.test(obj.hash) || typeof obj.prev !== 'string' || !HEX64.test(obj.prev)) throw new Fail('B1', i, type, `record ${i}: hash and prev must be 64 lowercase hex digits`);
      // Canonical form = canonicalJson(obj) === line, checked ~8× cheaper: JSON.stringify of the parsed value
      // reproduces the line's own key order, so the line is canonical iff that equals the line and every object's
      // keys are sorted. (Integer-like keys, which JavaScript reorders, would be refused; no record has any.)
      if (!isCanonicalLine(obj, line)) throw new Fail('B1', i, type, `record ${i} is not in canonical form (sorted keys, no spaces)`);
    }
    const hash = obj.hash as string;
    // B2 facts are collected now and reported after B1 has passed for every record.
    if (obj.seq !== i && b2.length === 0) b2.push(new Fail('B2', i, type, `record ${i} has seq ${String(obj.seq)}: a record was removed, inserted or moved`));
    if (obj.prev !== prev && b2.length === 0) b2.push(new Fail('B2', i, type, `record ${i}: prev does not match the hash of record ${i - 1}: the chain is broken`));
    // The hashed text is the canonical record without its hash field (keys sorted: body, hash, prev, …).
    const hashed = fast ? line.slice(0, fast.hashMember) + line.slice(fast.hashMember + 74) : line.replace(`"hash":"${hash}",`, '');
    if (hashHex(hashed) !== hash && b2.length === 0) b2.push(new Fail('B2', i, type, `record ${i}: its hash does not match its content: the record was edited`));
    if (!mayFollow(last, type) && b3.length === 0) b3.push(new Fail('B3', i, type, `record ${i}: a ${type} record cannot follow ${last ?? 'the start of the board'}`));
    last = type;
    prev = hash;
    if (type === 'ballot') {
      // Keep only what the main thread checks; the line goes to the checker, which reads it again.
      // The hash is kept only when receipts are checked (B9c compares it with each receipt's head).
      if (fast) store.addWellFormedLine(i, line, fast.credential, fast.revision, fast.alpha, fast.beta, wantTrackers ? hash : undefined, wantTrackers ? hashHex(line.slice(8, fast.bodyEnd)) : undefined);
      else store.add(i, obj.body as Record<string, unknown>, wantTrackers ? hash : undefined, wantTrackers ? hashHex(JSON.stringify(obj.body)) : undefined);
      ballotsSeen++;
      decodeSomeCredentials(2);
      if (!checkedKey && ekPublicKey !== null && firstHash !== null) {
        checkedKey = { electionHash: firstHash, publicKey: ekPublicKey };
        const checker = opts.checker ?? inThreadChecker;
        checking = checker({ ...checkedKey, ballots: channel }, (d) => progress({ phase: 'ballots', done: d, total: Math.max(d, ballotsSeen) }));
        // Awaited at B9–B11 (a board that fails earlier never asks for the result). A checker that fails stops
        // consuming: the channel is closed so the reader does not wait for space forever, and the failure surfaces there.
        checking.catch(() => channel.close());
      }
      if (checkedKey) {
        pending.push({ seq: i, line, counted: true });
        streamed++;
        if (pending.length >= CHUNK) {
          const chunk = pending;
          pending = [];
          await channel.push(chunk);
        }
      }
    } else {
      recs.push({ seq: i, type, hash, body: obj.body, line: '' }); // parsed: the line itself is not needed again
      if (type === 'credentials' && store.length === 0) store.seedCredentials((obj.body as { credentials?: unknown }).credentials);
      if (type === 'credentials' && !credDecode.list && Array.isArray((obj.body as { credentials?: unknown }).credentials)) credDecode.list = (obj.body as { credentials: unknown[] }).credentials;
      if (type === 'election_key' && ekPublicKey === null) {
        const pk = (obj.body as { publicKey?: unknown }).publicKey;
        if (typeof pk === 'string' && HEX64.test(pk)) ekPublicKey = pk;
      }
    }
    if (i === 0) firstHash = hash;
    count = i + 1;
    if ((i & 4095) === 0) progress({ phase: 'records', done: i, total: i });
  }
  summary.records = count;
  progress({ phase: 'records', done: count, total: count });
  }

  /** The records B9c reads: every non-ballot record and the receipted ballots, at their seq (a sparse array). */
  function boardView(receipts: readonly unknown[]): Rec[] {
    const view: Rec[] = new Array<Rec>(count);
    if (receipts.length === 0) return view;
    for (const r of recs) view[r.seq] = r;
    for (const x of receipts) {
      const seq = (x as { seq?: unknown } | null)?.seq;
      const u = typeof seq === 'number' ? store.indexOf(seq) : -1;
      if (u >= 0) view[seq as number] = { seq: seq as number, type: 'ballot', hash: store.hash(u), body: null, line: '', tracker: store.tracker(u) };
    }
    return view;
  }

  async function afterRecords(): Promise<void> {
  summary.head = prev;
  passed.push('B1');
  if (b2[0]) throw b2[0];
  passed.push('B2');
  if (b3[0]) throw b3[0];
  passed.push('B3');
  checkBoardIdentity(opts.expect, firstHash, prev);
  passed.push('B3a');
  if (count === 0) return;

  // ---- B4: manifest ------------------------------------------------------------------------------------------
  const setup = recs[0]!;
  if (!exactKeys(setup.body, ['manifest'])) throw new Fail('B4', 0, 'setup', 'the setup record must hold exactly {manifest}');
  const problem = manifestProblem(setup.body.manifest);
  if (problem) throw new Fail('B4', 0, 'setup', `manifest: ${problem}`);
  const manifest = setup.body.manifest as Manifest;
  const eh = setup.hash;
  try {
    Point.fromHex(manifest.boardKey, { field: 'manifest.boardKey' });
    Point.fromHex(manifest.authority, { field: 'manifest.authority' });
  } catch (e) {
    throw new Fail('B4', 0, 'setup', (e as Error).message);
  }
  Object.assign(summary, { electionHash: eh, title: manifest.title, question: manifest.question, electorate: manifest.electorate, trustees: manifest.trustees, stage: 'setup', boardKey: manifest.boardKey });
  passed.push('B4');
  const n = manifest.trustees.count;
  const k = manifest.trustees.threshold;
  const of = (t: RecordType) => recs.filter((r) => r.type === t);

  // ---- B5: trustee transport keys ---------------------------------------------------------------------------
  const tkeys = of('trustee_key');
  if (tkeys.length === 0 && count === 1) return;
  summary.stage = 'key-ceremony';
  const seenK = new Set<number>();
  for (const r of tkeys) {
    const b = r.body;
    if (!exactKeys(b, ['trustee', 'publicKey', 'proof']) || typeof b.trustee !== 'number' || !Number.isInteger(b.trustee) || b.trustee < 1 || b.trustee > n || seenK.has(b.trustee)) {
      throw new Fail('B5', r.seq, r.type, `a transport key must name a trustee in 1..${n}, once`);
    }
    const t = b.trustee;
    seenK.add(t);
    try {
      const pk = Point.fromHex(b.publicKey, { field: 'publicKey' });
      if (!verifyKnowledge(pk, sigmaProofFromJSON(b.proof, 'proof', [1]), trusteeKeyContext(eh, t))) throw new Error('the proof of knowledge is invalid');
    } catch (e) {
      throw new Fail('B5', r.seq, r.type, `trustee ${t}: ${(e as Error).message}`);
    }
  }
  const ekRec = of('election_key')[0];
  const firstCommit = of('dkg_commitment')[0];
  if (firstCommit && tkeys.length !== n) throw new Fail('B5', firstCommit.seq, 'dkg_commitment', `the key ceremony went on with ${tkeys.length} of ${n} transport keys`);
  passed.push('B5');

  // ---- B6: DKG (steps B6.1–B6.5 in ./verify-dkg.ts) ----------------------------------------------------------
  const trusteeReceipts = (opts.expect?.receipts ?? []).filter(isTrusteeReceipt);
  const dkg = checkKeyCeremony(manifest, eh, recs.filter((r) => DKG_RECORD_TYPES.has(r.type)), trusteeReceipts.length ? { receipts: trusteeReceipts, boardKey: manifest.boardKey } : undefined);
  if (!dkg.ok) throw new Fail('B6', dkg.failure.seq, dkg.failure.type, `${dkg.failure.step}: ${dkg.failure.message}`, dkg.failure.step);
  if (ekRec && dkg.result.expected) summary.qualifiedTrustees = dkg.result.expected.qualified;
  summary.dkgComplaints = dkg.result.complaints;
  summary.trusteeReceiptsChecked = dkg.result.receiptsChecked;
  passed.push('B6');
  if (!ekRec) return;
  const ek = ekRec.body as ElectionKeyBody;

  // ---- B7: credentials -------------------------------------------------------------------------------------
  const credRec = of('credentials')[0];
  if (!credRec) return;
  summary.stage = 'credentials';
  const active = new Set<string>();
  const everIssued = new Set<string>();
  {
    const b = credRec.body;
    if (!exactKeys(b, ['authority', 'credentials', 'signature']) || !Array.isArray(b.credentials)) throw new Fail('B7', credRec.seq, 'credentials', 'the credentials record holds exactly {authority, credentials: [...], signature}');
    const list = b.credentials as unknown[];
    if (list.length !== manifest.electorate) throw new Fail('B7', credRec.seq, 'credentials', `${list.length} credentials for an electorate of ${manifest.electorate}: one per elector is required`);
    let prevCred = '';
    // Decoded while the ballots were read if this is the list seen then (the first credentials record): the same
    // strict decoding, its first failure at the same index.
    const early = credDecode.list === list ? credDecode : null;
    for (const [i, c] of list.entries()) {
      if (early && i < early.done) {
        if (early.bad?.i === i) throw new Fail('B7', credRec.seq, 'credentials', early.bad.message);
      } else {
        try {
          Point.fromHex(c, { field: `credentials[${i}]` });
        } catch (e) {
          throw new Fail('B7', credRec.seq, 'credentials', (e as Error).message);
        }
      }
      const s = c as string;
      if (s <= prevCred) throw new Fail('B7', credRec.seq, 'credentials', `credentials[${i}] is a duplicate or out of order (the list must be sorted, which also hides the order of issue)`);
      prevCred = s;
      active.add(s);
      everIssued.add(s);
    }
    summary.credentials = list.length;
  }
  passed.push('B7');
  const authority = checkCredentialSignature(eh, manifest.authority, credRec, ek.publicKey);
  summary.credentialAuthority = authority.key;
  summary.credentialsFingerprint = authority.fingerprint;
  passed.push('B7a');
  if (opts.expect?.credentialsFingerprint !== undefined) {
    checkExpectedFingerprint(opts.expect.credentialsFingerprint, authority.fingerprint, credRec.seq);
    passed.push('B7b');
  }

  // ---- B8, B9 (structure): revocations and ballots in board order ------------------------------------------
  const openRec = of('open')[0];
  const closeRec = of('close')[0];
  const revokedCreds: string[] = [];
  const revisions = new Map<string, number>();
  // B9 replay: found once over the stored alphas (sorting, no set of strings); met in board order below.
  const replay = store.firstReplay();
  let b9: Fail | null = null;
  let b9a: Fail | null = null;
  let b8a: Fail | null = null;
  let j = 0;
  const ballotsBefore = (seq: number): void => {
    for (; j < store.length && store.seq(j) < seq; j++) {
      if (b9) continue;
      const s = store.seq(j);
      if (!store.wellFormed(j)) {
        b9 = new Fail('B9', s, 'ballot', 'a ballot holds exactly {credential, ciphertext, proof, revision, signature}');
      } else if (!active.has(store.credential(j))) {
        b9 = new Fail('B9', s, 'ballot', 'the ballot is signed by a credential that is not on the list (or was revoked before it was cast): a stuffed ballot');
      } else if (j === replay) {
        b9 = new Fail('B9', s, 'ballot', 'the ballot repeats the ciphertext of an earlier ballot: a replay');
      } else {
        b9a ??= checkRevision(revisions, s, store.credential(j), store.revision(j));
      }
    }
  };
  for (const r of recs) {
    if (r.type === 'revocation') {
      ballotsBefore(r.seq);
      const b = r.body;
      if (!exactKeys(b, ['revoked', 'replacement', 'signature']) || typeof b.revoked !== 'string' || typeof b.replacement !== 'string') throw new Fail('B8', r.seq, r.type, 'a revocation holds exactly {revoked, replacement, signature}');
      if (!active.has(b.revoked)) throw new Fail('B8', r.seq, r.type, 'the revoked credential is not an active credential');
      try {
        Point.fromHex(b.replacement, { field: 'replacement' });
      } catch (e) {
        throw new Fail('B8', r.seq, r.type, (e as Error).message);
      }
      if (everIssued.has(b.replacement)) throw new Fail('B8', r.seq, r.type, 'the replacement credential was already issued');
      b8a ??= checkRevocationSignature(eh, authority.key, r.seq, b as { revoked: string; replacement: string; signature: unknown });
      active.delete(b.revoked);
      active.add(b.replacement);
      everIssued.add(b.replacement);
      revokedCreds.push(b.revoked);
      summary.revocations++;
    }
  }
  ballotsBefore(Infinity);
  passed.push('B8');
  if (b8a) throw b8a;
  passed.push('B8a');
  if (b9) throw b9;
  summary.ballotsOnBoard = store.length;
  if (openRec) summary.stage = 'open';
  if (openRec && !exactKeys(openRec.body, ['at'])) throw new Fail('B9', openRec.seq, 'open', 'the open record holds exactly {at}');
  if (b9a) throw b9a;
  passed.push('B9a');
  const window = checkWindow(manifest, eh, of('reschedule'), openRec, closeRec);
  summary.openedAt = window.openedAt;
  summary.closedAt = window.closedAt;
  summary.window = { opensAt: window.opensAt, closesAt: window.closesAt, reschedules: window.reschedules };
  passed.push('B9b');
  const castReceipts = (opts.expect?.receipts ?? []).filter((x) => !isTrusteeReceipt(x));
  summary.receiptsChecked = checkReceipts(castReceipts, boardView(castReceipts), eh, manifest.boardKey, window);
  passed.push('B9c');

  // ---- B9–B11 (crypto): decoding, signatures, proofs, and the sum of counted ballots ------------------------
  const sel = selectStored(store, revokedCreds);
  let sum: CiphertextJSON | null = null;
  if (store.length > 0) {
    // Every ballot was streamed to the checker under this election hash and key (B3 puts the key before them).
    if (!checking || !checkedKey || checkedKey.electionHash !== eh || checkedKey.publicKey !== ek.publicKey || streamed !== store.length) {
      throw new Error('internal: the ballots were not all streamed to the checker under the election key');
    }
    const res = await (checking as Promise<BallotJobResult>);
    const order = ['B9', 'B10', 'B11'];
    const first = [...res.failures].sort((a, b) => order.indexOf(a.check) - order.indexOf(b.check) || a.seq - b.seq)[0];
    if (first) {
      for (const c of order) if (c !== first.check) passed.push(c as CheckId);
      else break;
      throw new Fail(first.check, first.seq, 'ballot', first.message);
    }
    sum = res.sum;
    // The checker summed every ballot; take away the superseded and revoked ones (few: revotes, postal overrides).
    const uncounted: Ciphertext[] = [];
    for (let u = 0; u < store.length; u++) if (sel.status[u] !== COUNTED) uncounted.push(ciphertextFromJSON(store.ciphertext(u), 'ciphertext'));
    if (uncounted.length > 0) {
      const all = ciphertextFromJSON(sum, 'sum', { allowIdentityAlpha: true });
      const minus = sumCiphertexts(uncounted);
      sum = ciphertextToJSON({ alpha: all.alpha.sub(minus.alpha), beta: all.beta.sub(minus.beta) });
    }
  }
  passed.push('B9', 'B10', 'B11');

  // ---- B12: close ------------------------------------------------------------------------------------------
  if (!closeRec) return;
  summary.stage = 'closed';
  {
    const b = closeRec.body;
    if (!exactKeys(b, ['at', 'ballots']) || typeof b.at !== 'string') throw new Fail('B12', closeRec.seq, 'close', 'the close record holds exactly {at, ballots}');
    if (b.ballots !== store.length) throw new Fail('B12', closeRec.seq, 'close', `the close record says ${String(b.ballots)} ballots; the board holds ${store.length}`);
  }
  passed.push('B12');

  // ---- B13: tally -------------------------------------------------------------------------------------------
  const tallyRec = of('tally')[0];
  if (!tallyRec) return;
  summary.stage = 'tallied';
  Object.assign(summary, { counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  if (opts.collectCounted) {
    const t: string[] = [];
    for (let u = 0; u < store.length; u++) if (sel.status[u] === COUNTED) t.push(store.tracker(u));
    summary.countedTrackers = t.sort();
  }
  const tb = tallyRec.body as TallyBody;
  if (!exactKeys(tb, ['ciphertext', 'counted', 'superseded', 'revoked'])) throw new Fail('B13', tallyRec.seq, 'tally', 'the tally holds exactly {ciphertext, counted, superseded, revoked}');
  if (tb.counted !== sel.counted || tb.superseded !== sel.superseded || tb.revoked !== sel.revoked) {
    throw new Fail('B13', tallyRec.seq, 'tally', `the tally claims ${String(tb.counted)} counted / ${String(tb.superseded)} superseded / ${String(tb.revoked)} revoked; the board gives ${sel.counted} / ${sel.superseded} / ${sel.revoked}`);
  }
  let tally: Ciphertext;
  try {
    tally = ciphertextFromJSON(tb.ciphertext, 'tally.ciphertext', { allowIdentityAlpha: true });
  } catch (e) {
    throw new Fail('B13', tallyRec.seq, 'tally', (e as Error).message);
  }
  const expectedSum = sum ?? emptySum();
  if (tally.alpha.toHex() !== expectedSum.alpha || tally.beta.toHex() !== expectedSum.beta) {
    throw new Fail('B13', tallyRec.seq, 'tally', 'the encrypted tally is not the homomorphic sum of the counted ballots');
  }
  passed.push('B13');

  // ---- B14: partial decryptions ---------------------------------------------------------------------------
  const partialRecs = of('partial_decryption');
  const vks = verificationKeyMap(ek);
  const seenT = new Set<number>();
  for (const r of partialRecs) {
    const b = r.body;
    if (!exactKeys(b, ['partial'])) throw new Fail('B14', r.seq, r.type, 'a partial decryption record holds exactly {partial}');
    let trustee = 0;
    try {
      const p = partialDecryptionFromJSON(b.partial, 'partial');
      trustee = p.trustee;
      const vk = vks.get(p.trustee);
      if (!vk) throw new Error(`trustee ${p.trustee} is not a qualified trustee`);
      if (seenT.has(p.trustee)) throw new Error(`trustee ${p.trustee} posted twice`);
      seenT.add(p.trustee);
      if (tally.alpha.isIdentity()) throw new Error('nothing to decrypt: the tally is empty');
      if (!verifyPartialDecryption(vk, tally, p, tallyContext(eh))) throw new Error(`the partial decryption of trustee ${p.trustee} (${manifest.trustees.names[p.trustee - 1] ?? '?'}) has an invalid proof: a cheating or faulty trustee`);
    } catch (e) {
      throw new Fail('B14', r.seq, r.type, trustee ? (e as Error).message : `malformed partial decryption: ${(e as Error).message}`);
    }
  }
  passed.push('B14');

  // ---- B15: result -------------------------------------------------------------------------------------------
  const resultRec = of('result')[0];
  if (!resultRec) return;
  summary.stage = 'decided';
  if (partialRecs.length < k) throw new Fail('B15', resultRec.seq, 'result', `${partialRecs.length} partial decryptions on the board; ${k} are needed`);
  let expected: ResultBody;
  try {
    expected = combineResult(manifest, eh, ek, tally, sel.counted, partialRecs.map((r) => r.body as PartialBody)).result;
  } catch (e) {
    throw new Fail('B15', resultRec.seq, 'result', `the partial decryptions do not give a result: ${(e as Error).message}`);
  }
  if (canonicalJson(expected) !== canonicalJson(resultRec.body)) {
    const posted = resultRec.body as Partial<ResultBody>;
    const what = posted.yes !== expected.yes || posted.no !== expected.no ? `${String(posted.yes)}–${String(posted.no)} is posted but the decryption gives ${expected.yes}–${expected.no}` : 'the posted result record differs from the recomputed one (trustees, counts or decision)';
    throw new Fail('B15', resultRec.seq, 'result', what);
  }
  summary.result = expected;
  summary.trusteesTookPart = expected.trustees;
  summary.complete = true;
  passed.push('B15');
  }
}

export function formatFailure(f: VerifyFailure): string {
  return `check ${f.check} failed${f.seq === null ? '' : ` at record ${f.seq}${f.type ? ` (${f.type})` : ''}`}: ${f.message}\n  ${f.check}: ${f.title}`;
}
