/**
 * Exponential ElGamal on ristretto255 (spec §5).
 *
 *   keys:        sk = x (uniform nonzero scalar), pk = Y = x·G
 *   encryption:  Enc(m; r) = (α, β) = (r·G, m·G + r·Y), m a small non-negative integer
 *   decryption:  m·G = β − x·α, then m by baby-step giant-step
 *
 * Threat model: IND-CPA under DDH for whoever lacks x (or k trustee shares). The randomness r is as secret
 * as the vote (r reveals m), so it is only used through constant-time paths and returned to the caller only
 * so that it can prove statements about the ciphertext, then be discarded. Homomorphic: Enc(a)+Enc(b) = Enc(a+b).
 */
import { CryptoError } from './errors';
import { IDENTITY, Point, assertScalar, mulBase, randomScalar, scalarMod, sumPublic, type Scalar } from './group';
import { discreteLog, DEFAULT_DLOG_BOUND } from './dlog';
import { systemRng, type Rng } from './random';
import { activeBackend } from './sodium';

export interface Ciphertext {
  alpha: Point;
  beta: Point;
}

export interface KeyPair {
  secretKey: Scalar;
  publicKey: Point;
}

export interface Encryption {
  ciphertext: Ciphertext;
  /** The encryption randomness r: as secret as the plaintext. Keep only as long as needed for proofs. */
  randomness: Scalar;
}

export function generateKeyPair(rng: Rng = systemRng): KeyPair {
  const secretKey = randomScalar(rng);
  return { secretKey, publicKey: mulBase(secretKey) };
}

export function publicKeyOf(secretKey: Scalar): Point {
  return mulBase(assertScalar(secretKey, 'secretKey'));
}

/** Plaintext m as a scalar; m must be a non-negative safe integer (or a bigint < ℓ). */
export function plaintextScalar(m: number | bigint): Scalar {
  if (typeof m === 'number') {
    if (!Number.isSafeInteger(m) || m < 0) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `plaintext ${m} must be a non-negative safe integer`);
    return BigInt(m);
  }
  return assertScalar(m, 'plaintext');
}

export function encrypt(publicKey: Point, m: number | bigint, randomness?: Scalar, rng: Rng = systemRng): Encryption {
  const r = randomness === undefined ? randomScalar(rng) : assertScalar(randomness, 'randomness');
  const ms = plaintextScalar(m);
  const alpha = mulBase(r);
  const beta = mulBase(ms).add(publicKey.mulSecret(r));
  return { ciphertext: { alpha, beta }, randomness: r };
}

/** Fresh encryption of the same plaintext: (α + r'·G, β + r'·Y). Returns the added randomness r'. */
export function rerandomize(publicKey: Point, ct: Ciphertext, randomness?: Scalar, rng: Rng = systemRng): Encryption {
  const r = randomness === undefined ? randomScalar(rng) : assertScalar(randomness, 'randomness');
  return { ciphertext: { alpha: ct.alpha.add(mulBase(r)), beta: ct.beta.add(publicKey.mulSecret(r)) }, randomness: r };
}

/** Homomorphic sum: decrypts to the sum of the plaintexts (randomness adds too). */
/**
 * Σ of many ciphertexts (a homomorphic tally). On the WebAssembly back end one kernel addition per point on the
 * decoded points the verifier already holds; elsewhere as addCiphertexts. Same result on every back end.
 */
export function sumCiphertexts(cts: readonly Ciphertext[]): Ciphertext {
  if (cts.length < 2 || activeBackend() !== 'wasm') return addCiphertexts(...cts);
  const alphas: Point[] = [];
  const betas: Point[] = [];
  for (const c of cts) {
    alphas.push(c.alpha);
    betas.push(c.beta);
  }
  // The sums keep their decoded form (sumPublic), so a verifier's MSM over them decodes nothing again.
  return { alpha: sumPublic(alphas), beta: sumPublic(betas) };
}

export function addCiphertexts(...cts: Ciphertext[]): Ciphertext {
  let alpha: Point = IDENTITY;
  let beta: Point = IDENTITY;
  for (const ct of cts) {
    alpha = alpha.add(ct.alpha);
    beta = beta.add(ct.beta);
  }
  return { alpha, beta };
}

/** Homomorphic scalar multiplication by a PUBLIC scalar: decrypts to k·m. */
export function scaleCiphertext(ct: Ciphertext, k: Scalar | number): Ciphertext {
  const s = typeof k === 'number' ? scalarMod(BigInt(k)) : assertScalar(k, 'k');
  return { alpha: ct.alpha.mul(s), beta: ct.beta.mul(s) };
}

/** The encryption of m with randomness 0 (a public constant, e.g. for subtraction): (identity, m·G). */
export function trivialCiphertext(m: number | bigint): Ciphertext {
  return { alpha: IDENTITY, beta: mulBase(plaintextScalar(m)) };
}

/** m·G = β − x·α (secret key through the constant-time path). */
export function decryptToPoint(secretKey: Scalar, ct: Ciphertext): Point {
  return ct.beta.sub(ct.alpha.mulSecret(assertScalar(secretKey, 'secretKey')));
}

/** Decrypts a small plaintext in [0, bound). Throws CRYPTO_DECRYPTION_OUT_OF_RANGE otherwise. */
export function decrypt(secretKey: Scalar, ct: Ciphertext, bound: number = DEFAULT_DLOG_BOUND): number {
  return discreteLog(decryptToPoint(secretKey, ct), bound);
}

export function ciphertextEquals(a: Ciphertext, b: Ciphertext): boolean {
  return a.alpha.equals(b.alpha) && a.beta.equals(b.beta);
}

