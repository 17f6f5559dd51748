/**
 * Public entry point of the crypto core (issue 3). Pure library: no I/O, no database, no network.
 * Specification: docs/crypto-spec.md (verification steps V1..V12 referenced below). Names here are stable.
 *
 * Back ends: everything works synchronously on @noble/curves. `await initCrypto()` once at start-up loads
 * libsodium (WebAssembly: constant-time secret-scalar paths, ≈7× faster multiplication, no BigInt decoding) and
 * the verifier kernel ./wasm (strict decoding + multi-scalar multiplication for public verification equations).
 * setBackend('noble' | 'sodium' | 'wasm'), default 'wasm' once loaded. Results are identical on all back ends.
 *
 * Group (./group)
 *   Point                       ristretto255 element; Point.fromBytes/fromHex (strict: canonical, 32 bytes,
 *                               identity only with {allowIdentity:true}), .toBytes/.toHex/.encoded, .add/.sub/.neg,
 *                               .mul(k) public scalar (variable time), .mulSecret(k) secret scalar (constant time),
 *                               .equals, .isIdentity, .precompute()
 *   Scalar                      bigint in [0, ℓ); GROUP_ORDER = ℓ
 *   G, H, GENERATOR_H_LABEL     base point; second generator H derived from the label (spec §2.3)
 *   scalarToBytes/scalarFromBytes/scalarToHex/scalarFromHex   32-byte LE, strict (≥ ℓ rejected)
 *   randomScalar(rng?)          uniform nonzero scalar from 64 random bytes (wide reduction)
 *   hashToScalar(dst, ...parts) SHA-512 of length-prefixed, domain-separated parts, mod ℓ
 *   mulBase(k) secret k·G (constant time); mulBasePublic(k); scalarAdd/Sub/Mul/Neg/Inv/Mod
 * Transcript (./transcript)
 *   challenge(label, context, statement, commitments)  Fiat–Shamir challenge (spec §3); transcriptBytes(...)
 *   Context = readonly (string | Uint8Array | Point | Scalar | number)[]  e.g. [procedureId, electionPk, credentialPk]
 * ElGamal (./elgamal)
 *   generateKeyPair, publicKeyOf, encrypt(pk, m, r?, rng?) → {ciphertext, randomness}, rerandomize,
 *   addCiphertexts, scaleCiphertext, trivialCiphertext, decryptToPoint, decrypt(sk, ct, bound = 2^24)
 *   discreteLog(M, bound, babySteps?)   baby-step giant-step, table cached per size
 * Pedersen (./pedersen)
 *   commit(m, r?, rng?) → {commitment, randomness}, verifyOpening, addCommitments, addOpenings
 * Proofs (./proofs, ./sigma, ./threshold-proof)  — all bound to a context; verify* return boolean
 *   proveKnowledge / verifyKnowledge                 Schnorr PoK of x in X = x·G               (V2)
 *   proveEqualLogs / verifyEqualLogs                 Chaum–Pedersen log_G X = log_A D          (V10)
 *   proveZeroOne / verifyZeroOne                     ciphertext holds 0 or 1                   (V3)
 *   proveRange / verifyRange                         ciphertext holds 0..L (L ≤ 64)            (V3)
 *   proveCommitmentZeroOne / verifyCommitmentZeroOne, proveCommitmentRange / verifyCommitmentRange   (V5)
 *   proveThreshold / verifyThreshold                 Σ commitments ≥ t or < t (bit decomposition) (V6)
 *   proveSigma / verifySigma                         the generic OR-of-linear-relations engine
 * Signatures (./signature)
 *   sign(sk, message, rng?) → {R, s}; verify(pk, message, sig) → boolean (binds pk)            (V4)
 *   signatureToBytes / signatureFromBytes (64 bytes)
 * Threshold keys (./dkg)   pure steps on serialisable data; trustees indexed 1..n
 *   dkgDeal, dkgDealingDigest, dkgVerifyDealing, dkgVerifyShare, encryptShare/decryptShare,
 *   dkgAnswerComplaint, dkgQualify (names disqualified dealers), dkgFinalize (throws naming the dealer),
 *   dkgPublicKey, dkgVerificationKey, partialDecrypt, verifyPartialDecryption, lagrangeCoefficients,
 *   combinePartialDecryptions (drops + names invalid partials), thresholdDecrypt                (V7–V11)
 *   Decoding of every received element: V1 (strict parsers below)
 * Batch verification (./batch, ./equations)                                                           (V12)
 *   new BatchVerifier<Id>() .addZeroOne(item, id) .addRange(...) .addSignature(pk, msg, sig, id) .addSigma(...)
 *     .verify() → {valid, invalid: ids}   one combined equation (one MSM), bisection names bad groups;
 *     one group = one ballot (its proofs + its signature); with one group it is the fastest single-ballot check
 *   batchVerifyZeroOne(items), batchVerifySignatures(items) → {valid, invalid: indices}
 *   Combination / msmIsIdentity / randomWeight: the linear-equation layer
 * Serialisation (./serialize)   JSON with lowercase hex; *FromJSON parsers validate every field
 * Errors (./errors)             CryptoError {code, message, details: {trustee?, index?, field?}}
 * Randomness (./random)         Rng type, systemRng, seededRng(seed) (vectors/tests only)
 */
export * from './errors';
export { bytesToHex, hexToBytes, concatBytes, utf8, equalBytes } from './bytes';
export { type Rng, systemRng, seededRng } from './random';
export { initCrypto, setBackend, activeBackend, type Backend } from './sodium';
export {
  Point,
  type Scalar,
  type DecodeOptions,
  GROUP_ORDER,
  POINT_BYTES,
  SCALAR_BYTES,
  G,
  H,
  IDENTITY,
  GENERATOR_H_LABEL,
  isScalar,
  assertScalar,
  scalarToBytes,
  scalarFromBytes,
  scalarToHex,
  scalarFromHex,
  scalarFromWideBytes,
  randomScalar,
  hashToScalar,
  scalarAdd,
  scalarSub,
  scalarMul,
  scalarNeg,
  scalarInv,
  scalarMod,
  mulBase,
  mulBasePublic,
  mulBaseInt,
  sumPublic,
} from './group';
export { challenge, transcriptBytes, TranscriptWriter, PROTOCOL_TAG, type Context, type TranscriptItem } from './transcript';
export * from './elgamal';
export { discreteLog, clearDlogTables, DEFAULT_DLOG_BOUND } from './dlog';
export * from './pedersen';
export { proveSigma, verifySigma, type SigmaProof, type Branch, type Pair } from './sigma';
export * from './proofs';
export * from './threshold-proof';
export * from './signature';
export * from './dkg';
export * from './dkg-accountable';
export * from './serialize';
export { BatchVerifier, batchVerifyZeroOne, batchVerifySignatures, type ZeroOneItem, type BatchResult } from './batch';
export { Combination, msmIsIdentity, randomWeight } from './equations';
