import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { recordHash, ZERO_HASH } from './records';
import { simulateElection } from './simulate';
import { verifyBoard } from './verify';
import { parallelChecker } from './verify-parallel';

beforeAll(async () => {
  await initCrypto();
});

describe('worker-thread verification', () => {
  it('gives the same report as the single-threaded verifier, and names the same bad ballot', async () => {
    const sim = simulateElection({ eligible: 30, yes: 17, no: 11, threshold: 2, trustees: 3, revoters: 2 });
    const lines = sim.board.toJSONLines().trim().split('\n');
    const checker = parallelChecker({ threads: 2, chunk: 7 });
    const a = await verifyBoard(lines);
    const progress: number[] = [];
    const b = await verifyBoard(lines, { checker, onProgress: (p) => p.phase === 'ballots' && progress.push(p.done) });
    expect(b).toEqual(a);
    expect(b.summary.result).toMatchObject({ yes: 17, no: 11 });
    expect(progress.at(-1)).toBe(30);

    // Swap two ballots' betas (re-chained): both signatures fail; the first is named.
    const ballots = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('"type":"ballot"'));
    const i1 = ballots[20]![1];
    let p2 = ZERO_HASH;
    const rechained = lines.map((l, seq) => {
      const r = JSON.parse(l);
      if (seq === i1) r.body.ciphertext.beta = JSON.parse(ballots[21]![0]).body.ciphertext.beta;
      const hash = recordHash(seq, p2, r.type, r.body);
      const out = canonicalJson({ seq, prev: p2, type: r.type, body: r.body, hash });
      p2 = hash;
      return out;
    });
    const f = await verifyBoard(rechained, { checker });
    expect(f.failure).toMatchObject({ check: 'B10', seq: i1 });
  });
});
