/**
 * A server (or a chair with it) that dislikes a round's count can throw the whole board away and run the round
 * again under the same name — a fresh `round-1` board with its own ceremony, ballots and decryption — then publish a
 * contest whose every board, declaration and elimination agree (C1–C7 pass: nothing in the published record says a
 * first board existed). What it cannot make disappear is the MPs' cast receipts from the first board: each names
 * that board's election hash, and `confidence verify DIR --receipt` refuses a receipt naming no board of the contest
 * (C2). Built whole with the project's simulator: the forged contest is a complete, consistent contest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, scalarToHex } from '../../src/crypto';
import { signReceipt } from '../../src/ballot/receipt';
import { contestTracker } from '../../src/contest/receipts';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateHistoricContest, type ContestSimulation } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

let honest: ContestSimulation;
let forged: ContestSimulation;
let receipt: unknown;
const verify = (sim: ContestSimulation, receipts?: unknown[]) => {
  const files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  return verifyContest(JSON.stringify(sim.summary), (f) => files.get(f) ?? null, receipts ? { receipts } : {});
};

beforeAll(async () => {
  await initCrypto();
  honest = simulateHistoricContest(TINY_CONTEST);
  // An MP's receipt for their ballot on the honest round-1 board (the board key's signature, as the server gives it).
  const board = honest.boards.find((b) => b.ballot === 'round-1')!.board;
  const ballot = board.records.find((r) => r.type === 'ballot')!;
  receipt = signReceipt(scalarToHex(generateKeyPair().secretKey), { election: board.electionHash, seq: ballot.seq, tracker: contestTracker(ballot.body), head: ballot.hash, at: '2024-09-04T14:00:00.000Z' });
  // The round run again where bea, not cy, comes last: bea is out and cy goes to the members.
  forged = simulateHistoricContest({ ...TINY_CONTEST, rounds: [{ ...TINY_CONTEST.rounds[0]!, counts: { ada: 15, bea: 9, cy: 12 } }], members: { ...TINY_CONTEST.members!, counts: { ada: 5, cy: 7 } } });
});

describe('a round run again under its own name', () => {
  it('the re-run contest is complete and consistent: without receipts it passes C1–C7 and bea is out', async () => {
    const r = await verify(forged);
    expect(r.failure).toBeNull();
    expect(r.state!.candidates.find((c) => c.id === 'bea')).toMatchObject({ status: 'eliminated', outRound: 1 });
  });

  it('a server that re-ran round 1 under its own name to put another candidate out fails C2 for any MP holding a receipt from the first board', async () => {
    const r = await verify(forged, [receipt]);
    expect(r.failure).toMatchObject({ check: 'C2', message: expect.stringMatching(/not a board of this contest/) });
    // On the honest contest the receipt goes to the board it names (round-1), where R17 checks it: the simulated
    // board names no board key, so R17 refuses it there — the point is that it is routed, not stray.
    const h = await verify(honest, [receipt]);
    expect(h.failure).toMatchObject({ check: 'C2', ballot: 'round-1', message: expect.stringMatching(/R17/) });
  });
});
