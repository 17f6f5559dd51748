/**
 * The preferential ballot on a server's bulletin board: the ranked-ballot mixnet of ./contest.ts run as a
 * hash-chained board (the record layout, key ceremony, signed credential list and revocations of the confidence
 * vote, docs/ballot-spec.md), with four record types of its own after the vote:
 *
 *   setup            {manifest: PreferentialManifest}   (the election hash is this record's hash)
 *   trustee_key … election_key, credentials, open       as the confidence vote (same functions, same checks)
 *   ballot           a ranked ballot (./ranked-ballot.ts): credential, one ciphertext per rank, proofs, signature
 *   revocation, close                                   as the confidence vote
 *   mix              {mixer, output, proof, signature}: mixer k's shuffle of mixer k−1's output (mixer 1: the counted
 *                    ballots), signed by mix server k = trustee k with its key-ceremony key (./mix-signature.ts, M16)
 *   decryption_share {trustee, cells: [{row, rank, partial}]}: one trustee's partial decryptions of mixed cells the
 *                    count needs now (prefix decryption, docs/mixnet-spec.md §5), each with its proof
 *   count            {count}: the round-by-round table, computed from the cells the shares decrypt
 *
 * Pure (no I/O): the server (src/services/preferential.ts), the CLI and the verifier share these functions.
 *
 * Threat model: docs/mixnet-spec.md §6. The server only relays: it cannot add a ballot (M12), change the
 * mixers' input (M9), forge a decryption (M10) or a table (M11); it could ask trustees to decrypt a cell the count
 * does not need, so the trustees' devices compute the needed cells themselves (neededCells) and the verifier
 * fails a board that decrypts more (M11).
 */
import { canonicalJson, isCanonicalLine } from '../domain/audit/canonical-json';
import { recordHash, sha256Hex, ZERO_HASH, type ElectionKeyBody, type RevocationBody, type CredentialsBody, type TrusteeKeyBody, type DkgCommitmentBody, type DkgDealingBody, type DkgComplaintBody, type DkgAnswerBody } from '../ballot/records';
import { checkCredentialList, revocationSignatureValid } from '../ballot/authority';
import { computeElectionKey } from '../ballot/trustee';
import { isTrusteeReceipt } from '../ballot/trustee-receipt';
import { checkContestReceipts, ReceiptFail } from '../contest/receipts';
import type { Manifest } from '../ballot/manifest';
import { Point, scalarFromHex } from '../crypto/group';
import { lagrangeCoefficients, partialDecrypt, verifyPartialDecryption, type PartialDecryption } from '../crypto/dkg';
import { partialDecryptionFromJSON, partialDecryptionToJSON, type PartialDecryptionJSON } from '../crypto/serialize';
import { systemRng, type Rng } from '../crypto/random';
import type { CountMethod, CountResult } from '../count/table';
import type { BallotSource, TieBreak } from '../count/types';
import { proofFromJSON, proofToJSON, rowsFromJSON, rowsToJSON, runCount, type MixStepJSON } from './contest';
import { CELL_VALUE_BOUND, cellContext, mix, PublishedSource, smallLog, verifyDecryptions, verifyMixChain, type CellDecryption, type MixnetFailure, type MixStep } from './pipeline';
import { encodeRanking, readPreference } from './ranked';
import { castRankedBallot, checkRankedBallots, rankedBallotFromJSON, rankedBallotToJSON, type RankedBallot, type RankedBallotJSON } from './ranked-ballot';
import type { Row } from './shuffle';
import { LineTooLong, streamLines, textLines, type LineSource } from './lines';
import { mixLineProblem, readMixLine } from './mix-line';
import { PreferentialVerifier, type StreamVerifyOptions } from './board-verify';
import { assertMixTurn, mixDigest, mixSignerKey, signMix, type MixSigner } from './mix-signature';
import type { SignatureJSON } from '../crypto/serialize';

export const PREFERENTIAL_BOARD_VERSION = 'confidence-preferential/1';

export interface PreferentialManifest {
  version: typeof PREFERENTIAL_BOARD_VERSION;
  /** 32 random hex digits: two boards never share an election hash. */
  nonce: string;
  title: string;
  /** The preset it follows (src/count/presets.ts), if any. */
  rulebook: string | null;
  method: CountMethod;
  seats: number;
  rankCap: number;
  tieBreak: TieBreak;
  candidates: string[];
  electorate: number;
  trustees: { threshold: number; count: number; names?: string[] };
  mixers: number;
  /** Signs cast receipts (docs/ballot-spec.md §6a). */
  boardKey: string;
  /** The credential authority's key: only it signs the credential list and revocations. */
  authority: string;
  /** A preferential board binds no voting window: the chair opens and closes it. */
  opensAt: null;
  closesAt: null;
}

export interface DecryptionShareBody {
  trustee: number;
  cells: { row: number; rank: number; partial: PartialDecryptionJSON }[];
}
/** A mix record's body: the shuffle and its proof, signed by the mix server of its turn (M16). */
export type MixRecordJSON = MixStepJSON & { signature: SignatureJSON };

export interface CountBody {
  count: CountResult;
}

export type PreferentialRecordType = 'setup' | 'trustee_key' | 'dkg_commitment' | 'dkg_dealing' | 'dkg_complaint' | 'dkg_answer' | 'election_key' | 'credentials' | 'open' | 'ballot' | 'revocation' | 'close' | 'mix' | 'decryption_share' | 'count';

const PHASE: Record<PreferentialRecordType, number> = {
  setup: 0,
  trustee_key: 1,
  dkg_commitment: 2,
  dkg_dealing: 3,
  dkg_complaint: 3,
  dkg_answer: 3,
  election_key: 4,
  credentials: 5,
  open: 6,
  ballot: 7,
  revocation: 7,
  close: 8,
  mix: 9,
  decryption_share: 10,
  count: 11,
};
const REPEATABLE = new Set<PreferentialRecordType>(['trustee_key', 'dkg_commitment', 'dkg_dealing', 'dkg_complaint', 'dkg_answer', 'ballot', 'revocation', 'mix', 'decryption_share']);

export const isPreferentialRecordType = (t: string): t is PreferentialRecordType => Object.hasOwn(PHASE, t);

/** The board's record order (a vote with no ballot, or a count with nothing to decrypt, skips that phase). */
export function preferentialMayFollow(last: PreferentialRecordType | null, next: PreferentialRecordType): boolean {
  if (last === null) return next === 'setup';
  const a = PHASE[last];
  const b = PHASE[next];
  if (next === 'setup' || b < a) return false;
  if (b === a) return REPEATABLE.has(next);
  // the DKG's complaint phase shares its number with the dealings; ballots and decryption shares may be absent
  for (let p = a + 1; p < b; p++) if (p !== PHASE.ballot && p !== PHASE.decryption_share) return false;
  return true;
}

const int = (x: unknown, min: number, max: number) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;

/** The manifest's fields every party relies on (null if well formed). */
export function preferentialManifestProblem(m: PreferentialManifest): string | null {
  if (typeof m !== 'object' || m === null) return 'the manifest is not an object';
  if (m.version !== PREFERENTIAL_BOARD_VERSION) return `unsupported manifest version ${JSON.stringify(m.version)}`;
  if (!['irv', 'stv-scottish', 'stv-ers97', 'stv-meek'].includes(m.method)) return `unknown counting method ${JSON.stringify(m.method)}`;
  if (!['backwards', 'forwards', 'lot'].includes(m.tieBreak)) return `unknown tie-break method ${JSON.stringify(m.tieBreak)}`;
  if (!Array.isArray(m.candidates) || m.candidates.length < 2 || m.candidates.length > 50 || !m.candidates.every((c) => typeof c === 'string' && c.trim().length > 0 && c.length <= 200)) return 'candidates must be 2..50 names';
  if (new Set(m.candidates).size !== m.candidates.length) return 'candidate names must be distinct';
  if (!int(m.seats, 1, m.candidates.length - 1)) return `seats must be in 1..${m.candidates.length - 1}`;
  if (!int(m.rankCap, 1, m.candidates.length)) return `rankCap must be in 1..${m.candidates.length}`;
  if (!int(m.mixers, 1, 20)) return 'mixers must be in 1..20';
  if (!int(m.electorate, 1, 10_000_000)) return 'electorate must be in 1..10,000,000';
  if (typeof m.trustees !== 'object' || m.trustees === null || !int(m.trustees.count, 1, 20) || !int(m.trustees.threshold, 1, m.trustees.count)) return 'trustees: need 1 ≤ threshold ≤ count ≤ 20';
  if (m.mixers > m.trustees.count) return `mixers must be at most the trustees (${m.trustees.count}): mix server k is trustee k, and signs its mix with its key-ceremony key`;
  for (const k of ['nonce', 'boardKey', 'authority'] as const) if (typeof m[k] !== 'string' || !/^[0-9a-f]+$/.test(m[k])) return `${k} must be hex`;
  if (m.opensAt !== null || m.closesAt !== null) return 'a preferential board binds no voting window';
  return null;
}

// ---- the state of a board ----------------------------------------------------------------------------------------

/** Everything after the setup that the counting steps need, as parsed records. */
export interface PreferentialState {
  manifest: PreferentialManifest;
  electionHash: string;
  electionKey: ElectionKeyBody | null;
  /** Ballot bodies in board order. */
  ballots: RankedBallotJSON[];
  revocations: RevocationBody[];
  closed: boolean;
  mixes: MixRecordJSON[];
  /** Each trustee's key-ceremony key (hex), by trustee index: mix server k signs with trustee k's (M16). */
  trusteeKeys: Map<number, string>;
  shares: DecryptionShareBody[];
  count: CountBody | null;
}

/** The ballots that enter the mixnet: in board order, without those of a credential revoked later. */
export function countedBallots(ballots: readonly RankedBallotJSON[], revocations: readonly RevocationBody[]): RankedBallotJSON[] {
  const revoked = new Set(revocations.map((r) => r.revoked));
  return ballots.filter((b) => !revoked.has(b.credential));
}

/** Mixer k's input rows (k ≥ 1): the counted ballots' rows for mixer 1, else mixer k−1's output. */
export function mixInput(s: Pick<PreferentialState, 'ballots' | 'revocations' | 'mixes'>, mixer: number): Row<Point>[] {
  if (mixer === 1) return countedBallots(s.ballots, s.revocations).map((b, i) => rankedBallotFromJSON(b, `ballots[${i}]`).row);
  const prev = s.mixes[mixer - 2];
  if (!prev) throw new RangeError(`mixer ${mixer - 1} has not mixed yet`);
  return rowsFromJSON(prev.output, `mix-${mixer - 1}.output`);
}

export const verificationKeysOf = (ek: ElectionKeyBody): Map<number, Point> => new Map(ek.verificationKeys.map((v) => [v.trustee, Point.fromHex(v.key, { field: `verificationKeys.${v.trustee}` })]));

/**
 * The cells the posted shares decrypt: a cell with partials from ≥ threshold distinct trustees is combined from
 * the first `threshold` of them (in board order). Shares are not re-verified here (verifyPreferentialBoard does).
 */
export function combineShares(rows: readonly Row<Point>[], shares: readonly DecryptionShareBody[], threshold: number): CellDecryption[] {
  const byCell = new Map<string, PartialDecryption[]>();
  for (const s of shares) {
    for (const c of s.cells) {
      const key = `${c.row}:${c.rank}`;
      let ps = byCell.get(key);
      if (!ps) byCell.set(key, (ps = []));
      if (!ps.some((p) => p.trustee === s.trustee)) ps.push(partialDecryptionFromJSON(c.partial, `share of trustee ${s.trustee}`));
    }
  }
  const out: CellDecryption[] = [];
  for (const [key, ps] of byCell) {
    if (ps.length < threshold) continue;
    const [row, rank] = key.split(':').map(Number) as [number, number];
    const cell = rows[row]?.[rank];
    if (!cell) continue;
    const used = ps.slice(0, threshold);
    const lambdas = lagrangeCoefficients(used.map((p) => p.trustee));
    let combined = Point.fromBytes(new Uint8Array(32), { allowIdentity: true });
    used.forEach((p, i) => (combined = combined.add(p.share.mul(lambdas[i]!))));
    const value = smallLog(cell.beta.sub(combined), CELL_VALUE_BOUND) ?? -1;
    out.push({ row, rank, value, partials: used });
  }
  return out.sort((a, b) => a.row - b.row || a.rank - b.rank);
}

class NeedCells extends Error {}

/**
 * A BallotSource over the cells decrypted so far that records the cells it lacks. With a count that calls
 * `checkpoint` before each decision (IRV rounds, Scottish and ERS97 STV stages), it collects every missing cell up to
 * the next decision and stops there: one batch per round or stage. Otherwise (Meek) it stops at the first missing cell.
 */
class StagedSource implements BallotSource {
  readonly missing: { row: number; rank: number }[] = [];
  constructor(
    readonly size: number,
    readonly width: number,
    private readonly candidates: number,
    private readonly values: ReadonlyMap<number, ReadonlyMap<number, number>>,
    private readonly staged: boolean,
  ) {}
  checkpoint(): void {
    if (this.missing.length) throw new NeedCells();
  }
  preference(ballot: number, rank: number): number | null {
    if (rank >= this.width) return null;
    const earlier: number[] = [];
    for (let k = 0; k <= rank; k++) {
      const v = this.values.get(ballot)?.get(k);
      if (v === undefined) {
        this.missing.push({ row: ballot, rank: k });
        if (!this.staged) throw new NeedCells();
        return null; // a placeholder: the count stops at the next checkpoint, before any decision uses it
      }
      if (readPreference(v, earlier, this.candidates) === null) return null;
      earlier.push(v);
    }
    return readPreference(earlier[rank]!, earlier.slice(0, rank), this.candidates);
  }
}

export type CountProgress = { done: false; cells: { row: number; rank: number }[] } | { done: true; count: CountResult };

/**
 * Prefix decryption step by step: with the cells decrypted so far, either the count completes, or these are the
 * cells it needs next. Deterministic: every trustee's device, the server and the verifier compute the same.
 */
export function countProgress(m: PreferentialManifest, electionHash: string, rows: number, decrypted: readonly Pick<CellDecryption, 'row' | 'rank' | 'value'>[]): CountProgress {
  const values = new Map<number, Map<number, number>>();
  for (const d of decrypted) {
    let r = values.get(d.row);
    if (!r) values.set(d.row, (r = new Map()));
    r.set(d.rank, d.value);
  }
  // Meek's count reads preferences inside its convergence loop, where what it reads next depends on what it read:
  // it has no safe stop point, so it decrypts one cell at a time.
  const source = new StagedSource(rows, m.rankCap, m.candidates.length, values, m.method !== 'stv-meek');
  try {
    const count = runCount(m.method, source, { candidates: m.candidates, seats: m.seats, tieBreak: m.tieBreak, seed: electionHash });
    if (source.missing.length) return { done: false, cells: source.missing };
    return { done: true, count };
  } catch (e) {
    if (e instanceof NeedCells) return { done: false, cells: source.missing };
    throw e;
  }
}

// ---- verification --------------------------------------------------------------------------------------------

export interface PreferentialFailure extends MixnetFailure {
  seq?: number;
}

export interface PreferentialBoardReport {
  ok: boolean;
  electionHash: string | null;
  head: string | null;
  failures: PreferentialFailure[];
  stage: PreferentialRecordType | null;
  manifest: PreferentialManifest | null;
  ballots: number;
  counted: number;
  mixes: number;
  decryptedCells: number;
  totalCells: number;
  /** The count redone from the verified decryptions (null until the board has one). */
  count: CountResult | null;
  complete: boolean;
  /** Receipts checked: trustees' receipts for key-ceremony messages and voters' cast receipts (M15), mix servers' receipts (M17). */
  receipts: { trustee: number; cast: number; mix: number };
}

/** True if a board's first line is a preferential setup record (`confidence verify` dispatches on it). */
export function isPreferentialBoard(text: string): boolean {
  const first = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  try {
    const r = JSON.parse(first) as { type?: string; body?: { manifest?: { version?: string } } };
    return r.type === 'setup' && r.body?.manifest?.version === PREFERENTIAL_BOARD_VERSION;
  } catch {
    return false;
  }
}

/** One record of a board as read: the parsed record (the line itself is not kept: it is canonical, so it can be rebuilt). */
export interface PreferentialRecord {
  seq: number;
  type: PreferentialRecordType;
  body: unknown;
  hash: string;
}

/** A board read line by line: its records up to the first line that breaks the chain (M13), and that failure. */
export interface PreferentialBoardRead {
  recs: PreferentialRecord[];
  failure: PreferentialFailure | null;
}

/** What a board has said of its own size so far: the reader's line caps are derived from it. */
export interface BoardCounts {
  /** The manifest's rank cap, electorate and trustees (null before the setup record, or if they are not integers). */
  width: number | null;
  electorate: number | null;
  trustees: number | null;
  /** The ballot records read before the close (null before it): every mix has at most this many rows. */
  ballots: number | null;
}

/**
 * The most characters a well-formed record of a board with these counts can take. From the close on, the largest
 * record is a mix of at most `ballots` rows: the server's own bound on a streamed mix (64 KB + 1 KB·w + N·(160·w +
 * 400): every cell two 64-digit hex strings, five 64-digit proof values a row, with room), at least 1 MB (a
 * decryption share record of 400 cells, the API's chunk, is about 130 KB). Before it, the largest is the credential
 * list (67 characters a credential) or a dealing (a few hundred characters a trustee): 1 MB + 128 a voter + 64 KB a
 * trustee. Before the setup, 1 MB.
 */
export function recordCharsCap(c: BoardCounts): number {
  const MB = 1 << 20;
  if (c.width === null || c.electorate === null || c.trustees === null) return MB;
  if (c.ballots === null) return MB + 128 * c.electorate + 64 * 1024 * c.trustees;
  return Math.max(MB, mixLineBound(c.ballots, c.width));
}

/** The most bytes a mix of n rows of width w may take, as JSON (the server's bound on a streamed mix, too). */
export function mixLineBound(n: number, w: number): number {
  return 64 * 1024 + w * 1024 + n * (w * 160 + 400);
}

/**
 * Past this many characters the streaming verifier parses no line after the close in full: a line so long must be a
 * mix record in canonical form, which ./mix-line.ts reads straight into packed rows; anything else is named from
 * where it departs from that form. (A 150 MB line parsed as JSON becomes an object graph several times its size,
 * plus the copies the general checks make: a hostile, non-canonical mix line would exhaust the verifier's memory
 * before failing M13.)
 */
export const PARSE_CHARS = 16 << 20;

/** The reader's caps: `recordChars` (from the board's counts) for every line, `parseChars` for a line parsed whole. */
export interface ReaderLimits {
  recordChars?: (c: BoardCounts) => number;
  parseChars?: number;
}

const int0 = (x: unknown): number | null => (Number.isSafeInteger(x) && (x as number) >= 0 ? (x as number) : null);

/**
 * Reads a board one line at a time (M13's per-record checks: JSON, seq, prev, hash, canonical form, record order).
 * Memory is the parsed records, never the board's text; reading stops at the first failure.
 *
 * No line is read past `recordCharsCap` of what the board has said so far (its manifest, then its close): a line
 * longer than any record of this board can be fails M13 before it is parsed. The streaming verifier (with `sink`)
 * also parses no line longer than `PARSE_CHARS` (see there).
 */
export class PreferentialBoardReader {
  readonly recs: PreferentialRecord[] = [];
  failure: PreferentialFailure | null = null;
  private prev = ZERO_HASH;
  private last: PreferentialRecordType | null = null;
  private count = 0;
  readonly counts: BoardCounts = { width: null, electorate: null, trustees: null, ballots: null };
  private ballotRecords = 0;
  private readonly recordChars: (c: BoardCounts) => number;
  private readonly parseChars: number;
  /**
   * With `sink`, each record is handed to it (with its line) and not kept: the streaming verifier's reader. A mix
   * record's body is then handed as a `PackedMixBody` (./mix-line.ts) when its line is canonical, as JSON otherwise.
   */
  constructor(
    private readonly sink?: (rec: PreferentialRecord, line: string) => void,
    limits: ReaderLimits = {},
  ) {
    this.recordChars = limits.recordChars ?? recordCharsCap;
    this.parseChars = limits.parseChars ?? PARSE_CHARS;
  }
  /** The longest line the next record may be (a line source can stop reading past it: `streamLines`'s cap). */
  lineCap(): number {
    return this.recordChars(this.counts);
  }
  /** Takes one line (empty lines are skipped); false once the board has failed, when the rest need not be read. */
  push(line: string): boolean {
    if (this.failure) return false;
    if (line.length === 0) return true;
    const i = this.count;
    const cap = this.lineCap();
    if (line.length > cap) {
      this.failure = { check: 'M13', message: `record ${i}: ${line.length} characters, longer than any record of this board can be (${this.capReason(cap)}); not read`, seq: i };
      return false;
    }
    // A mix record for the streaming verifier: read straight into packed form (./mix-line.ts), or else in full below.
    const packed = this.sink && line.startsWith('{"body":{"mixer":') ? readMixLine(line) : null;
    // (after the close only mixes, shares and the count come: a long one must be a mix; before it, the credential
    // list of a large electorate is a long line read whole, held to the cap above)
    if (!packed && this.sink && line.length > this.parseChars && (this.counts.ballots !== null || line.startsWith('{"body":{"mixer":'))) {
      const p = mixLineProblem(line);
      this.failure = { check: p?.check ?? 'M13', message: `record ${i}: a line of ${line.length} characters, more than the ${this.parseChars} read other than as a canonical mix record, and ${p?.message ?? 'it is not one'}`, seq: i };
      return false;
    }
    if (packed) {
      if (packed.seq !== i || packed.prev !== this.prev || packed.hash !== packed.recordHash) {
        this.failure = { check: 'M13', message: `record ${i}: the hash chain is broken (seq, prev, type or hash does not match its content)`, seq: i };
        return false;
      }
      return this.accept({ seq: i, type: 'mix', body: packed.body, hash: packed.hash }, line);
    }
    let o: { seq?: unknown; prev?: unknown; type?: unknown; body?: unknown; hash?: unknown };
    try {
      o = JSON.parse(line);
    } catch {
      this.failure = { check: 'M13', message: `record ${i}: not JSON`, seq: i };
      return false;
    }
    const type = o.type;
    if (o.seq !== i || o.prev !== this.prev || typeof type !== 'string' || !isPreferentialRecordType(type) || typeof o.hash !== 'string' || !isCanonicalLine(o, line) || o.hash !== lineRecordHash(line, o as { hash: string; prev: string; body: unknown }, i, type)) {
      this.failure = { check: 'M13', message: `record ${i}: the hash chain is broken (seq, prev, type or hash does not match its content)`, seq: i };
      return false;
    }
    return this.accept({ seq: i, type, body: o.body, hash: o.hash as string }, line);
  }
  /** The line source stopped a line past `lineCap()` before assembling it (`streamLines`, LineTooLong). */
  lineTooLong(): void {
    if (this.failure) return;
    const cap = this.lineCap();
    this.failure = { check: 'M13', message: `record ${this.count}: more than ${cap} characters, longer than any record of this board can be (${this.capReason(cap)}); not read`, seq: this.count };
  }
  private capReason(cap: number): string {
    const c = this.counts;
    if (c.width === null) return `at most ${cap} characters before a well-formed manifest`;
    if (c.ballots === null) return `at most ${cap} characters before the close, for an electorate of ${c.electorate} and ${c.trustees} trustees`;
    return `at most ${cap} characters after the close: a mix of its ${c.ballots} ballots of width ${c.width}`;
  }
  private accept(rec: PreferentialRecord, line: string): boolean {
    if (!preferentialMayFollow(this.last, rec.type)) {
      this.failure = { check: 'M13', message: `record ${rec.seq}: a ${rec.type} record cannot follow ${this.last ?? 'the start of the board'}`, seq: rec.seq };
      return false;
    }
    if (rec.type === 'setup') {
      const m = (rec.body as { manifest?: { rankCap?: unknown; electorate?: unknown; trustees?: { count?: unknown } } } | null)?.manifest;
      const [width, electorate, trustees] = [int0(m?.rankCap), int0(m?.electorate), int0(m?.trustees?.count)];
      if (width !== null && electorate !== null && trustees !== null) Object.assign(this.counts, { width, electorate, trustees });
    } else if (rec.type === 'ballot') this.ballotRecords++;
    // the ballots actually read, not the close's claim: a mix has at most that many rows
    else if (rec.type === 'close') this.counts.ballots = this.ballotRecords;
    this.count++;
    this.prev = rec.hash;
    this.last = rec.type;
    if (this.sink) this.sink(rec, line);
    else this.recs.push(rec);
    return true;
  }
  result(): PreferentialBoardRead {
    return { recs: this.recs, failure: this.failure };
  }
}

/**
 * recordHash of a record whose line is already known canonical, from the line itself: the hashed text is the line
 * without its "hash" member, so a 150 MB mix record is not serialised twice more (it would be the verifier's peak).
 * Any other shape (extra keys) goes through recordHash as before.
 */
function lineRecordHash(line: string, o: { hash: string; prev: string; body: unknown }, seq: number, type: string): string {
  const rest = `"prev":${JSON.stringify(o.prev)},"seq":${seq},"type":${JSON.stringify(type)}}`;
  const tail = `,"hash":${JSON.stringify(o.hash)},${rest}`;
  if (Object.keys(o).length !== 5 || !Object.hasOwn(o, 'body') || !line.startsWith('{"body":') || !line.endsWith(tail)) return recordHash(seq, o.prev, type, o.body);
  return sha256Hex(`${line.slice(0, line.length - tail.length)},${rest}`);
}

/** Reads a board given as text (the lines are taken one by one; the text is not split into an array). */
export function readPreferentialBoardText(text: string): PreferentialBoardRead {
  const r = new PreferentialBoardReader();
  for (const line of textLines(text)) if (!r.push(line)) break;
  return r.result();
}

/**
 * Reads a board from its lines (a file read with readline, an HTTP body through `streamLines`): the streamed entry
 * point of the verifier and the devices. Stops reading at the first failure (the source is closed).
 */
export async function readPreferentialBoard(lines: LineSource): Promise<PreferentialBoardRead> {
  const r = new PreferentialBoardReader();
  if (Symbol.asyncIterator in lines) {
    for await (const line of lines as AsyncIterable<string>) if (!r.push(line)) break;
  } else for (const line of lines as Iterable<string>) if (!r.push(line)) break;
  return r.result();
}

export interface PreferentialVerifyOptions {
  rng?: Rng;
  onProgress?: (stage: string) => void;
  receipts?: readonly unknown[];
  /**
   * M1–M9 already checked elsewhere for this board's full chain (./verify-parallel.ts on worker threads, from
   * `mixChainInputs` of the same board): used instead of checking the shuffles here.
   */
  mixChainFailures?: MixnetFailure[];
  /** The reader's line caps (tests lower them; the defaults derive them from the board's own counts). */
  limits?: ReaderLimits;
}

/**
 * Checks a whole preferential board (board.jsonl):
 *   M13 the chain (seq, prev, hash of every record), the record order and the manifest;
 *   M14 the election key is the one the key-ceremony records give (recomputed, as the confidence vote's B4–B6);
 *   M12 the credential list is signed by the manifest's authority, revocations too, and the counted ballots are
 *       the credential holders' own, one each;
 *   M1–M9 every shuffle, the chain starting from the counted ballots; M10 every partial decryption and every
 *   combined cell; M11 the count redone from the verified cells, equal to the board's, no cell decrypted beyond need.
 * The board as one string: a thin wrapper of `verifyPreferentialRecords` (see `verifyPreferentialBoardLines` for a
 * board too large for a string).
 */
export function verifyPreferentialBoard(text: string, opts: PreferentialVerifyOptions = {}): PreferentialBoardReport {
  const v = new PreferentialVerifier(opts);
  for (const line of textLines(text)) if (!v.push(line)) break;
  return v.finishSync();
}

/**
 * `verifyPreferentialBoard` on a board read line by line (same checks, same report), each record checked as it
 * arrives and dropped (./board-verify.ts): memory does not grow with the board beyond the count's needs.
 */
export async function verifyPreferentialBoardLines(lines: LineSource, opts: StreamVerifyOptions = {}): Promise<PreferentialBoardReport> {
  const v = new PreferentialVerifier(opts);
  if (Symbol.asyncIterator in lines) {
    for await (const line of lines as AsyncIterable<string>) if (!v.push(line)) break;
  } else for (const line of lines as Iterable<string>) if (!v.push(line)) break;
  return v.finish();
}

type Chunks = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/**
 * `verifyPreferentialBoardLines` on a byte stream (a file, an HTTP body): no line is assembled past the cap the
 * board's own counts give (`recordCharsCap`), so a hostile line fails M13 without being held.
 */
export async function verifyPreferentialBoardStream(chunks: Chunks, opts: StreamVerifyOptions = {}): Promise<PreferentialBoardReport> {
  const v = new PreferentialVerifier(opts);
  await feedUnderLineCap(chunks, v);
  return v.finish();
}

/** Feeds a byte stream's lines to a board reader under the cap it names; a line past it ends the feed (M13). */
async function feedUnderLineCap(chunks: Chunks, sink: { push(line: string): boolean; lineCap(): number; lineTooLong(): void }): Promise<void> {
  try {
    for await (const line of streamLines(chunks, { maxLineChars: () => sink.lineCap() })) if (!sink.push(line)) break;
  } catch (e) {
    if (!(e instanceof LineTooLong)) throw e;
    sink.lineTooLong();
  }
}

/** `readPreferentialBoard` on a byte stream, under the same line caps (the devices' reader). */
export async function readPreferentialBoardStream(chunks: Chunks, limits: ReaderLimits = {}): Promise<PreferentialBoardRead> {
  const r = new PreferentialBoardReader(undefined, limits);
  await feedUnderLineCap(chunks, r);
  return r.result();
}

/** The same checks on the records a reader kept (the devices read a board once, then verify it and build on it). */
export function verifyPreferentialRecords(read: PreferentialBoardRead, opts: PreferentialVerifyOptions = {}): PreferentialBoardReport {
  const v = new PreferentialVerifier(opts);
  if (read.failure) v.fail(read.failure);
  else for (const r of read.recs) v.take(r);
  return v.finishSync();
}

/**
 * The board's lines as the receipt checker reads them (by seq, and `length`), rebuilt on demand from the records:
 * each line passed the canonical-form check, so canonicalJson of its record is the line itself. Nothing is kept.
 */
function boardLinesOf(recs: readonly PreferentialRecord[]): readonly string[] {
  const lineAt = (i: number): string | undefined => {
    const r = recs[i];
    return r && canonicalJson({ seq: r.seq, prev: i === 0 ? ZERO_HASH : recs[i - 1]!.hash, type: r.type, body: r.body, hash: r.hash });
  };
  return new Proxy([] as string[], {
    get(target, p, receiver) {
      if (p === 'length') return recs.length;
      if (typeof p === 'string' && /^(0|[1-9][0-9]*)$/.test(p)) return lineAt(Number(p));
      return Reflect.get(target, p, receiver);
    },
  });
}

/**
 * M15: the receipts a voter or a trustee kept. The formats and the place checks are the contest board's (R16 for a
 * trustee's key-ceremony message, R17 for a cast ballot: src/contest/receipts.ts, the same receipt formats and
 * board key). On top, a cast receipt's ballot must be counted: a server (or the credential authority with it) that
 * revokes a voter's credential after the ballot was receipted, so the ballot quietly leaves the mixnet's input,
 * fails here — the voter's receipt is the evidence.
 */
function checkPreferentialReceipts(
  lines: readonly string[],
  eh: string,
  boardKey: string,
  recs: readonly { seq: number; type: PreferentialRecordType; body: unknown }[],
  counted: readonly RankedBallotJSON[],
  receipts: readonly unknown[],
): { checked: { trustee: number; cast: number }; failure: PreferentialFailure | null } {
  let checked = { trustee: 0, cast: 0 };
  try {
    checked = checkContestReceipts(lines, eh, boardKey, receipts);
  } catch (e) {
    if (e instanceof ReceiptFail) return { checked, failure: { check: 'M15', message: `${e.check === 'R16' ? 'trustee' : 'cast'} receipt: ${e.message}`, ...(e.seq !== null ? { seq: e.seq } : {}) } };
    throw e;
  }
  const countedSet = new Set(counted);
  for (const [i, raw] of receipts.entries()) {
    if (isTrusteeReceipt(raw)) continue;
    const seq = (raw as { seq: number }).seq;
    const body = recs[seq]!.body as RankedBallotJSON;
    if (!countedSet.has(body)) {
      const by = recs.find((r) => r.type === 'revocation' && (r.body as RevocationBody).revoked === body.credential);
      return { checked, failure: { check: 'M15', message: `cast receipt ${i + 1}: the receipted ballot (record ${seq}) is on the board but is not counted${by ? `: its credential was revoked at record ${by.seq}, after the board had receipted the ballot` : ''}`, seq } };
    }
  }
  return { checked, failure: null };
}

/**
 * What the parallel shuffle checker needs to check a board's whole mix chain (M1–M9) off the main thread: the
 * counted ballots' rows (as the verifier derives them: board order, revoked credentials' ballots out), the key and
 * the mixes; null when the board has no full chain yet (the verifier then checks what there is itself).
 */
export function mixChainInputs(text: string): MixChainInputs | null {
  return mixChainInputsOf(readPreferentialBoardText(text));
}

export type MixChainInputs = { electionHash: string; publicKey: string; rows: RankedBallotJSON['row'][]; mixes: MixStepJSON[]; mixers: number };

/** `mixChainInputs` of a board already read (the verifier and the CLI read a board once). */
export function mixChainInputsOf(read: PreferentialBoardRead): MixChainInputs | null {
  try {
    if (read.failure) return null;
    const s = preferentialStateOf(read.recs);
    if (!s.electionKey || s.mixes.length !== s.manifest.mixers) return null;
    return { electionHash: s.electionHash, publicKey: s.electionKey.publicKey, rows: countedBallots(s.ballots, s.revocations).map((b) => b.row), mixes: s.mixes, mixers: s.manifest.mixers };
  } catch {
    return null;
  }
}

// ---- the devices' steps (voter, mixer, trustee): pure, from public records and the device's own secret ---------

/** Parses a board's records into the state the devices need (the chain is not checked here: verify it first). */
export function preferentialStateFromBoard(text: string): PreferentialState {
  const recs: { type: PreferentialRecordType; body: unknown; hash: string }[] = [];
  for (const l of textLines(text)) if (l.length > 0) recs.push(JSON.parse(l) as { type: PreferentialRecordType; body: unknown; hash: string });
  return preferentialStateOf(recs);
}

/** The devices' state from records already read (and checked) by a `PreferentialBoardReader`. */
export function preferentialStateOf(recs: readonly Pick<PreferentialRecord, 'type' | 'body' | 'hash'>[]): PreferentialState {
  const first = recs[0];
  if (!first || first.type !== 'setup') throw new TypeError('the board does not start with a setup record');
  const of = <T>(t: PreferentialRecordType) => recs.filter((r) => r.type === t).map((r) => r.body as T);
  return {
    manifest: (first.body as { manifest: PreferentialManifest }).manifest,
    electionHash: first.hash,
    electionKey: of<ElectionKeyBody>('election_key')[0] ?? null,
    ballots: of<RankedBallotJSON>('ballot'),
    revocations: of<RevocationBody>('revocation'),
    closed: recs.some((r) => r.type === 'close'),
    mixes: of<MixRecordJSON>('mix'),
    trusteeKeys: trusteeKeysOf(of<TrusteeKeyBody>('trustee_key')),
    shares: of<DecryptionShareBody>('decryption_share'),
    count: of<CountBody>('count')[0] ?? null,
  };
}

/** Trustee index → its key-ceremony key (the first record of each trustee: the election key is computed from it). */
export function trusteeKeysOf(bodies: readonly TrusteeKeyBody[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const b of bodies) if (!out.has(b.trustee)) out.set(b.trustee, b.publicKey);
  return out;
}

/** A ranked ballot's tracker: SHA-256 of its canonical JSON (the server's, the booth's and the verifier's). */
export function rankedBallotTracker(ballot: RankedBallotJSON): string {
  return sha256Hex(canonicalJson(ballot));
}

/** The voter's device: a ranking (candidate indices, most preferred first) → a signed ranked ballot. */
export function prepareRankedBallot(m: PreferentialManifest, electionHash: string, publicKey: string, credentialSecret: string, ranking: readonly number[], rng: Rng = systemRng): RankedBallotJSON {
  if (ranking.length === 0 || ranking.length > m.rankCap || new Set(ranking).size !== ranking.length || !ranking.every((c) => Number.isInteger(c) && c >= 0 && c < m.candidates.length)) {
    throw new RangeError(`a ranking names 1..${m.rankCap} distinct candidates`);
  }
  const b = castRankedBallot(electionHash, Point.fromHex(publicKey, { field: 'publicKey' }), scalarFromHex(credentialSecret, { field: 'credential' }), encodeRanking(ranking, m.candidates.length, m.rankCap), rng);
  return rankedBallotToJSON(b);
}

/** Whose turn it is to mix, under which key, on which rows (throws RangeError when no mixer may mix now). */
export function mixerTurn(s: PreferentialState): { mixer: number; publicKey: Point; input: Row<Point>[] } {
  if (!s.closed) throw new RangeError('the vote is not closed');
  if (!s.electionKey) throw new RangeError('the board has no election key');
  const mixer = s.mixes.length + 1;
  if (mixer > s.manifest.mixers) throw new RangeError(`all ${s.manifest.mixers} mixers have mixed`);
  return { mixer, publicKey: Point.fromHex(s.electionKey.publicKey, { field: 'publicKey' }), input: mixInput(s, mixer) };
}

/** Content type of a streamed mix (one JSON value a line; deliberately not "json": the server must not buffer it). */
export const MIX_STREAM_TYPE = 'application/vnd.confidence.mix-lines';

/**
 * Whether a Content-Type header names the streamed mix exactly (parameters after ";" aside). Exact, not a prefix: the
 * server skips its buffering body limit for this type only, and a variant such as "…+json" would be read whole by the
 * JSON input checks before the route could hold it to its bound.
 */
export function isMixStreamType(contentType: string | undefined | null): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === MIX_STREAM_TYPE;
}

/**
 * A mix as the server's streamed upload takes it (POST …/mixes/stream): {mixer, rows}, one output row a line, then
 * {proof}. Returned as parts, never one string: a 200,000-row mix is about 150 MB.
 */
export function mixStreamParts(step: MixRecordJSON): string[] {
  return [`${JSON.stringify({ mixer: step.mixer, rows: step.output.length })}\n`, ...step.output.map((r) => `${JSON.stringify(r)}\n`), `${JSON.stringify({ proof: step.proof, signature: step.signature })}\n`];
}

/**
 * The mix server of this turn must be `signer` (trustee k for turn k, its secret the one whose key the board
 * registered): checked before any shuffling, so a device never spends minutes on a mix the board would refuse.
 */
export function checkMixSigner(s: PreferentialState, signer: MixSigner): void {
  const { mixer } = mixerTurn(s);
  assertMixTurn(mixer, signer);
  if (s.trusteeKeys.get(mixer) !== mixSignerKey(signer)) throw new RangeError(`this secret file's key is not the one trustee ${mixer} registered on this board`);
}

/** Signs a shuffle as mix server k (M16). */
export function signMixStep(s: PreferentialState, step: MixStepJSON, signer: MixSigner, rng: Rng = systemRng): MixRecordJSON {
  return { ...step, signature: signMix(s.electionHash, step.mixer, mixDigest(step.output, step.proof), signer, rng) };
}

/** A mix server's device: the next shuffle of the board, with its proof, signed with the mix server's key. */
export function mixerStep(s: PreferentialState, signer: MixSigner, rng: Rng = systemRng): MixRecordJSON {
  checkMixSigner(s, signer);
  const t = mixerTurn(s);
  const step = mix(s.electionHash, t.mixer, t.publicKey, t.input, rng);
  return signMixStep(s, { mixer: t.mixer, output: rowsToJSON(step.output), proof: proofToJSON(step.proof) }, signer, rng);
}

/**
 * A trustee's device: computes the cells the count needs now from the board itself (never from a list the server
 * sends: it would decrypt whatever it was asked), and its partial decryption of each it has not yet shared.
 */
export function trusteeDecryptionShare(s: PreferentialState, trustee: { index: number; secretShare: string; verificationKey: string }, rng: Rng = systemRng): DecryptionShareBody | null {
  if (s.mixes.length < s.manifest.mixers) throw new RangeError('not every mixer has mixed');
  const last = rowsFromJSON(s.mixes.at(-1)!.output, 'output');
  const p = countProgress(s.manifest, s.electionHash, last.length, combineShares(last, s.shares, s.manifest.trustees.threshold));
  if (p.done) return null;
  const mine = new Set(s.shares.filter((x) => x.trustee === trustee.index).flatMap((x) => x.cells.map((c) => `${c.row}:${c.rank}`)));
  const key = { index: trustee.index, secretShare: scalarFromHex(trustee.secretShare, { field: 'secretShare' }), verificationKey: Point.fromHex(trustee.verificationKey, { field: 'verificationKey' }) };
  const cells = p.cells
    .filter((c) => !mine.has(`${c.row}:${c.rank}`))
    .map((c) => ({ row: c.row, rank: c.rank, partial: partialDecryptionToJSON(partialDecrypt(key, last[c.row]![c.rank]!, cellContext(s.electionHash, c.row, c.rank), rng)) }));
  return cells.length ? { trustee: trustee.index, cells } : null;
}
