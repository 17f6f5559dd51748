/**
 * Attack on the bound voting window (ADR 0414, check B9b) by the chair, through the service the `Close` button and
 * `POST /api/elections/{eid}/close` call, with the project's own functions and a settable clock.
 *
 * A chair who expects the last hour's voters to go against it closes the vote an hour early: the members who had
 * not voted yet are shut out, and they look like abstainers. The server refuses a close before the window's end
 * (VOTING_WINDOW_NOT_OVER); a board whose close record is stamped early anyway (a server that writes it itself,
 * re-hashing the chain) fails B9b for anyone holding the election hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import { initCrypto } from '../../src/crypto';
import { prepareBallot, recordHash, verifyBoard, ZERO_HASH } from '../../src/ballot';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
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

  it('cannot shut out the last hour’s voters: the close is refused before closesAt, and a board closed early fails B9b', async () => {
    await scheduledProcedure(ctx, 'vote-early-close', 4, { opensAt: '2026-11-23T12:00:00.000Z', closesAt: '2026-11-23T14:00:00.000Z' });
    const c = await openedElection(ctx, 'vote-early-close', { threshold: 1, trustees: 1, open: false });
    at('2026-11-23T12:00:00.000Z');
    await openElection(ctx, SYSTEM_ACTOR, c.electionId);
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    at('2026-11-23T12:10:00.000Z');
    const cast = await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[0]!.secret, 1).body);
    // 13:00: an hour of the announced window is left; the other members were told they could vote until 14:00.
    at('2026-11-23T13:00:00.000Z');
    expect(await closeElection(ctx, SYSTEM_ACTOR, c.electionId).catch((e: { code: string }) => e.code)).toBe('VOTING_WINDOW_NOT_OVER');
    at('2026-11-23T13:30:00.000Z');
    const late = await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[1]!.secret, 0).body);
    at('2026-11-23T14:00:00.000Z');
    await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
    const board = await boardText(ctx, c.electionId);
    const honest = await verifyBoard(board, { expect: { electionHash: c.electionHash, receipts: [cast.receipt, late.receipt] } });
    expect(honest.failure).toBeNull();
    expect(honest.summary).toMatchObject({ closedAt: '2026-11-23T14:00:00.000Z' });

    // A server that writes the early close itself: the close record re-stamped 13:00 (after dropping the 13:30
    // ballot), the chain re-hashed — every remaining receipt still matches its record.
    const recs = board.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; prev: string; hash: string; type: string; body: Record<string, unknown> });
    const kept = recs.filter((r) => !(r.type === 'ballot' && r.seq === late.receipt.seq));
    let prev = ZERO_HASH;
    kept.forEach((r, i) => {
      r.seq = i;
      if (r.type === 'close') r.body = { ...r.body, at: '2026-11-23T13:00:00.000Z', ballots: 1 };
      r.prev = prev;
      r.hash = recordHash(r.seq, prev, r.type, r.body);
      prev = r.hash;
    });
    const forged = kept.map((r) => canonicalJson(r)).join('\n') + '\n';
    const r = await verifyBoard(forged, { expect: { electionHash: c.electionHash, receipts: [cast.receipt] } });
    expect(r.failure?.check).toBe('B9b');
    expect(r.failure?.message).toMatch(/before the end of the voting window/);
  });
});
