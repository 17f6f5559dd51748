import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './index';
import { readLock } from './lock';
import { PgliteThread } from './pglite-thread';

/** PGlite in its worker thread behaves as PGlite in this one: transactions, isolation, errors, types. */
describe('PGlite in a worker thread', () => {
  let thread: PgliteThread;
  let db: ReturnType<typeof drizzle>;
  const rows = async () => ((await db.execute(sql`select a from t order by a`)).rows as { a: number }[]).map((r) => r.a);

  beforeAll(async () => {
    thread = await PgliteThread.open(null);
    db = drizzle({ client: thread as unknown as PGlite });
    await db.execute(sql`create table t (a int primary key, at timestamptz not null default now(), big int8 not null default 9007199254740991)`);
  }, 60_000);
  afterAll(async () => thread?.close());

  it('commits a transaction, rolls back one that throws, and returns its value', async () => {
    expect(await db.transaction(async (tx) => (await tx.execute(sql`insert into t (a) values (1), (2)`), 'done'))).toBe('done');
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into t (a) values (3)`);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await rows()).toEqual([1, 2]);
  });

  it('a statement outside the open transaction waits for it, and never sees its writes uncommitted', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const tx = db.transaction(async (t) => {
      await t.execute(sql`insert into t (a) values (4)`);
      inserted();
      await hold;
    });
    await didInsert;
    let seen: number[] | null = null;
    const outside = rows().then((r) => (seen = r));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toBeNull(); // still waiting: the transaction is open
    release();
    await tx;
    await outside;
    expect(seen).toEqual([1, 2, 4]);
  });

  it('passes database errors back with their code, and keeps drizzle’s types (dates as PostgreSQL’s text, int8 whole)', async () => {
    const err = await db.execute(sql`insert into t (a) values (1)`).catch((e: Error & { cause?: { code?: string; constraint?: string } }) => e);
    expect((err as { cause?: { code?: string } }).cause?.code).toBe('23505');
    const { rows: [r] } = await db.execute(sql`select at, big from t where a = 1`);
    expect(typeof (r as { at: unknown }).at).toBe('string'); // timestamptz as PostgreSQL's text: drizzle maps it
    expect(Number((r as { big: unknown }).big)).toBe(9007199254740991);
  });

  it('refuses statements once closed', async () => {
    await thread.close();
    await expect(thread.query('select 1')).rejects.toThrow(/stopped/);
  });
});

describe('openDatabase with PGlite in a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confidence-thread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, holds the data folder’s lock while open, and leaves its data for the next opener', async () => {
    const a = await openDatabase({ driver: 'pglite', dataDir: dir, thread: 'worker' });
    await a.db.execute(sql`create table kept (v text)`);
    await a.db.transaction(async (tx) => tx.execute(sql`insert into kept values ('yes')`));
    expect(readLock(dir)?.pid).toBe(process.pid);
    await a.close();
    expect(readLock(dir)).toBeNull();
    const b = await openDatabase({ driver: 'pglite', dataDir: dir });
    const kept = (await b.db.execute(sql`select v from kept`)) as unknown as { rows: unknown[] };
    expect(kept.rows).toEqual([{ v: 'yes' }]);
    await b.close();
  }, 120_000);
});

describe('a PGlite thread that dies unasked', () => {
  it('reports the loss once (so `serve` can exit and be restarted), fails what was pending, and refuses what follows', async () => {
    const lost: Error[] = [];
    const worker = PgliteThread.spawn(null);
    const thread = await PgliteThread.start(worker, (e) => lost.push(e));
    await thread.query('create table t (a int)');
    const pending = thread.query('select pg_sleep(5)');
    await worker.terminate(); // as a crash inside PGlite would end it
    await expect(pending).rejects.toThrow(/database thread has stopped/);
    await expect(thread.query('select 1')).rejects.toThrow(/stopped/);
    expect(lost).toHaveLength(1);
    await thread.close();
    expect(lost).toHaveLength(1);
  }, 60_000);

  it('does not report a loss when it is closed', async () => {
    const lost: Error[] = [];
    const thread = await PgliteThread.open(null, (e) => lost.push(e));
    await thread.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(lost).toEqual([]);
  }, 60_000);
});
