/**
 * Batch verification (spec V12, ADR 0104): many proofs and signatures checked with one combined equation.
 *
 * Step 1 (per item, cheap): shape and the Fiat–Shamir check (Σ c_j = e, or the signature challenge).
 * Failures here are named directly.
 * Step 2 (all items at once): every group equation of every item, each multiplied by its own independent
 * 128-bit weight chosen by the verifier after it holds all items, summed into ONE equation Σ k·P = identity
 * (repeated points such as G and the election key merged). A batch containing a false equation passes with
 * probability ≤ 2^-128 (small-exponent test; prime order, no small-subgroup escape). If the combined check
 * fails, bisection over the groups re-checks halves until every failing group is isolated, so the result
 * names exactly the groups one-by-one verification would reject.
 *
 * Groups: each add* call takes a group id (default: a fresh one per call). Issue 4 puts a ballot's proofs and
 * its signature in one group, so a failure names the ballot.
 *
 * Evaluation per back end (./equations): wasm — one WebAssembly Pippenger MSM per check (the fast path);
 * noble — one JS Pippenger MSM per check; sodium — each group's partial sum is computed once with libsodium and
 * bisection only re-adds cached sums.
 */
import { IDENTITY, Point, type Scalar } from './group';
import type { Ciphertext } from './elgamal';
import { Combination, msmIsIdentity, randomWeight } from './equations';
import { elgamalRangeCombination } from './proofs';
import { systemRng, type Rng } from './random';
import { assertSigmaShape, sigmaCombination, type Branch, type SigmaProof } from './sigma';
import { signatureChallenge, signatureCombination, type Signature } from './signature';
import { activeBackend } from './sodium';
import { challenge, type Context, type TranscriptItem } from './transcript';
import { scalarAdd } from './group';

export interface ZeroOneItem {
  publicKey: Point;
  ciphertext: Ciphertext;
  proof: SigmaProof;
  context: Context;
}

export interface BatchResult<Id = number> {
  /** True iff every item is valid. */
  valid: boolean;
  /** Ids of the invalid groups, in ascending order of first appearance. */
  invalid: Id[];
}

export class BatchVerifier<Id = number> {
  private readonly groups = new Map<Id, Combination>();
  private readonly failed = new Set<Id>();
  private readonly order: Id[] = [];
  private nextId = 0;
  private readonly rng: Rng;

  constructor(opts: { rng?: Rng } = {}) {
    this.rng = opts.rng ?? systemRng;
  }

  private group(id: Id | undefined): [Id, Combination] {
    const key = (id === undefined ? (this.nextId++ as unknown as Id) : id) as Id;
    let comb = this.groups.get(key);
    if (!comb) {
      comb = new Combination();
      this.groups.set(key, comb);
      this.order.push(key);
    }
    return [key, comb];
  }

  /** Adds an ElGamal range proof (0..max; 0/1 is max = 1), spec V3. */
  addRange(publicKey: Point, ciphertext: Ciphertext, max: number, proof: SigmaProof, context: Context, id?: Id): Id {
    const [key, comb] = this.group(id);
    const n = max + 1;
    const ok =
      !publicKey.isIdentity() &&
      !ciphertext.alpha.isIdentity() &&
      proof.commitments.length === n &&
      proof.challenges.length === n &&
      proof.responses.length === n &&
      proof.commitments.every((row) => row.length === 2) &&
      sumOf(proof.challenges) === challenge('elgamal-range', context, [max, publicKey, ciphertext.alpha, ciphertext.beta], proof.commitments.flat());
    if (!ok) this.failed.add(key);
    else comb.addScaled(elgamalRangeCombination(publicKey, ciphertext, proof, this.rng));
    return key;
  }

  addZeroOne(item: ZeroOneItem, id?: Id): Id {
    return this.addRange(item.publicKey, item.ciphertext, 1, item.proof, item.context, id);
  }

  /** Adds a credential signature, spec V4. */
  addSignature(publicKey: Point, message: Uint8Array | string, signature: Signature, id?: Id): Id {
    const [key, comb] = this.group(id);
    if (publicKey.isIdentity() || signature.R.isIdentity()) this.failed.add(key);
    else comb.addScaled(signatureCombination(publicKey, signatureChallenge(publicKey, message, signature.R), signature, randomWeight(this.rng)));
    return key;
  }

  /** Adds any Σ-proof (label, context, statement and branches as for verifySigma). */
  addSigma(label: string, context: Context, statement: readonly TranscriptItem[], branches: readonly Branch[], proof: SigmaProof, id?: Id): Id {
    const [key, comb] = this.group(id);
    let ok = true;
    try {
      assertSigmaShape(proof, branches, label);
      ok = sumOf(proof.challenges) === challenge(label, context, statement, proof.commitments.flat());
    } catch {
      ok = false;
    }
    if (!ok) this.failed.add(key);
    else comb.addScaled(sigmaCombination(branches, proof, this.rng));
    return key;
  }

  /** Runs the combined check (and bisection on failure). */
  verify(): BatchResult<Id> {
    const candidates = this.order.filter((id) => !this.failed.has(id));
    const bad = new Set<Id>(this.failed);
    let check: (ids: readonly Id[]) => boolean;
    if (activeBackend() === 'sodium') {
      const partial = new Map<Id, Point>();
      for (const id of candidates) {
        const comb = this.groups.get(id)!;
        let acc: Point = IDENTITY;
        for (let i = 0; i < comb.points.length; i++) acc = acc.add(comb.points[i]!.mul(comb.scalars[i]!));
        partial.set(id, acc);
      }
      check = (ids) => {
        let acc: Point = IDENTITY;
        for (const id of ids) acc = acc.add(partial.get(id)!);
        return acc.isIdentity();
      };
    } else {
      check = (ids) => {
        const all = new Combination();
        for (const id of ids) all.addScaled(this.groups.get(id)!);
        return msmIsIdentity(all.points, all.scalars);
      };
    }
    const bisect = (ids: readonly Id[], knownBad: boolean): void => {
      if (ids.length === 0) return;
      if (!knownBad && check(ids)) return;
      if (ids.length === 1) {
        bad.add(ids[0]!);
        return;
      }
      const mid = ids.length >> 1;
      const left = ids.slice(0, mid);
      const leftOk = check(left);
      if (!leftOk) bisect(left, true);
      bisect(ids.slice(mid), leftOk);
    };
    bisect(candidates, false);
    const invalid = this.order.filter((id) => bad.has(id));
    return { valid: invalid.length === 0, invalid };
  }
}

function sumOf(xs: readonly Scalar[]): Scalar {
  let s = 0n;
  for (const x of xs) s = scalarAdd(s, x);
  return s;
}

/** Verifies many 0/1 ElGamal proofs at once; `invalid` lists input indices, agreeing with verifyZeroOne. */
export function batchVerifyZeroOne(items: readonly ZeroOneItem[], opts: { rng?: Rng } = {}): BatchResult<number> {
  const bv = new BatchVerifier<number>(opts);
  items.forEach((item, i) => bv.addZeroOne(item, i));
  return bv.verify();
}

/** Verifies many signatures at once; `invalid` lists input indices. */
export function batchVerifySignatures(items: readonly { publicKey: Point; message: Uint8Array | string; signature: Signature }[], opts: { rng?: Rng } = {}): BatchResult<number> {
  const bv = new BatchVerifier<number>(opts);
  items.forEach((it, i) => bv.addSignature(it.publicKey, it.message, it.signature, i));
  return bv.verify();
}

