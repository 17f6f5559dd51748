/**
 * The mixnet on ristretto255, end to end and pure: encrypted ranked rows → a chain of mix servers, each shuffling
 * the previous output with a proof → threshold decryption of the mixed rows, one cell at a time and only when the
 * count asks (prefix decryption), each partial decryption with its Chaum–Pedersen proof (src/crypto/dkg.ts).
 *
 * Threat model (docs/mixnet-spec.md §6): privacy holds if at least one mixer is honest and fewer than k trustees
 * collude; integrity holds against every mixer and every trustee (each step carries a proof the public verifier
 * checks: M1–M8 per shuffle, M9 for the chain, M10 per decryption, M11 for the count).
 */
import { CryptoError } from '../crypto/errors';
import { G, Point, mulBaseInt, type Scalar } from '../crypto/group';
import { systemRng, type Rng } from '../crypto/random';
import type { Context } from '../crypto/transcript';
import {
  dkgDeal,
  dkgFinalize,
  dkgQualify,
  partialDecrypt,
  lagrangeCoefficients,
  verifyPartialDecryption,
  type DkgParams,
  type PartialDecryption,
  type TrusteeKey,
} from '../crypto/dkg';
import type { BallotSource } from '../count/types';
import { RISTRETTO } from './group-ristretto';
import { readPreference, encodeRanking } from './ranked';
import { checkShuffleProof, genShuffle, genShuffleProof, type MixnetCheck, type Row, type ShuffleProof, type ShuffleStatement } from './shuffle';

export interface MixStep {
  mixer: number;
  output: Row<Point>[];
  proof: ShuffleProof<Point>;
}

export interface CellDecryption {
  row: number;
  rank: number;
  value: number;
  partials: PartialDecryption[];
}

export interface TrusteeSetup {
  publicKey: Point;
  threshold: number;
  /** Verification keys VK_j by trustee index 1..n. */
  verificationKeys: Map<number, Point>;
  keys: TrusteeKey[];
}

/** A k-of-n key ceremony run in one place (simulations and tests; real trustees run the same steps apart). */
export function trusteeCeremony(electionHash: string, threshold: number, trustees: number, rng: Rng = systemRng): TrusteeSetup {
  const params: DkgParams = { threshold, trustees, context: [electionHash, 'mixnet-dkg'] };
  const deals = Array.from({ length: trustees }, (_, i) => dkgDeal(params, i + 1, rng));
  const dealings = deals.map((d) => d.dealing);
  const { qualified } = dkgQualify(params, dealings, [], []);
  const keys = Array.from({ length: trustees }, (_, i) => dkgFinalize(params, dealings, qualified, i + 1, deals.flatMap((d) => d.shares)));
  return { publicKey: keys[0]!.publicKey, threshold, verificationKeys: new Map(keys.map((k) => [k.index, k.verificationKey])), keys };
}

/** Encrypts each ranking as a row of `width` ciphertexts (what voters' devices do; see ./ranked.ts). */
export function encryptRankings(publicKey: Point, rankings: readonly (readonly number[])[], candidates: number, width: number, rng: Rng = systemRng): Row<Point>[] {
  return rankings.map((r) => encodeRowValues(publicKey, encodeRanking(r, candidates, width), rng));
}

/** Encrypts raw cell values (also used to simulate rejected ballots, e.g. a blank first preference). */
export function encodeRowValues(publicKey: Point, values: readonly number[], rng: Rng = systemRng): Row<Point> {
  return values.map((v) => {
    const r = RISTRETTO.randomScalar(rng);
    return { alpha: RISTRETTO.expSecret(G, r), beta: mulBaseInt(v).add(publicKey.mulSecret(r)) };
  });
}

/** One mix server's step: shuffle the previous rows and prove it. */
export function mix(electionHash: string, mixer: number, publicKey: Point, input: readonly Row<Point>[], rng: Rng = systemRng): MixStep {
  const { output, witness } = genShuffle(RISTRETTO, input, publicKey, rng);
  const proof = genShuffleProof(RISTRETTO, { electionHash, mixer, publicKey, input, output }, witness, rng);
  return { mixer, output, proof };
}

/** Mixers 1..m in turn (each would run on its own device). */
export function mixChain(electionHash: string, publicKey: Point, ballots: readonly Row<Point>[], mixers: number, rng: Rng = systemRng, onStep?: (mixer: number) => void): MixStep[] {
  const steps: MixStep[] = [];
  let rows = ballots;
  for (let m = 1; m <= mixers; m++) {
    const step = mix(electionHash, m, publicKey, rows, rng);
    steps.push(step);
    rows = step.output;
    onStep?.(m);
  }
  return steps;
}

export function cellContext(electionHash: string, row: number, rank: number): Context {
  return [electionHash, 'mixnet-cell', row, rank];
}

/** Cell values are read in [0, 255]; anything else is published as −1 ("not a small value": the ballot ends). */
export const CELL_VALUE_BOUND = 255;

export function smallLog(M: Point, max: number): number | null {
  let acc = Point.fromBytes(new Uint8Array(32), { allowIdentity: true });
  for (let v = 0; v <= max; v++) {
    if (acc.equals(M)) return v;
    acc = acc.add(G);
  }
  return null;
}

/**
 * Prefix decryption: a BallotSource over the mixed rows that decrypts a cell (with k trustees' partial decryptions
 * and proofs) the first time the count asks for it, and records every decryption for publication.
 */
export class PrefixDecryptor implements BallotSource {
  readonly decryptions: CellDecryption[] = [];
  private readonly values = new Map<number, number[]>();
  constructor(
    private readonly electionHash: string,
    private readonly rows: readonly Row<Point>[],
    private readonly candidates: number,
    private readonly trustees: readonly TrusteeKey[],
    private readonly rng: Rng = systemRng,
  ) {
    if (rows.length === 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', 'no rows to decrypt');
  }
  get size(): number {
    return this.rows.length;
  }
  get width(): number {
    return this.rows[0]!.length;
  }
  preference(ballot: number, rank: number): number | null {
    if (rank >= this.width) return null;
    const known = this.values.get(ballot) ?? [];
    while (known.length <= rank) {
      const k = known.length;
      const cell = this.rows[ballot]![k]!;
      const ctx = cellContext(this.electionHash, ballot, k);
      const partials = this.trustees.map((t) => partialDecrypt(t, cell, ctx, this.rng));
      const lambdas = lagrangeCoefficients(partials.map((p) => p.trustee));
      let combined = Point.fromBytes(new Uint8Array(32), { allowIdentity: true });
      partials.forEach((p, i) => (combined = combined.add(p.share.mul(lambdas[i]!))));
      const value = smallLog(cell.beta.sub(combined), CELL_VALUE_BOUND) ?? -1;
      this.decryptions.push({ row: ballot, rank: k, value, partials });
      known.push(value);
      // a ballot ends at its first unreadable preference: later cells are never needed
      if (readPreference(value, known.slice(0, k), this.candidates) === null) break;
    }
    this.values.set(ballot, known);
    if (known.length <= rank) return null;
    return readPreference(known[rank]!, known.slice(0, rank), this.candidates);
  }
}

export interface MixnetFailure {
  check: MixnetCheck;
  message: string;
  mixer?: number;
  row?: number;
}

export interface DecryptionVerification {
  failures: MixnetFailure[];
  /** Verified values by row, rank. */
  values: Map<number, Map<number, number>>;
}

/** M9 and M1–M8: the chain links the ballots to the last output, every mixer once, in order, each proof valid. */
export function verifyMixChain(electionHash: string, publicKey: Point, ballots: readonly Row<Point>[], steps: readonly MixStep[], expectedMixers: number, rng: Rng = systemRng): MixnetFailure[] {
  const failures: MixnetFailure[] = [];
  if (steps.length !== expectedMixers) failures.push({ check: 'M9', message: `${steps.length} mix steps published, the election names ${expectedMixers} mixers` });
  let input = ballots;
  steps.forEach((step, i) => {
    if (step.mixer !== i + 1) failures.push({ check: 'M9', message: `step ${i + 1} is labelled mixer ${step.mixer}`, mixer: step.mixer });
    const statement: ShuffleStatement<Point> = { electionHash, mixer: step.mixer, publicKey, input, output: step.output };
    const v = checkShuffleProof(RISTRETTO, statement, step.proof, { rng });
    if (!v.ok) failures.push({ check: v.check, message: `mixer ${step.mixer}: ${v.message}`, mixer: step.mixer, ...(v.row === undefined ? {} : { row: v.row }) });
    input = step.output;
  });
  return failures;
}

/** M10: every published decryption of a mixed cell has k valid partial decryptions that combine to g^value. */
export function verifyDecryptions(
  electionHash: string,
  rows: readonly Row<Point>[],
  decryptions: readonly CellDecryption[],
  verificationKeys: ReadonlyMap<number, Point>,
  threshold: number,
): DecryptionVerification {
  const failures: MixnetFailure[] = [];
  const values = new Map<number, Map<number, number>>();
  for (const d of decryptions) {
    const cell = rows[d.row]?.[d.rank];
    if (!cell) {
      failures.push({ check: 'M10', message: `decryption of row ${d.row} rank ${d.rank}: no such mixed cell`, row: d.row });
      continue;
    }
    if (values.get(d.row)?.has(d.rank)) {
      failures.push({ check: 'M10', message: `row ${d.row} rank ${d.rank} is decrypted twice`, row: d.row });
      continue;
    }
    const ctx = cellContext(electionHash, d.row, d.rank);
    const trustees = new Set<number>();
    let bad: number | null = null;
    for (const p of d.partials) {
      const vk = verificationKeys.get(p.trustee);
      if (trustees.has(p.trustee) || !vk || !verifyPartialDecryption(vk, cell, p, ctx)) {
        bad = p.trustee;
        break;
      }
      trustees.add(p.trustee);
    }
    if (bad !== null) {
      failures.push({ check: 'M10', message: `row ${d.row} rank ${d.rank}: the partial decryption of trustee ${bad} is invalid`, row: d.row });
      continue;
    }
    if (trustees.size < threshold) {
      failures.push({ check: 'M10', message: `row ${d.row} rank ${d.rank}: ${trustees.size} partial decryptions, ${threshold} needed`, row: d.row });
      continue;
    }
    const used = d.partials.slice(0, threshold);
    const lambdas: Scalar[] = lagrangeCoefficients(used.map((p) => p.trustee));
    let combined = Point.fromBytes(new Uint8Array(32), { allowIdentity: true });
    used.forEach((p, i) => (combined = combined.add(p.share.mul(lambdas[i]!))));
    const M = cell.beta.sub(combined);
    const matches = Number.isInteger(d.value) && d.value >= -1 && d.value <= CELL_VALUE_BOUND && (d.value === -1 ? smallLog(M, CELL_VALUE_BOUND) === null : M.equals(mulBaseInt(d.value)));
    if (!matches) {
      failures.push({ check: 'M10', message: `row ${d.row} rank ${d.rank}: the published value ${d.value} is not what the partial decryptions give`, row: d.row });
      continue;
    }
    let m = values.get(d.row);
    if (!m) values.set(d.row, (m = new Map()));
    m.set(d.rank, d.value);
  }
  return { failures, values };
}

/** A BallotSource over verified decryptions; a preference the count needs but nobody decrypted fails M11. */
export class PublishedSource implements BallotSource {
  readonly missing: { row: number; rank: number }[] = [];
  /** Cells the count read ("row:rank"): a published decryption outside this set was not needed (a privacy leak). */
  readonly used = new Set<string>();
  constructor(
    readonly size: number,
    readonly width: number,
    private readonly candidates: number,
    private readonly values: ReadonlyMap<number, ReadonlyMap<number, number>>,
  ) {}
  preference(ballot: number, rank: number): number | null {
    if (rank >= this.width) return null;
    const earlier: number[] = [];
    for (let k = 0; k <= rank; k++) {
      const v = this.values.get(ballot)?.get(k);
      this.used.add(`${ballot}:${k}`);
      if (v === undefined) {
        this.missing.push({ row: ballot, rank: k });
        throw new CryptoError('CRYPTO_INVALID_PARAMETER', `the count needs row ${ballot} rank ${k}, which was not decrypted`, { index: ballot });
      }
      if (readPreference(v, earlier, this.candidates) === null) return null;
      earlier.push(v);
    }
    return readPreference(earlier[rank]!, earlier.slice(0, rank), this.candidates);
  }
}
