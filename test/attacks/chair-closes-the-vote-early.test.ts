/**
 * Attack on the bound voting window (ADR 0414, check B9b) by the chair, through the service the `Close` button and
 * `POST /api/elections/{eid}/close` call, with the project's own functions and a settable clock.
 *
 * ADR 0414 binds the window both ways for the server ("opened before the window, closed after it: B9b"), and the
 * procedure's rules bind the chair's opening ("opening early would let some members vote before others know"). The
 * closing is bound only from above: the chair may close at any moment after the opening, and B9b checks only
 * open.at ≤ close.at ≤ closesAt. A chair who expects the last hour's voters to go against it closes the vote an
 * hour early: the members who had not voted yet are shut out, and the board — every receipt included — verifies.
 * Nothing on the board shows who was shut out (they look like abstainers).
 *
 * FINDING: closing before the window's end is neither refused by the server nor by the verifier. Expected: the
 * server refuses `close` before `closesAt` (VOTE_NOT_YET_DUE, as for the opening), and B9b refuses a close.at before
 * closesAt — unless a reschedule the authority signed moved the end earlier (which is public on the board). The
 * desired behaviour is kept as a commented test; the control asserts what the code does today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import { initCrypto } from '../../src/crypto';
import { prepareBallot, verifyBoard } from '../../src/ballot';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { boardText, castBallot, closeElection, openElection } from '../../src/services/elections';
import { TEST_DRIVERS, testContext } from '../support/db';
import { openedElection, scheduledProcedure } from '../support/elections';

describe('a chair who closes a live vote before its window ends', () => {
  let database: Database;
  let ctx: AppContext;
  let now = new Date('2026-11-23T10:00:00.000Z');
  const at = (iso: string) => (now = new Date(iso));

  beforeAll(async () => {
    await initCrypto();
    database = await TEST_DRIVERS[0]!.open();
    ctx = testContext(database, () => now);
  });
  afterAll(async () => database?.close());

  // ---- FINDING (kept as a comment; see the file's header and the report) ---------------------------------------
  // it('cannot shut out the last hour’s voters: the close is refused before closesAt, and B9b refuses a board closed early', async () => {
  //   … as in the control below, then:
  //   expect(await closeElection(ctx, SYSTEM_ACTOR, c.electionId).catch((e) => e.code)).toBe('VOTE_NOT_YET_DUE');
  //   expect((await verifyBoard(board, { expect: { electionHash: c.electionHash } })).failure?.check).toBe('B9b');
  // });

  it('control for the finding: the chair closes an hour before the window ends; the server takes it and the board verifies', async () => {
    await scheduledProcedure(ctx, 'vote-early-close', 4, { opensAt: '2026-11-23T12:00:00.000Z', closesAt: '2026-11-23T14:00:00.000Z' });
    const c = await openedElection(ctx, 'vote-early-close', { threshold: 1, trustees: 1, open: false });
    at('2026-11-23T12:00:00.000Z');
    await openElection(ctx, SYSTEM_ACTOR, c.electionId);
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    at('2026-11-23T12:10:00.000Z');
    const cast = await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[0]!.secret, 1).body);
    // 13:00: an hour of the announced window is left; the other members were told they could vote until 14:00.
    at('2026-11-23T13:00:00.000Z');
    await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
    at('2026-11-23T13:30:00.000Z');
    const shutOut = await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[1]!.secret, 0).body).catch((e: { code: string }) => e.code);
    expect(shutOut).toBe('ELECTION_CLOSED'); // inside the manifest's window
    const board = await boardText(ctx, c.electionId);
    const r = await verifyBoard(board, { expect: { electionHash: c.electionHash, receipts: [cast.receipt] } });
    expect(r.failure).toBeNull();
    expect(r.passed).toContain('B9b');
    expect(r.summary).toMatchObject({ closedAt: '2026-11-23T13:00:00.000Z', window: { closesAt: '2026-11-23T14:00:00.000Z', reschedules: 0 } });
  });
});
