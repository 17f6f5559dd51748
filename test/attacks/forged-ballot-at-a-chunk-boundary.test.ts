/**
 * The ballot checks (B9–B11 of the confidence vote, R9–R11 of a contest board) run on worker threads in chunks; the
 * hash chain (B2/R2) and the order checks stay in the verifier's thread. A server that knows the chunk size could
 * place its forgeries where one chunk ends and the next begins — two re-signed ballots that swap their ciphertexts
 * across the boundary, a record whose chain breaks exactly between two chunks — hoping that each worker sees half of
 * the story. Each forged board is re-chained whole, so only the attacked check can fail; the worker-thread verifier
 * must name the same check at the same record as the one-thread verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { recordHash, ZERO_HASH } from '../../src/ballot/records';
import { simulateElection } from '../../src/ballot/simulate';
import { verifyBoard } from '../../src/ballot/verify';
import { parallelChecker } from '../../src/ballot/verify-parallel';
import { ContestBoard, type ContestBallotBody, type ContestBallotManifest } from '../../src/contest/board';
import { simulateContestBallot } from '../../src/contest/simulate';
import { verifyContestBoard } from '../../src/contest/verify';
import { contestParallelChecker } from '../../src/contest/verify-parallel';

const CHUNK = 4;
type Rec = { seq: number; prev: string; type: string; body: any; hash: string };

/** Records as a board with seq, prev and hash recomputed (what a server that rewrites its board publishes). */
function rechain(recs: readonly Pick<Rec, 'type' | 'body'>[]): string[] {
  let prev = ZERO_HASH;
  return recs.map((r, seq) => {
    const hash = recordHash(seq, prev, r.type as never, r.body as never);
    const line = canonicalJson({ seq, prev, type: r.type, body: r.body, hash });
    prev = hash;
    return line;
  });
}

const contestChecker = contestParallelChecker({ threads: 2, chunk: CHUNK });
afterAll(async () => {
  await contestChecker.close();
});

let confidence: Rec[];
let contest: Rec[];
beforeAll(async () => {
  await initCrypto();
  confidence = simulateElection({ eligible: 14, yes: 7, no: 5, threshold: 2, trustees: 3 })
    .board.toJSONLines()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
  const manifest: Omit<ContestBallotManifest, 'version'> = {
    contestId: 'chunks',
    nonce: '00112233445566778899aabbccddeeff',
    ballot: 'round-1',
    title: 'chunk boundaries',
    candidates: [
      { id: 'ada', name: 'Ada' },
      { id: 'bea', name: 'Bea' },
    ],
    blankAllowed: true,
    counting: 'last',
    electorate: 14,
    trustees: { threshold: 2, count: 3, names: ['T1', 'T2', 'T3'] },
    opensAt: '2024-09-04T13:00:00Z',
    closesAt: '2024-09-04T15:00:00Z',
  };
  const b: ContestBoard = simulateContestBallot({ manifest, counts: { ada: 6, bea: 5 }, blank: 1 });
  contest = b.toJSONLines().trim().split('\n').map((l) => JSON.parse(l) as Rec);
});

/** The seqs of the last ballot of the first chunk and the first ballot of the second. */
const boundary = (recs: readonly Rec[]) => {
  const ballots = recs.filter((r) => r.type === 'ballot').map((r) => r.seq);
  return [ballots[CHUNK - 1]!, ballots[CHUNK]!] as const;
};

describe('forgeries placed at a chunk boundary of the worker-thread verifiers', () => {
  it('confidence vote: two ballots that swap ciphertexts across the boundary fail B10 at the first, as in one thread', async () => {
    const [a, b] = boundary(confidence);
    const recs = structuredClone(confidence);
    [recs[a]!.body.ciphertext, recs[b]!.body.ciphertext] = [recs[b]!.body.ciphertext, recs[a]!.body.ciphertext];
    const lines = rechain(recs);
    const one = await verifyBoard(lines);
    const many = await verifyBoard(lines, { checker: parallelChecker({ threads: 2, chunk: CHUNK }) });
    expect(one.failure).toMatchObject({ check: 'B10', seq: a });
    expect(many).toEqual(one);
  });

  it('confidence vote: a chain broken exactly between two chunks (the second chunk’s first ballot re-pointed) fails B2 there', async () => {
    const [, b] = boundary(confidence);
    const lines = rechain(confidence);
    const r = JSON.parse(lines[b]!) as Rec;
    lines[b] = canonicalJson({ ...r, prev: 'ab'.repeat(32), hash: recordHash(b, 'ab'.repeat(32), r.type as never, r.body) });
    const many = await verifyBoard(lines, { checker: parallelChecker({ threads: 2, chunk: CHUNK }) });
    expect(many.failure).toMatchObject({ check: 'B2', seq: b });
    expect(many).toEqual(await verifyBoard(lines));
  });

  it('contest board: two ballots that swap their choices across the boundary fail R10 at the first, as in one thread', async () => {
    const [a, b] = boundary(contest);
    const recs = structuredClone(contest);
    const [x, y] = [recs[a]!.body as ContestBallotBody, recs[b]!.body as ContestBallotBody];
    [x.choices, y.choices, x.proofs, y.proofs, x.sumProof, y.sumProof] = [y.choices, x.choices, y.proofs, x.proofs, y.sumProof, x.sumProof];
    const text = rechain(recs).join('\n');
    const one = await verifyContestBoard(text);
    const many = await verifyContestBoard(text, { checker: contestChecker });
    expect(one.failure).toMatchObject({ check: 'R10', seq: a });
    expect(many).toEqual(one);
  });

  it('contest board: the same ballot twice, once each side of the boundary (a replay split over two workers), fails R9 at the copy', async () => {
    const [a, b] = boundary(contest);
    const recs = structuredClone(contest);
    recs[b]!.body = structuredClone(recs[a]!.body);
    const text = rechain(recs).join('\n');
    const many = await verifyContestBoard(text, { checker: contestChecker });
    expect(many.failure).toMatchObject({ check: 'R9', seq: b, message: expect.stringMatching(/replayed/) });
    expect(many).toEqual(await verifyContestBoard(text));
  });

  it('contest board: a chain broken exactly between two chunks fails R2 at the second chunk’s first ballot', async () => {
    const [, b] = boundary(contest);
    const lines = rechain(contest);
    const r = JSON.parse(lines[b]!) as Rec;
    lines[b] = canonicalJson({ ...r, prev: 'cd'.repeat(32), hash: recordHash(b, 'cd'.repeat(32), r.type as never, r.body) });
    const many = await verifyContestBoard(lines.join('\n'), { checker: contestChecker });
    expect(many.failure).toMatchObject({ check: 'R2', seq: b });
  });
});
