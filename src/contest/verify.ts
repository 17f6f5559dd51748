/**
 * The verifier of one contest ballot board (an MP round or the members' ballot), checks R1–R15 of
 * docs/contest.md §4, in order, stopping at the first failure, which it names with the record (seq, type).
 * It trusts only the mathematics and its own randomness: the counts it returns are decrypted from the board by
 * the verifier itself, and the contest verifier (./verify-contest.ts) feeds those counts to the rulebook.
 *
 * Pure (runs in the browser and the CLI). The per-ballot work (R9–R11) is batch-verified in chunks, one batch
 * group per ballot (its signature, its k choice proofs and its sum proof), so a failing group names the ballot; the
 * chunks run in this thread or, given a checker (./verify-parallel.ts), in worker threads (./ballot-check.ts).
 */
import {
  Point,
  IDENTITY as IDENTITY_POINT,
  ciphertextFromJSON,
  sumCiphertexts,
  combinePartialDecryptions,
  discreteLog,
  partialDecryptionFromJSON,
  sigmaProofFromJSON,
  verifyKnowledge,
  verifyPartialDecryption,
  type Ciphertext,
  type PartialDecryption,
} from '../crypto';
import { canonicalJson, isCanonicalLine } from '../domain/audit/canonical-json';
import { ZERO_HASH, sha256Hex, type CredentialsBody, type ElectionKeyBody, type RevocationBody } from '../ballot/records';
import { checkCredentialList, revocationSignatureValid } from '../ballot/authority';
import { computeElectionKey, trusteeKeyContext, verificationKeyMap } from '../ballot/trustee';
import { inThreadContestChecker, type ContestBallotChecker, type ContestChunkResult } from './ballot-check';
import {
  ceremonyManifest,
  contestManifestProblem,
  contestMayFollow,
  contestTallyContext,
  decodeContestBallot,
  selectContestCounted,
  CONTEST_PHASE,
  type ContestBallotBody,
  type ContestBallotManifest,
  type ContestBoardEvent,
  type ContestPartialBody,
  type ContestRecordType,
  type ContestResultBody,
  type ContestTallyBody,
} from './board';
import { checkContestReceipts, ReceiptFail } from './receipts';
import { PostalBatchCheck, PostalFail, postalChannelFacts, type PostalBatchSummary } from './postal-check';
import { receiptFates, type ReceiptFate } from './ballot-status';
import { isTrusteeReceipt } from '../ballot/trustee-receipt';

export const ROUND_CHECKS = [
  { id: 'R1', title: 'Every record is canonical JSON with the fields seq, prev, type, body, hash and a known type' },
  { id: 'R2', title: 'Hash chain: seq counts from 0, prev is the previous record’s hash, hash is recomputed' },
  { id: 'R3', title: 'Records come in protocol order' },
  { id: 'R4', title: 'The ballot manifest is well formed (contest, ballot, candidates, trustees, electorate; a reconciliation agreeing with the counting rule)' },
  { id: 'R5', title: 'Trustee transport keys: one per trustee, valid proofs of knowledge (crypto V2)' },
  { id: 'R6', title: 'Key ceremony: qualified set, joint key and verification keys recomputed from the dealings (V7–V8)' },
  { id: 'R7', title: 'Credential list: one valid, distinct public key per elector, sorted' },
  { id: 'R8', title: 'Revocations: an active credential is replaced by a fresh one' },
  { id: 'R9', title: 'Ballots: one ciphertext and one proof per candidate, active credential, nothing replayed' },
  { id: 'R10', title: 'Ballot signatures by the credentials (crypto V4)' },
  { id: 'R11', title: 'Each choice holds 0 or 1 and the sum holds 0 or 1 (exactly 1 if blank is not allowed) (V3, batch V12)' },
  { id: 'R12', title: 'Closing record matches the ballots on the board; opened within the manifest’s voting window and closed at its end' },
  { id: 'R13', title: 'Encrypted tallies = per-candidate sums of the counted ballots; counts match' },
  { id: 'R14', title: 'Partial decryptions by qualified trustees with valid proofs, one per candidate, bound to this board’s close record (V9)' },
  { id: 'R15', title: 'The posted counts decrypt from k partial decryptions (V10–V11); blank and abstentions add up' },
  { id: 'R16', title: 'Every trustee receipt given (--receipt) is signed by the board key, and its key-ceremony message is on the board at its place, under its head' },
  { id: 'R17', title: 'Every cast receipt given (--receipt) is signed by the board key, and its ballot is on the board at its place, under its head, within the voting window' },
  { id: 'R18', title: 'Postal batches: only under a manifest that names the reconciliation; numbered in order, dated within the voting window, signed by the credential authority, chained, each followed by exactly the ballots it names in the reconciliation’s form (and, given, ending at the chain value the counting officers kept)' },
  { id: 'R19', title: 'Every receipted ballot counts, or the report names what replaced it (a postal ballot of batch B, a revocation in no batch, or another ballot of the credential)' },
] as const;
export type RoundCheckId = (typeof ROUND_CHECKS)[number]['id'];

export interface RoundVerifySummary {
  electionHash: string | null;
  head: string;
  records: number;
  manifest: ContestBallotManifest | null;
  qualifiedTrustees: number[];
  credentials: number;
  /** The credential authority's list fingerprint, when the list is signed (boards run by the server). */
  credentialsFingerprint?: string;
  revocations: number;
  ballotsOnBoard: number;
  counted: number | null;
  superseded: number | null;
  revoked: number | null;
  result: ContestResultBody | null;
  /** The close record (seq and hash): a tie broken by lot is drawn from this hash (docs/contest.md, the lot). */
  close?: { seq: number; hash: string };
  complete: boolean;
  /** Receipts checked against the board: trustees' (R16) and voters' (R17). */
  receiptsChecked?: { trustee: number; cast: number };
  /** The postal batches on the board (R18), in order. */
  postalBatches?: PostalBatchSummary[];
  /** R19: every receipted ballot that does not count, with what replaced it (empty: all count). */
  receiptsNotCounted?: ReceiptFate[];
}

export interface RoundVerifyReport {
  ok: boolean;
  failure: { check: RoundCheckId; title: string; seq: number | null; type: string | null; message: string } | null;
  passed: RoundCheckId[];
  summary: RoundVerifySummary;
}

class Fail extends Error {
  constructor(
    readonly check: RoundCheckId,
    readonly seq: number | null,
    readonly type: string | null,
    message: string,
  ) {
    super(message);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
function exactKeys(x: unknown, keys: readonly string[]): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const actual = Object.keys(x);
  return actual.length === keys.length && keys.every((k) => k in (x as object));
}

/**
 * Anyone: the counts from the per-candidate tallies and k valid partial decryptions. With `postal` (a board with
 * postal batches) the tally holds 2k ciphertexts — all counted ballots, then the counted postal ones — and the result
 * gives each channel too (online = total − postal).
 */
export function combineContestResult(m: ContestBallotManifest, eh: string, close: string, ek: ElectionKeyBody, tally: readonly Ciphertext[], counted: number, partialBodies: readonly ContestPartialBody[], postal?: { counted: number; replaced: number }): ContestResultBody {
  const vks = verificationKeyMap(ek);
  let used: number[] = [];
  const k = m.candidates.length;
  const decrypt = (offset: number, n: number) => {
    const counts: Record<string, number> = {};
    let votes = 0;
    m.candidates.forEach((c, i) => {
      if (counted === 0) {
        counts[c.id] = 0;
        return;
      }
      const partials: PartialDecryption[] = partialBodies.map((p, j) => partialDecryptionFromJSON(p.partials[offset + i], `partial_decryption[${j}].partials[${offset + i}]`));
      const r = combinePartialDecryptions({ ciphertext: tally[offset + i]!, partials, verificationKeys: vks, threshold: m.trustees.threshold, context: contestTallyContext(eh, close, offset + i) });
      counts[c.id] = discreteLog(r.plaintextPoint, n + 1);
      votes += counts[c.id]!;
      if (offset === 0 && i === 0) used = r.used;
    });
    if (votes > n) throw new Error(`the decrypted votes (${votes}) exceed the counted ballots (${n})`);
    return { counts, blank: n - votes, counted: n };
  };
  const all = decrypt(0, counted);
  const result: ContestResultBody = { counts: all.counts, blank: all.blank, counted, electorate: m.electorate, abstentions: m.electorate - counted, trustees: used };
  if (postal) {
    if (tally.length !== 2 * k) throw new Error(`a board with postal batches has ${2 * k} tally ciphertexts (all, then postal); this one has ${tally.length}`);
    const p = decrypt(k, postal.counted);
    const online = { counts: Object.fromEntries(m.candidates.map((c) => [c.id, all.counts[c.id]! - p.counts[c.id]!])), blank: all.blank - p.blank, counted: counted - postal.counted };
    if (Object.values(online.counts).some((v) => v < 0) || online.blank < 0) throw new Error('the postal counts exceed the total');
    result.channels = { online, postal: p, replacedByPostal: postal.replaced };
  }
  return result;
}

export interface RoundVerifyOptions {
  sha256Hex?: (s: string) => string;
  onProgress?: (done: number, total: number) => void;
  /** Receipts (untrusted JSON) the verifier's user holds: trustee receipts (R16) and cast receipts (R17). */
  receipts?: readonly unknown[];
  /**
   * The chain value the counting officers kept after the last postal batch they handed over (R18); or, for a contest
   * whose members' ballot was run again, the values they kept for every members' board (this board's is the one among
   * its batches; see PostalBatchCheck.finish).
   */
  postalChain?: string | readonly string[];
  /** Runs the per-ballot checks R9 (decoding), R10 and R11 on chunks (default: this thread; the CLI passes worker threads). */
  checker?: ContestBallotChecker;
  /** Told each check as it passes, in order (the browser's verifier lists them one by one). */
  onCheck?: (id: RoundCheckId) => void;
}

/** A list of passed checks that tells `onCheck` of each one as it is added. */
export function notifyingList<T>(onAdd: ((x: T) => void) | undefined): T[] {
  const list: T[] = [];
  if (!onAdd) return list;
  const push = list.push.bind(list);
  list.push = (...xs: T[]) => {
    const n = push(...xs);
    for (const x of xs) onAdd(x);
    return n;
  };
  return list;
}

/**
 * A board too large to hold as text (the members' ballot: ≈ 2.5 KB per ballot). `lines()` reads it from the start
 * each time it is called (a file read with readline). The verifier reads it twice: once for R1–R8 (ballot lines are
 * hashed and dropped), once more for the ballots' checks (R9–R11), where each line must be the one read the first time.
 */
export interface BoardSource {
  lines(): AsyncIterable<string>;
}
export type BoardInput = string | readonly string[] | BoardSource;

export async function verifyContestBoard(input: BoardInput, opts: RoundVerifyOptions = {}): Promise<RoundVerifyReport> {
  let lines: string[] | null = null;
  if (typeof input === 'string' || Array.isArray(input)) {
    lines = typeof input === 'string' ? input.split('\n') : [...(input as readonly string[])];
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  } else if (opts.receipts?.length) {
    lines = []; // receipts (R16–R17) look records up by seq: the lines are kept as they are read
  }
  const source: BoardSource | null = typeof input === 'string' || Array.isArray(input) ? null : (input as BoardSource);
  const passed = notifyingList<RoundCheckId>(opts.onCheck);
  const summary: RoundVerifySummary = { electionHash: null, head: ZERO_HASH, records: lines?.length ?? 0, manifest: null, qualifiedTrustees: [], credentials: 0, revocations: 0, ballotsOnBoard: 0, counted: null, superseded: null, revoked: null, result: null, complete: false };
  const open: AsyncIterator<string>[] = [];
  const postal = new PostalBatchCheck(opts.sha256Hex);
  try {
    await run(source ? { source, keep: lines, open } : { lines: lines! }, opts, passed, summary, postal);
    // R16–R19 after the rest (also on a board that ends early, e.g. at its election key for a trustee's check).
    if (opts.receipts?.length) {
      if (summary.electionHash === null) throw new Fail(opts.receipts.some(isTrusteeReceipt) ? 'R16' : 'R17', null, null, 'receipts were given but the board is empty');
      summary.receiptsChecked = checkContestReceipts(lines!, summary.electionHash, summary.manifest?.boardKey, opts.receipts, opts.sha256Hex);
      passed.push('R16', 'R17');
    }
    if (passed.includes('R8')) {
      summary.postalBatches = postal.finish(opts.postalChain);
      // Like R16–R17, R18 is listed when it had something to check: a board with postal batches, or the officers' chain.
      if (summary.postalBatches.length > 0 || typeof opts.postalChain === 'string') passed.push('R18');
    } else if (typeof opts.postalChain === 'string') throw new PostalFail(null, null, 'the board ends before its voting records, so it has no postal batch to match the counting officers’ chain value');
    if (summary.receiptsChecked?.cast && passed.includes('R8')) {
      summary.receiptsNotCounted = receiptFates(lines!, summary.manifest!.counting, opts.receipts!, opts.sha256Hex).filter((f) => f.status !== 'counted');
      passed.push('R19');
    }
    return { ok: true, failure: null, passed, summary };
  } catch (e) {
    if (e instanceof ReceiptFail || e instanceof Fail || e instanceof PostalFail) return { ok: false, failure: { check: e.check, title: ROUND_CHECKS.find((c) => c.id === e.check)!.title, seq: e.seq, type: e.type, message: e.message }, passed, summary };
    throw e;
  } finally {
    // A second reading that stopped early (a failure) closes its file.
    for (const it of open) await it.return?.();
  }
}

/** A ballot keeps neither its line nor its body: only the digest of its line (≈ 100 bytes instead of ≈ 2.5 KB). */
type Rec = { seq: number; type: ContestRecordType; hash: string; body: Record<string, unknown> } | { seq: number; type: 'ballot'; hash: string; body: null; lineDigest: string };

type Lines = { lines: readonly string[] } | { source: BoardSource; keep: string[] | null; open: AsyncIterator<string>[] };

/** The board's lines in order, with trailing empty lines dropped (a final newline) and any other empty line kept. */
async function* boardLines(l: Lines): AsyncGenerator<string> {
  if ('lines' in l) {
    yield* l.lines;
    return;
  }
  let empty = 0;
  for await (const line of l.source.lines()) {
    if (line === '') {
      empty++;
      continue;
    }
    for (; empty > 0; empty--) yield '';
    yield line;
  }
}

/**
 * The parts of a ballot body the verifier's own checks read (credential, and each choice's alpha and beta as strings),
 * with decodeContestBallot's counts; the points themselves are decoded with the chunk.
 */
const HEX128 = /^[0-9a-f]{128}$/;
const keyCodes: number[] = new Array<number>(65).fill(0);
/**
 * R9's replay key of a choice: equal for two choices iff their alpha + beta strings are equal, held compactly (the
 * 64 bytes of a lowercase-hex pair as a flat 65-character string, not the 128-character concatenation).
 */
function ciphertextKey(alpha: string, beta: string): string {
  const s = alpha + beta;
  if (!HEX128.test(s)) return `x${s}`;
  keyCodes[0] = 98; // 'b': never the first character of the other form
  for (let i = 0; i < 64; i++) keyCodes[i + 1] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return String.fromCharCode.apply(null, keyCodes);
}

function contestBallotShapeOk(raw: unknown, k: number): boolean {
  if (!exactKeys(raw, ['credential', 'choices', 'proofs', 'sumProof', 'signature'])) return false;
  if (typeof raw.credential !== 'string' || !Array.isArray(raw.choices) || raw.choices.length !== k || !Array.isArray(raw.proofs) || raw.proofs.length !== k) return false;
  return raw.choices.every((c: unknown) => exactKeys(c, ['alpha', 'beta']) && typeof c.alpha === 'string' && typeof c.beta === 'string');
}

async function run(input: Lines, opts: RoundVerifyOptions, passed: RoundCheckId[], summary: RoundVerifySummary, postal: PostalBatchCheck): Promise<void> {
  const hashHex = opts.sha256Hex ?? sha256Hex;
  // ---- R1–R3 -------------------------------------------------------------------------------------------------
  const recs: Rec[] = [];
  let prev = ZERO_HASH;
  let last: ContestRecordType | null = null;
  let r2: Fail | null = null;
  let r3: Fail | null = null;
  let i = -1;
  const keep = 'source' in input ? input.keep : null;
  for await (const line of boardLines(input)) {
    i++;
    keep?.push(line);
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new Fail('R1', i, null, `line ${i + 1} is not JSON`);
    }
    if (!exactKeys(obj, ['seq', 'prev', 'type', 'body', 'hash'])) throw new Fail('R1', i, null, `record ${i} must have exactly the fields seq, prev, type, body, hash`);
    const type = obj.type as ContestRecordType;
    if (typeof obj.type !== 'string' || !(obj.type in CONTEST_PHASE)) throw new Fail('R1', i, String(obj.type), `record ${i} has an unknown type`);
    if (typeof obj.body !== 'object' || obj.body === null || Array.isArray(obj.body)) throw new Fail('R1', i, type, `record ${i}: body must be an object`);
    if (typeof obj.hash !== 'string' || !HEX64.test(obj.hash) || typeof obj.prev !== 'string' || !HEX64.test(obj.prev)) throw new Fail('R1', i, type, `record ${i}: hash and prev must be 64 lowercase hex digits`);
    // Canonical form, checked without re-serialising: JSON.stringify of the parsed value keeps the line's key order,
    // so the line is canonical iff that equals the line and every object's keys are sorted (as the ballot verifier).
    if (!isCanonicalLine(obj, line)) throw new Fail('R1', i, type, `record ${i} is not in canonical form (sorted keys, no spaces)`);
    if (!r2 && obj.seq !== i) r2 = new Fail('R2', i, type, `record ${i} has seq ${String(obj.seq)}: a record was removed, inserted or moved`);
    if (!r2 && obj.prev !== prev) r2 = new Fail('R2', i, type, `record ${i}: prev does not match the hash of record ${i - 1}: the chain is broken`);
    // The hashed text is the canonical record without its hash field (keys sorted: body, hash, prev, seq, type).
    if (!r2 && hashHex(line.replace(`"hash":"${obj.hash}",`, '')) !== obj.hash) r2 = new Fail('R2', i, type, `record ${i}: its hash does not match its content: the record was edited`);
    if (!r3 && !contestMayFollow(last, type)) r3 = new Fail('R3', i, type, `record ${i}: a ${type} record cannot follow ${last ?? 'the start of the board'}`);
    last = type;
    prev = obj.hash;
    // A ballot keeps only its line's digest; the line is read (or looked up) again when its turn comes at R9.
    recs.push(type === 'ballot' ? { seq: i, type, hash: obj.hash, body: null, lineDigest: keep === null && 'source' in input ? hashHex(line) : '' } : { seq: i, type, hash: obj.hash, body: obj.body as Record<string, unknown> });
  }
  summary.records = i + 1;
  summary.head = prev;
  passed.push('R1');
  if (r2) throw r2;
  passed.push('R2');
  if (r3) throw r3;
  passed.push('R3');
  if (recs.length === 0) return;

  // ---- R4 ----------------------------------------------------------------------------------------------------
  const setup = recs[0]!;
  if (!exactKeys(setup.body, ['manifest'])) throw new Fail('R4', 0, 'setup', 'the setup record must hold exactly {manifest}');
  const problem = contestManifestProblem(setup.body.manifest);
  if (problem) throw new Fail('R4', 0, 'setup', `manifest: ${problem}`);
  const m = setup.body.manifest as ContestBallotManifest;
  const eh = setup.hash;
  summary.electionHash = eh;
  summary.manifest = m;
  passed.push('R4');
  const k = m.candidates.length;
  const n = m.trustees.count;
  const of = (t: ContestRecordType) => recs.filter((r) => r.type === t) as Extract<Rec, { body: Record<string, unknown> }>[];

  // ---- R5 ----------------------------------------------------------------------------------------------------
  const tkeys = of('trustee_key');
  const seen = new Set<number>();
  for (const r of tkeys) {
    const b = r.body;
    if (!exactKeys(b, ['trustee', 'publicKey', 'proof']) || typeof b.trustee !== 'number' || !Number.isInteger(b.trustee) || b.trustee < 1 || b.trustee > n || seen.has(b.trustee)) throw new Fail('R5', r.seq, r.type, `a transport key must name a trustee in 1..${n}, once`);
    seen.add(b.trustee);
    try {
      if (!verifyKnowledge(Point.fromHex(b.publicKey, { field: 'publicKey' }), sigmaProofFromJSON(b.proof, 'proof', [1]), trusteeKeyContext(eh, b.trustee))) throw new Error('the proof of knowledge is invalid');
    } catch (e) {
      throw new Fail('R5', r.seq, r.type, `trustee ${b.trustee}: ${(e as Error).message}`);
    }
  }
  const firstCommit = of('dkg_commitment')[0];
  if (firstCommit && tkeys.length !== n) throw new Fail('R5', firstCommit.seq, 'dkg_commitment', `the key ceremony went on with ${tkeys.length} of ${n} transport keys`);
  passed.push('R5');

  // ---- R6 ----------------------------------------------------------------------------------------------------
  const ekRec = of('election_key')[0];
  if (!ekRec) return;
  let ek: ElectionKeyBody;
  try {
    const expected = computeElectionKey(ceremonyManifest(m), eh, { trusteeKeys: tkeys.map((r) => r.body as never), commitments: of('dkg_commitment').map((r) => r.body as never), dealings: of('dkg_dealing').map((r) => r.body as never) });
    if (canonicalJson(expected) !== canonicalJson(ekRec.body)) throw new Error('the posted election key differs from the one recomputed from the dealings');
    ek = expected;
  } catch (e) {
    throw new Fail('R6', ekRec.seq, 'election_key', (e as Error).message);
  }
  if (ek.qualified.length < m.trustees.threshold) throw new Fail('R6', ekRec.seq, 'election_key', `only ${ek.qualified.length} trustees qualified; ${m.trustees.threshold} are needed`);
  summary.qualifiedTrustees = ek.qualified;
  const Y = Point.fromHex(ek.publicKey, { field: 'publicKey' });
  passed.push('R6');

  // ---- R7 ----------------------------------------------------------------------------------------------------
  const credRec = of('credentials')[0];
  if (!credRec) return;
  const creds = credRec.body.credentials;
  const signedList = exactKeys(credRec.body, ['authority', 'credentials', 'signature']);
  if (!(signedList || exactKeys(credRec.body, ['credentials'])) || !Array.isArray(creds) || creds.length !== m.electorate) throw new Fail('R7', credRec.seq, 'credentials', `expected exactly ${m.electorate} credentials, one per elector`);
  for (let i = 0; i < creds.length; i++) {
    const c = creds[i];
    if (typeof c !== 'string' || (i > 0 && !((creds[i - 1] as string) < c))) throw new Fail('R7', credRec.seq, 'credentials', `credential ${i} is out of order or repeated`);
    try {
      Point.fromHex(c, { field: 'credential' });
    } catch (e) {
      throw new Fail('R7', credRec.seq, 'credentials', `credential ${i}: ${(e as Error).message}`);
    }
  }
  // A manifest that names the credential authority admits only a list signed by that key (ADR 0414): a server that
  // swaps the key and re-signs fails here for anyone holding the election hash.
  if (m.authority !== undefined && (!signedList || (credRec.body as unknown as CredentialsBody).authority !== m.authority)) {
    throw new Fail('R7', credRec.seq, 'credentials', 'the list is not signed by the credential authority key in the manifest');
  }
  // A list published through the server carries the credential authority's signature (ballot-spec §4a): checked here.
  if (signedList) {
    try {
      summary.credentialsFingerprint = checkCredentialList(eh, credRec.body as unknown as CredentialsBody, ek.publicKey);
    } catch (e) {
      throw new Fail('R7', credRec.seq, 'credentials', (e as Error).message);
    }
  }
  postal.start(eh, m.authority ?? (signedList ? (credRec.body as unknown as CredentialsBody).authority : null), m.reconciliation ?? null);
  const active = new Set<string>(creds as string[]);
  const everIssued = new Set<string>(creds as string[]);
  summary.credentials = creds.length;
  passed.push('R7');

  // ---- R8, R9 (structure and order); R10–R11 batch-verified chunk by chunk as the ballots come ---------------------
  // One batch group per ballot (its signature, k choice proofs and sum proof). Decoded ballots are dropped after their
  // chunk: only each ballot's choices (hex) are kept, so memory stays ≈ 0.5 KB per ballot. Every ballot's choices are
  // summed per chunk; superseded and revoked ones are subtracted at R13. A bad ballot is remembered and reported after
  // the structural checks (R8, R9 come first, as in the checks' order).
  const events: ContestBoardEvent[] = [];
  const ballotRecords = recs.reduce((n, r) => n + (r.type === 'ballot' ? 1 : 0), 0); // the progress total
  // A streamed board keeps no choices (≈ 0.5 KB a ballot): the few uncounted ones are read once more at R13.
  const ballots: { seq: number; choices: ContestBallotBody['choices'] | null }[] = [];
  const seenCiphertexts = new Set<string>();
  const checker = opts.checker ?? inThreadContestChecker;
  const CHUNK = checker.chunk ?? 256;
  // Chunks in flight, oldest first; their results are taken in that order (board order), so the first ballot that
  // does not decode is known as soon as its chunk is back: every record before it passed the checks made here.
  const inflight: Promise<ContestChunkResult>[] = [];
  const maxInflight = Math.max(1, 2 * checker.concurrency);
  let part: { seq: number; line: string; body?: unknown }[] = [];
  const sumAll: Ciphertext[] = Array.from({ length: k }, () => ({ alpha: IDENTITY_POINT, beta: IDENTITY_POINT }));
  let firstBad: { seq: number; check: 'R10' | 'R11' } | null = null;
  let checked = 0;
  // Ballot lines for R9, in board order: from the array, or from a second reading of the source, where each line must
  // be the one hashed in the first reading (a file that changes in between fails, never verifies two different boards).
  let second: AsyncIterator<string> | null = null;
  let secondAt = -1;
  const ballotLine = async (r: Extract<Rec, { body: null }>): Promise<string> => {
    let line: string | undefined;
    if ('lines' in input) line = input.lines[r.seq];
    else if (input.keep) line = input.keep[r.seq];
    else {
      if (!second) input.open.push((second = boardLines(input)[Symbol.asyncIterator]()));
      while (secondAt < r.seq) {
        const next = await second.next();
        if (next.done) break;
        line = next.value;
        secondAt++;
      }
    }
    if (line === undefined || (r.lineDigest !== '' && hashHex(line) !== r.lineDigest)) throw new Fail('R2', r.seq, 'ballot', `record ${r.seq} differs from the first reading of the board: the board changed while it was verified`);
    return line;
  };
  const decodeFail = (seq: number, message: string) => new Fail('R9', seq, 'ballot', `the ballot does not decode: ${message}`);
  // Takes the oldest chunk's result: a ballot that does not decode fails R9 at once (all earlier records passed).
  const settleOldest = async (): Promise<void> => {
    const r = await inflight.shift()!;
    if (r.decodeFailures.length > 0) throw decodeFail(r.decodeFailures[0]!.seq, r.decodeFailures[0]!.message);
    if (r.firstBad && (!firstBad || r.firstBad.seq < firstBad.seq)) firstBad = r.firstBad;
    for (let i = 0; i < k; i++) {
      const c = ciphertextFromJSON(r.sums[i], 'sum', { allowIdentityAlpha: true });
      sumAll[i] = { alpha: sumAll[i]!.alpha.add(c.alpha), beta: sumAll[i]!.beta.add(c.beta) };
    }
    checked += r.checked;
    opts.onProgress?.(checked, Math.max(checked, ballotRecords));
  };
  const dispatch = async (): Promise<void> => {
    if (part.length > 0) {
      const p = checker.check({ electionHash: eh, publicKey: ek.publicKey, k, blankAllowed: m.blankAllowed, ballots: part });
      p.catch(() => {}); // awaited in order by settleOldest
      inflight.push(p);
      part = [];
    }
    while (inflight.length >= maxInflight) await settleOldest();
  };
  const drain = async (): Promise<void> => {
    await dispatch();
    while (inflight.length > 0) await settleOldest();
  };
  // A ballot that fails a check made here fails R9 as one that does not decode if it does not (as in board order).
  const ballotFail = (seq: number, raw: unknown, message: string): Fail => {
    try {
      decodeContestBallot(raw, k, m.blankAllowed);
    } catch (e) {
      return decodeFail(seq, (e as Error).message);
    }
    return new Fail('R9', seq, 'ballot', message);
  };
  try {
    for (const r of recs) {
      if (r.type === 'revocation') {
        const b = r.body;
        const shape = signedList ? ['revoked', 'replacement', 'signature'] : ['revoked', 'replacement'];
        if (!exactKeys(b, shape) || typeof b.revoked !== 'string' || typeof b.replacement !== 'string') throw new Fail('R8', r.seq, r.type, `a revocation holds exactly {${shape.join(', ')}}`);
        // Under a signed list, only the authority that signed it may revoke (as ballot-spec check B8a).
        if (signedList) {
          let ok = false;
          try {
            ok = revocationSignatureValid(eh, m.authority ?? (credRec.body as unknown as CredentialsBody).authority, b as unknown as RevocationBody);
          } catch {
            ok = false;
          }
          if (!ok) throw new Fail('R8', r.seq, r.type, 'the revocation is not signed by the credential authority that signed the list');
        }
        if (!active.has(b.revoked)) throw new Fail('R8', r.seq, r.type, 'the revoked credential is not active');
        try {
          Point.fromHex(b.replacement, { field: 'replacement' });
        } catch (e) {
          throw new Fail('R8', r.seq, r.type, (e as Error).message);
        }
        if (everIssued.has(b.replacement)) throw new Fail('R8', r.seq, r.type, 'the replacement credential was issued before');
        active.delete(b.revoked);
        active.add(b.replacement);
        everIssued.add(b.replacement);
        events.push({ kind: 'revocation', seq: r.seq, revoked: b.revoked });
        summary.revocations++;
        postal.record(r.seq, r.type, b);
      } else if (r.type === 'ballot') {
        const line = await ballotLine(r as Extract<Rec, { body: null }>);
        const raw = (JSON.parse(line) as { body: Record<string, unknown> }).body;
        // The points are decoded with the chunk (./ballot-check.ts, possibly in a worker); here only the shape that
        // the checks below read. A ballot without it does not decode: R9 with the decoder's own message.
        if (!contestBallotShapeOk(raw, k)) throw ballotFail(r.seq, raw, 'the ballot does not have the shape of a ballot');
        const body = raw as unknown as ContestBallotBody;
        if (!active.has(body.credential)) throw ballotFail(r.seq, raw, 'the ballot’s credential is not active (never issued, or revoked before the ballot)');
        for (const c of body.choices) {
          const key = ciphertextKey(c.alpha, c.beta);
          if (seenCiphertexts.has(key)) throw ballotFail(r.seq, raw, 'a ciphertext of this ballot appeared before: a replayed ballot');
          seenCiphertexts.add(key);
        }
        postal.record(r.seq, r.type, raw);
        ballots.push({ seq: r.seq, choices: 'source' in input && !input.keep ? null : body.choices });
        events.push({ kind: 'ballot', seq: r.seq, credential: body.credential });
        summary.ballotsOnBoard = ballots.length;
        part.push(checker === inThreadContestChecker ? { seq: r.seq, line: '', body: raw } : { seq: r.seq, line });
        if (part.length >= CHUNK) await dispatch();
      } else if ((r.type === 'postal_batch' || r.type === 'open' || r.type === 'close') && r.body) postal.record(r.seq, r.type, r.body);
    }
    await drain();
  } catch (e) {
    // A failure found here at record s comes after any ballot before s that does not decode (board order).
    if (e instanceof Fail && inflight.length + part.length > 0) {
      try {
        await drain();
      } catch (earlier) {
        if (earlier instanceof Fail && earlier.seq !== null && (e.seq === null || earlier.seq < e.seq)) throw earlier;
        if (!(earlier instanceof Fail)) throw earlier;
      }
    }
    throw e;
  }
  summary.ballotsOnBoard = ballots.length;
  passed.push('R8');

  // ---- R10–R11: the first bad ballot (board order) found by the chunked batch checks above ---------------------------
  if (firstBad) {
    const b = firstBad as { seq: number; check: 'R10' | 'R11' };
    if (b.check === 'R10') {
      passed.push('R9');
      throw new Fail('R10', b.seq, 'ballot', 'the credential’s signature on the ballot is invalid (crypto V4)');
    }
    passed.push('R9', 'R10');
    throw new Fail('R11', b.seq, 'ballot', m.blankAllowed ? 'a choice proof or the at-most-one proof of the ballot is invalid' : 'a choice proof or the exactly-one proof of the ballot is invalid');
  }
  passed.push('R9', 'R10', 'R11');
  // R18's structural findings (a batch not followed by its ballots, a bad chain or signature) come before the count:
  // a tally over a broken batch would otherwise fail R13 first, with a less telling message.
  postal.throwIfFailed();

  // ---- R12 -----------------------------------------------------------------------------------------------------
  // The voting window the manifest names binds the board, as the confidence vote's B9b: opened within it, closed at
  // its end. The server refuses an early opening, a late ballot and an early close; this holds a board written
  // directly to the same (an early close shuts out members who had until closesAt; a late one takes late ballots).
  const openRec = of('open')[0];
  const closeRec = of('close')[0];
  const lo = m.opensAt === null ? null : instantOf(m.opensAt);
  const hi = m.closesAt === null ? null : instantOf(m.closesAt);
  const windowText = `${m.opensAt ?? '—'} – ${m.closesAt ?? '—'}`;
  if ((m.opensAt !== null && lo === null) || (m.closesAt !== null && hi === null)) throw new Fail('R12', 0, 'setup', `the manifest's voting window ${windowText} is not made of ISO-8601 UTC instants`);
  let openedAt: number | null = null;
  if (openRec) {
    openedAt = instantOf(openRec.body.at);
    if (openedAt === null) throw new Fail('R12', openRec.seq, 'open', `the opening instant ${JSON.stringify(openRec.body.at)} is not an ISO-8601 UTC instant`);
    if (lo !== null && openedAt < lo) throw new Fail('R12', openRec.seq, 'open', `the ballot opened at ${String(openRec.body.at)}, before the voting window ${windowText}`);
    if (hi !== null && openedAt > hi) throw new Fail('R12', openRec.seq, 'open', `the ballot opened at ${String(openRec.body.at)}, after the voting window ${windowText} had ended`);
  }
  if (!closeRec) return;
  if (!exactKeys(closeRec.body, ['at', 'ballots']) || closeRec.body.ballots !== ballots.length) throw new Fail('R12', closeRec.seq, 'close', `the close record says ${String(closeRec.body.ballots)} ballots; the board holds ${ballots.length}`);
  const closedAt = instantOf(closeRec.body.at);
  if (closedAt === null) throw new Fail('R12', closeRec.seq, 'close', `the closing instant ${JSON.stringify(closeRec.body.at)} is not an ISO-8601 UTC instant`);
  if (openedAt !== null && closedAt < openedAt) throw new Fail('R12', closeRec.seq, 'close', `the ballot closed at ${String(closeRec.body.at)}, before it opened`);
  if (hi !== null && closedAt > hi) throw new Fail('R12', closeRec.seq, 'close', `the ballot closed at ${String(closeRec.body.at)}, after the voting window ${windowText}: ballots may have been taken late`);
  if (hi !== null && closedAt < hi) throw new Fail('R12', closeRec.seq, 'close', `the ballot closed at ${String(closeRec.body.at)}, before the end of the voting window ${windowText}: members who had until then were shut out`);
  summary.close = { seq: closeRec.seq, hash: closeRec.hash };
  passed.push('R12');

  // ---- R13 -----------------------------------------------------------------------------------------------------
  const tallyRec = of('tally')[0];
  if (!tallyRec) return;
  const sel = selectContestCounted(events, m.counting);
  Object.assign(summary, { counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  const tb = tallyRec.body as unknown as ContestTallyBody;
  // A board with postal batches also tallies the counted postal ballots (k more ciphertexts), so the result shows each channel.
  const hasPostal = postal.batches.length > 0;
  const facts = hasPostal ? postalChannelFacts(events, sel.status, new Set(postal.postalBallots.keys()), postal.postalRevocations) : null;
  const width = hasPostal ? 2 * k : k;
  if (!exactKeys(tb, hasPostal ? ['ciphertexts', 'counted', 'superseded', 'revoked', 'postal'] : ['ciphertexts', 'counted', 'superseded', 'revoked']) || !Array.isArray(tb.ciphertexts) || tb.ciphertexts.length !== width) throw new Fail('R13', tallyRec.seq, 'tally', hasPostal ? `on a board with postal batches the tally holds exactly {ciphertexts (${k} for all counted ballots, then ${k} for the counted postal ones), counted, superseded, revoked, postal}` : `the tally holds exactly {ciphertexts (${k}), counted, superseded, revoked}`);
  if (tb.counted !== sel.counted || tb.superseded !== sel.superseded || tb.revoked !== sel.revoked) throw new Fail('R13', tallyRec.seq, 'tally', `the tally claims ${String(tb.counted)} counted / ${String(tb.superseded)} superseded / ${String(tb.revoked)} revoked; the board gives ${sel.counted} / ${sel.superseded} / ${sel.revoked}`);
  if (facts && (!exactKeys(tb.postal, ['counted', 'replaced']) || tb.postal!.counted !== facts.counted || tb.postal!.replaced !== facts.replaced)) throw new Fail('R13', tallyRec.seq, 'tally', `the tally claims ${JSON.stringify(tb.postal)} for the postal channel; the board gives ${facts.counted} counted postal ballots and ${facts.replaced} online ballots replaced by postal ones`);
  // Σ counted = Σ all (summed chunk by chunk) − Σ superseded and revoked (few: revotes, postal overrides).
  const uncounted = ballots.filter((b) => sel.status.get(b.seq) !== 'counted');
  // Ballots whose choices are needed below: the uncounted ones, and the counted postal ones (their own sums).
  const countedPostalSeqs = new Set(facts?.countedPostal ?? []);
  const needed = [...uncounted, ...ballots.filter((b) => countedPostalSeqs.has(b.seq))];
  if (needed.some((b) => b.choices === null) && 'source' in input) {
    // One more reading of the file, parsing only those ballots' lines (each must be the line first read).
    const want = new Map(needed.filter((b) => b.choices === null).map((b) => [b.seq, b]));
    let at = -1;
    const it = boardLines(input)[Symbol.asyncIterator]();
    input.open.push(it);
    for (let next = await it.next(); !next.done && want.size > 0; next = await it.next()) {
      const b = want.get(++at);
      if (!b) continue;
      const r = recs[at] as Extract<Rec, { body: null }>;
      if (hashHex(next.value) !== r.lineDigest) throw new Fail('R2', at, 'ballot', `record ${at} differs from the first reading of the board: the board changed while it was verified`);
      b.choices = (JSON.parse(next.value) as { body: ContestBallotBody }).body.choices;
      want.delete(at);
    }
    if (want.size > 0) throw new Fail('R2', [...want.keys()][0]!, 'ballot', 'the board ended early in its last reading: the board changed while it was verified');
  }
  const sums: Ciphertext[] = sumAll.map((all, i) => {
    if (uncounted.length === 0) return all;
    const minus = sumCiphertexts(uncounted.map((b) => ciphertextFromJSON(b.choices![i], 'choice')));
    return { alpha: all.alpha.sub(minus.alpha), beta: all.beta.sub(minus.beta) };
  });
  if (facts) {
    // The counted postal ballots' per-candidate sums (few next to the online ones).
    const choicesOf = new Map(ballots.map((b) => [b.seq, b.choices]));
    for (let i = 0; i < k; i++) sums.push(facts.counted === 0 ? { alpha: IDENTITY_POINT, beta: IDENTITY_POINT } : sumCiphertexts(facts.countedPostal.map((seq) => ciphertextFromJSON(choicesOf.get(seq)![i], 'choice'))));
  }
  const tally: Ciphertext[] = [];
  for (let i = 0; i < width; i++) {
    let t: Ciphertext;
    try {
      t = ciphertextFromJSON(tb.ciphertexts[i], `tally.ciphertexts[${i}]`, { allowIdentityAlpha: true });
    } catch (e) {
      throw new Fail('R13', tallyRec.seq, 'tally', (e as Error).message);
    }
    if (!t.alpha.equals(sums[i]!.alpha) || !t.beta.equals(sums[i]!.beta)) throw new Fail('R13', tallyRec.seq, 'tally', i < k ? `the encrypted tally of ${m.candidates[i]!.name} is not the sum of the counted ballots` : `the encrypted postal tally of ${m.candidates[i - k]!.name} is not the sum of the counted postal ballots`);
    tally.push(t);
  }
  passed.push('R13');

  // ---- R14 -----------------------------------------------------------------------------------------------------
  // Each partial is bound to this board's close record (context ['contest-tally', eh, close, i]): partials made for
  // another close — the same ballots rebuilt in another order after the count was known, to draw another lot from
  // another close record — do not verify here, so such a board needs k trustees to decrypt it again.
  const close = summary.close!.hash;
  const partialRecs = of('partial_decryption');
  const vks = verificationKeyMap(ek);
  const seenT = new Set<number>();
  for (const r of partialRecs) {
    const b = r.body as unknown as ContestPartialBody;
    if (!exactKeys(b, ['trustee', 'partials']) || !Array.isArray(b.partials) || b.partials.length !== (sel.counted === 0 ? 0 : width)) throw new Fail('R14', r.seq, r.type, `a partial decryption record holds {trustee, partials} with one partial per candidate`);
    const vk = vks.get(b.trustee);
    if (!vk) throw new Fail('R14', r.seq, r.type, `trustee ${String(b.trustee)} is not a qualified trustee`);
    if (seenT.has(b.trustee)) throw new Fail('R14', r.seq, r.type, `trustee ${b.trustee} posted twice`);
    seenT.add(b.trustee);
    for (let i = 0; i < b.partials.length; i++) {
      let ok = false;
      try {
        const p = partialDecryptionFromJSON(b.partials[i], `partials[${i}]`);
        ok = p.trustee === b.trustee && verifyPartialDecryption(vk, tally[i]!, p, contestTallyContext(eh, close, i));
      } catch {
        ok = false;
      }
      if (!ok) throw new Fail('R14', r.seq, r.type, `the partial decryption of trustee ${b.trustee} (${m.trustees.names[b.trustee - 1] ?? '?'}) for ${m.candidates[i % k]!.name}${i >= k ? ' (postal)' : ''} is invalid for this board's close record (${close.slice(0, 16)}…): made for another close — the board rebuilt after its decryption, e.g. its ballots reordered to draw another lot — or by a cheating or faulty trustee`);
    }
  }
  passed.push('R14');

  // ---- R15 -----------------------------------------------------------------------------------------------------
  const resultRec = of('result')[0];
  if (!resultRec) return;
  if (sel.counted > 0 && partialRecs.length < m.trustees.threshold) throw new Fail('R15', resultRec.seq, 'result', `${partialRecs.length} partial decryptions; ${m.trustees.threshold} are needed`);
  let expected: ContestResultBody;
  try {
    expected = combineContestResult(m, eh, close, ek, tally, sel.counted, partialRecs.map((r) => r.body as unknown as ContestPartialBody), facts ? { counted: facts.counted, replaced: facts.replaced } : undefined);
  } catch (e) {
    throw new Fail('R15', resultRec.seq, 'result', `the partial decryptions do not give a result: ${(e as Error).message}`);
  }
  if (canonicalJson(expected) !== canonicalJson(resultRec.body)) {
    const posted = resultRec.body as Partial<ContestResultBody>;
    const diff = m.candidates.filter((c) => posted.counts?.[c.id] !== expected.counts[c.id]).map((c) => `${c.name}: ${String(posted.counts?.[c.id])} posted, ${expected.counts[c.id]} decrypted`);
    throw new Fail('R15', resultRec.seq, 'result', diff.length ? `the posted counts differ from the decryption (${diff.join('; ')})` : 'the posted result differs from the recomputed one (blank, abstentions or trustees)');
  }
  summary.result = expected;
  summary.complete = true;
  passed.push('R15');
}

/**
 * An instant of a contest board's window, open or close record, in milliseconds: an ISO-8601 UTC instant as the
 * contest engine and the API accept them (seconds and milliseconds optional), or null.
 */
function instantOf(x: unknown): number | null {
  if (typeof x !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(x)) return null;
  const t = Date.parse(x);
  return Number.isFinite(t) ? t : null;
}

export function formatRoundFailure(f: NonNullable<RoundVerifyReport['failure']>): string {
  return `check ${f.check} failed${f.seq === null ? '' : ` at record ${f.seq}${f.type ? ` (${f.type})` : ''}`}: ${f.message}\n  ${f.check}: ${f.title}`;
}
