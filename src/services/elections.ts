/**
 * Elections: the verifiable confidence vote's server side (issue 4). The server is an untrusted relay and
 * archivist. It stores public board records, checks every message before appending it (so honest
 * participants never see garbage on the board), and never holds a secret: not a trustee's share (trustees run
 * their steps on their own devices), not a credential (the credential authority uploads public keys only),
 * not a vote (ballots arrive encrypted). Anyone can re-check all it did with the verifier.
 *
 * Concurrency: every append locks the election row (SELECT … FOR UPDATE), re-reads the head, checks the
 * stage, and inserts the record and the new head in ONE transaction. So concurrent casts are serialised, a
 * ballot whose tracker was returned has committed (never lost), and a rejected ballot changes nothing.
 * The expensive checks (proofs, signature) run before the transaction, outside the lock.
 */
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db';
import { accounts, boardRecords, electionCredentials, elections } from '../db/schema';
import {
  Board,
  ballotTracker,
  boardKeyOf,
  buildManifest,
  checkCredentialListDigests,
  formatFingerprint,
  generateCredential,
  revocationSignatureValid,
  rescheduleSignatureValid,
  parseInstant,
  signReceipt,
  boardSigningKey,
  type BoardSigningKey,
  signTrusteeReceipt,
  messageDigest,
  type CastReceipt as SignedReceipt,
  type TrusteeMessageType,
  type TrusteeReceipt,
  type CredentialsBody,
  type RevocationBody,
  type RescheduleBody,
  combineResult,
  computeElectionKey,
  makeRecord,
  mayFollow,
  parseComplaints,
  parseSignedDealings,
  parseAnswers,
  recordFromCanonicalBody,
  recordLine,
  selectCounted,
  shortTracker,
  sumCiphertexts,
  tallyContext,
  trusteeKeyContext,
  trusteeKeyMap,
  recipientKeyList,
  dkgParams,
  verificationKeyMap,
  type AnyRecord,
  type BallotBody,
  type BallotStatus,
  type BoardEvent,
  type DkgAnswerBody,
  type DkgCommitmentBody,
  type DkgComplaintBody,
  type DkgDealingBody,
  type ElectionKeyBody,
  type Manifest,
  type PartialBody,
  type RecordBodies,
  type RecordType,
  type ResultBody,
  type TallyBody,
  type TrusteeKeyBody,
} from '../ballot';
import {
  Point,
  ciphertextFromJSON,
  ciphertextToJSON,
  dkgComplaintVerdict,
  dkgDealingDigest,
  dkgSignedDealingFault,
  dkgVerifyAnswerSignature,
  dkgVerifyDealingSignature,
  dkgVerifyShare,
  initCrypto,
  partialDecryptionFromJSON,
  sigmaProofFromJSON,
  verifyKnowledge,
  verifyPartialDecryption,
} from '../crypto';
import { AppError } from '../domain/errors';
import { canonicalJson } from '../domain/audit/canonical-json';
import {
  CONTEST_PHASE,
  contestMayFollow,
  contestTallyContext,
  selectContestCounted,
  tallyContestBallots,
  type ContestBallotBody,
  type ContestBallotManifest,
  type ContestPartialBody,
  type ContestRecordType,
  type ContestResultBody,
  type ContestTallyBody,
} from '../contest/board';
import type { RankedBallotJSON } from '../mixnet/ranked-ballot';
import { combineContestResult } from '../contest/verify';
import { contestBodyOf, sha256HexNative } from './cast-check';
import { castCheck } from './cast-check-pool';
import { contestTallyOf } from '../contest/postal-check';
import { electorateOn } from '../domain/rulebook/denominator';
import { appendAudit } from './audit';
import { actorLabel, type Actor, type AppContext } from './context';
import { loadProcedure, runProcedureCommand } from './procedures';
import { groupCommit } from './group-commit';

type ElectionRow = typeof elections.$inferSelect;

/** Loads the fast crypto back end once per process (idempotent). */
const cryptoReady = initCrypto();

export interface CreateElectionInput {
  /**
   * The credential authority's public key (64 hex digits; `confidence credentials key` prints it). It goes into
   * the manifest, so the election hash pins it: only this key can sign the credential list, revocations and
   * reschedules (ADR 0414).
   */
  authority?: unknown;
  threshold?: number;
  trustees?: number;
  trusteeNames?: string[];
}

const STAGE_OF: Record<RecordType, string> = {
  setup: 'key-ceremony',
  trustee_key: 'key-ceremony',
  dkg_commitment: 'key-ceremony',
  dkg_dealing: 'key-ceremony',
  dkg_complaint: 'key-ceremony',
  dkg_answer: 'key-ceremony',
  election_key: 'credentials',
  credentials: 'ready',
  reschedule: 'ready',
  open: 'open',
  ballot: 'open',
  revocation: 'open',
  close: 'closed',
  tally: 'tallying',
  partial_decryption: 'tallying',
  result: 'decided',
};

export const electionIdFor = (procedureId: string) => `vote-${procedureId}`;

export async function getElectionRow(db: DbOrTx, id: string): Promise<ElectionRow> {
  const [row] = await db.select().from(elections).where(eq(elections.id, id));
  if (!row) throw new AppError('ELECTION_NOT_FOUND', `no election ${id}`);
  return row;
}

export async function lockElection(tx: Tx, id: string): Promise<ElectionRow> {
  const [row] = await tx.select().from(elections).where(eq(elections.id, id)).for('update');
  if (!row) throw new AppError('ELECTION_NOT_FOUND', `no election ${id}`);
  return row;
}

/** Appends one record to a locked election's board (same transaction). */
export async function appendRecord<T extends RecordType>(
  tx: Tx,
  row: ElectionRow,
  type: T,
  body: RecordBodies[T],
  extra: { tracker?: string; alpha?: string; credential?: string } = {},
): Promise<{ seq: number; hash: string }> {
  // A contest ballot's board has the 1-of-k record order (src/contest/board.ts: no DKG complaint round).
  const allowed = row.contestId ? type in CONTEST_PHASE && contestMayFollow(row.lastType as ContestRecordType, type as ContestRecordType) : mayFollow(row.lastType as RecordType, type);
  if (!allowed) {
    throw new AppError('ELECTION_WRONG_STAGE', `the election is at stage "${STAGE_OF[row.lastType as RecordType]}" (last record: ${row.lastType}); a ${type} record cannot come now`);
  }
  const rec = makeRecord(row.records, row.head, type, body);
  await tx.insert(boardRecords).values({ electionId: row.id, seq: rec.seq, type, hash: rec.hash, line: recordLine(rec), tracker: extra.tracker ?? null, alpha: extra.alpha ?? null, credential: extra.credential ?? null });
  await tx.update(elections).set({ head: rec.hash, records: row.records + 1, lastType: type }).where(eq(elections.id, row.id));
  row.head = rec.hash;
  row.records += 1;
  row.lastType = type;
  return { seq: rec.seq, hash: rec.hash };
}

async function recordsOf<T extends RecordType>(db: DbOrTx, electionId: string, type: T): Promise<RecordBodies[T][]> {
  const rows = await db.select({ line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, type))).orderBy(asc(boardRecords.seq));
  return rows.map((r) => (JSON.parse(r.line) as { body: RecordBodies[T] }).body);
}

async function audit(tx: Tx, ctx: AppContext, actor: Actor, row: ElectionRow, action: string, payload: unknown) {
  await appendAudit(tx, { actor: actorLabel(actor), kind: 'election', action, procedureId: row.procedureId, payload: { electionId: row.id, head: row.head, ...((payload as object) ?? {}) } }, ctx.clock());
}

// ---- set-up ------------------------------------------------------------------------------------------------

/** The chair creates the election once the procedure's vote is scheduled; the manifest follows the rulebook. */
export async function createElection(ctx: AppContext, actor: Actor, procedureId: string, input: CreateElectionInput = {}): Promise<ElectionView> {
  const p = await loadProcedure(ctx, procedureId);
  if (p.status.state !== 'ballot_scheduled' && p.status.state !== 'ballot_open') {
    throw new AppError('INVALID_TRANSITION', `an election is created once the confidence vote is scheduled (the procedure is ${p.status.state.replace(/_/g, ' ')})`);
  }
  const trustees = input.trustees ?? 5;
  const threshold = input.threshold ?? 3;
  if (!Number.isInteger(trustees) || !Number.isInteger(threshold) || threshold < 1 || threshold > trustees || trustees > 20) {
    throw new AppError('VALIDATION_FAILED', 'trustees: need 1 ≤ threshold ≤ trustees ≤ 20');
  }
  if (typeof input.authority !== 'string' || !/^[0-9a-f]{64}$/.test(input.authority)) {
    throw new AppError('VALIDATION_FAILED', 'authority: the credential authority’s public key (64 lowercase hex digits, printed by `confidence credentials key`) is required');
  }
  try {
    Point.fromHex(input.authority, { field: 'authority' });
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `authority: ${(e as Error).message}`);
  }
  const ballotDay = p.status.ballot?.opensAt.slice(0, 10) ?? p.today;
  const { loadRoster } = await import('./roster');
  const roster = await loadRoster(ctx.db, p.row.rosterId);
  const electorate = electorateOn(p.rulebook, roster, ballotDay).length;
  // The board's receipt key: made here, its public half goes into the manifest (so into the election hash).
  const board = generateCredential();
  // A re-enactment on a fixed day follows no real clock (ADR 0212): its manifest binds no voting window, and the
  // board's instants are the server's real ones. A live vote's window is bound by the manifest (ADR 0414).
  const live = p.row.fixedDate === null;
  const manifest = buildManifest({
    boardKey: board.public,
    authority: input.authority,
    procedureId,
    title: `${p.row.title}: confidence vote`,
    rulebook: p.rulebook,
    leaderName: p.row.leaderName,
    electorate,
    threshold,
    trustees,
    trusteeNames: input.trusteeNames?.length === trustees ? input.trusteeNames : undefined,
    opensAt: live ? (p.status.ballot?.opensAt ?? null) : null,
    closesAt: live ? (p.status.ballot?.closesAt ?? null) : null,
  });
  return createElectionWithManifest(ctx, actor, manifest, board.secret);
}

/**
 * Stores a new election for `manifest.procedureId`. createElection derives the manifest from the procedure and
 * its rulebook; simulations and benchmarks call this directly with a larger electorate.
 */
export async function createElectionWithManifest(ctx: AppContext, actor: Actor, manifest: Manifest, boardSecret: string): Promise<ElectionView> {
  if (boardKeyOf(boardSecret) !== manifest.boardKey) throw new AppError('VALIDATION_FAILED', 'the board secret does not match manifest.boardKey');
  const procedureId = manifest.procedureId;
  const id = electionIdFor(procedureId);
  await ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: elections.id }).from(elections).where(eq(elections.procedureId, procedureId));
    if (existing) throw new AppError('ELECTION_EXISTS', `procedure ${procedureId} already has an election (${existing.id})`);
    await storeElection(tx, ctx, actor, { id, procedureId, contestId: null, ballot: null }, manifest, boardSecret);
  });
  return electionView(ctx, id);
}

/** Inserts a new election row and its setup record, in the caller's transaction. */
async function storeElection(tx: Tx, ctx: AppContext, actor: Actor, ids: { id: string; procedureId: string | null; contestId: string | null; ballot: string | null }, manifest: Manifest | ContestBallotManifest, boardSecret: string): Promise<void> {
  const board = new Board();
  const setup = board.append('setup', { manifest: manifest as Manifest });
  await tx.insert(elections).values({ ...ids, electionHash: setup.hash, manifest: manifest as Manifest, lastType: 'setup', head: setup.hash, records: 1, publicKey: null, boardSecret });
  await tx.insert(boardRecords).values({ electionId: ids.id, seq: 0, type: 'setup', hash: setup.hash, line: recordLine(setup) });
  const row = await lockElection(tx, ids.id);
  await audit(tx, ctx, actor, row, 'election_created', { electorate: manifest.electorate, threshold: manifest.trustees.threshold, trustees: manifest.trustees.count, ...(ids.contestId ? { contestId: ids.contestId, ballot: ids.ballot } : {}) });
}

/**
 * A leadership contest's ballot (an MP round or the members' ballot): a board with the 1-of-k manifest of
 * src/contest/board.ts, stored beside the confidence votes and run by the same functions below (key ceremony,
 * signed credential list, revocations, casting with signed receipts, tally, partial decryptions, result). Called
 * by src/services/contests.ts inside the transaction that checks the contest's phase.
 */
export async function createContestBoard(tx: Tx, ctx: AppContext, actor: Actor, ids: { id: string; contestId: string; ballot: string }, manifest: ContestBallotManifest, boardSecret: string): Promise<void> {
  if (boardKeyOf(boardSecret) !== manifest.boardKey) throw new AppError('VALIDATION_FAILED', 'the board secret does not match manifest.boardKey');
  const [existing] = await tx.select({ id: elections.id }).from(elections).where(and(eq(elections.contestId, ids.contestId), eq(elections.ballot, ids.ballot)));
  if (existing) throw new AppError('ELECTION_EXISTS', `the ${ids.ballot} ballot of contest ${ids.contestId} already has a board (${existing.id})`);
  await storeElection(tx, ctx, actor, { ...ids, procedureId: null }, manifest, boardSecret);
}

/** The contest manifest of a contest ballot's row, or null for a confidence vote. */
export function contestManifestOf(row: Pick<ElectionRow, 'contestId' | 'manifest'>): ContestBallotManifest | null {
  return row.contestId ? (row.manifest as unknown as ContestBallotManifest) : null;
}

/**
 * Called when a contest ballot's result is posted, in the same transaction: the contest service declares the
 * round (or the members' ballot) from the verified counts, so the contest moves on by itself. Registered by
 * src/services/contests.ts (which imports this module; a direct import back would be a cycle).
 */
type ContestResultHook = (tx: Tx, ctx: AppContext, actor: Actor, row: ElectionRow, result: ContestResultBody, board: { close: string }) => Promise<void>;
let onContestResult: ContestResultHook | null = null;
export function setContestResultHook(hook: ContestResultHook): void {
  onContestResult = hook;
}

// ---- key ceremony ----------------------------------------------------------------------------------------------

function invalid(message: string): never {
  throw new AppError('TRUSTEE_MESSAGE_INVALID', message);
}

/** What a trustee's step returns: the record's place and the board key's receipt, which the trustee keeps. */
export interface TrusteeSubmission {
  seq: number;
  /** Signed by the board key (manifest.boardKey); `confidence verify --receipt` checks the message stays there (B6.6). Null only for elections made before board keys. */
  receipt: TrusteeReceipt | null;
}

/**
 * Appends a trustee's message and signs its receipt (docs/ballot-spec.md §3.2): from then on, a board without this
 * message at this place fails check B6.6 for whoever holds the receipt. Runs inside the append's transaction, so
 * a receipt is only ever returned for a committed record.
 */
async function appendTrusteeMessage<T extends TrusteeMessageType>(ctx: AppContext, tx: Tx, row: ElectionRow, type: T, body: RecordBodies[T]): Promise<TrusteeSubmission> {
  const r = await appendRecord(tx, row, type, body);
  const receipt = row.boardSecret ? signTrusteeReceipt(row.boardSecret, { election: row.electionHash, seq: r.seq, type, digest: messageDigest(body), head: r.hash, at: ctx.clock().toISOString() }) : null;
  return { seq: r.seq, receipt };
}

export async function postTrusteeKey(ctx: AppContext, electionId: string, body: TrusteeKeyBody): Promise<TrusteeSubmission> {
  await cryptoReady;
  const row0 = await getElectionRow(ctx.db, electionId);
  const n = row0.manifest.trustees.count;
  if (!Number.isInteger(body.trustee) || body.trustee < 1 || body.trustee > n) invalid(`trustee must be in 1..${n}`);
  try {
    const pk = Point.fromHex(body.publicKey, { field: 'publicKey' });
    if (!verifyKnowledge(pk, sigmaProofFromJSON(body.proof, 'proof', [1]), trusteeKeyContext(row0.electionHash, body.trustee))) invalid('the proof of knowledge of the transport key is invalid');
  } catch (e) {
    if (e instanceof AppError) throw e;
    invalid((e as Error).message);
  }
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const keys = await recordsOf(tx, electionId, 'trustee_key');
    if (keys.some((k) => k.trustee === body.trustee)) throw new AppError('CONFLICT', `trustee ${body.trustee} has already registered a key`);
    return appendTrusteeMessage(ctx, tx, row, 'trustee_key', { trustee: body.trustee, publicKey: body.publicKey, proof: body.proof });
  });
}

export async function postDkgCommitment(ctx: AppContext, electionId: string, body: DkgCommitmentBody): Promise<TrusteeSubmission> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const n = row.manifest.trustees.count;
    const keys = await recordsOf(tx, electionId, 'trustee_key');
    if (keys.length < n) throw new AppError('ELECTION_WRONG_STAGE', `waiting for transport keys: ${keys.length} of ${n} trustees have registered`);
    if (!Number.isInteger(body.dealer) || body.dealer < 1 || body.dealer > n || typeof body.digest !== 'string' || !/^[0-9a-f]{128}$/.test(body.digest)) invalid('a commitment is {dealer, digest (SHA-512 hex)}');
    const cs = await recordsOf(tx, electionId, 'dkg_commitment');
    if (cs.some((c) => c.dealer === body.dealer)) throw new AppError('CONFLICT', `trustee ${body.dealer} has already committed`);
    return appendTrusteeMessage(ctx, tx, row, 'dkg_commitment', { dealer: body.dealer, digest: body.digest });
  });
}

export async function postDkgDealing(ctx: AppContext, electionId: string, body: DkgDealingBody): Promise<TrusteeSubmission> {
  await cryptoReady;
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const m = row.manifest;
    const cs = await recordsOf(tx, electionId, 'dkg_commitment');
    if (cs.length < m.trustees.count) throw new AppError('ELECTION_WRONG_STAGE', `waiting for commitments: ${cs.length} of ${m.trustees.count}`);
    let dealer: number;
    try {
      const [d] = parseSignedDealings(m, [body]);
      dealer = d!.dealing.dealer;
      const c = cs.find((x) => x.dealer === dealer);
      if (!c || c.digest !== dkgDealingDigest(d!.dealing)) invalid(`the dealing of trustee ${dealer} does not match its committed digest`);
      if (dkgSignedDealingFault(dkgParams(m, row.electionHash), d!)) invalid('one encrypted share per trustee, in order, each with a valid proof of its ephemeral key, is required');
      const keys = trusteeKeyMap(await recordsOf(tx, electionId, 'trustee_key'));
      const key = keys.get(dealer);
      if (!key || !dkgVerifyDealingSignature(dkgParams(m, row.electionHash), key, d!, recipientKeyList(keys, m.trustees.count))) invalid(`the dealing is not signed by trustee ${dealer}'s registered key over the trustees' registered transport keys`);
    } catch (e) {
      if (e instanceof AppError) throw e;
      invalid((e as Error).message);
    }
    const ds = await recordsOf(tx, electionId, 'dkg_dealing');
    if (ds.some((d) => d.dealing.dealer === dealer)) throw new AppError('CONFLICT', `trustee ${dealer} has already dealt`);
    return appendTrusteeMessage(ctx, tx, row, 'dkg_dealing', { dealing: body.dealing, encryptedShares: body.encryptedShares, signature: body.signature });
  });
}

/**
 * A trustee's complaint against a dealer, signed, with the evidence (its decryption of the disputed share and a
 * Chaum–Pedersen proof). Accepted once every dealer has dealt (a complaint ends the dealing round, so an early
 * one must not exclude a slow dealer). A false complaint (the share was fine) is recorded too: it disqualifies
 * nobody and names the complainer; the answer says which it is.
 */
export async function postDkgComplaint(ctx: AppContext, electionId: string, body: DkgComplaintBody): Promise<TrusteeSubmission & { verdict: 'upheld' | 'false' }> {
  await cryptoReady;
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (row.contestId) throw new AppError('ELECTION_WRONG_STAGE', 'a contest ballot’s board has no complaint round (docs/contest.md §3): a dealer whose share is wrong is excluded when the key is computed');
    const m = row.manifest;
    const dealings = await recordsOf(tx, electionId, 'dkg_dealing');
    if (dealings.length < m.trustees.count) throw new AppError('ELECTION_WRONG_STAGE', `complaints come once every trustee has dealt: ${dealings.length} of ${m.trustees.count} dealings are in`);
    let verdict: 'upheld' | 'false' = 'upheld';
    let id = '';
    try {
      const [c] = parseComplaints([body]);
      id = `${c!.dealer}/${c!.complainer}`;
      const d = parseSignedDealings(m, dealings).find((x) => x.dealing.dealer === c!.dealer);
      const key = trusteeKeyMap(await recordsOf(tx, electionId, 'trustee_key')).get(c!.complainer);
      if (!d || !key) invalid(`no dealing of trustee ${c!.dealer} or no key of trustee ${c!.complainer} on the board`);
      const v = dkgComplaintVerdict(dkgParams(m, row.electionHash), key, d, c!);
      if (v.verdict === 'invalid') invalid(v.reason);
      verdict = v.verdict;
    } catch (e) {
      if (e instanceof AppError) throw e;
      invalid((e as Error).message);
    }
    const existing = parseComplaints(await recordsOf(tx, electionId, 'dkg_complaint'));
    if (existing.some((x) => `${x.dealer}/${x.complainer}` === id)) throw new AppError('CONFLICT', `trustee ${id.split('/')[1]} has already complained about dealer ${id.split('/')[0]}`);
    const r = await appendTrusteeMessage(ctx, tx, row, 'dkg_complaint', { complaint: body.complaint });
    return { ...r, verdict };
  });
}

/**
 * The accused dealer's answer: the disputed share revealed, signed. Recorded even if the share is wrong (the
 * dealer signed it: it is then disqualified); `valid` says whether it matches the dealer's commitments.
 */
export async function postDkgAnswer(ctx: AppContext, electionId: string, body: DkgAnswerBody): Promise<TrusteeSubmission & { valid: boolean }> {
  await cryptoReady;
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (row.contestId) throw new AppError('ELECTION_WRONG_STAGE', 'a contest ballot’s board has no complaint round');
    const m = row.manifest;
    let valid = false;
    let id = '';
    try {
      const [a] = parseAnswers([body]);
      id = `${a!.dealer}/${a!.complainer}`;
      const complaints = parseComplaints(await recordsOf(tx, electionId, 'dkg_complaint'));
      if (!complaints.some((c) => `${c.dealer}/${c.complainer}` === id)) invalid(`trustee ${a!.complainer} has not complained about dealer ${a!.dealer}`);
      const params = dkgParams(m, row.electionHash);
      const key = trusteeKeyMap(await recordsOf(tx, electionId, 'trustee_key')).get(a!.dealer);
      if (!key || !dkgVerifyAnswerSignature(params, key, a!)) invalid(`the answer is not signed by trustee ${a!.dealer}'s registered key`);
      const d = parseSignedDealings(m, await recordsOf(tx, electionId, 'dkg_dealing')).find((x) => x.dealing.dealer === a!.dealer);
      valid = !!d && dkgVerifyShare(params, d.dealing, { dealer: a!.dealer, recipient: a!.complainer, share: a!.share });
    } catch (e) {
      if (e instanceof AppError) throw e;
      invalid((e as Error).message);
    }
    const existing = parseAnswers(await recordsOf(tx, electionId, 'dkg_answer'));
    if (existing.some((x) => `${x.dealer}/${x.complainer}` === id)) throw new AppError('CONFLICT', `dealer ${id.split('/')[0]} has already answered trustee ${id.split('/')[1]}`);
    const r = await appendTrusteeMessage(ctx, tx, row, 'dkg_answer', { answer: body.answer });
    return { ...r, valid };
  });
}

/** Once the dealings (and any complaints and answers) are in, the chair closes the ceremony: the server computes and posts the key. */
export async function finishKeyCeremony(ctx: AppContext, actor: Actor, electionId: string): Promise<ElectionKeyBody> {
  await cryptoReady;
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const m = row.manifest;
    let key: ElectionKeyBody;
    try {
      key = computeElectionKey(m, row.electionHash, {
        trusteeKeys: await recordsOf(tx, electionId, 'trustee_key'),
        commitments: await recordsOf(tx, electionId, 'dkg_commitment'),
        dealings: await recordsOf(tx, electionId, 'dkg_dealing'),
        complaints: await recordsOf(tx, electionId, 'dkg_complaint'),
        answers: await recordsOf(tx, electionId, 'dkg_answer'),
      });
    } catch (e) {
      throw new AppError('ELECTION_WRONG_STAGE', `the key ceremony cannot finish: ${(e as Error).message}`);
    }
    await appendRecord(tx, row, 'election_key', key);
    await tx.update(elections).set({ publicKey: key.publicKey }).where(eq(elections.id, electionId));
    await audit(tx, ctx, actor, row, 'election_key_posted', { qualified: key.qualified, disqualified: key.disqualified, falseComplaints: key.falseComplaints });
    return key;
  });
}

// ---- credentials -------------------------------------------------------------------------------------------------

/**
 * The credential authority uploads the public keys. A large electorate does not fit one request (the API body
 * limit is 256 KB, ~3,800 keys): batches sent with `more: true` are staged (inactive, not on the board), and the
 * last batch (`more` absent) carries the authority's key and its signature over the whole sorted list
 * (src/ballot/authority.ts) and publishes it as one `credentials` record. A list the authority did not sign is
 * refused here, and by every verifier (check B7a).
 */
export async function uploadCredentials(
  ctx: AppContext,
  actor: Actor,
  electionId: string,
  credentials: unknown,
  opts: { more?: boolean; authority?: unknown; signature?: unknown } = {},
): Promise<{ count: number; staged: number; fingerprint?: string }> {
  await cryptoReady;
  const row0 = await getElectionRow(ctx.db, electionId);
  if (!Array.isArray(credentials)) throw new AppError('CREDENTIALS_INVALID', 'credentials must be an array of public keys');
  const batch = [...credentials] as string[];
  for (const [i, c] of batch.entries()) {
    try {
      Point.fromHex(c, { field: `credentials[${i}]` });
    } catch (e) {
      throw new AppError('CREDENTIALS_INVALID', (e as Error).message);
    }
  }
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (row.lastType !== 'election_key') throw new AppError('ELECTION_WRONG_STAGE', 'credentials are uploaded once, after the key ceremony');
    const staged = (await tx.select({ credential: electionCredentials.credential }).from(electionCredentials).where(eq(electionCredentials.electionId, electionId))).map((r) => r.credential);
    // Sorting is the shuffle: the stored order says nothing about who received which credential.
    const sorted = [...staged, ...batch].sort();
    for (let i = 1; i < sorted.length; i++) if (sorted[i - 1] === sorted[i]) throw new AppError('CREDENTIALS_INVALID', `duplicate credential ${sorted[i]!.slice(0, 16)}…`);
    if (sorted.length > row0.manifest.electorate) throw new AppError('CREDENTIALS_INVALID', `${sorted.length} credentials for an electorate of ${row0.manifest.electorate}`);
    for (let i = 0; i < batch.length; i += 1000) {
      await tx.insert(electionCredentials).values(batch.slice(i, i + 1000).map((credential) => ({ electionId, credential, active: false })));
    }
    if (opts.more) return { count: 0, staged: sorted.length };
    if (sorted.length !== row0.manifest.electorate) throw new AppError('CREDENTIALS_INVALID', `${sorted.length} credentials for an electorate of ${row0.manifest.electorate}: one per elector is required`);
    if (typeof opts.authority !== 'string' || opts.signature === undefined) throw new AppError('AUTHORITY_SIGNATURE_INVALID', 'the last batch carries the credential authority’s key and signature over the whole list (`confidence credentials generate` writes them)');
    // The manifest pins the authority key (ADR 0414), for confidence votes and contest ballots alike.
    if (opts.authority !== row.manifest.authority) throw new AppError('AUTHORITY_SIGNATURE_INVALID', `the list is signed by key ${opts.authority.slice(0, 16)}…, not by the credential authority key in the manifest (${row.manifest.authority.slice(0, 16)}…)`);
    const body: CredentialsBody = { authority: opts.authority, credentials: sorted, signature: opts.signature as CredentialsBody['signature'] };
    let fingerprint: string;
    let listDigest: string;
    try {
      // Signed over the list and the election key on this board (ballot-spec §4a): a list signed for another key fails.
      ({ fingerprint, listDigest } = checkCredentialListDigests(row.electionHash, body, row.publicKey!));
    } catch (e) {
      throw new AppError('AUTHORITY_SIGNATURE_INVALID', `${(e as Error).message} (for this election and this exact list)`);
    }
    await appendRecord(tx, row, 'credentials', body);
    await tx.update(electionCredentials).set({ active: true }).where(eq(electionCredentials.electionId, electionId));
    await tx.update(elections).set({ credentialAuthority: body.authority, credentialsFingerprint: fingerprint, credentialsListDigest: listDigest }).where(eq(elections.id, electionId));
    await audit(tx, ctx, actor, row, 'credentials_uploaded', { count: sorted.length, fingerprint });
    return { count: sorted.length, staged: 0, fingerprint: formatFingerprint(fingerprint) };
  });
}

/**
 * A revocation, signed by the credential authority (the server and the chair cannot revoke alone: check B8a).
 * `memberId`, when given, is the member the authority says held the revoked credential: they are told by mail
 * that a credential in their name was revoked, so a revocation they did not ask for does not go unseen. The
 * member id is neither stored nor put on the board (the server learns only who lost a credential).
 */
export async function revokeCredential(ctx: AppContext, actor: Actor, electionId: string, input: { revoked: unknown; replacement: unknown; signature?: unknown; memberId?: unknown }): Promise<{ seq: number; notified: boolean }> {
  await cryptoReady;
  if (typeof input.revoked !== 'string' || typeof input.replacement !== 'string') throw new AppError('CREDENTIALS_INVALID', 'a revocation is {revoked, replacement, signature}');
  const body: RevocationBody = { revoked: input.revoked, replacement: input.replacement, signature: input.signature as RevocationBody['signature'] };
  try {
    Point.fromHex(body.replacement, { field: 'replacement' });
  } catch (e) {
    throw new AppError('CREDENTIALS_INVALID', (e as Error).message);
  }
  const row0 = await getElectionRow(ctx.db, electionId);
  if (!row0.credentialAuthority) throw new AppError('ELECTION_WRONG_STAGE', 'credentials are revoked once the signed list is published');
  let signed = false;
  try {
    signed = revocationSignatureValid(row0.electionHash, row0.manifest.authority ?? row0.credentialAuthority, body);
  } catch (e) {
    throw new AppError('AUTHORITY_SIGNATURE_INVALID', `the revocation's signature is malformed: ${(e as Error).message}`);
  }
  if (!signed) throw new AppError('AUTHORITY_SIGNATURE_INVALID', 'the revocation is not signed by the credential authority that signed the list');
  const r = await ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const [old] = await tx.select().from(electionCredentials).where(and(eq(electionCredentials.electionId, electionId), eq(electionCredentials.credential, body.revoked)));
    if (!old?.active) throw new AppError('CREDENTIALS_INVALID', 'the credential to revoke is not an active credential of this election');
    const [dup] = await tx.select().from(electionCredentials).where(and(eq(electionCredentials.electionId, electionId), eq(electionCredentials.credential, body.replacement)));
    if (dup) throw new AppError('CREDENTIALS_INVALID', 'the replacement credential was already issued');
    const r = await appendRecord(tx, row, 'revocation', body, { credential: body.revoked });
    await tx.update(electionCredentials).set({ active: false }).where(and(eq(electionCredentials.electionId, electionId), eq(electionCredentials.credential, body.revoked)));
    await tx.insert(electionCredentials).values({ electionId, credential: body.replacement, active: true });
    await audit(tx, ctx, actor, row, 'credential_revoked', {});
    return r;
  });
  const notified = typeof input.memberId === 'string' ? await notifyRevoked(ctx, row0, input.memberId, body.revoked, r.seq) : false;
  return { seq: r.seq, notified };
}

/** Mails the member (via their account) that a credential in their name was revoked; false if they have no account. */
async function notifyRevoked(ctx: AppContext, row: ElectionRow, memberId: string, revoked: string, seq: number): Promise<boolean> {
  const [acct] = await ctx.db.select({ email: accounts.email }).from(accounts).where(eq(accounts.memberId, memberId));
  if (!acct) return false;
  const url = `${(ctx.config.publicUrl ?? '').replace(/\/+$/, '')}/elections/${encodeURIComponent(row.id)}`;
  await ctx.mailer.send({
    to: acct.email,
    subject: `Your voting credential for "${row.manifest.title}" was revoked`,
    text: [
      `The credential authority revoked a voting credential issued to you (record ${seq} of the public board;`,
      `credential ${revoked.slice(0, 16)}…) and issued a replacement. Ballots cast with the old credential no longer count.`,
      '',
      'If you asked for a new credential, there is nothing to do: vote with the new one.',
      'If you did NOT ask for it, someone may be trying to vote in your place: tell the credential authority and the',
      `returning officer at once, and check your ballot's tracker at ${url} (it will say "revoked").`,
    ].join('\n'),
  });
  return true;
}

// ---- voting ---------------------------------------------------------------------------------------------------

/**
 * The voting window in force: the manifest's (opensAt, closesAt), or the latest reschedule the credential authority
 * signed (reschedules come only before the opening, so once the vote is open this is final). Null bounds: a
 * re-enactment on a fixed day, which follows no real clock.
 */
export async function votingWindow(db: DbOrTx, row: ElectionRow): Promise<{ opensAt: string | null; closesAt: string | null; reschedules: number }> {
  const rs = await recordsOf(db, row.id, 'reschedule');
  const last = rs.at(-1);
  return last ? { opensAt: last.opensAt, closesAt: last.closesAt, reschedules: rs.length } : { opensAt: row.manifest.opensAt, closesAt: row.manifest.closesAt, reschedules: 0 };
}

/**
 * A new voting window after the manifest was fixed, signed by the credential authority (`confidence credentials
 * reschedule`): the chair cannot move it alone, nor can the server (check B9b). Accepted after the credentials are
 * published and before the opening; the procedure's own schedule follows (ADR 0414).
 */
export async function rescheduleElection(ctx: AppContext, actor: Actor, electionId: string, input: { opensAt?: unknown; closesAt?: unknown; revision?: unknown; signature?: unknown }): Promise<{ seq: number; opensAt: string; closesAt: string; revision: number }> {
  await cryptoReady;
  const row0 = await getElectionRow(ctx.db, electionId);
  if (row0.manifest.opensAt === null && row0.manifest.closesAt === null) {
    throw new AppError('VALIDATION_FAILED', 'this vote is a re-enactment on a fixed day: its manifest binds no voting window, so there is none to move (reschedule the procedure instead)');
  }
  const o = parseInstant(input.opensAt);
  const c = parseInstant(input.closesAt);
  if (o === null || c === null) throw new AppError('VALIDATION_FAILED', 'opensAt and closesAt must be strict ISO-8601 UTC instants (YYYY-MM-DDTHH:MM:SS.sssZ), exactly as the authority signed them');
  if (o >= c) throw new AppError('VALIDATION_FAILED', 'the vote must close after it opens');
  if (typeof input.revision !== 'number' || !Number.isSafeInteger(input.revision) || input.revision < 1) throw new AppError('VALIDATION_FAILED', 'revision must be a positive integer (1 for the first reschedule)');
  const body = { opensAt: input.opensAt as string, closesAt: input.closesAt as string, revision: input.revision, signature: input.signature as RescheduleBody['signature'] };
  let signed = false;
  try {
    signed = rescheduleSignatureValid(row0.electionHash, row0.manifest.authority, body);
  } catch (e) {
    throw new AppError('AUTHORITY_SIGNATURE_INVALID', `the reschedule's signature is malformed: ${(e as Error).message}`);
  }
  if (!signed) throw new AppError('AUTHORITY_SIGNATURE_INVALID', 'the reschedule is not signed by the credential authority key in the manifest');
  if (c <= ctx.clock().getTime()) throw new AppError('VALIDATION_FAILED', 'the new window has already ended');
  if (row0.lastType !== 'credentials' && row0.lastType !== 'reschedule') throw new AppError('ELECTION_WRONG_STAGE', `the voting window is rescheduled after the credentials are published and before the vote opens (last record: ${row0.lastType})`);
  // Checked before the procedure moves (and again under the lock): a replayed or skipped revision changes nothing.
  const earlier = (await recordsOf(ctx.db, electionId, 'reschedule')).length;
  if (body.revision !== earlier + 1) throw new AppError('CONFLICT', `this would be reschedule ${earlier + 1}; the authority signed revision ${body.revision}`);
  if (row0.procedureId) {
    const p = await loadProcedure(ctx, row0.procedureId);
    if (p.status.state === 'ballot_scheduled') await runProcedureCommand(ctx, actor, row0.procedureId, { type: 'schedule_ballot', opensAt: body.opensAt, closesAt: body.closesAt });
  }
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const done = await recordsOf(tx, electionId, 'reschedule');
    if (body.revision !== done.length + 1) throw new AppError('CONFLICT', `this would be reschedule ${done.length + 1}; the authority signed revision ${body.revision}`);
    const r = await appendRecord(tx, row, 'reschedule', body);
    await audit(tx, ctx, actor, row, 'election_rescheduled', { opensAt: body.opensAt, closesAt: body.closesAt, revision: body.revision });
    return { seq: r.seq, opensAt: body.opensAt, closesAt: body.closesAt, revision: body.revision };
  });
}

/**
 * The procedure's own reschedule (the chair's "Change the voting times") is refused once a live vote's election
 * exists: its window is bound by the manifest and only the credential authority's signed reschedule moves it
 * (rescheduleElection, which moves the procedure's schedule too). A re-enactment's election binds no window.
 */
export async function assertProcedureMayReschedule(ctx: AppContext, procedureId: string): Promise<void> {
  const [row] = await ctx.db.select({ manifest: elections.manifest }).from(elections).where(eq(elections.procedureId, procedureId));
  if (row && (row.manifest.opensAt !== null || row.manifest.closesAt !== null)) {
    throw new AppError('ELECTION_WRONG_STAGE', 'this vote’s window is bound by its election’s manifest: the credential authority signs the new times (`confidence credentials reschedule`)');
  }
}

export async function openElection(ctx: AppContext, actor: Actor, electionId: string): Promise<ElectionView> {
  const row0 = await getElectionRow(ctx.db, electionId);
  if (row0.lastType !== 'credentials' && row0.lastType !== 'reschedule') throw new AppError('ELECTION_WRONG_STAGE', `the election can open once the key ceremony is over and the credentials are uploaded (last record: ${row0.lastType})`);
  // The window the manifest fixed (or the authority moved) binds the opening: checked before the procedure moves.
  // A contest round's manifest carries the time its round was scheduled for (the schedule binds the chair, ADR 0212).
  const w = await votingWindow(ctx.db, row0);
  const now = ctx.clock();
  if (w.opensAt !== null && now.getTime() < Date.parse(w.opensAt)) {
    const how = row0.contestId ? `${row0.manifest.title} is scheduled to open at ${w.opensAt}` : `the election's manifest${w.reschedules ? ' (as the credential authority rescheduled it)' : ''} opens the vote at ${w.opensAt}; to open earlier, the credential authority signs a reschedule`;
    throw new AppError('VOTE_NOT_YET_DUE', how, { opensAt: w.opensAt });
  }
  if (w.closesAt !== null && now.getTime() >= Date.parse(w.closesAt)) throw new AppError('VOTING_WINDOW_CLOSED', `the voting window ended at ${w.closesAt}`, { closesAt: w.closesAt });
  if (row0.procedureId) {
    const p = await loadProcedure(ctx, row0.procedureId);
    if (p.status.state === 'ballot_scheduled') await runProcedureCommand(ctx, actor, row0.procedureId, { type: 'open_ballot' });
  }
  await ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    await appendRecord(tx, row, 'open', { at: now.toISOString() });
    await audit(tx, ctx, actor, row, 'election_opened', {});
  });
  return electionView(ctx, electionId);
}

export interface CastReceipt {
  tracker: string;
  shortTracker: string;
  seq: number;
  /** Board head after this ballot: the voter's evidence of the board's state. */
  head: string;
  /** The same facts signed by the board's key (manifest.boardKey): keep it; `confidence verify --receipt` checks it. */
  receipt: SignedReceipt;
}

const OPEN_TYPES = new Set(['open', 'ballot', 'revocation', 'postal_batch']);

function stageError(lastType: string): AppError {
  if (['close', 'tally', 'partial_decryption', 'result'].includes(lastType)) return new AppError('ELECTION_CLOSED');
  return new AppError('ELECTION_NOT_OPEN');
}

/**
 * Election hash and key of an open election, cached per database: both are fixed once the key ceremony is
 * over, so a cast needs no extra query for them. The stage is not cached: it is re-checked under the lock.
 */
interface CastParams {
  electionHash: string;
  publicKey: Point;
  publicKeyHex: string;
  /** The board's key pair, decoded once: it signs every receipt. */
  boardKey: BoardSigningKey;
  /** End of the voting window in force (epoch ms), or null (a re-enactment): casts after it are refused. */
  closesAt: number | null;
  opensAt: string | null;
  /** A contest ballot's manifest (1-of-k ballots), or null for the confidence vote's yes/no ballots. */
  contest: ContestBallotManifest | null;
}
const castParamsCache = new WeakMap<object, Map<string, CastParams>>();
async function castParams(ctx: AppContext, electionId: string): Promise<CastParams> {
  let byId = castParamsCache.get(ctx.db);
  if (!byId) castParamsCache.set(ctx.db, (byId = new Map()));
  const hit = byId.get(electionId);
  if (hit) return hit;
  const row = await getElectionRow(ctx.db, electionId);
  if (!OPEN_TYPES.has(row.lastType)) throw stageError(row.lastType);
  if (!row.boardSecret) throw new AppError('ELECTION_WRONG_STAGE', 'this election has no board key (created before receipts existed)');
  // Reschedules come only before the opening, so once the vote is open the window is final and may be cached.
  const w = await votingWindow(ctx.db, row);
  const params = { electionHash: row.electionHash, publicKey: Point.fromHex(row.publicKey!), publicKeyHex: row.publicKey!, boardKey: boardSigningKey(row.boardSecret), closesAt: w.closesAt === null ? null : Date.parse(w.closesAt), opensAt: row.manifest.opensAt, contest: contestManifestOf(row) };
  byId.set(electionId, params);
  return params;
}

/**
 * Group commit of casts. Concurrent casts to one election (already checked in full: decoding, proofs, signature)
 * wait in a queue; one transaction at a time takes everything queued, locks the election row, runs the cast-time
 * checks for the whole batch in three queries (credential active, ciphertext new, next revision: checks B9, B9a),
 * appends the accepted ballots to the hash chain in queue order with one multi-row insert, and commits. Only then is
 * each caller answered: its receipt (signed with the head after its own record), or its own error. A batch's
 * transaction that fails answers every caller in it with the failure and writes nothing, so an acknowledged ballot
 * is always committed (kill -9 after a receipt loses nothing) and the chain is the same as one cast at a time.
 * Casts from other server processes serialise on the same row lock.
 */
interface PendingCast {
  body: BallotBody | ContestBallotBody | RankedBallotJSON;
  tracker: string;
  /** The replay guard: the ballot's (first) ciphertext component. */
  alpha: string;
  credential: string;
  /** Confidence ballots: the signed revision (must be the credential's next); contest ballots: null. */
  revision: number | null;
  /** Ranked ballots (src/services/preferential.ts): one ballot per credential, a second is refused (CONFLICT). */
  once?: true;
  /** canonicalJson(body), when the cast check computed it already. */
  canonical?: string;
}
type WaitingCast = { cast: PendingCast; resolve: (r: CastReceipt) => void; reject: (e: unknown) => void };
const MAX_CAST_BATCH = 500;
const castGroups = groupCommit<WaitingCast>(MAX_CAST_BATCH);

function enqueueCast(ctx: AppContext, electionId: string, params: CastParams, cast: PendingCast): Promise<CastReceipt> {
  return new Promise<CastReceipt>((resolve, reject) => {
    castGroups.enqueue(
      ctx.db,
      electionId,
      { cast, resolve, reject },
      async (batch) => {
        const outcomes = await commitCasts(ctx, electionId, params, batch.map((w) => w.cast));
        batch.forEach((w, i) => {
          const o = outcomes[i]!;
          if ('ok' in o) w.resolve(o.ok);
          else w.reject(o.err);
        });
      },
      (batch, e) => batch.forEach((w) => w.reject(e)),
    );
  });
}

/** A PostgreSQL text[] literal (one parameter, so the statement's text is the same for any number of values). */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** The rows of `tx.execute`: node-postgres answers {rows}, PGlite's driver the same, older shapes an array. */
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

/**
 * One group's transaction, in four statements between BEGIN and COMMIT, each of fixed text whatever the group's size
 * (the group's values travel as JSON parameters): lock the election row (only the columns a cast needs); read, for
 * the group's credentials and first ciphertexts, whether each credential is active, how many ballots it has cast and
 * which ciphertexts are already on the board; append the accepted ballots and move the head, in one statement. The
 * lock comes alone and first, so the reads after it see every group committed before (by any server process).
 */
// The ballot count per credential filters on type outside the WHERE clause: the scan is then always the (election,
// credential) index. With `type = 'ballot'` in the WHERE clause, statistics taken while the board was young (few
// ballots) made PostgreSQL scan every ballot of the election through the (election, type) index for each credential:
// 27 ms per group at 16,000 ballots, and casting fell from ~970/s to ~390/s as the board grew.
async function commitCasts(ctx: AppContext, electionId: string, params: CastParams, casts: PendingCast[]): Promise<({ ok: CastReceipt } | { err: unknown })[]> {
  return ctx.db.transaction(async (tx) => {
    const [locked] = rowsOf<{ last_type: string; head: string; records: number | string; contest_id: string | null }>(
      await tx.execute(sql`select last_type, head, records, contest_id from ${elections} where id = ${electionId} for update`),
    );
    if (!locked) throw new AppError('ELECTION_NOT_FOUND', `no election ${electionId}`);
    const row = { lastType: locked.last_type, head: locked.head, records: Number(locked.records), contestId: locked.contest_id };
    if (!OPEN_TYPES.has(row.lastType)) throw stageError(row.lastType);
    const creds = [...new Set(casts.map((c) => c.credential))];
    const alphas = casts.map((c) => c.alpha);
    const counting = casts.some((c) => c.revision !== null || c.once);
    const found = rowsOf<{ k: string; v: string; active: boolean | null; n: number | string }>(
      await tx.execute(sql`
        select 'c' as k, ec.credential as v, ec.active as active,
          ${counting ? sql`(select count(*) filter (where b.type = 'ballot') from ${boardRecords} b where b.election_id = ${electionId} and b.credential = ec.credential)` : sql`0`}::int as n
        from ${electionCredentials} ec
        where ec.election_id = ${electionId} and ec.credential = any(${textArray(creds)}::text[])
        union all
        select 'a', b.alpha, null, b.seq
        from ${boardRecords} b
        where b.election_id = ${electionId} and b.alpha = any(${textArray(alphas)}::text[])`),
    );
    const active = new Map<string, boolean>();
    const seen = new Map<string, number>();
    const castCount = new Map<string, number>();
    for (const f of found) {
      if (f.k === 'c') {
        active.set(f.v, f.active === true);
        if (Number(f.n) > 0) castCount.set(f.v, Number(f.n));
      } else seen.set(f.v, Number(f.n));
    }
    // The receipt's instant is taken under the lock and must still lie in the window (a cast that waited for the
    // lock past closesAt is refused, so no receipt is ever signed for a late ballot).
    const at = ctx.clock();
    if (params.closesAt !== null && at.getTime() > params.closesAt) throw new AppError('VOTING_WINDOW_CLOSED', `the voting window ended at ${new Date(params.closesAt).toISOString()}`);
    const allowed = row.contestId ? contestMayFollow(row.lastType as ContestRecordType, 'ballot') : mayFollow(row.lastType as RecordType, 'ballot');
    if (!allowed) throw new AppError('ELECTION_WRONG_STAGE', `the election is at stage "${STAGE_OF[row.lastType as RecordType]}" (last record: ${row.lastType}); a ballot record cannot come now`);
    const values: { seq: number; hash: string; line: string; tracker: string; alpha: string; credential: string }[] = [];
    const atIso = at.toISOString();
    const outcomes = casts.map((c): { ok: CastReceipt } | { err: unknown } => {
      if (!active.get(c.credential)) return { err: new AppError('BALLOT_UNKNOWN_CREDENTIAL') };
      const earlier = seen.get(c.alpha);
      if (earlier !== undefined) return { err: new AppError('BALLOT_REPLAYED', `this ballot (or its ${c.revision === null ? 'first ' : ''}ciphertext) is already on the board at record ${earlier}`) };
      const n = castCount.get(c.credential) ?? 0;
      if (c.revision !== null && c.revision !== n + 1) return { err: new AppError('BALLOT_REVISION_INVALID', `this credential has cast ${n} ballot(s): the next one must have revision ${n + 1}, not ${c.revision}`) };
      if (c.once && n > 0) return { err: new AppError('CONFLICT', 'this credential has already cast its ballot; a preferential ballot cannot be changed') };
      const seq = row.records;
      const rec = recordFromCanonicalBody(seq, row.head, 'ballot', c.canonical ?? canonicalJson(c.body), sha256HexNative);
      values.push({ seq, hash: rec.hash, line: rec.line, tracker: c.tracker, alpha: c.alpha, credential: c.credential });
      row.head = rec.hash;
      row.records += 1;
      seen.set(c.alpha, seq);
      castCount.set(c.credential, n + 1);
      const receipt = signReceipt(params.boardKey, { election: params.electionHash, seq, tracker: c.tracker, head: rec.hash, at: atIso });
      return { ok: { tracker: c.tracker, shortTracker: shortTracker(c.tracker), seq, head: rec.hash, receipt } };
    });
    if (values.length > 0) {
      await tx.execute(sql`
        with appended as (
          insert into ${boardRecords} (election_id, seq, type, hash, line, tracker, alpha, credential)
          select ${electionId}, r.seq, 'ballot', r.hash, r.line, r.tracker, r.alpha, r.credential
          from json_to_recordset(${JSON.stringify(values)}::json) as r(seq integer, hash text, line text, tracker text, alpha text, credential text)
        )
        update ${elections} set head = ${row.head}, records = ${row.records}, last_type = 'ballot' where id = ${electionId}`);
    }
    return outcomes;
  });
}

/** A ranked ballot, checked in full by the caller (src/services/preferential.ts), through the same group commit. */
export async function enqueueRankedCast(ctx: AppContext, electionId: string, cast: { body: RankedBallotJSON; tracker: string; alpha: string; credential: string }): Promise<CastReceipt> {
  return enqueueCast(ctx, electionId, await castParams(ctx, electionId), { ...cast, revision: null, once: true });
}

/** Anyone with a credential casts: no login (a login would tie the ballot to a person at the server). */
export async function castBallot(ctx: AppContext, electionId: string, raw: unknown): Promise<CastReceipt> {
  await cryptoReady;
  const params = await castParams(ctx, electionId);
  if (params.closesAt !== null && ctx.clock().getTime() > params.closesAt) throw new AppError('VOTING_WINDOW_CLOSED', `the voting window ended at ${new Date(params.closesAt).toISOString()}`);
  const m = params.contest;
  // Decoded and checked together with the other casts of this turn of the event loop (./cast-check: one combined
  // equation), in a worker thread when the server runs one (./cast-check-pool).
  const outcome = await castCheck(
    m
      ? { kind: 'contest', electionHash: params.electionHash, publicKey: params.publicKeyHex, candidates: m.candidates.length, blankAllowed: m.blankAllowed, body: raw }
      : { kind: 'ballot', electionHash: params.electionHash, publicKey: params.publicKeyHex, body: raw },
  );
  if (outcome.verdict === 'malformed') throw new AppError('BALLOT_MALFORMED', outcome.message);
  if (outcome.verdict === 'signature') throw new AppError('BALLOT_INVALID_SIGNATURE');
  if (outcome.verdict === 'proof') throw new AppError('BALLOT_INVALID_PROOF');
  if (m) {
    // A contest ballot (1-of-k, src/contest/board.ts): appended under the lock if its credential is active and its
    // ciphertext new, exactly as a confidence ballot. There is no revision: the manifest's counting rule (the last or
    // the first ballot of a credential) decides which counts, and the tracker says which did.
    const body = contestBodyOf(raw as ContestBallotBody);
    return enqueueCast(ctx, electionId, params, { body, tracker: outcome.tracker, canonical: outcome.canonical, alpha: body.choices[0]!.alpha, credential: body.credential, revision: null });
  }
  const b = raw as BallotBody;
  const normalized: BallotBody = { credential: b.credential, ciphertext: { alpha: b.ciphertext.alpha, beta: b.ciphertext.beta }, proof: b.proof, revision: outcome.revision!, signature: b.signature };
  return enqueueCast(ctx, electionId, params, { body: normalized, tracker: outcome.tracker, canonical: outcome.canonical, alpha: b.ciphertext.alpha, credential: b.credential, revision: outcome.revision });
}

export async function closeElection(ctx: AppContext, actor: Actor, electionId: string): Promise<ElectionView> {
  const row0 = await getElectionRow(ctx.db, electionId);
  if (!OPEN_TYPES.has(row0.lastType)) throw new AppError('ELECTION_WRONG_STAGE', 'the election is not open');
  // The window binds the close from below too: a chair who closes early shuts out members who were told they had
  // until closesAt, and they would look like abstainers (B9b refuses such a board).
  const w0 = await votingWindow(ctx.db, row0);
  if (w0.closesAt !== null && ctx.clock().getTime() < Date.parse(w0.closesAt)) {
    throw new AppError('VOTING_WINDOW_NOT_OVER', `the voting window ends at ${w0.closesAt}; the vote closes then, not before`, { closesAt: w0.closesAt });
  }
  if (row0.procedureId) {
    const p = await loadProcedure(ctx, row0.procedureId);
    if (p.status.state === 'ballot_open') await runProcedureCommand(ctx, actor, row0.procedureId, { type: 'close_ballot' });
  }
  await ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'ballot')))) as [{ n: number }];
    // close.at is the instant from which no ballot was accepted: the clock, or the window's end if that came
    // first (casts after closesAt are refused), so a late press of "Close" does not put close.at past closesAt.
    // The window read above is final: reschedules are accepted only before the opening.
    const now = ctx.clock().getTime();
    const at = w0.closesAt === null ? now : Math.min(now, Date.parse(w0.closesAt));
    await appendRecord(tx, row, 'close', { at: new Date(at).toISOString(), ballots: n });
    await audit(tx, ctx, actor, row, 'election_closed', { ballots: n });
  });
  return electionView(ctx, electionId);
}

async function ballotEvents(db: DbOrTx, electionId: string): Promise<{ events: BoardEvent[] }> {
  const rows = await db
    .select({ seq: boardRecords.seq, type: boardRecords.type, credential: boardRecords.credential, line: boardRecords.line })
    .from(boardRecords)
    .where(and(eq(boardRecords.electionId, electionId), sql`${boardRecords.type} in ('ballot', 'revocation')`))
    .orderBy(asc(boardRecords.seq));
  const events: BoardEvent[] = [];
  for (const r of rows) {
    if (r.type === 'ballot') events.push({ kind: 'ballot', seq: r.seq, credential: r.credential!, revision: (JSON.parse(r.line) as { body: BallotBody }).body.revision });
    else {
      const b = (JSON.parse(r.line) as { body: { revoked: string; replacement: string } }).body;
      events.push({ kind: 'revocation', seq: r.seq, revoked: b.revoked, replacement: b.replacement });
    }
  }
  return { events };
}

/** Posts the encrypted tally: the homomorphic sum of the counted ballots (anyone can recompute it). */
export async function computeTally(ctx: AppContext, actor: Actor, electionId: string): Promise<TallyBody> {
  await cryptoReady;
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (row.lastType !== 'close') throw new AppError('ELECTION_WRONG_STAGE', 'the tally is computed once the election is closed');
    const cm = contestManifestOf(row);
    if (cm) {
      const tally = await contestTally(tx, electionId, cm);
      await appendRecord(tx, row, 'tally', tally as never);
      await audit(tx, ctx, actor, row, 'tally_posted', { counted: tally.counted });
      return tally as never;
    }
    const { events } = await ballotEvents(tx, electionId);
    const sel = selectCounted(events);
    const counted = [...sel.status].filter(([, s]) => s === 'counted').map(([seq]) => seq);
    const cts: { alpha: string; beta: string }[] = [];
    for (let i = 0; i < counted.length; i += 5000) {
      const part = counted.slice(i, i + 5000);
      const rows = await tx
        .select({ seq: boardRecords.seq, line: boardRecords.line })
        .from(boardRecords)
        .where(and(eq(boardRecords.electionId, electionId), gte(boardRecords.seq, part[0]!), sql`${boardRecords.seq} <= ${part.at(-1)!}`, eq(boardRecords.type, 'ballot')))
        .orderBy(asc(boardRecords.seq));
      const set = new Set(part);
      const lines = rows.filter((r) => set.has(r.seq));
      for (const l of lines) cts.push((JSON.parse(l.line) as { body: BallotBody }).body.ciphertext);
    }
    const tally: TallyBody = { ciphertext: ciphertextToJSON(sumCiphertexts(cts)), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked };
    await appendRecord(tx, row, 'tally', tally);
    await audit(tx, ctx, actor, row, 'tally_posted', { counted: sel.counted });
    return tally;
  });
}

/** Per-candidate sums of the counted contest ballots (the same selection rule as the verifier's R13). */
async function contestTally(tx: Tx, electionId: string, m: ContestBallotManifest): Promise<ContestTallyBody> {
  const rows = await tx
    .select({ seq: boardRecords.seq, type: boardRecords.type, credential: boardRecords.credential, line: boardRecords.line })
    .from(boardRecords)
    .where(and(eq(boardRecords.electionId, electionId), sql`${boardRecords.type} in ('ballot', 'revocation', 'postal_batch')`))
    .orderBy(asc(boardRecords.seq));
  // A members' board with postal batches also tallies the postal channel (src/contest/postal-check.ts, R13).
  if (rows.some((r) => r.type === 'postal_batch')) return contestTallyOf(rows.map((r) => ({ seq: r.seq, type: r.type, body: (JSON.parse(r.line) as { body: unknown }).body })), m.candidates.length, m.counting);
  const sel = selectContestCounted(
    rows.map((r) => (r.type === 'ballot' ? { kind: 'ballot' as const, seq: r.seq, credential: r.credential! } : { kind: 'revocation' as const, seq: r.seq, revoked: r.credential! })),
    m.counting,
  );
  const counted = rows.filter((r) => r.type === 'ballot' && sel.status.get(r.seq) === 'counted').map((r) => (JSON.parse(r.line) as { body: ContestBallotBody }).body);
  const sums = tallyContestBallots(m.candidates.length, counted);
  return { ciphertexts: sums.map(ciphertextToJSON), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked };
}

/** A trustee's partial decryption, computed on their device; the server checks its proof before posting. */
export async function postPartialDecryption(ctx: AppContext, electionId: string, body: PartialBody): Promise<{ seq: number; trustee: number }> {
  await cryptoReady;
  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (row.lastType !== 'tally' && row.lastType !== 'partial_decryption') throw new AppError('ELECTION_WRONG_STAGE', 'partial decryptions are posted after the encrypted tally');
    const [ek] = await recordsOf(tx, electionId, 'election_key');
    const [t] = await recordsOf(tx, electionId, 'tally');
    if (row.contestId) return postContestPartial(tx, row, ek!, t as unknown as ContestTallyBody, body as unknown as ContestPartialBody);
    let p;
    try {
      p = partialDecryptionFromJSON(body.partial, 'partial');
    } catch (e) {
      invalid((e as Error).message);
    }
    const vk = verificationKeyMap(ek!).get(p.trustee);
    if (!vk) invalid(`trustee ${p.trustee} is not a qualified trustee`);
    const tally = ciphertextFromJSON(t!.ciphertext, 'tally', { allowIdentityAlpha: true });
    if (!verifyPartialDecryption(vk, tally, p, tallyContext(row.electionHash))) invalid(`the partial decryption of trustee ${p.trustee} has an invalid proof; it was not posted`);
    const existing = await recordsOf(tx, electionId, 'partial_decryption');
    if (existing.some((e) => e.partial.trustee === p.trustee)) throw new AppError('CONFLICT', `trustee ${p.trustee} has already posted a partial decryption`);
    const r = await appendRecord(tx, row, 'partial_decryption', { partial: body.partial });
    return { seq: r.seq, trustee: p.trustee };
  });
}

/** The hash of a contest board's close record (there is one once the tally is posted: R3). */
async function contestCloseHash(tx: Tx, electionId: string): Promise<string> {
  const [closeLine] = await tx.select({ line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'close')));
  if (!closeLine) throw new AppError('ELECTION_WRONG_STAGE', 'the board has no close record');
  return (JSON.parse(closeLine.line) as { hash: string }).hash;
}

/** A contest ballot's partials: one per candidate's tally, each proven; the record is {trustee, partials}. */
async function postContestPartial(tx: Tx, row: ElectionRow, ek: ElectionKeyBody, t: ContestTallyBody, body: ContestPartialBody): Promise<{ seq: number; trustee: number }> {
  if (typeof body !== 'object' || body === null || Object.keys(body).length !== 2 || !Number.isInteger(body.trustee) || !Array.isArray(body.partials)) invalid('a contest partial decryption is {trustee, partials: one per candidate}');
  const vk = verificationKeyMap(ek).get(body.trustee);
  if (!vk) invalid(`trustee ${body.trustee} is not a qualified trustee`);
  const k = t.ciphertexts.length;
  // With no counted ballot there is nothing to decrypt: the record then holds no partial (as the simulation's).
  if (body.partials.length !== (t.counted === 0 ? 0 : k)) invalid(`expected ${t.counted === 0 ? 0 : k} partial decryptions, one per candidate`);
  // Each partial is bound to the board's close record (R14), so it holds for these records and no rewrite of them.
  const close = await contestCloseHash(tx, row.id);
  body.partials.forEach((raw, i) => {
    let p;
    try {
      p = partialDecryptionFromJSON(raw, `partials[${i}]`);
    } catch (e) {
      invalid((e as Error).message);
    }
    if (p.trustee !== body.trustee) invalid(`partials[${i}] names trustee ${p.trustee}, not ${body.trustee}`);
    const ct = ciphertextFromJSON(t.ciphertexts[i]!, `tally[${i}]`, { allowIdentityAlpha: true });
    if (!verifyPartialDecryption(vk, ct, p, contestTallyContext(row.electionHash, close, i))) invalid(`the partial decryption of trustee ${body.trustee} for candidate ${i + 1} has an invalid proof for this board's close record (${close.slice(0, 16)}…); nothing was posted`);
  });
  const existing = (await recordsOf(tx, row.id, 'partial_decryption')) as unknown as ContestPartialBody[];
  if (existing.some((e) => e.trustee === body.trustee)) throw new AppError('CONFLICT', `trustee ${body.trustee} has already posted a partial decryption`);
  const r = await appendRecord(tx, row, 'partial_decryption', { trustee: body.trustee, partials: body.partials } as never);
  return { seq: r.seq, trustee: body.trustee };
}

/** With k partial decryptions in, the result is computed, posted, and flows into the procedure. */
export async function declareResult(ctx: AppContext, actor: Actor, electionId: string): Promise<ResultBody> {
  await cryptoReady;
  const { result, head, procedureId } = await ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (row.lastType !== 'partial_decryption') throw new AppError('ELECTION_WRONG_STAGE', 'the result is computed from the posted partial decryptions');
    const [ek] = await recordsOf(tx, electionId, 'election_key');
    const [t] = await recordsOf(tx, electionId, 'tally');
    const partials = await recordsOf(tx, electionId, 'partial_decryption');
    if (partials.length < row.manifest.trustees.threshold) throw new AppError('ELECTION_WRONG_STAGE', `${partials.length} of the ${row.manifest.trustees.threshold} partial decryptions needed are in`);
    const cm = contestManifestOf(row);
    if (cm) {
      // The contest ballot's result: counts decrypted from k partials (the verifier's own function, R15), posted,
      // and declared in the contest in the same transaction, so the contest moves on from the verified counts.
      const tally = t as unknown as ContestTallyBody;
      const cts = tally.ciphertexts.map((c, i) => ciphertextFromJSON(c, `tally[${i}]`, { allowIdentityAlpha: true }));
      const close = await contestCloseHash(tx, electionId);
      const contestResult = combineContestResult(cm, row.electionHash, close, ek!, cts, tally.counted, partials as unknown as ContestPartialBody[], tally.postal);
      await appendRecord(tx, row, 'result', contestResult as never);
      await audit(tx, ctx, actor, row, 'result_posted', { counts: contestResult.counts, blank: contestResult.blank });
      if (!onContestResult) await import('./contests'); // registers the hook
      // The close record's hash goes with the declaration: a tie the rulebook breaks by lot is drawn from it.
      await onContestResult!(tx, ctx, actor, row, contestResult, { close });
      return { result: contestResult as unknown as ResultBody, head: row.head, procedureId: null };
    }
    const { result } = combineResult(row.manifest, row.electionHash, ek!, ciphertextFromJSON(t!.ciphertext, 'tally', { allowIdentityAlpha: true }), t!.counted, partials);
    await appendRecord(tx, row, 'result', result);
    await audit(tx, ctx, actor, row, 'result_posted', { yes: result.yes, no: result.no });
    return { result, head: row.head, procedureId: row.procedureId };
  });
  if (!procedureId) return result;
  const p = await loadProcedure(ctx, procedureId);
  if (p.status.state === 'ballot_closed') {
    try {
      await runProcedureCommand(ctx, actor, procedureId, { type: 'declare_result', yes: result.yes, no: result.no, spoilt: result.spoilt, source: `verifiable tally, board head ${head}` });
    } catch (e) {
      // The result is on the board (committed above) whatever happens here; the procedure can be corrected by hand.
      ctx.logger.warn({ err: e, procedureId }, 'the verifiable result could not be declared in the procedure');
    }
  }
  return result;
}

// ---- public reads ---------------------------------------------------------------------------------------------

export interface ElectionView {
  id: string;
  procedureId: string | null;
  /** A contest ballot: its contest and ballot (`round-N`, `members`); null for a confidence vote. */
  contestId: string | null;
  ballot: string | null;
  electionHash: string;
  manifest: Manifest;
  stage: string;
  lastType: string;
  head: string;
  records: number;
  publicKey: string | null;
  /** The credential authority's key and the list's fingerprint (compare with the one the authority published). */
  credentialAuthority: string | null;
  credentialsFingerprint: string | null;
  /**
   * The list digest (ballot-spec §4a): with the election hash and `publicKey` it gives the fingerprint, which the
   * booth computes itself and compares with the member's letter (it does not trust `credentialsFingerprint`).
   */
  credentialsListDigest: string | null;
  /** The voting window in force: the manifest's, or the credential authority's latest reschedule (null bounds: a re-enactment). */
  window: { opensAt: string | null; closesAt: string | null; reschedules: number };
  trusteeKeys: number[];
  commitments: number[];
  dealings: number[];
  /** DKG complaints on the board (a trustee's device computes the verdicts itself from the records). */
  complaints: { dealer: number; complainer: number; answered: boolean }[];
  electionKey: ElectionKeyBody | null;
  ballots: number;
  /** For a contest ballot (contestId set) these hold the 1-of-k records: ContestTallyBody, ContestResultBody. */
  tally: TallyBody | null;
  partials: number[];
  result: ResultBody | null;
}

export async function electionView(ctx: AppContext, electionId: string, db: DbOrTx = ctx.db): Promise<ElectionView> {
  const row = await getElectionRow(db, electionId);
  const small = await db
    .select({ type: boardRecords.type, line: boardRecords.line })
    .from(boardRecords)
    .where(and(eq(boardRecords.electionId, electionId), sql`${boardRecords.type} not in ('ballot', 'revocation', 'credentials', 'postal_batch')`))
    .orderBy(asc(boardRecords.seq));
  const bodies = (t: string) => small.filter((r) => r.type === t).map((r) => (JSON.parse(r.line) as { body: unknown }).body);
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'ballot')))) as [{ n: number }];
  return {
    id: row.id,
    procedureId: row.procedureId,
    contestId: row.contestId,
    ballot: row.ballot,
    electionHash: row.electionHash,
    manifest: row.manifest,
    stage: STAGE_OF[row.lastType as RecordType],
    lastType: row.lastType,
    head: row.head,
    records: row.records,
    publicKey: row.publicKey,
    credentialAuthority: row.credentialAuthority,
    credentialsFingerprint: row.credentialsFingerprint,
    credentialsListDigest: row.credentialsListDigest,
    window: await votingWindow(db, row),
    trusteeKeys: (bodies('trustee_key') as TrusteeKeyBody[]).map((b) => b.trustee),
    commitments: (bodies('dkg_commitment') as DkgCommitmentBody[]).map((b) => b.dealer),
    dealings: (bodies('dkg_dealing') as DkgDealingBody[]).map((b) => b.dealing.dealer),
    complaints: complaintList(bodies('dkg_complaint') as DkgComplaintBody[], bodies('dkg_answer') as DkgAnswerBody[]),
    electionKey: (bodies('election_key')[0] as ElectionKeyBody | undefined) ?? null,
    ballots: n,
    tally: (bodies('tally')[0] as TallyBody | undefined) ?? null,
    partials: (bodies('partial_decryption') as (PartialBody | ContestPartialBody)[]).map((b) => ('partial' in b ? b.partial.trustee : b.trustee)),
    result: (bodies('result')[0] as ResultBody | undefined) ?? null,
  };
}

function complaintList(complaints: readonly DkgComplaintBody[], answers: readonly DkgAnswerBody[]): ElectionView['complaints'] {
  return complaints.map(({ complaint: c }) => ({ dealer: c.dealer, complainer: c.complainer, answered: answers.some(({ answer: a }) => a.dealer === c.dealer && a.complainer === c.complainer) }));
}

export async function electionForProcedure(ctx: AppContext, procedureId: string): Promise<ElectionView | null> {
  const [row] = await ctx.db.select({ id: elections.id }).from(elections).where(eq(elections.procedureId, procedureId));
  return row ? electionView(ctx, row.id) : null;
}

/** Records of one type as parsed bodies (trustee devices fetch the keys, dealings, tally they need). */
export async function publicRecords<T extends RecordType>(ctx: AppContext, electionId: string, type: T): Promise<RecordBodies[T][]> {
  await getElectionRow(ctx.db, electionId);
  return recordsOf(ctx.db, electionId, type);
}

/** The public board as JSON lines, streamed in pages so a 200,000-ballot board never sits in one query. */
export async function* exportBoard(ctx: AppContext, electionId: string): AsyncGenerator<string> {
  await getElectionRow(ctx.db, electionId);
  const PAGE = 5000;
  for (let from = 0; ; from += PAGE) {
    const rows = await ctx.db
      .select({ line: boardRecords.line })
      .from(boardRecords)
      .where(and(eq(boardRecords.electionId, electionId), gte(boardRecords.seq, from), sql`${boardRecords.seq} < ${from + PAGE}`))
      .orderBy(asc(boardRecords.seq));
    if (rows.length === 0) return;
    yield rows.map((r) => r.line).join('\n') + '\n';
    if (rows.length < PAGE) return;
  }
}

export async function boardText(ctx: AppContext, electionId: string): Promise<string> {
  let s = '';
  for await (const chunk of exportBoard(ctx, electionId)) s += chunk;
  return s;
}

/** A voter looks up their tracker: is it on the board, and does it count? */
export async function lookupTracker(ctx: AppContext, electionId: string, tracker: string): Promise<{ tracker: string; seq: number; hash: string; status: BallotStatus }> {
  if (!/^[0-9a-f]{64}$/.test(tracker)) throw new AppError('VALIDATION_FAILED', 'a tracker is 64 lowercase hex digits');
  const [r] = await ctx.db.select({ seq: boardRecords.seq, hash: boardRecords.hash, credential: boardRecords.credential }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.tracker, tracker)));
  if (!r) throw new AppError('NOT_FOUND', 'no ballot with this tracker is on the board');
  // The rule of selectCounted, on one ballot: revoked if its credential was ever revoked, else superseded if
  // the same credential cast a later ballot, else counted. (Revocation rows carry the revoked credential.)
  const same = await ctx.db
    .select({ seq: boardRecords.seq, type: boardRecords.type })
    .from(boardRecords)
    .where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.credential, r.credential!)));
  // A contest ballot counted "first valid" (the members' ballot under some rulebooks) is superseded by an EARLIER one.
  const first = contestManifestOf(await getElectionRow(ctx.db, electionId))?.counting === 'first';
  const status: BallotStatus = same.some((x) => x.type === 'revocation') ? 'revoked' : same.some((x) => x.type === 'ballot' && (first ? x.seq < r.seq : x.seq > r.seq)) ? 'superseded' : 'counted';
  return { tracker, seq: r.seq, hash: r.hash, status };
}

export interface CredentialStatus {
  credential: string;
  /** unknown: never on this election's list; revoked: its ballots no longer count. */
  status: 'active' | 'revoked' | 'unknown';
  /** Ballots cast with it so far, and the revision its next ballot must carry. */
  ballots: number;
  nextRevision: number;
  /** The revocation record, when revoked. */
  revokedAt: number | null;
}

/**
 * Public lookup of a credential (by its public key): the booth asks it for the next revision, and a voter whose
 * credential was revoked without asking sees "revoked" here (and on their tracker). Reveals nothing the public
 * board does not already show.
 */
export async function credentialStatus(ctx: AppContext, electionId: string, credential: string): Promise<CredentialStatus> {
  if (!/^[0-9a-f]{64}$/.test(credential)) throw new AppError('VALIDATION_FAILED', 'a credential is 64 lowercase hex digits (its public key)');
  await getElectionRow(ctx.db, electionId);
  const [c] = await ctx.db.select({ active: electionCredentials.active }).from(electionCredentials).where(and(eq(electionCredentials.electionId, electionId), eq(electionCredentials.credential, credential)));
  const rows = await ctx.db.select({ seq: boardRecords.seq, type: boardRecords.type }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.credential, credential)));
  const ballots = rows.filter((r) => r.type === 'ballot').length;
  const revocation = rows.find((r) => r.type === 'revocation');
  const status = revocation ? 'revoked' : c?.active ? 'active' : 'unknown';
  return { credential, status, ballots, nextRevision: ballots + 1, revokedAt: revocation?.seq ?? null };
}

export type { AnyRecord };
