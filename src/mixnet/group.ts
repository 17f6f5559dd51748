/**
 * The small group interface the verifiable shuffle is written over, in the multiplicative notation of the CHVote
 * protocol specification (so every line of ./shuffle.ts reads like its pseudocode): `mul` is the group operation,
 * `exp(x, k)` is x^k, `msm` is ∏ x_i^{k_i}.
 *
 * Two implementations: ristretto255 (./group-ristretto.ts, production, on src/crypto's Point with its libsodium
 * and WebAssembly multi-scalar back ends) and a prime-order subgroup of Z_p^* with bigint arithmetic
 * (./group-toy.ts, for hand-checkable vectors and fast property tests).
 *
 * Threat model: every element received from outside is attacker-chosen, so `decode` is strict (canonical encoding,
 * in the prime-order group, never the identity unless the statement allows it). Generators other than `g` come
 * from `independentGenerators(label, n)`, a hash-to-group of a public label ("nothing up my sleeve"): nobody knows
 * a discrete-log relation among them, which the binding of the permutation commitment and of the commitment chain
 * needs (a mixer who knew log_g h_i could open the permutation commitment to two permutations).
 */
import type { Rng } from '../crypto/random';

export interface MixGroup<E> {
  /** Stable name bound into every Fiat–Shamir hash ('ristretto255', 'toy-p…'). */
  readonly name: string;
  /** The prime order q of the group; exponents live in Z_q. */
  readonly order: bigint;
  /** The standard generator g. */
  readonly generator: E;
  readonly identity: E;
  /** Group operation x·y. */
  mul(x: E, y: E): E;
  /** x^{-1}. */
  inv(x: E): E;
  /** x^k for a public exponent k ∈ [0, q) (variable time). */
  exp(x: E, k: bigint): E;
  /** x^k for a secret exponent (constant-time path where the implementation has one). */
  expSecret(x: E, k: bigint): E;
  /** ∏ bases[i]^{exps[i]} (multi-exponentiation); exponents in [0, q). */
  msm(bases: readonly E[], exps: readonly bigint[]): E;
  equals(x: E, y: E): boolean;
  /** Canonical fixed-length encoding (what is hashed and published). */
  encode(x: E): Uint8Array;
  /** Strict decoding; throws CryptoError on a non-canonical encoding or a non-member. */
  decode(bytes: Uint8Array, opts?: { allowIdentity?: boolean; field?: string }): E;
  /** Domain-separated hash of length-prefixed byte strings to Z_q. */
  hashToScalar(dst: string, ...parts: Uint8Array[]): bigint;
  /** n generators derived from `label` by hash-to-group, independent of g and of each other. */
  independentGenerators(label: string, n: number): E[];
  /** Uniform nonzero exponent. */
  randomScalar(rng: Rng): bigint;
}

/** Exponent arithmetic mod q (shared by every group). */
export function modq(q: bigint, a: bigint): bigint {
  const r = a % q;
  return r < 0n ? r + q : r;
}
