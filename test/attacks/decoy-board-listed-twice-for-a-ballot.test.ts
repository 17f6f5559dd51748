/**
 * A server that re-ran a round under its own name (a fresh `round-1` board with counts it prefers) is caught by
 * any MP's receipt from the first board: the receipt names an election that is no board of the contest (C2). The
 * server's next step: keep the first board in the directory as a decoy, listed under the same ballot name. The
 * MP's receipt then finds its board (R17 passes: the ballot is there, under the receipted head), while the
 * declaration, the eliminations and the winner come from the other `round-1` board — the verifier kept one board
 * per ballot name, the last listed. contest.json must list each ballot once (C1).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, scalarToHex } from '../../src/crypto';
import { boardKeyOf, signReceipt } from '../../src/ballot/receipt';
import type { ContestBallotManifest } from '../../src/contest/board';
import { contestTracker } from '../../src/contest/receipts';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateContestBallot, simulateHistoricContest, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

const BOARD_SECRET = scalarToHex(generateKeyPair().secretKey);
let honest: { summary: ContestSummary; files: Map<string, string> };
let forged: { summary: ContestSummary; files: Map<string, string> };
let receipt: unknown;
const verify = (c: { summary: ContestSummary; files: Map<string, string> }, receipts: unknown[]) => verifyContest(JSON.stringify(c.summary), (f) => c.files.get(f) ?? null, { receipts });

beforeAll(async () => {
  await initCrypto();
  // The honest contest, its round-1 board run by a server with a board key (so MPs hold cast receipts).
  const sim = simulateHistoricContest(TINY_CONTEST);
  const { version: _v, ...m } = (sim.boards.find((b) => b.ballot === 'round-1')!.board.records[0]!.body as { manifest: ContestBallotManifest }).manifest;
  const round1 = simulateContestBallot({ manifest: { ...m, boardKey: boardKeyOf(BOARD_SECRET) }, counts: TINY_CONTEST.rounds[0]!.counts, blank: TINY_CONTEST.rounds[0]!.spoilt });
  const files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  files.set('round-1.jsonl', round1.toJSONLines());
  const summary: ContestSummary = JSON.parse(JSON.stringify(sim.summary));
  summary.boards = summary.boards.map((b) => (b.ballot === 'round-1' ? { ...b, electionHash: round1.electionHash, head: round1.head } : b));
  honest = { summary, files };
  const ballot = round1.records.find((r) => r.type === 'ballot')!;
  const opened = round1.records.find((r) => r.type === 'open')!.body as { at: string };
  receipt = signReceipt(BOARD_SECRET, { election: round1.electionHash, seq: ballot.seq, tracker: contestTracker(ballot.body), head: ballot.hash, at: new Date(Date.parse(opened.at)).toISOString() });

  // The server's contest: round 1 run again so that bea comes last, plus the honest round-1 board as a decoy.
  const again = simulateHistoricContest({ ...TINY_CONTEST, rounds: [{ ...TINY_CONTEST.rounds[0]!, counts: { ada: 15, bea: 9, cy: 12 } }], members: { ...TINY_CONTEST.members!, counts: { ada: 5, cy: 7 } } });
  const ffiles = new Map(again.boards.map((b) => [b.file, b.board.toJSONLines()]));
  ffiles.set('round-1-first.jsonl', round1.toJSONLines());
  const fsummary: ContestSummary = JSON.parse(JSON.stringify(again.summary));
  fsummary.boards = [{ ballot: 'round-1', file: 'round-1-first.jsonl', electionHash: round1.electionHash, head: round1.head }, ...fsummary.boards];
  forged = { summary: fsummary, files: ffiles };
});

describe('a decoy board listed under a ballot that has its own board', () => {
  it('the honest contest verifies with the MP’s receipt', async () => {
    const r = await verify(honest, [receipt]);
    expect(r.failure).toBeNull();
    expect(r.state!.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated' });
  });

  it('a server that re-ran round 1 and kept the first board listed as a decoy (so MP receipts still find it) fails C1: each ballot is listed once', async () => {
    const r = await verify(forged, [receipt]);
    expect(r.failure).toMatchObject({ check: 'C1', message: expect.stringMatching(/round-1.*listed twice|listed twice.*round-1/) });
  });
});
