import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db';
import { whipHolders } from '../src/domain/roster/membership';
import { SYSTEM_ACTOR, type AppContext } from '../src/services/context';
import { openProcedure, publicProcedureView, runProcedureCommand } from '../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, importCommons2019 } from '../src/services/roster';
import { loadCommons2019 } from '../src/data/commons-2019';
import { TEST_DRIVERS, testContext } from './support/db';

/**
 * The public procedure view is served from this process's memory, keyed by the audit epoch (services/procedures.ts
 * `cachedPublicView`). These tests pin down what that may and may not do: while a letter's transaction is open the
 * public view is the committed one (never the write in flight), it changes as soon as the command is answered, and
 * on the sole writer (PGlite, in this thread or in its worker) it is answered without waiting for the database.
 */
const DRIVERS = [
  { name: 'pglite (main thread)', sole: true, open: () => openDatabase({ driver: 'pglite', dataDir: null }), mainThread: true },
  { name: 'pglite (worker thread)', sole: true, open: () => openDatabase({ driver: 'pglite', dataDir: null, thread: 'worker' }), mainThread: false },
  ...TEST_DRIVERS.filter((d) => d.name === 'postgres').map((d) => ({ name: 'postgres', sole: false, open: d.open, mainThread: false })),
];

const DAY = '2022-06-05';
const mps = whipHolders(loadCommons2019(), 'Con', DAY)
  .map((m) => m.memberId)
  .filter((m) => m !== 'boris-johnson');

describe.each(DRIVERS)('the public view cache on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  const id = 'p-cache';

  beforeAll(async () => {
    database = await driver.open();
    const base = testContext(database);
    ctx = { ...base, config: { ...base.config, soleWriter: driver.sole, pgliteOnMainThread: driver.mainThread } };
    await importCommons2019(ctx, SYSTEM_ACTOR);
    await openProcedure(ctx, SYSTEM_ACTOR, { id, rosterId: COMMONS_2019_ROSTER_ID, title: 't', leaderName: 'Boris Johnson', rulebookId: 'conservative-1922', fixedDate: DAY });
  }, 120_000);
  afterAll(async () => database?.close());

  it('shows the committed state while a letter is in flight, and the new state as soon as it is answered', async () => {
    const first = await publicProcedureView(ctx, id);
    const needed = first.threshold;
    expect(first.state).toBe('collecting');
    // One letter short of the threshold, in concurrent groups.
    await Promise.all(mps.slice(0, needed - 1).map((memberId) => runProcedureCommand(ctx, SYSTEM_ACTOR, id, { type: 'submit_letter', memberId, recordedBy: 'member' })));
    expect((await publicProcedureView(ctx, id)).state).toBe('collecting');

    // The letter that reaches the threshold; public reads go on, one per turn of the event loop, until it is answered.
    let answered = false;
    const write = runProcedureCommand(ctx, SYSTEM_ACTOR, id, { type: 'submit_letter', memberId: mps[needed - 1]!, recordedBy: 'member' }).then((r) => {
      answered = true;
      return r;
    });
    const during: string[] = [];
    while (!answered) {
      const view = await publicProcedureView(ctx, id);
      if (!answered) during.push(view.state);
      await new Promise((r) => setImmediate(r));
    }
    const result = await write;
    expect(result.after.status.state).toBe('threshold_reached');
    // Reads were answered while the write was in flight (they did not wait for it), and none of them ran ahead.
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set(['collecting']));
    // The first read after the answer shows it.
    expect((await publicProcedureView(ctx, id)).state).toBe('threshold_reached');
  }, 120_000);

  it.runIf(driver.sole)('on the sole writer, a held view is served without the database, also after a second', async () => {
    await publicProcedureView(ctx, id); // held
    await new Promise((r) => setTimeout(r, 1_100)); // past PUBLIC_VIEW_FRESH_MS, which binds only a shared database
    // A transaction that writes nothing audited holds PGlite's only connection: any query outside it would wait.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const tx = database.db.transaction(async (t) => {
      await t.execute(sql`select 1`);
      opened();
      await held;
    });
    await isOpen;
    const view = await Promise.race([publicProcedureView(ctx, id), new Promise<'waited'>((r) => setTimeout(() => r('waited'), 2_000))]);
    release();
    await tx;
    expect(view).not.toBe('waited');
    expect((view as { state: string }).state).toBe('threshold_reached');
  }, 60_000);
});
