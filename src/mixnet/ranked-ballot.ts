/**
 * A cast ranked ballot: one row of ciphertexts (./ranked.ts), a proof of knowledge of each cell's randomness, and
 * the voter's credential signature over all of it (docs/mixnet-spec.md §3.1, check M12).
 *
 * Threats this stops:
 *  - Ballot copying (a voter, or a server, re-submitting someone else's row — as is, or re-encrypted — to vote
 *    "the same" and so learn or amplify it): each cell carries a Schnorr proof of knowledge of r with α = g^r,
 *    bound by its context to the election hash, the credential and the rank. A copier knows neither r nor, after
 *    re-encryption α·g^{r'}, r + r'; a proof lifted from another ballot fails under the copier's credential.
 *  - Ballot stuffing and replacement by the server: only rows signed by a credential of the published list
 *    (whose digest the manifest carries, so the election hash pins it) enter the mixnet, one per credential.
 *  - Malleability of the row: the signature covers the election hash, every cell and every proof.
 * What it does not stop: a credential's holder can sign any ranking (that is voting); which credential belongs to
 * whom is the credential authority's secret (docs/ballot-spec.md §0), as for the confidence vote.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { BatchVerifier } from '../crypto/batch';
import { bytesToHex, concatBytes, u32be, utf8 } from '../crypto/bytes';
import { G, mulBaseInt, Point, type Scalar } from '../crypto/group';
import { proveKnowledge } from '../crypto/proofs';
import { systemRng, type Rng } from '../crypto/random';
import { sigmaProofFromJSON, sigmaProofToJSON, signatureFromJSON, signatureToJSON, type SigmaProofJSON, type SignatureJSON } from '../crypto/serialize';
import type { SigmaProof } from '../crypto/sigma';
import { sign, type Signature } from '../crypto/signature';
import type { Context } from '../crypto/transcript';
import { RISTRETTO } from './group-ristretto';
import type { Row } from './shuffle';

export interface RankedBallot {
  credential: Point;
  row: Row<Point>;
  /** proofs[k]: knowledge of log_g α_k, in the context of rankedCellContext(eh, credential, k). */
  proofs: SigmaProof[];
  signature: Signature;
}

export interface RankedBallotJSON {
  credential: string;
  row: [string, string][];
  proofs: SigmaProofJSON[];
  signature: SignatureJSON;
}

/** The context binding a cell's proof to its election, its credential and its rank. */
export function rankedCellContext(electionHash: string, credential: Point, rank: number): Context {
  return ['ranked-ballot', electionHash, credential, rank];
}

/** The bytes the credential signs: the election hash, every cell and every proof, length-prefixed. */
export function rankedBallotMessage(electionHash: string, row: Row<Point>, proofs: readonly SigmaProof[]): Uint8Array {
  const parts: Uint8Array[] = [utf8('confidence/v1/ranked-ballot'), u32be(electionHash.length), utf8(electionHash), u32be(row.length)];
  for (const c of row) parts.push(c.alpha.encoded, c.beta.encoded);
  parts.push(u32be(proofs.length));
  for (const p of proofs) {
    const json = utf8(JSON.stringify(sigmaProofToJSON(p)));
    parts.push(u32be(json.length), json);
  }
  return sha256(concatBytes(...parts));
}

/** What a voter's device does: encrypt the encoded values (./ranked.ts encodeRanking), prove, sign. */
export function castRankedBallot(electionHash: string, publicKey: Point, credentialSecret: Scalar, values: readonly number[], rng: Rng = systemRng): RankedBallot {
  const credential = RISTRETTO.expSecret(G, credentialSecret);
  const row: Row<Point> = [];
  const proofs: SigmaProof[] = [];
  values.forEach((v, k) => {
    const r = RISTRETTO.randomScalar(rng);
    const alpha = RISTRETTO.expSecret(G, r);
    row.push({ alpha, beta: mulBaseInt(v).add(publicKey.mulSecret(r)) });
    proofs.push(proveKnowledge(r, alpha, rankedCellContext(electionHash, credential, k), rng));
  });
  const signature = sign(credentialSecret, rankedBallotMessage(electionHash, row, proofs), rng);
  return { credential, row, proofs, signature };
}

export const rankedBallotToJSON = (b: RankedBallot): RankedBallotJSON => ({
  credential: b.credential.toHex(),
  row: b.row.map((c) => [c.alpha.toHex(), c.beta.toHex()] as [string, string]),
  proofs: b.proofs.map(sigmaProofToJSON),
  signature: signatureToJSON(b.signature),
});

export function rankedBallotFromJSON(x: unknown, field: string): RankedBallot {
  if (typeof x !== 'object' || x === null) throw new TypeError(`${field}: expected a ballot object`);
  const o = x as Partial<RankedBallotJSON>;
  if (!Array.isArray(o.row)) throw new TypeError(`${field}.row: expected an array of cells`);
  if (!Array.isArray(o.proofs) || o.proofs.length !== o.row.length) throw new TypeError(`${field}.proofs: expected one proof per cell`);
  const row = o.row.map((cell, k) => {
    if (!Array.isArray(cell) || cell.length !== 2) throw new TypeError(`${field}.row[${k}]: expected [alpha, beta]`);
    return { alpha: Point.fromHex(cell[0], { field: `${field}.row[${k}].alpha` }), beta: Point.fromHex(cell[1], { field: `${field}.row[${k}].beta`, allowIdentity: true }) };
  });
  return {
    credential: Point.fromHex(o.credential, { field: `${field}.credential` }),
    row,
    proofs: o.proofs.map((p, k) => sigmaProofFromJSON(p, `${field}.proofs[${k}]`, [1])),
    signature: signatureFromJSON(o.signature, `${field}.signature`),
  };
}

/** SHA-256 of the sorted credential list, hex: what the manifest carries, so the election hash pins the list. */
export function credentialsDigest(credentials: readonly string[]): string {
  const sorted = [...credentials].sort();
  return bytesToHex(sha256(utf8(`confidence/v1/ranked-credentials\u0000${sorted.join('\n')}`)));
}

export interface RankedBallotProblem {
  ballot: number;
  message: string;
}

/**
 * M12: every ballot is signed by a distinct credential of the list, each of its cells proves knowledge of its
 * randomness in its own context, and the row has the rulebook's width. Proofs and signatures are checked in one
 * batch (src/crypto/batch.ts); a failing batch is bisected to name each bad ballot.
 */
export function checkRankedBallots(electionHash: string, credentials: ReadonlySet<string>, width: number, ballots: readonly RankedBallot[], rng?: Rng): RankedBallotProblem[] {
  const problems: RankedBallotProblem[] = [];
  const seen = new Map<string, number>();
  const bv = new BatchVerifier<number>({ rng });
  for (const [i, b] of ballots.entries()) {
    const cred = b.credential.toHex();
    const first = seen.get(cred);
    if (!credentials.has(cred)) problems.push({ ballot: i, message: `ballot ${i}: its credential is not on the published list` });
    else if (first !== undefined) problems.push({ ballot: i, message: `ballot ${i}: a second ballot of the credential that cast ballot ${first}` });
    else if (b.row.length !== width) problems.push({ ballot: i, message: `ballot ${i}: ${b.row.length} cells, the rulebook's width is ${width}` });
    else {
      seen.set(cred, i);
      b.row.forEach((c, k) => bv.addSigma('schnorr-pok', rankedCellContext(electionHash, b.credential, k), [c.alpha], [[[G, c.alpha]]], b.proofs[k]!, i));
      bv.addSignature(b.credential, rankedBallotMessage(electionHash, b.row, b.proofs), b.signature, i);
    }
  }
  for (const i of bv.verify().invalid) problems.push({ ballot: i, message: `ballot ${i}: a proof of knowledge of its randomness or its credential signature does not verify` });
  return problems.sort((a, b) => a.ballot - b.ballot);
}
