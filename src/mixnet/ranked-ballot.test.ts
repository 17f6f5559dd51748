import { beforeAll, describe, expect, it } from 'vitest';
import { G } from '../crypto/group';
import { generateKeyPair } from '../crypto/elgamal';
import { proveKnowledge } from '../crypto/proofs';
import { seededRng } from '../crypto/random';
import { sign } from '../crypto/signature';
import { initCrypto } from '../crypto/sodium';
import { RISTRETTO } from './group-ristretto';
import { castRankedBallot, checkRankedBallots, rankedBallotFromJSON, rankedBallotMessage, rankedBallotToJSON, rankedCellContext, type RankedBallot } from './ranked-ballot';

beforeAll(async () => {
  await initCrypto();
});

const EH = 'e'.repeat(64);
const rng = seededRng('ranked-ballots');
const election = generateKeyPair(rng);
const voters = Array.from({ length: 4 }, () => RISTRETTO.randomScalar(rng));
const list = new Set(voters.map((x) => RISTRETTO.expSecret(G, x).toHex()));
const honest = voters.map((x, i) => castRankedBallot(EH, election.publicKey, x, [1 + (i % 3), 0, 0], rng));
const problems = (ballots: RankedBallot[]) => checkRankedBallots(EH, list, 3, ballots, rng).map((p) => p.ballot);

describe('cast ranked ballots (M12)', () => {
  it('accepts each voter’s own signed, proved ballot, and survives a JSON round trip', () => {
    expect(problems(honest)).toEqual([]);
    expect(problems(honest.map((b) => rankedBallotFromJSON(JSON.parse(JSON.stringify(rankedBallotToJSON(b))), 'b')))).toEqual([]);
  });

  it('a voter who copies another’s row and proofs and signs them with their own credential (to copy a vote) is named', () => {
    const copier = voters[1]!;
    const row = honest[0]!.row;
    const proofs = honest[0]!.proofs;
    const copy: RankedBallot = { credential: RISTRETTO.expSecret(G, copier), row, proofs, signature: sign(copier, rankedBallotMessage(EH, row, proofs), rng) };
    expect(problems([honest[0]!, copy, honest[2]!, honest[3]!])).toEqual([1]);
  });

  it('a voter who re-encrypts another’s row and proves only their own re-encryption exponent is named', () => {
    const copier = voters[1]!;
    const credential = RISTRETTO.expSecret(G, copier);
    const s = RISTRETTO.randomScalar(rng);
    const row = honest[0]!.row.map((c) => ({ alpha: c.alpha.add(RISTRETTO.expSecret(G, s)), beta: c.beta.add(election.publicKey.mulSecret(s)) }));
    const proofs = row.map((c, k) => proveKnowledge(s, c.alpha, rankedCellContext(EH, credential, k), rng));
    const copy: RankedBallot = { credential, row, proofs, signature: sign(copier, rankedBallotMessage(EH, row, proofs), rng) };
    expect(problems([honest[0]!, copy])).toEqual([1]);
  });

  it('a server that reorders a ballot’s cells after it was signed (to change its ranking) is named', () => {
    const b = honest[2]!;
    const swapped: RankedBallot = { ...b, row: [b.row[1]!, b.row[0]!, b.row[2]!], proofs: [b.proofs[1]!, b.proofs[0]!, b.proofs[2]!] };
    expect(problems([honest[0]!, swapped])).toEqual([1]);
  });

  it('a server that swaps in a ballot it encrypted itself under a voter’s credential (no secret) is named', () => {
    const server = RISTRETTO.randomScalar(rng);
    const forged = castRankedBallot(EH, election.publicKey, server, [2, 0, 0], rng);
    const claimed: RankedBallot = { ...forged, credential: honest[3]!.credential };
    expect(problems([honest[0]!, claimed])).toEqual([1]);
    // and its own credential is not on the list
    expect(checkRankedBallots(EH, list, 3, [forged], rng)[0]!.message).toMatch(/not on the published list/);
  });

  it('a ballot proved for another election (replayed between elections) is named', () => {
    const other = castRankedBallot('f'.repeat(64), election.publicKey, voters[0]!, [1, 0, 0], rng);
    expect(problems([other])).toEqual([0]);
  });

  it('a row of the wrong width is named without checking its proofs', () => {
    const short = castRankedBallot(EH, election.publicKey, voters[0]!, [1, 0], rng);
    expect(checkRankedBallots(EH, list, 3, [short], rng)[0]!.message).toMatch(/2 cells, the rulebook's width is 3/);
  });
});
