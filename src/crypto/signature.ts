/**
 * Schnorr signatures on ristretto255 (spec §8): the voter's credential signs its ballot.
 *
 *   keys:    sk = x, pk = X = x·G
 *   sign:    k = hashToScalar("confidence/v1/signature-nonce", x, 32 fresh random bytes, msg)   (hedged nonce)
 *            R = k·G,  e = challenge("signature", [], [X, msg], [R]),  s = k + e·x
 *            signature = R (32 bytes) || s (32 bytes, canonical)
 *   verify:  X ≠ identity, R canonical, s < ℓ, and s·G = R + e·X        (spec V4)
 *
 * The public key is inside the hash (key-prefixing), so a signature cannot be re-bound to a related key; the
 * signature carries R, not e, so many signatures can be batch-verified. The hedged nonce stays safe with a
 * broken RNG (deterministic in x, msg) and with fault attacks on deterministic signing (fresh bytes).
 */
import { concatBytes, utf8 } from './bytes';
import { CryptoError } from './errors';
import { G, Point, _scalarToBytesUnchecked, assertScalar, hashToScalar, mulBase, mulBasePublic, scalarAdd, scalarFromBytes, scalarMul, type Scalar } from './group';
import { systemRng, type Rng } from './random';
import { challenge } from './transcript';
import { Combination } from './equations';
import { useWasmVerifier } from './sodium';

export const SIGNATURE_BYTES = 64;

export interface Signature {
  R: Point;
  s: Scalar;
}

function messageBytes(message: Uint8Array | string): Uint8Array {
  return typeof message === 'string' ? utf8(message) : message;
}

export function signatureChallenge(publicKey: Point, message: Uint8Array | string, R: Point): Scalar {
  return challenge('signature', [], [publicKey, messageBytes(message)], [R]);
}

/**
 * `publicKey`, if given, must be x·G for this secret key (a signer that signs many messages with one key, such as
 * the board's receipts, computes it once): it saves one base multiplication per signature.
 */
export function sign(secretKey: Scalar, message: Uint8Array | string, rng: Rng = systemRng, publicKey: Point = mulBase(secretKey)): Signature {
  assertScalar(secretKey, 'secretKey');
  if (secretKey === 0n) throw new CryptoError('CRYPTO_ZERO_SCALAR', 'sign: secret key must be nonzero');
  const msg = messageBytes(message);
  let k = hashToScalar('confidence/v1/signature-nonce', _scalarToBytesUnchecked(secretKey), rng(32), msg);
  if (k === 0n) k = 1n; // probability 2^-252; keeps R ≠ identity
  const R = mulBase(k);
  const e = signatureChallenge(publicKey, msg, R);
  return { R, s: scalarAdd(k, scalarMul(e, secretKey)) };
}

export function verify(publicKey: Point, message: Uint8Array | string, signature: Signature): boolean {
  if (publicKey.isIdentity()) return false;
  const e = signatureChallenge(publicKey, message, signature.R);
  if (useWasmVerifier()) return signatureCombination(publicKey, e, signature).isIdentity();
  return mulBasePublic(signature.s).sub(publicKey.mul(e)).equals(signature.R);
}

/** s·G − e·X − R as a term list (weight w), for the WebAssembly and batch verifiers. */
export function signatureCombination(publicKey: Point, e: Scalar, signature: Signature, w: Scalar = 1n): Combination {
  return new Combination().addSigmaEquation(w, signature.s, G, e, publicKey, signature.R);
}

export function signatureToBytes(sig: Signature): Uint8Array {
  return concatBytes(sig.R.encoded, _scalarToBytesUnchecked(assertScalar(sig.s, 'signature.s')));
}

/** Strict decoder: 64 bytes, R a canonical non-identity point, s canonical. */
export function signatureFromBytes(bytes: Uint8Array): Signature {
  if (!(bytes instanceof Uint8Array) || bytes.length !== SIGNATURE_BYTES) {
    throw new CryptoError('CRYPTO_INVALID_LENGTH', `signature: expected ${SIGNATURE_BYTES} bytes`, { field: 'signature' });
  }
  const R = Point.fromBytes(bytes.subarray(0, 32), { field: 'signature.R' });
  const s = scalarFromBytes(bytes.subarray(32, 64), { field: 'signature.s' });
  return { R, s };
}

