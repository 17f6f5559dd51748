/**
 * The voting booth (docs/ballot-spec.md §4): runs on the voter's device (browser or CLI), never on the server.
 *
 *   ballot = (credential X, Enc_Y(v; r), 0/1 proof bound to [election, X], Schnorr signature by x over all of it)
 *   tracker = SHA-256(canonical ballot)
 *
 * Threat model. The server is not trusted with the vote: it sees only the ciphertext. It is not trusted to count
 * honestly: the signature by a credential on the published list stops it from stuffing ballots (it never had
 * the secret credentials: an independent credential authority generated them), and the tracker lets each voter
 * check their ballot is on the board. The booth's code might be malicious: the Benaloh challenge lets the voter
 * make the booth commit to a ballot, then demand its randomness and check it encrypts their choice; a booth
 * that cheats is caught with probability 1/2 per challenge. A challenged ballot is never cast (its randomness is
 * public); the booth re-encrypts with fresh randomness.
 *
 * Pure module: the randomness comes from the crypto core's systemRng (Web Crypto / node:crypto).
 */
import {
  BatchVerifier,
  Point,
  encrypt,
  mulBase,
  proveZeroOne,
  publicKeyOf,
  randomScalar,
  scalarFromHex,
  scalarToHex,
  sign,
  verifyZeroOne,
  verify as verifySignature,
  ciphertextToJSON,
  sigmaProofToJSON,
  signatureToJSON,
  ciphertextFromJSON,
  sigmaProofFromJSON,
  signatureFromJSON,
  utf8,
  systemRng,
  type Ciphertext,
  type Context,
  type Rng,
  type Scalar,
  type SigmaProof,
  type Signature,
  type CiphertextJSON,
  type SigmaProofJSON,
} from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { ballotTracker, type BallotBody } from './records';

export interface ElectionParams {
  /** Hash of the board's setup record. */
  electionHash: string;
  /** Joint election public key Y (from the election_key record). */
  publicKey: Point;
}

/** Context of a ballot's 0/1 proof: a proof cannot move to another election or another credential. */
export function ballotContext(electionHash: string, credential: Point): Context {
  return ['ballot', electionHash, credential];
}

/**
 * The bytes a credential signs: the whole ballot except the signature, bound to the election. The revision (1 for
 * the first ballot of a credential, then 2, 3, … for revotes) is under the signature, so which ballot of a
 * credential is the latest is the voter's statement, not an accident of the order the server gave the board.
 */
export function ballotSigningMessage(electionHash: string, credentialHex: string, ciphertext: CiphertextJSON, proof: SigmaProofJSON, revision: number): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/ballot', election: electionHash, credential: credentialHex, ciphertext, proof, revision }));
}

/** Largest revision accepted: a voter revotes a handful of times; the bound keeps the field a small integer. */
export const MAX_REVISION = 1_000_000;

export function isRevision(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1 && x <= MAX_REVISION;
}

export interface Credential {
  /** Secret signing key (hex scalar): only the voter has it. */
  secret: string;
  /** Public key (hex point): on the board's credential list. */
  public: string;
}

export function generateCredential(rng: Rng = systemRng): Credential {
  const x = randomScalar(rng);
  return { secret: scalarToHex(x), public: mulBase(x).toHex() };
}

export function credentialPublicKey(secretHex: string): string {
  return publicKeyOf(scalarFromHex(secretHex, { field: 'credential' })).toHex();
}

export interface PreparedBallot {
  body: BallotBody;
  tracker: string;
  /** What a Benaloh challenge reveals. Discard once the ballot is cast. */
  secret: { vote: 0 | 1; randomness: string };
}

/**
 * Encrypts, proves and signs a ballot for `vote` (1 = Yes). `revision` is 1 for a credential's first ballot and
 * one more than its previous ballot's for each revote (the board refuses any other number; check B9a).
 */
export function prepareBallot(params: ElectionParams, credentialSecret: string, vote: 0 | 1, rng: Rng = systemRng, revision = 1): PreparedBallot {
  if (vote !== 0 && vote !== 1) throw new Error('vote must be 0 or 1');
  if (!isRevision(revision)) throw new Error(`revision must be an integer in 1..${MAX_REVISION}`);
  const x = scalarFromHex(credentialSecret, { field: 'credential' });
  const X = mulBase(x);
  const credential = X.toHex();
  const { ciphertext, randomness } = encrypt(params.publicKey, vote, undefined, rng);
  const proof = proveZeroOne({ publicKey: params.publicKey, ciphertext, value: vote, randomness, context: ballotContext(params.electionHash, X), rng });
  const ctJson = ciphertextToJSON(ciphertext);
  const proofJson = sigmaProofToJSON(proof);
  const signature = sign(x, ballotSigningMessage(params.electionHash, credential, ctJson, proofJson, revision), rng);
  const body: BallotBody = { credential, ciphertext: ctJson, proof: proofJson, revision, signature: signatureToJSON(signature) };
  return { body, tracker: ballotTracker(body), secret: { vote, randomness: scalarToHex(randomness) } };
}

export interface DecodedBallot {
  credential: Point;
  ciphertext: Ciphertext;
  proof: SigmaProof;
  revision: number;
  signature: Signature;
}

/** Strict decoding of an untrusted ballot body (throws CryptoError naming the field). */
export function decodeBallot(body: unknown): DecodedBallot {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('ballot: expected an object');
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b);
  if (keys.length !== 5 || !['credential', 'ciphertext', 'proof', 'revision', 'signature'].every((k) => k in b)) throw new Error('ballot: expected exactly {credential, ciphertext, proof, revision, signature}');
  if (!isRevision(b.revision)) throw new Error(`ballot: revision must be an integer in 1..${MAX_REVISION}`);
  return {
    revision: b.revision,
    credential: Point.fromHex(b.credential, { field: 'credential' }),
    ciphertext: ciphertextFromJSON(b.ciphertext, 'ciphertext'),
    proof: sigmaProofFromJSON(b.proof, 'proof', [2, 2]),
    signature: signatureFromJSON(b.signature, 'signature'),
  };
}

/** Signature check of a decoded ballot (crypto spec V4). */
export function checkBallotSignature(electionHash: string, body: BallotBody, decoded: DecodedBallot): boolean {
  return verifySignature(decoded.credential, ballotSigningMessage(electionHash, body.credential, body.ciphertext, body.proof, decoded.revision), decoded.signature);
}

/** 0/1 proof check of one decoded ballot (crypto spec V3). Verifiers use the batch form (V12). */
export function checkBallotProof(params: ElectionParams, decoded: DecodedBallot): boolean {
  return verifyZeroOne(params.publicKey, decoded.ciphertext, decoded.proof, ballotContext(params.electionHash, decoded.credential));
}

/**
 * Signature and 0/1 proof of one ballot in one combined check (crypto spec V12 on a one-ballot batch: a single
 * multi-scalar multiplication). Returns which failed, if any — the server uses it at cast time.
 */
export function checkBallotCrypto(params: ElectionParams, body: BallotBody, decoded: DecodedBallot): 'ok' | 'signature' | 'proof' {
  const bv = new BatchVerifier<number>();
  bv.addSignature(decoded.credential, ballotSigningMessage(params.electionHash, body.credential, body.ciphertext, body.proof, decoded.revision), decoded.signature, 0);
  bv.addZeroOne({ publicKey: params.publicKey, ciphertext: decoded.ciphertext, proof: decoded.proof, context: ballotContext(params.electionHash, decoded.credential) }, 0);
  if (bv.verify().valid) return 'ok';
  return checkBallotSignature(params.electionHash, body, decoded) ? 'proof' : 'signature';
}

export interface ChallengeOutcome {
  ok: boolean;
  /** The vote the revealed randomness opens the ciphertext to (null if it opens to neither). */
  vote: 0 | 1 | null;
  problems: string[];
}

/**
 * Benaloh challenge, voter side: given the ballot the booth committed to and the randomness it revealed,
 * check the ciphertext encrypts `expected`, the proof and the signature are valid. Anyone can run this
 * (a second device, the CLI), so the voter need not trust the booth that produced the ballot.
 */
export function checkChallenge(params: ElectionParams, body: BallotBody, revealed: { vote: 0 | 1; randomness: string }, expected: 0 | 1): ChallengeOutcome {
  const problems: string[] = [];
  let decoded: DecodedBallot;
  try {
    decoded = decodeBallot(body);
  } catch (e) {
    return { ok: false, vote: null, problems: [`ballot does not decode: ${(e as Error).message}`] };
  }
  const r = scalarFromHex(revealed.randomness, { field: 'randomness' });
  let opensTo: 0 | 1 | null = null;
  for (const v of [0, 1] as const) {
    const re = encrypt(params.publicKey, v, r).ciphertext;
    if (re.alpha.equals(decoded.ciphertext.alpha) && re.beta.equals(decoded.ciphertext.beta)) opensTo = v;
  }
  if (opensTo === null) problems.push('the revealed randomness does not open the ciphertext');
  else if (opensTo !== expected) problems.push(`the ballot encrypts ${opensTo === 1 ? 'Yes' : 'No'}, not the choice made`);
  if (revealed.vote !== opensTo) problems.push('the booth misreported the encrypted vote');
  if (!checkBallotProof(params, decoded)) problems.push('the 0/1 proof is invalid');
  if (!checkBallotSignature(params.electionHash, body, decoded)) problems.push('the credential signature is invalid');
  return { ok: problems.length === 0, vote: opensTo, problems };
}

export type { Scalar };
