import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, scalarFromHex, sign, signatureToJSON, type Point } from '../crypto';
import { ballotTracker, decodeBallot, generateCredential, makeRecord, prepareBallot, recordFromCanonicalBody, recordLine, type BallotBody } from '../ballot';
import { contestSigningMessage, decodeContestBallot, prepareContestBallot, type ContestBallotBody } from '../contest/board';
import { canonicalJson } from '../domain/audit/canonical-json';
import { checkBallotCast, checkCastJob, checkContestCast, sha256HexNative } from './cast-check';
import { twoCandidateManifest, withForeignProof } from '../contest/fixtures.test-helpers';

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

  it('answers a good cast with its tracker and canonical body, from which the board record is the one makeRecord builds', async () => {
    const params = { electionHash: 'd'.repeat(64), publicKey: Y };
    const body = prepareBallot(params, generateCredential().secret, 1).body;
    // Keys in another order than the canonical one: the tracker and the record do not depend on it.
    const shuffled = { signature: body.signature, revision: body.revision, proof: body.proof, ciphertext: { beta: body.ciphertext.beta, alpha: body.ciphertext.alpha }, credential: body.credential };
    const o = await checkCastJob({ kind: 'ballot', electionHash: params.electionHash, publicKey: Y.toHex(), body: shuffled });
    if (o.verdict !== 'ok') throw new Error(`expected ok, got ${o.verdict}`);
    expect(o.tracker).toBe(ballotTracker(body));
    expect(o.canonical).toBe(canonicalJson(body));
    const prev = 'c'.repeat(64);
    const rec = makeRecord(41, prev, 'ballot', body);
    for (const hashHex of [undefined, sha256HexNative]) {
      const fast = recordFromCanonicalBody(41, prev, 'ballot', o.canonical, hashHex);
      expect(fast).toEqual({ hash: rec.hash, line: recordLine(rec) });
    }
    const bad = await checkCastJob({ kind: 'ballot', electionHash: params.electionHash, publicKey: Y.toHex(), body: { ...body, revision: 0 } });
    expect(bad.verdict).toBe('malformed');
  });
});
