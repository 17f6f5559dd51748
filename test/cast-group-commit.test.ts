/**
 * Group commit of casts (src/services/elections.ts): concurrent casts share one transaction, yet each caller gets its
 * own answer — a receipt for its own record, or its own error — and the board is the chain one-at-a-time casting
 * would have made (it verifies, every receipt finds its ballot under its head).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { initCrypto } from '../src/crypto';
import { prepareBallot, receiptSignatureValid, verifyBoard } from '../src/ballot';
import { AppError } from '../src/domain/errors';
import type { AppContext } from '../src/services/context';
import { boardText, castBallot, electionView } from '../src/services/elections';
import { TEST_DRIVERS, testContext } from './support/db';
import { openedElection, scheduledProcedure, type Ceremony } from './support/elections';

describe.each(TEST_DRIVERS)('group commit of casts on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  let c: Ceremony;

  beforeAll(async () => {
    await initCrypto();
    database = await driver.open();
    ctx = testContext(database, () => new Date('2026-11-23T18:30:00Z'));
    await scheduledProcedure(ctx, 'group-commit', 10);
    c = await openedElection(ctx, 'group-commit', { threshold: 2, trustees: 3 });
  });
  afterAll(async () => database?.close());

  it('answers each of many concurrent casts on its own: receipts for the good ones, the right code for each bad one', async () => {
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    const before = (await electionView(ctx, c.electionId)).records;
    const good = c.credentials.slice(0, 8).map((cr, i) => prepareBallot(params, cr.secret, (i % 2) as 0 | 1).body);
    const replay = good[3]!; // the same ballot twice in one batch: the second is a replay
    const wrongRevision = prepareBallot(params, c.credentials[8]!.secret, 1, undefined, 2).body;
    const secondOfOne = prepareBallot(params, c.credentials[0]!.secret, 0, undefined, 2).body; // revision 2 after good[0] in the same batch
    const settled = await Promise.allSettled([...good, replay, wrongRevision, secondOfOne].map((b) => castBallot(ctx, c.electionId, b)));
    const codes = settled.map((s) => (s.status === 'fulfilled' ? 'OK' : s.reason instanceof AppError ? s.reason.code : String(s.reason)));
    // Casts are decided in the order they reach the queue, which concurrency does not fix: of a ballot and its replay
    // exactly one is taken, and revision 2 of credential 0 is taken only if revision 1 came first.
    expect([codes[3], codes[8]].sort()).toEqual(['BALLOT_REPLAYED', 'OK']);
    expect(codes[9]).toBe('BALLOT_REVISION_INVALID');
    expect(['OK', 'BALLOT_REVISION_INVALID']).toContain(codes[10]);
    expect(codes.filter((_, i) => ![3, 8, 9, 10].includes(i))).toEqual(Array(7).fill('OK'));
    const taken = codes.filter((x) => x === 'OK').length;
    const receipts = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(receipts.length);
    expect(Math.min(...receipts.map((r) => r.seq))).toBe(before);
    const lines = (await boardText(ctx, c.electionId)).trim().split('\n');
    for (const r of receipts) {
      expect(JSON.parse(lines[r.seq]!).hash).toBe(r.head);
      expect(receiptSignatureValid((await electionView(ctx, c.electionId)).manifest.boardKey, r.receipt)).toBe(true);
    }
    const report = await verifyBoard(lines, { expect: { receipts: receipts.map((r) => r.receipt) } });
    expect(report.failure).toBeNull();
    expect(report.summary.ballotsOnBoard).toBe(taken);
    expect(report.summary.receiptsChecked).toBe(taken);
    expect(taken).toBeGreaterThanOrEqual(8);
  });
});
