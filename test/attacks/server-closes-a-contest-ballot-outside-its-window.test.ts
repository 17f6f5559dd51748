/**
 * A contest ballot's manifest names its voting window (opensAt, closesAt: the members' ballot closes at a published
 * instant). The server refuses to open before it, to take a ballot after it and to close before it — but the
 * verifier did not hold the board to it: a server that wrote its board directly could open the members' ballot
 * early, keep it open past the deadline (ballots taken late: the receipts of late ballots fall inside the board's own
 * open–close span, so R17 passed them), or close it days early (members who had until the deadline shut out, seen
 * as abstainers). Every board here is whole: built by the project's simulator, then re-stamped and re-hashed, so
 * R1–R11 and R13–R15 pass; R12 now checks the window as the confidence vote's B9b does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { recordHash, ZERO_HASH } from '../../src/ballot/records';
import type { ContestBallotManifest } from '../../src/contest/board';
import { simulateContestBallot } from '../../src/contest/simulate';
import { verifyContestBoard } from '../../src/contest/verify';

type Rec = { seq: number; prev: string; type: string; body: any; hash: string };
const manifest: Omit<ContestBallotManifest, 'version'> = {
  contestId: 'window',
  nonce: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ballot: 'members',
  title: 'Members’ ballot',
  candidates: [
    { id: 'ada', name: 'Ada' },
    { id: 'bea', name: 'Bea' },
  ],
  blankAllowed: false,
  counting: 'last',
  electorate: 9,
  trustees: { threshold: 2, count: 3, names: ['T1', 'T2', 'T3'] },
  opensAt: '2024-10-01T09:00:00.000Z',
  closesAt: '2024-10-31T17:00:00.000Z',
};
let honest: Rec[];

/** The board with its open or close instant changed, re-hashed from the changed record on (a server's rewrite). */
function restamp(type: 'open' | 'close', at: string): string {
  let prev = ZERO_HASH;
  return honest
    .map((r) => {
      const body = r.type === type ? { ...r.body, at } : r.body;
      const hash = recordHash(r.seq, prev, r.type as never, body);
      const line = canonicalJson({ seq: r.seq, prev, type: r.type, body, hash });
      prev = hash;
      return line;
    })
    .join('\n');
}

beforeAll(async () => {
  await initCrypto();
  honest = simulateContestBallot({ manifest, counts: { ada: 4, bea: 3 }, blank: 0 })
    .toJSONLines()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
});

describe('a contest ballot held to the voting window its manifest names (R12)', () => {
  it('the honest board verifies (opened at opensAt, closed at closesAt)', async () => {
    expect((await verifyContestBoard(restamp('open', '2024-10-01T09:00:00.000Z'))).failure).toBeNull();
  });

  it('a server that closes the members’ ballot five days early (members with days left shut out, counted as abstainers) fails R12', async () => {
    const r = await verifyContestBoard(restamp('close', '2024-10-26T17:00:00.000Z'));
    expect(r.failure).toMatchObject({ check: 'R12', type: 'close', message: expect.stringMatching(/before the end of the voting window.*shut out/) });
  });

  it('a server that keeps the members’ ballot open two days past its deadline (late ballots taken) fails R12', async () => {
    const r = await verifyContestBoard(restamp('close', '2024-11-02T17:00:00.000Z'));
    expect(r.failure).toMatchObject({ check: 'R12', type: 'close', message: expect.stringMatching(/after the voting window.*late/) });
  });

  it('a server that opens the ballot a week before the window (ballots before members had their letters) fails R12', async () => {
    const r = await verifyContestBoard(restamp('open', '2024-09-24T09:00:00.000Z'));
    expect(r.failure).toMatchObject({ check: 'R12', type: 'open', message: expect.stringMatching(/before the voting window/) });
  });

  it('an opening instant that is not a strict timestamp fails R12', async () => {
    const r = await verifyContestBoard(restamp('open', 'tomorrow'));
    expect(r.failure).toMatchObject({ check: 'R12', type: 'open' });
  });
});
