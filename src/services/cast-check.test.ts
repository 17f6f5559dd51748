import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, scalarFromHex, sign, signatureToJSON, type Point } from '../crypto';
import { decodeBallot, generateCredential, prepareBallot, type BallotBody } from '../ballot';
import { contestSigningMessage, decodeContestBallot, prepareContestBallot, type ContestBallotBody } from '../contest/board';
import { twoCandidateManifest, withForeignProof } from '../contest/fixtures.test-helpers';
import { checkBallotCast, checkContestCast } from './cast-check';

let Y: Point;
beforeAll(async () => {
  await initCrypto();
  Y = generateKeyPair().publicKey;
});

describe('cast-time checks, batched over the casts of one turn of the event loop', () => {
  it('gives each confidence ballot its own verdict when good and forged ballots arrive together', async () => {
    const params = { electionHash: 'e'.repeat(64), publicKey: Y };
    const creds = Array.from({ length: 6 }, () => generateCredential());
    const good = creds.map((c, i) => prepareBallot(params, c.secret, (i % 2) as 0 | 1).body);
    const badSignature: BallotBody = { ...good[1]!, signature: good[2]!.signature };
    const badProof = withForeignProof(creds[3]!.secret, good[3]!, good[4]!, params.electionHash);
    const all = [good[0]!, badSignature, good[2]!, badProof, good[4]!, good[5]!];
    const verdicts = await Promise.all(all.map((b) => checkBallotCast(params, b, decodeBallot(b))));
    expect(verdicts).toEqual(['ok', 'signature', 'ok', 'proof', 'ok', 'ok']);
    // A batch of good ballots only, and the same ballots once more one turn later.
    expect(await Promise.all(good.map((b) => checkBallotCast(params, b, decodeBallot(b))))).toEqual(Array(6).fill('ok'));
  });

  it('gives each contest ballot its own verdict (a wrong election hash fails the signature, a swapped sum proof the proof)', async () => {
    const m = twoCandidateManifest(4);
    const eh = 'f'.repeat(64);
    const creds = Array.from({ length: 4 }, () => generateCredential());
    const bodies = creds.map((c, i) => prepareContestBallot(m, eh, Y, c.secret, i % 2 === 0 ? 0 : null).body);
    const wrongElection = prepareContestBallot(m, 'a'.repeat(64), Y, creds[1]!.secret, 1).body;
    const swapped: ContestBallotBody = { ...bodies[2]!, sumProof: bodies[3]!.sumProof };
    const { signature: _s, ...unsigned } = swapped;
    const resigned: ContestBallotBody = { ...swapped, signature: signatureToJSON(sign(scalarFromHex(creds[2]!.secret), contestSigningMessage(eh, unsigned))) };
    const all = [bodies[0]!, wrongElection, resigned, bodies[3]!];
    const verdicts = await Promise.all(all.map((b) => checkContestCast(eh, Y, true, b, decodeContestBallot(b, 2, true))));
    expect(verdicts).toEqual(['ok', 'signature', 'proof', 'ok']);
  });
});
