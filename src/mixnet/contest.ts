/**
 * A verifiable preferential contest as a set of public JSON records, and its verifier. Pure: the CLI writes and reads
 * the files (src/cli/commands/preferential.ts).
 *
 *   manifest.json      the contest (rulebook, method, candidates, rank cap, trustees' keys, mixers); its SHA-256 over
 *                      canonical JSON is the election hash every proof is bound to
 *   ballots.json       the encrypted rows that entered the mixnet (one row per ballot, one ciphertext per rank)
 *   mix-<k>.json       mixer k's output rows and its shuffle proof
 *   decryptions.json   every decrypted cell of the last output, with k partial decryptions and their proofs
 *   count.json         the round-by-round table
 *
 * verifyContest checks M1–M8 for each shuffle, M9 for the chain, M10 for each decryption, M11 by redoing the count
 * from the verified decryptions only (docs/mixnet-spec.md §4).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8 } from '../crypto/bytes';
import { isCryptoError } from '../crypto/errors';
import { Point, scalarFromHex, scalarToHex } from '../crypto/group';
import { systemRng, type Rng } from '../crypto/random';
import { partialDecryptionFromJSON, partialDecryptionToJSON, type PartialDecryptionJSON } from '../crypto/serialize';
import { countIrv } from '../count/irv';
import { preferentialRulebook, type PreferentialRulebook } from '../count/presets';
import { buildProfile, scaleTable } from '../count/profile';
import { countScottishStv } from '../count/stv-scottish';
import { countErs97 } from '../count/stv-ers97';
import { countMeek } from '../count/stv-meek';
import type { CountMethod, CountResult } from '../count/table';
import type { BallotSource, TieBreak } from '../count/types';
import { RISTRETTO } from './group-ristretto';
import { castRankedBallot, checkRankedBallots, credentialsDigest, rankedBallotFromJSON, rankedBallotToJSON, type RankedBallot, type RankedBallotJSON } from './ranked-ballot';
import { encodeRanking } from './ranked';
import {
  mixChain,
  PrefixDecryptor,
  PublishedSource,
  trusteeCeremony,
  verifyDecryptions,
  verifyMixChain,
  type CellDecryption,
  type MixnetFailure,
  type MixStep,
  type TrusteeSetup,
} from './pipeline';
import type { Row, ShuffleProof } from './shuffle';

export interface ContestManifest {
  version: 2;
  rulebook: string;
  title: string;
  method: CountMethod;
  seats: number;
  rankCap: number;
  tieBreak: TieBreak;
  candidates: string[];
  publicKey: string;
  trustees: { threshold: number; verificationKeys: Record<string, string> };
  mixers: number;
  /** Fraction of the published electorate simulated (1 = the published numbers). */
  scale: number;
  /** credentialsDigest() of the voters' public credentials (the list itself is the record's `credentials`). */
  credentialsDigest: string;
}

export type RowJSON = [string, string][];
export interface MixStepJSON {
  mixer: number;
  output: RowJSON[];
  proof: Record<string, unknown>;
}
export interface CellDecryptionJSON {
  row: number;
  rank: number;
  value: number;
  partials: PartialDecryptionJSON[];
}
export interface ContestRecord {
  manifest: ContestManifest;
  /** The voters' public credentials, as the credential authority published them. */
  credentials: string[];
  /** The cast ballots, each signed by its credential (./ranked-ballot.ts); their rows enter the mixnet. */
  ballots: RankedBallotJSON[];
  mixes: MixStepJSON[];
  decryptions: CellDecryptionJSON[];
  count: CountResult;
}

/** SHA-256 of the canonical JSON of the manifest (keys sorted at every level), hex. */
export function electionHashOf(manifest: ContestManifest): string {
  return bytesToHex(sha256(utf8(canonicalJson(manifest))));
}

function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

// ---- JSON forms ---------------------------------------------------------------------------------------------

export const rowsToJSON = (rows: readonly Row<Point>[]): RowJSON[] => rows.map((r) => r.map((c) => [c.alpha.toHex(), c.beta.toHex()] as [string, string]));

export function rowsFromJSON(x: unknown, field: string): Row<Point>[] {
  if (!Array.isArray(x)) throw new TypeError(`${field}: expected an array of rows`);
  return x.map((row, i) => {
    if (!Array.isArray(row)) throw new TypeError(`${field}[${i}]: expected a row`);
    return row.map((cell, k) => {
      if (!Array.isArray(cell) || cell.length !== 2) throw new TypeError(`${field}[${i}][${k}]: expected [alpha, beta]`);
      return { alpha: Point.fromHex(cell[0], { field: `${field}[${i}][${k}].alpha` }), beta: Point.fromHex(cell[1], { field: `${field}[${i}][${k}].beta`, allowIdentity: true }) };
    });
  });
}

export function proofToJSON(p: ShuffleProof<Point>): Record<string, unknown> {
  const pts = (xs: Point[]) => xs.map((x) => x.toHex());
  const sc = (xs: bigint[]) => xs.map(scalarToHex);
  return {
    permutationCommitment: pts(p.permutationCommitment),
    commitmentChain: pts(p.commitmentChain),
    t1: p.t1.toHex(),
    t2: p.t2.toHex(),
    t3: p.t3.toHex(),
    t4: p.t4.map((t) => [t.beta.toHex(), t.alpha.toHex()]),
    tHat: pts(p.tHat),
    challenge: scalarToHex(p.challenge),
    s1: scalarToHex(p.s1),
    s2: scalarToHex(p.s2),
    s3: scalarToHex(p.s3),
    s4: sc(p.s4),
    sHat: sc(p.sHat),
    sPrime: sc(p.sPrime),
  };
}

const PROOF_KEYS = new Set(['permutationCommitment', 'commitmentChain', 't1', 't2', 't3', 't4', 'tHat', 'challenge', 's1', 's2', 's3', 's4', 'sHat', 'sPrime']);

/**
 * A published shuffle proof's outer form, shared by the point decoder below and the packed one (shuffle-packed.ts):
 * an object with only the proof's keys, `arr(k)` its array fields, `scalars()` its responses (parsed last, so the
 * two readers name the same first bad field).
 */
export function proofFields(x: unknown, field: string) {
  if (typeof x !== 'object' || x === null) throw new TypeError(`${field}: expected an object`);
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!PROOF_KEYS.has(k)) throw new TypeError(`${field}: unexpected key "${k}"`);
  const arr = (k: string) => {
    if (!Array.isArray(o[k])) throw new TypeError(`${field}.${k}: expected an array`);
    return o[k] as unknown[];
  };
  const sc = (v: unknown, f: string) => scalarFromHex(v, { field: f });
  const scalars = () => ({
    challenge: sc(o.challenge, `${field}.challenge`),
    s1: sc(o.s1, `${field}.s1`),
    s2: sc(o.s2, `${field}.s2`),
    s3: sc(o.s3, `${field}.s3`),
    s4: arr('s4').map((v, i) => sc(v, `${field}.s4[${i}]`)),
    sHat: arr('sHat').map((v, i) => sc(v, `${field}.sHat[${i}]`)),
    sPrime: arr('sPrime').map((v, i) => sc(v, `${field}.sPrime[${i}]`)),
  });
  /** t4: one [beta, alpha] pair per column, each decoded by `pt`. */
  const t4 = <P>(pt: (v: unknown, f: string) => P) =>
    arr('t4').map((v, i) => {
      if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${field}.t4[${i}]: expected [beta, alpha]`);
      return [pt(v[0], `${field}.t4[${i}][0]`), pt(v[1], `${field}.t4[${i}][1]`)] as [P, P];
    });
  return { o, arr, scalars, t4 };
}

export function proofFromJSON(x: unknown, field: string): ShuffleProof<Point> {
  const { o, arr, scalars, t4 } = proofFields(x, field);
  const pt = (v: unknown, f: string) => Point.fromHex(v, { field: f, allowIdentity: true });
  return {
    permutationCommitment: arr('permutationCommitment').map((v, i) => pt(v, `${field}.permutationCommitment[${i}]`)),
    commitmentChain: arr('commitmentChain').map((v, i) => pt(v, `${field}.commitmentChain[${i}]`)),
    t1: pt(o.t1, `${field}.t1`),
    t2: pt(o.t2, `${field}.t2`),
    t3: pt(o.t3, `${field}.t3`),
    t4: t4(pt).map(([beta, alpha]) => ({ beta, alpha })),
    tHat: arr('tHat').map((v, i) => pt(v, `${field}.tHat[${i}]`)),
    ...scalars(),
  };
}

export const decryptionToJSON = (d: CellDecryption): CellDecryptionJSON => ({ row: d.row, rank: d.rank, value: d.value, partials: d.partials.map(partialDecryptionToJSON) });

// ---- counting --------------------------------------------------------------------------------------------------

export function runCount(method: CountMethod, source: BallotSource, o: { candidates: string[]; seats: number; tieBreak: TieBreak; seed: string }): CountResult {
  switch (method) {
    case 'irv':
      return countIrv(source, o);
    case 'stv-scottish':
      return countScottishStv(source, o);
    case 'stv-ers97':
      return countErs97(source, o);
    case 'stv-meek':
      return countMeek(source, o);
  }
}

// ---- simulation ------------------------------------------------------------------------------------------------

export interface SimulateContestOptions {
  rulebook: string;
  scale?: number;
  mixers?: number;
  rng?: Rng;
  onProgress?: (stage: string) => void;
}

/**
 * Builds a ballot profile consistent with the rulebook's published table (scaled), encrypts it under a 2-of-3
 * trustee key, runs `mixers` shuffles, decrypts what the count needs with trustees 2 and 3, and counts.
 */
export function simulateContest(o: SimulateContestOptions): ContestRecord {
  return simulateContestWithSecrets(o).record;
}

/** simulateContest, also returning the trustees' key shares (tests play dishonest trustees with them). */
export function simulateContestWithSecrets(o: SimulateContestOptions): { record: ContestRecord; trustees: TrusteeSetup } {
  const rb = preferentialRulebook(o.rulebook);
  const rng = o.rng ?? systemRng;
  const scale = o.scale ?? 1;
  const mixers = o.mixers ?? 3;
  const table = scaleTable(rb.published, scale);
  const rankings = buildProfile(table);
  // shuffle the casting order (the board's order): the mixnet must not depend on it
  for (let i = rankings.length - 1; i > 0; i--) {
    const j = Number(RISTRETTO.randomScalar(rng) % BigInt(i + 1));
    [rankings[i], rankings[j]] = [rankings[j]!, rankings[i]!];
  }
  // the key ceremony comes before the manifest (which publishes its keys): its context is the rulebook
  const trusteesSetup = trusteeCeremony(`preferential/${rb.id}`, 2, 3, rng);
  const k = rb.published.candidates.length;
  // one credential per voter, from the credential authority (rejected papers too: they were cast)
  const papers = rankings.length + table.rejected;
  o.onProgress?.(`issuing ${papers} credentials`);
  const secrets = Array.from({ length: papers }, () => RISTRETTO.randomScalar(rng));
  const credentials = secrets.map((x) => RISTRETTO.expSecret(RISTRETTO.generator, x).toHex());
  const manifest: ContestManifest = {
    version: 2,
    rulebook: rb.id,
    title: rb.title,
    method: rb.method,
    seats: rb.seats,
    rankCap: rb.rankCap,
    tieBreak: rb.tieBreak,
    candidates: [...rb.published.candidates],
    publicKey: trusteesSetup.publicKey.toHex(),
    trustees: { threshold: 2, verificationKeys: Object.fromEntries([...trusteesSetup.verificationKeys].map(([i, vk]) => [String(i), vk.toHex()])) },
    mixers,
    scale,
    credentialsDigest: credentialsDigest(credentials),
  };
  const eh = electionHashOf(manifest);
  o.onProgress?.(`encrypting, proving and signing ${papers} ballots`);
  // rejected papers: no readable first preference
  const values = [...rankings.map((r) => encodeRanking(r, k, rb.rankCap)), ...Array.from({ length: table.rejected }, () => new Array<number>(rb.rankCap).fill(0))];
  const cast: RankedBallot[] = values.map((v, i) => castRankedBallot(eh, trusteesSetup.publicKey, secrets[i]!, v, rng));
  const ballots = cast.map((b) => b.row);
  const steps = mixChain(eh, trusteesSetup.publicKey, ballots, mixers, rng, (m) => o.onProgress?.(`mixer ${m} shuffled and proved`));
  const last = steps[steps.length - 1]!.output;
  const decryptor = new PrefixDecryptor(eh, last, k, trusteesSetup.keys.slice(1), rng);
  const count = runCount(rb.method, decryptor, { candidates: manifest.candidates, seats: rb.seats, tieBreak: rb.tieBreak, seed: eh });
  o.onProgress?.(`decrypted ${decryptor.decryptions.length} of ${last.length * rb.rankCap} cells`);
  const record: ContestRecord = {
    manifest,
    credentials,
    ballots: cast.map(rankedBallotToJSON),
    mixes: steps.map((s: MixStep) => ({ mixer: s.mixer, output: rowsToJSON(s.output), proof: proofToJSON(s.proof) })),
    decryptions: decryptor.decryptions.map(decryptionToJSON),
    count,
  };
  return { record, trustees: trusteesSetup };
}

// ---- verification ----------------------------------------------------------------------------------------------

export interface ContestVerification {
  ok: boolean;
  electionHash: string;
  failures: MixnetFailure[];
  /** The count redone from the verified decryptions (null if it could not be redone). */
  count: CountResult | null;
  decryptedCells: number;
  totalCells: number;
}

const METHODS: readonly CountMethod[] = ['irv', 'stv-scottish', 'stv-ers97', 'stv-meek'];
const TIE_BREAKS: readonly TieBreak[] = ['backwards', 'forwards', 'lot'];

/** The manifest's fields a verifier relies on, checked before anything else (null if well formed). */
function checkManifest(m: ContestManifest): string | null {
  const int = (x: unknown, min: number, max: number) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
  if (!METHODS.includes(m.method)) return `unknown counting method ${JSON.stringify(m.method)}`;
  if (!TIE_BREAKS.includes(m.tieBreak)) return `unknown tie-break method ${JSON.stringify(m.tieBreak)}`;
  if (!Array.isArray(m.candidates) || m.candidates.length < 1 || m.candidates.length > 255 || !m.candidates.every((c) => typeof c === 'string' && c.length > 0)) return 'candidates must be 1..255 names';
  if (new Set(m.candidates).size !== m.candidates.length) return 'candidate names must be distinct';
  if (!int(m.seats, 1, m.candidates.length)) return `seats must be in 1..${m.candidates.length}`;
  if (!int(m.rankCap, 1, m.candidates.length)) return `rankCap must be in 1..${m.candidates.length}`;
  if (!int(m.mixers, 1, 20)) return 'mixers must be in 1..20';
  if (m.version !== 2) return `unsupported manifest version ${JSON.stringify(m.version)} (expected 2: ballots signed by credentials)`;
  if (typeof m.credentialsDigest !== 'string' || !/^[0-9a-f]{64}$/.test(m.credentialsDigest)) return 'credentialsDigest must be 64 hex digits';
  if (typeof m.trustees !== 'object' || m.trustees === null || typeof m.trustees.verificationKeys !== 'object' || m.trustees.verificationKeys === null) return 'trustees missing';
  const n = Object.keys(m.trustees.verificationKeys).length;
  if (!int(m.trustees.threshold, 1, n)) return `trustee threshold must be in 1..${n}`;
  if (!Object.keys(m.trustees.verificationKeys).every((i) => /^[1-9]\d*$/.test(i))) return 'trustee indices must be positive integers';
  return null;
}

export interface VerifyContestOptions {
  rng?: Rng;
  onProgress?: (stage: string) => void;
  /** The chain's M1–M9 failures computed elsewhere (./verify-parallel.ts, on worker threads); skips them here. */
  mixChainFailures?: MixnetFailure[];
}

export function verifyContest(record: ContestRecord, opts: VerifyContestOptions = {}): ContestVerification {
  const failures: MixnetFailure[] = [];
  const m = record.manifest;
  const eh = electionHashOf(m);
  const done = (count: CountResult | null, cells = 0, total = 0): ContestVerification => ({ ok: failures.length === 0, electionHash: eh, failures, count, decryptedCells: cells, totalCells: total });
  const manifestProblem = checkManifest(m);
  if (manifestProblem) {
    failures.push({ check: 'M2', message: `manifest: ${manifestProblem}` });
    return done(null);
  }
  let publicKey: Point;
  let cast: RankedBallot[];
  let ballots: Row<Point>[];
  let steps: MixStep[];
  let decryptions: CellDecryption[];
  const vks = new Map<number, Point>();
  try {
    publicKey = Point.fromHex(m.publicKey, { field: 'manifest.publicKey' });
    for (const [i, vk] of Object.entries(m.trustees.verificationKeys)) vks.set(Number(i), Point.fromHex(vk, { field: `manifest.trustees.verificationKeys.${i}` }));
    if (!Array.isArray(record.ballots)) throw new TypeError('ballots: expected an array of ballots');
    cast = record.ballots.map((b, i) => rankedBallotFromJSON(b, `ballots[${i}]`));
    ballots = cast.map((b) => b.row);
    steps = record.mixes.map((s, i) => ({ mixer: s.mixer, output: rowsFromJSON(s.output, `mix-${i + 1}.output`), proof: proofFromJSON(s.proof, `mix-${i + 1}.proof`) }));
    decryptions = record.decryptions.map((d, i) => ({ row: d.row, rank: d.rank, value: d.value, partials: d.partials.map((p, j) => partialDecryptionFromJSON(p, `decryptions[${i}].partials[${j}]`)) }));
  } catch (e) {
    failures.push({ check: 'M2', message: isCryptoError(e) || e instanceof TypeError ? e.message : String(e) });
    return done(null);
  }
  // M12: the ballots that enter the mixnet are the credential holders' own, one each (./ranked-ballot.ts)
  opts.onProgress?.(`checking ${cast.length} cast ballots (credentials, proofs of knowledge, signatures)`);
  const credentials = Array.isArray(record.credentials) ? record.credentials.filter((c): c is string => typeof c === 'string') : [];
  if (!Array.isArray(record.credentials) || credentials.length !== record.credentials.length || credentialsDigest(credentials) !== m.credentialsDigest) {
    failures.push({ check: 'M12', message: 'the credential list does not match the digest in the manifest (the election hash pins the list)' });
  } else if (new Set(credentials).size !== credentials.length) failures.push({ check: 'M12', message: 'the credential list repeats a credential' });
  else for (const p of checkRankedBallots(eh, new Set(credentials), m.rankCap, cast, opts.rng)) failures.push({ check: 'M12', message: p.message, row: p.ballot });
  if (failures.length) return done(null);
  if (ballots.some((r) => r.length !== m.rankCap)) failures.push({ check: 'M1', message: `a ballot row does not have the rulebook's width ${m.rankCap}` });
  if (opts.mixChainFailures) failures.push(...opts.mixChainFailures);
  else {
    opts.onProgress?.(`checking ${steps.length} shuffles of ${ballots.length} rows`);
    failures.push(...verifyMixChain(eh, publicKey, ballots, steps, m.mixers, opts.rng));
  }
  if (failures.length) return done(null);
  const last = steps[steps.length - 1]!.output;
  opts.onProgress?.(`checking ${decryptions.length} decryptions`);
  const v = verifyDecryptions(eh, last, decryptions, vks, m.trustees.threshold);
  failures.push(...v.failures);
  if (failures.length) return done(null, decryptions.length, last.length * m.rankCap);
  let count: CountResult;
  const source = new PublishedSource(last.length, m.rankCap, m.candidates.length, v.values);
  try {
    count = runCount(m.method, source, { candidates: m.candidates, seats: m.seats, tieBreak: m.tieBreak, seed: eh });
  } catch (e) {
    failures.push({ check: 'M11', message: e instanceof Error ? e.message : String(e) });
    return done(null, decryptions.length, last.length * m.rankCap);
  }
  if (canonicalJson(count) !== canonicalJson(record.count)) failures.push({ check: 'M11', message: 'the published round table differs from the count redone from the verified decryptions' });
  const unneeded = decryptions.filter((d) => !source.used.has(`${d.row}:${d.rank}`));
  if (unneeded.length) failures.push({ check: 'M11', message: `${unneeded.length} cell(s) were decrypted although the count never needed them (first: row ${unneeded[0]!.row} rank ${unneeded[0]!.rank}): preferences revealed beyond prefix decryption`, row: unneeded[0]!.row });
  return done(count, decryptions.length, last.length * m.rankCap);
}

/** Differences between a count and its rulebook's published table (at scale 1), for the simulation's validation. */
export function compareWithPublished(count: CountResult, rb: PreferentialRulebook): string[] {
  const diffs: string[] = [];
  rb.expected.rounds.forEach((votes, r) => {
    const got = count.rounds[r]?.votes.map((v) => (v === null ? null : Number(v)));
    if (JSON.stringify(got) !== JSON.stringify(votes)) diffs.push(`round ${r + 1}: published ${JSON.stringify(votes)}, counted ${JSON.stringify(got)}`);
  });
  const winner = count.elected.map((c) => count.candidates[c]).join(', ');
  if (winner !== rb.expected.elected) diffs.push(`elected: published ${rb.expected.elected}, counted ${winner}`);
  const final = count.rounds[rb.expected.rounds.length - 1];
  if (rb.method === 'irv' && final && Number(final.continuing) !== rb.expected.finalContinuing) diffs.push(`final continuing ballots: published ${rb.expected.finalContinuing}, counted ${final.continuing}`);
  return diffs;
}
