/**
 * Preferential ballots on the server: a members' ballot ranked by the voters, mixed by mix servers on their own
 * devices, decrypted by the trustees cell by cell as the count needs (docs/mixnet-spec.md, src/mixnet/board.ts).
 *
 * The board is an ordinary election row (id `pref-…`, `ballot` = 'preferential', no procedure, no contest), so the
 * key ceremony, the signed credential list, revocations, opening and closing are the confidence vote's own
 * functions and routes (src/services/elections.ts). This module adds the records after `open`: ranked ballots
 * (with the board's signed receipts), mixes, decryption shares and the count. As there, the server is an untrusted
 * relay: it checks each message before appending it (so the board never holds garbage) and holds no secret but
 * the receipt key; anyone re-checks everything with `confidence verify` (verifyPreferentialBoard).
 *
 * Concurrency: each append locks the election row, re-reads the head and appends in one transaction; proofs are
 * checked before the lock where they do not depend on the board's state.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db';
import { boardRecords, elections } from '../db/schema';
import { Board, generateCredential, makeRecord, recordLine, type CastReceipt as SignedReceipt, type ElectionKeyBody, type Manifest, type RevocationBody } from '../ballot';
import { canonicalJson } from '../domain/audit/canonical-json';
import { sha256Hex, type TrusteeKeyBody } from '../ballot/records';
import { initCrypto, Point, partialDecryptionFromJSON, verifyPartialDecryption } from '../crypto';
import { AppError } from '../domain/errors';
import { preferentialRulebook, PREFERENTIAL_RULEBOOKS } from '../count/presets';
import type { CountMethod, CountResult } from '../count/table';
import type { TieBreak } from '../count/types';
import {
  combineShares,
  countProgress,
  countedBallots,
  mixInput,
  mixLineBound,
  MIX_STREAM_TYPE,
  preferentialManifestProblem,
  preferentialMayFollow,
  PREFERENTIAL_BOARD_VERSION,
  rankedBallotTracker,
  verificationKeysOf,
  type CountBody,
  type DecryptionShareBody,
  type PreferentialManifest,
  type PreferentialRecordType,
  type PreferentialState,
  trusteeKeysOf,
  type MixRecordJSON,
} from '../mixnet/board';
import { mixDigest, mixSignatureProblem } from '../mixnet/mix-signature';
import { signMixReceipt, type MixReceipt } from '../mixnet/mix-receipt';
import { proofFromJSON, rowsFromJSON, type MixStepJSON, type RowJSON } from '../mixnet/contest';
import { cellContext } from '../mixnet/pipeline';
import { RISTRETTO } from '../mixnet/group-ristretto';
import { checkRankedBallots, rankedBallotFromJSON, type RankedBallotJSON } from '../mixnet/ranked-ballot';
import { checkShuffleProof, type ShuffleVerdict } from '../mixnet/shuffle';
import { checkShuffleOnWorker } from '../mixnet/verify-parallel';
import { appendAudit } from './audit';
import { enqueueRankedCast } from './elections';
import { actorLabel, type Actor, type AppContext } from './context';

type ElectionRow = typeof elections.$inferSelect;
const cryptoReady = initCrypto();

export const isPreferentialId = (id: string) => id.startsWith('pref-');

export interface CreatePreferentialInput {
  title?: unknown;
  /** A preset (src/count/presets.ts) gives the method, seats, rank cap, tie-break and, unless given, the candidates. */
  rulebook?: unknown;
  candidates?: unknown;
  method?: unknown;
  seats?: unknown;
  rankCap?: unknown;
  tieBreak?: unknown;
  electorate?: unknown;
  trustees?: unknown;
  threshold?: unknown;
  trusteeNames?: unknown;
  mixers?: unknown;
  authority?: unknown;
}

function bad(message: string): never {
  throw new AppError('VALIDATION_FAILED', message);
}

/** The chair sets up a preferential ballot: its manifest, its board and the board's receipt key. */
export async function createPreferentialElection(ctx: AppContext, actor: Actor, input: CreatePreferentialInput): Promise<PreferentialView> {
  await cryptoReady;
  if (typeof input !== 'object' || input === null) bad('expected a JSON object');
  let preset = null;
  if (input.rulebook !== undefined) {
    if (typeof input.rulebook !== 'string' || !PREFERENTIAL_RULEBOOKS[input.rulebook]) throw new AppError('RULEBOOK_NOT_FOUND', `no preferential rulebook ${JSON.stringify(input.rulebook)} (known: ${Object.keys(PREFERENTIAL_RULEBOOKS).join(', ')})`);
    preset = preferentialRulebook(input.rulebook);
  }
  if (typeof input.title !== 'string' || input.title.trim().length === 0 || input.title.length > 200) bad('title: 1–200 characters');
  if (typeof input.authority !== 'string' || !/^[0-9a-f]{64}$/.test(input.authority)) bad('authority: the credential authority’s public key (64 lowercase hex digits, printed by `confidence credentials key`) is required');
  try {
    Point.fromHex(input.authority, { field: 'authority' });
  } catch (e) {
    bad(`authority: ${(e as Error).message}`);
  }
  const candidates = input.candidates ?? preset?.published.candidates;
  if (!Array.isArray(candidates)) bad('candidates: an array of names (or a rulebook that names them)');
  const trustees = input.trustees ?? 3;
  const threshold = input.threshold ?? 2;
  const names = input.trusteeNames;
  if (names !== undefined && (!Array.isArray(names) || names.length !== trustees || !names.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 200))) bad('trusteeNames: one name per trustee');
  const board = generateCredential();
  const manifest: PreferentialManifest = {
    version: PREFERENTIAL_BOARD_VERSION,
    nonce: randomBytes(16).toString('hex'),
    title: input.title.trim(),
    rulebook: preset?.id ?? null,
    method: (input.method ?? preset?.method ?? 'irv') as CountMethod,
    seats: (input.seats ?? preset?.seats ?? 1) as number,
    rankCap: (input.rankCap ?? preset?.rankCap ?? Math.min(candidates.length, 5)) as number,
    tieBreak: (input.tieBreak ?? preset?.tieBreak ?? 'backwards') as TieBreak,
    candidates: candidates as string[],
    electorate: input.electorate as number,
    trustees: { threshold: threshold as number, count: trustees as number, ...(names ? { names: names as string[] } : {}) },
    mixers: (input.mixers ?? 3) as number,
    boardKey: board.public,
    authority: input.authority,
    opensAt: null,
    closesAt: null,
  };
  const problem = preferentialManifestProblem(manifest);
  if (problem) bad(problem);
  const id = `pref-${manifest.nonce.slice(0, 12)}`;
  await ctx.db.transaction(async (tx) => {
    const b = new Board();
    const setup = b.append('setup', { manifest: manifest as unknown as Manifest });
    await tx.insert(elections).values({ id, procedureId: null, contestId: null, ballot: 'preferential', electionHash: setup.hash, manifest: manifest as unknown as Manifest, lastType: 'setup', head: setup.hash, records: 1, publicKey: null, boardSecret: board.secret });
    await tx.insert(boardRecords).values({ electionId: id, seq: 0, type: 'setup', hash: setup.hash, line: recordLine(setup) });
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'election', action: 'preferential_created', procedureId: null, payload: { electionId: id, head: setup.hash, electorate: manifest.electorate, candidates: manifest.candidates.length } }, ctx.clock());
  });
  return preferentialView(ctx, id);
}

async function lockRow(tx: Tx, id: string): Promise<ElectionRow> {
  const [row] = await tx.select().from(elections).where(eq(elections.id, id)).for('update');
  if (!row || row.ballot !== 'preferential') throw new AppError('ELECTION_NOT_FOUND', `no preferential ballot ${id}`);
  return row;
}

async function getRow(db: DbOrTx, id: string): Promise<ElectionRow> {
  const [row] = await db.select().from(elections).where(eq(elections.id, id));
  if (!row || row.ballot !== 'preferential') throw new AppError('ELECTION_NOT_FOUND', `no preferential ballot ${id}`);
  return row;
}

async function append(tx: Tx, row: ElectionRow, type: PreferentialRecordType, body: unknown, extra: { tracker?: string; alpha?: string; credential?: string } = {}): Promise<{ seq: number; hash: string }> {
  if (!preferentialMayFollow(row.lastType as PreferentialRecordType, type)) throw new AppError('ELECTION_WRONG_STAGE', `a ${type} record cannot come now (last record: ${row.lastType})`);
  const rec = makeRecord(row.records, row.head, type as never, body as never);
  await tx.insert(boardRecords).values({ electionId: row.id, seq: rec.seq, type, hash: rec.hash, line: recordLine(rec), tracker: extra.tracker ?? null, alpha: extra.alpha ?? null, credential: extra.credential ?? null });
  await tx.update(elections).set({ head: rec.hash, records: row.records + 1, lastType: type }).where(eq(elections.id, row.id));
  row.head = rec.hash;
  row.records += 1;
  row.lastType = type;
  return { seq: rec.seq, hash: rec.hash };
}

async function bodies<T>(db: DbOrTx, id: string, type: string): Promise<T[]> {
  const rows = await db.select({ line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, id), eq(boardRecords.type, type))).orderBy(asc(boardRecords.seq));
  return rows.map((r) => (JSON.parse(r.line) as { body: T }).body);
}

/** The board as the counting steps see it (all from public records). */
export async function preferentialState(db: DbOrTx, id: string): Promise<PreferentialState & { row: ElectionRow }> {
  const row = await getRow(db, id);
  const [ek] = await bodies<ElectionKeyBody>(db, id, 'election_key');
  const [count] = await bodies<CountBody>(db, id, 'count');
  return {
    row,
    manifest: row.manifest as unknown as PreferentialManifest,
    electionHash: row.electionHash,
    electionKey: ek ?? null,
    ballots: await bodies<RankedBallotJSON>(db, id, 'ballot'),
    revocations: await bodies<RevocationBody>(db, id, 'revocation'),
    closed: ['close', 'mix', 'decryption_share', 'count'].includes(row.lastType),
    mixes: await bodies<MixRecordJSON>(db, id, 'mix'),
    trusteeKeys: trusteeKeysOf(await bodies<TrusteeKeyBody>(db, id, 'trustee_key')),
    shares: await bodies<DecryptionShareBody>(db, id, 'decryption_share'),
    count: count ?? null,
  };
}

// ---- casting ----------------------------------------------------------------------------------------------------

export interface RankedCastReceipt {
  tracker: string;
  shortTracker: string;
  seq: number;
  head: string;
  receipt: SignedReceipt;
}

/**
 * A ranked ballot (no login: the credential's signature authorises it). Checked before the lock: shape, width,
 * each cell's proof of knowledge and the signature (M12); then through the cast queue's group commit: the
 * credential is active and has not voted (one ballot per credential: a second is refused, so the first is the one
 * that counts), the first ciphertext is new, and only then is the receipt signed and returned.
 */
export async function castRankedBallot(ctx: AppContext, id: string, raw: unknown): Promise<RankedCastReceipt> {
  await cryptoReady;
  const row0 = await getRow(ctx.db, id);
  const m = row0.manifest as unknown as PreferentialManifest;
  if (!['open', 'ballot', 'revocation'].includes(row0.lastType)) throw new AppError(['close', 'mix', 'decryption_share', 'count'].includes(row0.lastType) ? 'ELECTION_CLOSED' : 'ELECTION_NOT_OPEN');
  let ballot;
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TypeError('expected {credential, row, proofs, signature}');
    const keys = Object.keys(raw).sort().join(',');
    if (keys !== 'credential,proofs,row,signature') throw new TypeError('a ranked ballot is exactly {credential, row, proofs, signature}');
    ballot = rankedBallotFromJSON(raw, 'ballot');
  } catch (e) {
    throw new AppError('BALLOT_MALFORMED', (e as Error).message);
  }
  if (ballot.row.length !== m.rankCap) throw new AppError('BALLOT_MALFORMED', `a ballot has ${m.rankCap} cells (one per rank), this one ${ballot.row.length}`);
  const body = raw as RankedBallotJSON;
  const credential = ballot.credential.toHex();
  if (checkRankedBallots(row0.electionHash, new Set([credential]), m.rankCap, [ballot]).length) throw new AppError('BALLOT_INVALID_PROOF', 'a proof of knowledge of a cell’s randomness, or the credential’s signature, does not verify (for this election)');
  const tracker = rankedBallotTracker(body);
  const alpha = body.row[0]![0];
  // Group commit (the confidence vote's cast queue): under the election's lock, with the other casts that arrived
  // meanwhile, the credential is checked active, the first ciphertext new and the credential unused.
  const r = await enqueueRankedCast(ctx, id, { body: { credential, row: body.row, proofs: body.proofs, signature: body.signature }, tracker, alpha, credential });
  return { tracker, shortTracker: r.shortTracker, seq: r.seq, head: r.head, receipt: r.receipt };
}

// ---- mixing -----------------------------------------------------------------------------------------------------

/** What a mix server is answered: its record, and the board's signed receipt for it (M17; null on a board without a key). */
export interface MixPosted {
  seq: number;
  mixer: number;
  rows: number;
  receipt: MixReceipt | null;
}

/**
 * Mixer k posts its shuffle of mixer k−1's output (mixer 1: the counted ballots) with its proof. The server checks
 * the proof (M1–M8, with the statement it builds from the board: M9) before appending: a false shuffle never
 * reaches the board.
 */
export async function postMix(ctx: AppContext, actor: Actor, id: string, raw: unknown): Promise<MixPosted> {
  await cryptoReady;
  const s = await preferentialState(ctx.db, id);
  const turn = mixTurn(s);
  if (typeof raw !== 'object' || raw === null) throw new AppError('TRUSTEE_MESSAGE_INVALID', 'a mix is {mixer, output, proof, signature}');
  const o = raw as { mixer?: unknown; output?: unknown; proof?: unknown; signature?: unknown };
  if (o.mixer !== turn.mixer) throw new AppError('CONFLICT', `this is mixer ${turn.mixer}'s turn; the message says mixer ${JSON.stringify(o.mixer)}`);
  return checkAndAppendMix(ctx, actor, id, s, turn, o.output, o.proof, o.signature);
}

export { MIX_STREAM_TYPE, isMixStreamType } from '../mixnet/board';

/**
 * The most bytes a streamed mix of n rows of width w may take: every cell [alpha, beta] as two 64-digit hex strings
 * (136 bytes with punctuation), five 64-digit hex values of the proof a row (permutation commitment, commitment
 * chain, t̂, ŝ, s′: 335 bytes with punctuation), and room for the header, the fixed proof fields and whitespace.
 */
export function mixStreamBound(n: number, w: number): number {
  // the same bound the board readers hold a mix record's line to (src/mixnet/board.ts)
  return mixLineBound(n, w);
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Mixer k's shuffle as a stream (`MIX_STREAM_TYPE`), for mixes beyond what a JSON body can carry (a 200,000-row
 * mix is about 150 MB): line 1 {"mixer": k, "rows": N}, then the N output rows one a line (each as in the JSON
 * body: [[alpha, beta], …]), then {"proof": {…}}. The stream is read as it arrives, each line's shape checked, and
 * the byte count held to `mixStreamBound` of this board's rows (413 beyond it, the rest unread). Nothing is appended
 * until the whole proof has been checked against the board (the same check and append as `postMix`).
 */
export async function postMixStream(ctx: AppContext, actor: Actor, id: string, body: ReadableStream<Uint8Array> | null): Promise<MixPosted> {
  await cryptoReady;
  if (!body) throw new AppError('TRUSTEE_MESSAGE_INVALID', 'a streamed mix needs a body');
  const s = await preferentialState(ctx.db, id);
  const turn = mixTurn(s);
  const n = turn.rows.length;
  const w = s.manifest.rankCap;
  const limit = mixStreamBound(n, w);
  const output: RowJSON[] = [];
  let proof: unknown;
  let signature: unknown;
  let lineNo = 0;
  const bad = (why: string): never => {
    throw new AppError('TRUSTEE_MESSAGE_INVALID', `streamed mix, line ${lineNo}: ${why}; nothing was posted`);
  };
  const onLine = (line: string) => {
    lineNo++;
    if (line.trim() === '') return bad('empty line');
    if (proof !== undefined) return bad('nothing may follow the proof');
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      return bad('not JSON');
    }
    if (lineNo === 1) {
      const h = v as { mixer?: unknown; rows?: unknown };
      if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).sort().join(',') !== 'mixer,rows') return bad('the first line is {"mixer": k, "rows": N}');
      if (h.mixer !== turn.mixer) throw new AppError('CONFLICT', `this is mixer ${turn.mixer}'s turn; the stream says mixer ${JSON.stringify(h.mixer)}`);
      if (h.rows !== n) return bad(`mixer ${turn.mixer} shuffles ${n} rows, the stream announces ${JSON.stringify(h.rows)}`);
      return;
    }
    if (output.length < n) {
      if (!Array.isArray(v) || v.length !== w || !v.every((c) => Array.isArray(c) && c.length === 2 && typeof c[0] === 'string' && HEX64.test(c[0]) && typeof c[1] === 'string' && HEX64.test(c[1]))) {
        return bad(`row ${output.length} is not ${w} cells [alpha, beta] of 64 hex digits each`);
      }
      output.push(v as RowJSON);
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).sort().join(',') !== 'proof,signature') return bad(`after ${n} rows, the last line is {"proof": {…}, "signature": {…}}`);
    proof = (v as { proof: unknown }).proof;
    signature = (v as { signature: unknown }).signature;
  };
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  let parts: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) throw new AppError('BODY_TOO_LARGE', `a streamed mix of ${n} rows of width ${w} is at most ${limit} bytes; nothing was posted`);
      let text: string;
      try {
        text = decoder.decode(value, { stream: true });
      } catch {
        return bad('not UTF-8');
      }
      // Lines are found in the new text only; a long line (the proof) is joined once, not rescanned per chunk.
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        parts.push(text.slice(from, nl));
        onLine(parts.join(''));
        parts = [];
        from = nl + 1;
      }
      if (from < text.length) parts.push(text.slice(from));
    }
    const rest = parts.join('') + decoder.decode();
    if (rest.trim() !== '') onLine(rest);
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
  if (lineNo === 0) bad('empty stream');
  if (output.length < n) bad(`the stream ended after ${output.length} of ${n} rows`);
  if (proof === undefined) bad('the stream ended before the proof');
  return checkAndAppendMix(ctx, actor, id, s, turn, output, proof, signature);
}

/** Below this many rows the server checks a shuffle proof in its own thread; from here on, on a worker thread. */
let mixCheckWorkerFrom = 2000;
/** Tests only: send even small shuffles to the worker. */
export function _setMixCheckWorkerFrom(n: number): void {
  mixCheckWorkerFrom = n;
}

function mixTurn(s: PreferentialState): { mixer: number; rows: RowJSON[] } {
  if (!s.closed) throw new AppError('ELECTION_WRONG_STAGE', 'mixing starts once the vote is closed');
  if (!s.electionKey) throw new AppError('ELECTION_WRONG_STAGE', 'no election key');
  const mixer = s.mixes.length + 1;
  if (mixer > s.manifest.mixers) throw new AppError('ELECTION_WRONG_STAGE', `all ${s.manifest.mixers} mixers have mixed`);
  const rows = mixer === 1 ? countedBallots(s.ballots, s.revocations).map((b) => b.row) : s.mixes[mixer - 2]!.output;
  if (rows.length === 0) throw new AppError('ELECTION_WRONG_STAGE', 'no ballot to mix');
  return { mixer, rows };
}

/** Checks mixer k's shuffle (M1–M8 on the statement the board gives: M9) and only then appends it. */
async function checkAndAppendMix(ctx: AppContext, actor: Actor, id: string, s: PreferentialState, turn: { mixer: number; rows: RowJSON[] }, output: unknown, proofJSON: unknown, signature: unknown): Promise<MixPosted> {
  const { mixer } = turn;
  // M16 first (cheap): only mix server k (trustee k, with its key-ceremony key) may post turn k's mix
  if (!Array.isArray(output) || typeof proofJSON !== 'object' || proofJSON === null) throw new AppError('TRUSTEE_MESSAGE_INVALID', 'a mix is {mixer, output: [rows], proof: {…}, signature: {R, s}}');
  let sigProblem: string | null;
  let digest: string;
  try {
    digest = mixDigest(output as RowJSON[], proofJSON);
    sigProblem = mixSignatureProblem(s.electionHash, mixer, digest, s.trusteeKeys.get(mixer), signature);
  } catch (e) {
    throw new AppError('TRUSTEE_MESSAGE_INVALID', (e as Error).message);
  }
  if (sigProblem) throw new AppError('MIXNET_CHECK_FAILED', `mix ${mixer} (M16): ${sigProblem}; nothing was posted`, { check: 'M16' });
  const publicKey = s.electionKey!.publicKey;
  let v: ShuffleVerdict & { malformed?: boolean };
  if (turn.rows.length >= mixCheckWorkerFrom && Array.isArray(output) && typeof proofJSON === 'object' && proofJSON !== null) {
    // A large shuffle's check takes minutes of CPU: off the event loop, so the server keeps answering meanwhile.
    v = await checkShuffleOnWorker({ electionHash: s.electionHash, mixer, publicKey, input: turn.rows, output: output as RowJSON[], proof: proofJSON as Record<string, unknown> });
    if (!v.ok && v.malformed) throw new AppError('TRUSTEE_MESSAGE_INVALID', v.message);
  } else {
    let input, rows, proof;
    try {
      input = mixInput(s, mixer);
      rows = rowsFromJSON(output, 'output');
      proof = proofFromJSON(proofJSON, 'proof');
    } catch (e) {
      throw new AppError('TRUSTEE_MESSAGE_INVALID', (e as Error).message);
    }
    v = checkShuffleProof(RISTRETTO, { electionHash: s.electionHash, mixer, publicKey: Point.fromHex(publicKey), input, output: rows }, proof);
  }
  if (!v.ok) throw new AppError('MIXNET_CHECK_FAILED', `mixer ${mixer}'s shuffle does not verify (${v.check}): ${v.message}; nothing was posted`, { check: v.check });
  return ctx.db.transaction(async (tx) => {
    const row = await lockRow(tx, id);
    const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(boardRecords).where(and(eq(boardRecords.electionId, id), eq(boardRecords.type, 'mix')))) as [{ n: number }];
    if (n !== mixer - 1) throw new AppError('CONFLICT', `mixer ${n + 1} posted first; fetch the board again`);
    const r = await append(tx, row, 'mix', { mixer, output, proof: proofJSON, signature });
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'election', action: 'mix_posted', procedureId: null, payload: { electionId: id, mixer, rows: turn.rows.length } }, ctx.clock());
    // the mix server's receipt (M17): the board key signs that this mix is record seq, under this head
    const receipt = row.boardSecret ? signMixReceipt(row.boardSecret, { election: row.electionHash, seq: r.seq, mixer, digest, head: r.hash, at: ctx.clock().toISOString() }) : null;
    return { seq: r.seq, mixer, rows: turn.rows.length, receipt };
  });
}

// ---- decryption and count -------------------------------------------------------------------------------------

export interface DecryptionProgress {
  /** All mixers have mixed. */
  mixed: boolean;
  done: boolean;
  /** The cells the count needs now (empty once done), and which trustees have posted a share of each. */
  cells: { row: number; rank: number; trustees: number[] }[];
  decrypted: number;
  count: CountResult | null;
}

export async function decryptionProgress(ctx: AppContext, id: string, state?: PreferentialState): Promise<DecryptionProgress> {
  await cryptoReady;
  const s = state ?? (await preferentialState(ctx.db, id));
  if (s.mixes.length < s.manifest.mixers || s.mixes.length === 0) return { mixed: false, done: false, cells: [], decrypted: 0, count: null };
  const last = rowsFromJSON(s.mixes.at(-1)!.output, 'output');
  const cells = combineShares(last, s.shares, s.manifest.trustees.threshold);
  const p = countProgress(s.manifest, s.electionHash, last.length, cells);
  if (p.done) return { mixed: true, done: true, cells: [], decrypted: cells.length, count: p.count };
  const posted = new Map<string, number[]>();
  for (const sh of s.shares) for (const c of sh.cells) (posted.get(`${c.row}:${c.rank}`) ?? posted.set(`${c.row}:${c.rank}`, []).get(`${c.row}:${c.rank}`)!).push(sh.trustee);
  return { mixed: true, done: false, cells: p.cells.map((c) => ({ ...c, trustees: posted.get(`${c.row}:${c.rank}`) ?? [] })), decrypted: cells.length, count: null };
}

/**
 * A trustee's partial decryptions of cells the count needs now, each with its Chaum–Pedersen proof. A cell the
 * count does not need is refused (prefix decryption: no preference is revealed beyond need), as is a second share
 * of the same cell by the same trustee.
 */
export async function postDecryptionShare(ctx: AppContext, actor: Actor, id: string, raw: unknown): Promise<{ seq: number; trustee: number; cells: number; done: boolean }> {
  await cryptoReady;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('TRUSTEE_MESSAGE_INVALID', 'a decryption share is {trustee, cells: [{row, rank, partial}]}');
  const body = raw as DecryptionShareBody;
  if (!Number.isInteger(body.trustee) || !Array.isArray(body.cells) || body.cells.length === 0 || Object.keys(body).length !== 2) throw new AppError('TRUSTEE_MESSAGE_INVALID', 'a decryption share is {trustee, cells: [{row, rank, partial}]} with at least one cell');
  const s = await preferentialState(ctx.db, id);
  const progress = await decryptionProgress(ctx, id, s);
  if (!progress.mixed) throw new AppError('ELECTION_WRONG_STAGE', 'decryption starts once every mixer has mixed');
  if (progress.done) throw new AppError('ELECTION_WRONG_STAGE', 'the count needs no more cells');
  const vk = verificationKeysOf(s.electionKey!).get(body.trustee);
  if (!vk) throw new AppError('TRUSTEE_MESSAGE_INVALID', `trustee ${body.trustee} is not a qualified trustee`);
  const needed = new Map(progress.cells.map((c) => [`${c.row}:${c.rank}`, c]));
  const last = rowsFromJSON(s.mixes.at(-1)!.output, 'output');
  const seen = new Set<string>();
  const cells = body.cells.map((c, i) => {
    if (typeof c !== 'object' || c === null || !Number.isInteger(c.row) || !Number.isInteger(c.rank)) throw new AppError('TRUSTEE_MESSAGE_INVALID', `cells[${i}]: expected {row, rank, partial}`);
    const key = `${c.row}:${c.rank}`;
    const need = needed.get(key);
    if (!need) throw new AppError('TRUSTEE_MESSAGE_INVALID', `cells[${i}]: row ${c.row} rank ${c.rank} is not a cell the count needs now; nothing was posted`);
    if (need.trustees.includes(body.trustee) || seen.has(key)) throw new AppError('CONFLICT', `cells[${i}]: trustee ${body.trustee} already posted a share of row ${c.row} rank ${c.rank}`);
    seen.add(key);
    let p;
    try {
      p = partialDecryptionFromJSON(c.partial, `cells[${i}].partial`);
    } catch (e) {
      throw new AppError('TRUSTEE_MESSAGE_INVALID', (e as Error).message);
    }
    if (p.trustee !== body.trustee || !verifyPartialDecryption(vk, last[c.row]![c.rank]!, p, cellContext(s.electionHash, c.row, c.rank))) throw new AppError('TRUSTEE_MESSAGE_INVALID', `cells[${i}]: the partial decryption of trustee ${body.trustee} for row ${c.row} rank ${c.rank} has an invalid proof; nothing was posted`);
    return { row: c.row, rank: c.rank, partial: c.partial };
  });
  return ctx.db.transaction(async (tx) => {
    const row = await lockRow(tx, id);
    if (row.head !== s.row.head) throw new AppError('CONFLICT', 'the board moved while your share was checked; fetch the needed cells again');
    const r = await append(tx, row, 'decryption_share', { trustee: body.trustee, cells });
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'election', action: 'decryption_share_posted', procedureId: null, payload: { electionId: id, trustee: body.trustee, cells: cells.length } }, ctx.clock());
    const after = await decryptionProgress(ctx, id, { ...s, shares: [...s.shares, { trustee: body.trustee, cells }] });
    return { seq: r.seq, trustee: body.trustee, cells: cells.length, done: after.done };
  });
}

/** Once the count needs no more cells: the round table is computed from the decrypted cells and posted (chair). */
export async function postCount(ctx: AppContext, actor: Actor, id: string): Promise<CountResult> {
  const s = await preferentialState(ctx.db, id);
  const p = await decryptionProgress(ctx, id, s);
  if (!p.mixed) throw new AppError('ELECTION_WRONG_STAGE', 'the count comes after every mixer has mixed');
  if (!p.done) throw new AppError('ELECTION_WRONG_STAGE', `the count still needs ${p.cells.length} decrypted cell(s)`);
  return ctx.db.transaction(async (tx) => {
    const row = await lockRow(tx, id);
    if (row.head !== s.row.head) throw new AppError('CONFLICT', 'the board moved; try again');
    await append(tx, row, 'count', { count: p.count! } satisfies CountBody);
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'election', action: 'preferential_counted', procedureId: null, payload: { electionId: id, elected: p.count!.elected } }, ctx.clock());
    return p.count!;
  });
}

// ---- public view ------------------------------------------------------------------------------------------------

export interface PreferentialView {
  id: string;
  electionHash: string;
  manifest: PreferentialManifest;
  lastType: string;
  head: string;
  records: number;
  publicKey: string | null;
  electionKey: ElectionKeyBody | null;
  credentialsFingerprint: string | null;
  /** The list digest: the booth computes the fingerprint from it and the key it encrypts under (ballot-spec §4a). */
  credentialsListDigest: string | null;
  ballots: number;
  counted: number;
  mixes: number;
  progress: DecryptionProgress;
  count: CountResult | null;
}

/**
 * The public view is a function of the board's head (every change appends a record), and building it reads and
 * decodes the whole board and redoes the count so far: each anonymous GET would cost that. It is kept per
 * election, keyed by the head it was built at; a request first reads the head alone (one indexed row) and
 * rebuilds only if the board moved. Another server process's appends change the head in the database, so a
 * stale view is never served. A few elections are kept (the oldest dropped first); views are shared: not mutated.
 */
const VIEW_CACHE_SIZE = 16;
const viewCache = new WeakMap<object, Map<string, PreferentialView>>();

export async function preferentialView(ctx: AppContext, id: string): Promise<PreferentialView> {
  let byId = viewCache.get(ctx.db);
  if (!byId) viewCache.set(ctx.db, (byId = new Map()));
  const [row] = await ctx.db.select({ head: elections.head, ballot: elections.ballot }).from(elections).where(eq(elections.id, id));
  if (!row || row.ballot !== 'preferential') throw new AppError('ELECTION_NOT_FOUND', `no preferential ballot ${id}`);
  const hit = byId.get(id);
  if (hit && hit.head === row.head) return hit;
  const v = await buildView(ctx, id);
  // The view's reads are not one snapshot: it is kept only if the board did not move while it was built.
  const [after] = await ctx.db.select({ head: elections.head }).from(elections).where(eq(elections.id, id));
  if (after?.head === v.head) {
    byId.delete(id);
    byId.set(id, v);
    if (byId.size > VIEW_CACHE_SIZE) byId.delete(byId.keys().next().value!);
  }
  return v;
}

async function buildView(ctx: AppContext, id: string): Promise<PreferentialView> {
  const s = await preferentialState(ctx.db, id);
  return {
    id,
    electionHash: s.electionHash,
    manifest: s.manifest,
    lastType: s.row.lastType,
    head: s.row.head,
    records: s.row.records,
    publicKey: s.row.publicKey,
    electionKey: s.electionKey,
    credentialsFingerprint: s.row.credentialsFingerprint,
    credentialsListDigest: s.row.credentialsListDigest,
    ballots: s.ballots.length,
    counted: countedBallots(s.ballots, s.revocations).length,
    mixes: s.mixes.length,
    progress: await decryptionProgress(ctx, id, s),
    count: s.count?.count ?? null,
  };
}

/** Every preferential ballot, newest first (the web app's list). */
export async function listPreferential(ctx: AppContext): Promise<{ id: string; title: string; lastType: string }[]> {
  const rows = await ctx.db.select({ id: elections.id, manifest: elections.manifest, lastType: elections.lastType }).from(elections).where(eq(elections.ballot, 'preferential')).orderBy(sql`${elections.createdAt} desc`);
  return rows.map((r) => ({ id: r.id, title: (r.manifest as unknown as PreferentialManifest).title, lastType: r.lastType }));
}

