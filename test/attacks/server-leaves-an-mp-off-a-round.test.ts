/**
 * Every MP entitled to vote in the contest (the opening event's list of MPs) gets a credential for each MP round:
 * the round's board lists exactly that many. A server that leaves an MP off a round's board — one credential fewer,
 * and the declaration's electorate lowered to match, so the board (R7) and the declaration (C4) agree with each other
 * — shuts that MP out of the round (and lowers any threshold that is a fraction of the electorate). The verifier
 * held the board's electorate only to the declaration, both the server's; C4 now holds it to the contest's MPs.
 * Built whole with the project's simulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { historicEvents } from '../../src/contest/replay';
import { simulateHistoricContest } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';

beforeAll(async () => {
  await initCrypto();
});

describe('an MP round’s board holds a credential for every MP of the contest (C4)', () => {
  it('a server that runs round 1 for 39 of the 40 MPs, the declaration saying 39, fails C4', async () => {
    const events = historicEvents(TINY_CONTEST);
    const d = events.find((e) => e.type === 'declare-round')!;
    if (d.type === 'declare-round') d.input = { ...d.input, electorate: TINY_CONTEST.mps - 1 };
    const sim = simulateHistoricContest(TINY_CONTEST, { events });
    const files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
    const r = await verifyContest(JSON.stringify(sim.summary), (f) => files.get(f) ?? null);
    expect(r.passed).toContain('C2'); // the board itself is a valid board of 39 credentials
    expect(r.failure).toMatchObject({ check: 'C4', ballot: 'round-1', message: expect.stringMatching(/39.*40 MPs/) });
  });
});
