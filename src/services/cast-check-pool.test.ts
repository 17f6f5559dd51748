import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, type Point } from '../crypto';
import { ballotTracker, generateCredential, prepareBallot, type BallotBody } from '../ballot';
import { prepareContestBallot } from '../contest/board';
import { canonicalJson } from '../domain/audit/canonical-json';
import { twoCandidateManifest, withForeignProof } from '../contest/fixtures.test-helpers';
import { checkCastJob, type CastJob } from './cast-check';
import { castCheck, castsCheckedByWorkers, castWorkerCount, startCastCheckWorkers, stopCastCheckWorkers } from './cast-check-pool';

let Y: Point;
const eh = 'e'.repeat(64);
beforeAll(async () => {
  await initCrypto();
  Y = generateKeyPair().publicKey;
});
afterEach(() => stopCastCheckWorkers());

/** Six good ballots, one with another's signature, one with another's proof (re-signed), one malformed. */
function mixedJobs(): { jobs: CastJob[]; good: BallotBody[] } {
  const creds = Array.from({ length: 6 }, () => generateCredential());
  const good = creds.map((c, i) => prepareBallot({ electionHash: eh, publicKey: Y }, c.secret, (i % 2) as 0 | 1).body);
  const badSignature: BallotBody = { ...good[1]!, signature: good[2]!.signature };
  const badProof = withForeignProof(creds[3]!.secret, good[3]!, good[4]!, eh);
  const malformed = { ...good[5]!, revision: 0 };
  const bodies: unknown[] = [good[0], badSignature, good[2], badProof, malformed, good[4], good[5]];
  return { jobs: bodies.map((body) => ({ kind: 'ballot', electionHash: eh, publicKey: Y.toHex(), body })), good };
}

const verdicts = ['ok', 'signature', 'ok', 'proof', 'malformed', 'ok', 'ok'];

describe('cast checks in worker threads', () => {
  it('gives each cast of a mixed batch the same outcome as the in-thread check', async () => {
    const { jobs, good } = mixedJobs();
    const here = await Promise.all(jobs.map(checkCastJob));
    expect(here.map((o) => o.verdict)).toEqual(verdicts);
    expect(here[0]).toEqual({ verdict: 'ok', tracker: ballotTracker(good[0]!), canonical: canonicalJson(good[0]!), revision: 1 });
    await startCastCheckWorkers(2);
    const before = castsCheckedByWorkers();
    const there = await Promise.all(jobs.map(castCheck));
    expect(there).toEqual(here);
    expect(castsCheckedByWorkers() - before).toBe(jobs.length); // answered by a worker, not by the fallback
    // A second turn, after the workers have started, is answered the same.
    expect(await Promise.all(jobs.map(castCheck))).toEqual(here);
  }, 60_000);

  it('checks 1-of-k contest ballots in a worker as in this thread (a good one, a wrong election hash, a malformed one)', async () => {
    const m = twoCandidateManifest(3);
    const creds = Array.from({ length: 2 }, () => generateCredential());
    const good = prepareContestBallot(m, eh, Y, creds[0]!.secret, 1).body;
    const otherElection = prepareContestBallot(m, 'a'.repeat(64), Y, creds[1]!.secret, 0).body;
    const jobs: CastJob[] = [good, otherElection, { ...good, choices: good.choices.slice(1) }].map((body) => ({ kind: 'contest', electionHash: eh, publicKey: Y.toHex(), candidates: 2, blankAllowed: true, body }));
    const here = await Promise.all(jobs.map(checkCastJob));
    expect(here.map((o) => o.verdict)).toEqual(['ok', 'signature', 'malformed']);
    await startCastCheckWorkers(1);
    const before = castsCheckedByWorkers();
    expect(await Promise.all(jobs.map(castCheck))).toEqual(here);
    expect(castsCheckedByWorkers() - before).toBe(jobs.length);
  }, 60_000);

  it('checks in this thread the casts in flight in a worker that stops, and every later cast', async () => {
    const { jobs } = mixedJobs();
    await startCastCheckWorkers(1);
    const inFlight = Promise.all(jobs.map(castCheck));
    await new Promise((r) => setImmediate(r)); // handed to the worker
    await stopCastCheckWorkers();
    expect((await inFlight).map((o) => o.verdict)).toEqual(verdicts);
    expect((await Promise.all(jobs.map(castCheck))).map((o) => o.verdict)).toEqual(verdicts);
  }, 60_000);

  it('reads the number of workers from CONFIDENCE_CAST_WORKERS', () => {
    expect(castWorkerCount({ CONFIDENCE_CAST_WORKERS: '0' })).toBe(0);
    expect(castWorkerCount({ CONFIDENCE_CAST_WORKERS: '3' })).toBe(3);
    expect(() => castWorkerCount({ CONFIDENCE_CAST_WORKERS: 'two' })).toThrow(/CONFIDENCE_CAST_WORKERS/);
    expect(() => castWorkerCount({ CONFIDENCE_CAST_WORKERS: '99' })).toThrow(/CONFIDENCE_CAST_WORKERS/);
  });
});
