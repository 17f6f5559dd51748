import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { procedures } from '../src/db/schema';
import { appendAudit, auditEpoch, noteCommitted } from '../src/services/audit';
import { SYSTEM_ACTOR, type AppContext } from '../src/services/context';
import { openProcedure, publicProcedureView } from '../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, importCommons2019 } from '../src/services/roster';
import { TEST_DRIVERS, testContext } from './support/db';

/**
 * The public procedure view is served from memory while this process's audit epoch is unchanged (and for at most
 * PUBLIC_VIEW_FRESH_MS). A write that is not a procedure command ends the epoch only once its transaction has
 * ended: a reader that read the database while the write was open must not keep that state as current once the
 * write is acknowledged, nor keep a state the write showed before it rolled back.
 */
describe.each(TEST_DRIVERS)('the public view cache and a write in flight, on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  const id = 'p-epoch';

  beforeAll(async () => {
    database = await driver.open();
    ctx = testContext(database);
    await importCommons2019(ctx, SYSTEM_ACTOR);
    await openProcedure(ctx, SYSTEM_ACTOR, { id, rosterId: COMMONS_2019_ROSTER_ID, title: 't', leaderName: 'Boris Johnson', rulebookId: 'conservative-1922', fixedDate: '2022-06-05' });
  });
  afterAll(async () => database?.close());

  /** Moves the re-enactment's day in an audited transaction; a public read starts while it is open (and, on PostgreSQL, ends then). */
  const moveDayWithReaderInside = async (day: string, outcome: 'commit' | 'rollback') => {
    noteCommitted(); // whatever is held is no longer fresh: the reader below asks the database
    let reader: Promise<{ asOf: string }> | null = null;
    const epochs: number[] = [];
    const tx = ctx.db.transaction(async (tx) => {
      await tx.update(procedures).set({ fixedDate: day }).where(eq(procedures.id, id));
      await appendAudit(tx, { actor: 'test', kind: 'procedure-admin', action: 'procedure_date_advanced', procedureId: id, payload: { to: day } }, ctx.clock());
      epochs.push(auditEpoch());
      reader = publicProcedureView(ctx, id);
      // PostgreSQL: the reader has its own connection and sees the state before this write. PGlite has one
      // connection, so the reader waits for this transaction to end; it is awaited after.
      if (driver.name === 'postgres') expect((await reader).asOf).not.toBe(day);
      else for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (outcome === 'rollback') throw new Error('rolled back on purpose');
    });
    if (outcome === 'rollback') await expect(tx).rejects.toThrow(/on purpose/);
    else await tx;
    await reader;
    return epochs[0]!;
  };

  it('the epoch ends after the COMMIT, not at the append: the next read shows the committed write', async () => {
    expect((await publicProcedureView(ctx, id)).asOf).toBe('2022-06-05');
    const before = auditEpoch();
    const inside = await moveDayWithReaderInside('2022-06-06', 'commit');
    expect(inside).toBe(before + 1); // only the noteCommitted above: the append itself changed nothing
    expect(auditEpoch()).toBe(inside + 1);
    expect((await publicProcedureView(ctx, id)).asOf).toBe('2022-06-06');
  });

  it('a write that rolls back leaves no view of it behind', async () => {
    await moveDayWithReaderInside('2022-06-09', 'rollback');
    expect((await publicProcedureView(ctx, id)).asOf).toBe('2022-06-06');
    const [row] = await database.db.select({ day: procedures.fixedDate }).from(procedures).where(eq(procedures.id, id));
    expect(row!.day).toBe('2022-06-06');
  });
});
