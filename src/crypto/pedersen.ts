/**
 * Pedersen commitments to small integers (spec §6): C = m·G + r·H, with H the nothing-up-my-sleeve second
 * generator of ./group. Perfectly hiding (C is uniform whatever m is), computationally binding under the
 * discrete-log assumption (nobody knows log_G H). Homomorphic: C(a; r) + C(b; s) = C(a + b; r + s).
 *
 * Used for the secret letter count: each letter is a commitment to 1, the sum commits to the count, and the
 * threshold proof shows count ≥ t (or < t) without revealing it.
 */
import { H, IDENTITY, Point, assertScalar, mulBase, randomScalar, scalarAdd, type Scalar } from './group';
import { plaintextScalar } from './elgamal';
import { systemRng, type Rng } from './random';

export interface Commitment {
  commitment: Point;
  /** The opening randomness r: secret, needed to prove statements about C. */
  randomness: Scalar;
}

export function commit(m: number | bigint, randomness?: Scalar, rng: Rng = systemRng): Commitment {
  const r = randomness === undefined ? randomScalar(rng) : assertScalar(randomness, 'randomness');
  const commitment = mulBase(plaintextScalar(m)).add(H.mulSecret(r));
  return { commitment, randomness: r };
}

/** Checks an opening (m, r) of C. */
export function verifyOpening(C: Point, m: number | bigint, r: Scalar): boolean {
  return mulBase(plaintextScalar(m)).add(H.mul(assertScalar(r, 'randomness'))).equals(C);
}

export function addCommitments(...cs: Point[]): Point {
  let acc: Point = IDENTITY;
  for (const c of cs) acc = acc.add(c);
  return acc;
}

/** Sums openings: the randomness of a sum of commitments. */
export function addOpenings(...rs: Scalar[]): Scalar {
  let acc = 0n;
  for (const r of rs) acc = scalarAdd(acc, r);
  return acc;
}
