/**
 * The service-level setup the tracker's tests share: a fresh database with the 2019 Commons roster and the demo
 * tracker, a service context whose clock stands where the test says, and the editor who acts in them.
 */
import type { Database } from '../../src/db';
import type { Actor, AppContext } from '../../src/services/context';
import { CLI_ACTOR } from '../../src/services/context';
import { importCommons2019 } from '../../src/services/roster';
import { ensureTracker } from '../../src/services/tracker';
import { testContext, type TestDriver } from './db';

/** An editor acting through the services directly (no account), as the review desk's tests need one. */
export const TEST_EDITOR: Actor = { accountId: null, role: 'editor', memberId: null, label: 'editor (test)' };

/** Opens a database on `driver`, imports the roster and creates the demo tracker; the clock reads `now` when given. */
export async function openTrackerContext(driver: TestDriver, now?: string): Promise<{ database: Database; ctx: AppContext }> {
  const database = await driver.open();
  const ctx = testContext(database, now ? () => new Date(now) : undefined);
  await importCommons2019(ctx, CLI_ACTOR);
  await ensureTracker(ctx, CLI_ACTOR);
  return { database, ctx };
}
