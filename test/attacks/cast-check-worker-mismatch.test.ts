/**
 * Cast checks on worker threads (src/services/cast-check-pool.ts): the casts of one event-loop turn go to a worker as
 * one message and come back as one list of verdicts. If a verdict were matched to the wrong cast (ids, ordering across
 * turns and workers, two elections' casts in one batch), a forged ballot could take an honest one's "ok", or a receipt
 * could name another ballot's tracker. A forger floods two workers with a mix, over several turns, of:
 *   - honest ballots of two elections (each election's own hash and key);
 *   - a ballot of election A sent to election B (valid for A only);
 *   - another voter's proof re-signed with the forger's own credential;
 *   - a borrowed signature;
 * and every cast must get exactly the verdict, and honest ones exactly the tracker of their own body, that the
 * in-thread check gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, scalarFromHex, sign, signatureToJSON, type Point } from '../../src/crypto';
import { ballotSigningMessage, ballotTracker, generateCredential, prepareBallot, type BallotBody } from '../../src/ballot';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { checkCastJob, type CastJob, type CastOutcome } from '../../src/services/cast-check';
import { castCheck, castsCheckedByWorkers, startCastCheckWorkers, stopCastCheckWorkers } from '../../src/services/cast-check-pool';

interface Election {
  eh: string;
  Y: Point;
}

describe('a forger floods the cast-check workers', () => {
  let A: Election;
  let B: Election;
  beforeAll(async () => {
    await initCrypto();
    A = { eh: 'a1'.repeat(32), Y: generateKeyPair().publicKey };
    B = { eh: 'b2'.repeat(32), Y: generateKeyPair().publicKey };
  });
  afterAll(() => stopCastCheckWorkers());

  /** One turn's casts: honest ones for A and B, and three forgeries, shuffled by `turn`. */
  function turnJobs(turn: number): { job: CastJob; honest: boolean }[] {
    const job = (e: Election, body: unknown): CastJob => ({ kind: 'ballot', electionHash: e.eh, publicKey: e.Y.toHex(), body });
    const creds = Array.from({ length: 6 }, () => generateCredential());
    const hA = [0, 1, 2].map((i) => prepareBallot({ electionHash: A.eh, publicKey: A.Y }, creds[i]!.secret, (i % 2) as 0 | 1).body);
    const hB = [3, 4].map((i) => prepareBallot({ electionHash: B.eh, publicKey: B.Y }, creds[i]!.secret, (i % 2) as 0 | 1).body);
    const forgerA = generateCredential();
    const own = prepareBallot({ electionHash: A.eh, publicKey: A.Y }, forgerA.secret, 1).body;
    const f = { ...own, proof: hA[1]!.proof, ciphertext: hA[1]!.ciphertext };
    const reSigned: BallotBody = { ...f, signature: signatureToJSON(sign(scalarFromHex(forgerA.secret), ballotSigningMessage(A.eh, f.credential, f.ciphertext, f.proof, f.revision))) };
    const borrowed: BallotBody = { ...hA[2]!, signature: hA[0]!.signature };
    const list = [
      { job: job(A, hA[0]), honest: true },
      { job: job(B, hA[1]), honest: false }, // A's ballot sent to B
      { job: job(A, reSigned), honest: false },
      { job: job(B, hB[0]), honest: true },
      { job: job(A, borrowed), honest: false },
      { job: job(A, hA[1]), honest: true },
      { job: job(B, hB[1]), honest: true },
      { job: job(A, hA[2]), honest: true },
    ];
    // a different order every turn
    return list.map((x, i) => ({ x, k: (i * (turn + 3)) % list.length })).sort((p, q) => p.k - q.k).map((p) => p.x);
  }

  it('every cast gets its own verdict and its own tracker, whichever worker and turn checked it', async () => {
    const turns = Array.from({ length: 6 }, (_, t) => turnJobs(t));
    const here = await Promise.all(turns.flat().map((x) => checkCastJob(x.job)));
    // sanity: the in-thread check accepts exactly the honest casts
    expect(here.map((o) => o.verdict === 'ok')).toEqual(turns.flat().map((x) => x.honest));

    await startCastCheckWorkers(2);
    const before = castsCheckedByWorkers();
    const pending: Promise<CastOutcome>[] = [];
    for (const t of turns) {
      for (const x of t) pending.push(castCheck(x.job));
      await new Promise((r) => setImmediate(r)); // the next turn's casts go in another message, maybe to the other worker
    }
    const there = await Promise.all(pending);
    expect(castsCheckedByWorkers() - before).toBe(pending.length);
    expect(there).toEqual(here);
    turns.flat().forEach((x, i) => {
      const o = there[i]!;
      if (x.honest) expect(o).toEqual({ verdict: 'ok', tracker: ballotTracker(x.job.body as BallotBody), canonical: canonicalJson(x.job.body), revision: 1 });
      else expect(o.verdict).not.toBe('ok');
    });
  }, 120_000);
});
