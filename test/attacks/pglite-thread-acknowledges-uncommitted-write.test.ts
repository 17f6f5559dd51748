/**
 * PGlite on its own thread (src/db/pglite-thread.ts): the services answer a write as done once `transaction()`
 * resolves, so it must never resolve for a transaction whose COMMIT did not commit, and statements of concurrent
 * requests must never run in each other's transactions. Attacks on that promise, through drizzle as the services use it:
 *   - a statement fails inside the transaction, the caller swallows the error and returns normally (PostgreSQL turns
 *     the COMMIT into a ROLLBACK);
 *   - a deferred constraint fails at COMMIT itself;
 *   - many transactions from concurrent requests, each awaiting between its statements, one of them throwing halfway.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteThread } from '../../src/db/pglite-thread';

describe('PGlite on a worker thread never acknowledges an uncommitted write', () => {
  let thread: PgliteThread;
  let db: ReturnType<typeof drizzle>;
  const rows = async (table: string) => ((await db.execute(sql.raw(`select a from ${table} order by a`))).rows as { a: number }[]).map((r) => r.a);

  beforeAll(async () => {
    thread = await PgliteThread.open(null);
    db = drizzle({ client: thread as unknown as PGlite });
    await db.execute(sql`create table u (a int primary key)`);
    await db.execute(sql`create table d (a int, constraint d_a unique (a) deferrable initially deferred)`);
    await db.execute(sql`create table m (a int primary key, req int not null)`);
  }, 60_000);
  afterAll(async () => thread?.close());

  it('a transaction whose failed statement was swallowed is not acknowledged, and writes nothing', async () => {
    await db.execute(sql`insert into u values (1)`);
    const done = db.transaction(async (tx) => {
      await tx.execute(sql`insert into u values (2)`);
      await tx.execute(sql`insert into u values (1)`).catch(() => undefined); // 23505, swallowed
      return 'looks done';
    });
    await expect(done).rejects.toThrow();
    expect(await rows('u')).toEqual([1]);
  });

  it('a COMMIT that fails (deferred unique constraint) rejects with the database error, and writes nothing', async () => {
    const err = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into d values (7), (7)`);
      })
      .catch((e: Error & { code?: string; cause?: { code?: string } }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code).toBe('23505');
    expect(await rows('d')).toEqual([]);
  });

  it('concurrent transactions never run each other’s statements: the one that throws leaves none of its rows, the others all of theirs', async () => {
    const REQS = 12;
    const PER = 5;
    const results = await Promise.allSettled(
      Array.from({ length: REQS }, (_, req) =>
        db.transaction(async (tx) => {
          for (let i = 0; i < PER; i++) {
            await tx.execute(sql`insert into m values (${req * 100 + i}, ${req})`);
            await new Promise((r) => setImmediate(r)); // let the other requests' statements interleave
            if (req === 5 && i === 2) throw new Error('request 5 fails halfway');
          }
          return req;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: REQS }, (_, req) => (req === 5 ? 'rejected' : 'fulfilled')));
    const got = (await db.execute(sql`select a, req from m order by a`)).rows as { a: number; req: number }[];
    const want = Array.from({ length: REQS }, (_, req) => req)
      .filter((req) => req !== 5)
      .flatMap((req) => Array.from({ length: PER }, (_, i) => ({ a: req * 100 + i, req })));
    expect(got).toEqual(want);
  });
});
