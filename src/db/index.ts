import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './lock';
import { PgliteThread } from './pglite-thread';
import * as schema from './schema';

/** Either driver, seen through the query builder they share. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Where the data lives, for messages (never includes a password). */
  location: string;
  /** The PGlite data folder's lock (one writer per folder); null for PostgreSQL and in-memory databases. */
  lock: DataDirLock | null;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type DatabaseTarget =
  /**
   * dataDir null: in memory (tests). thread 'worker': PGlite runs in a worker thread (the server: its statements
   * then never hold up the event loop that answers HTTP, ADR 0014); default 'main', in this thread (the CLI, tests).
   */
  | { driver: 'pglite'; dataDir: string | null; thread?: 'main' | 'worker'; onLost?: (e: Error) => void }
  | { driver: 'postgres'; url: string };

/**
 * Opens the database and brings its schema up to date. PGlite (embedded Postgres in WebAssembly)
 * needs no set-up and keeps its data in a folder; PostgreSQL is the production and scale-out path.
 * Both run the same migrations from ./drizzle.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.driver === 'pglite') {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    const lock = target.dataDir ? lockDataDir(target.dataDir) : null;
    try {
      const client = target.thread === 'worker' ? await PgliteThread.open(target.dataDir, target.onLost) : target.dataDir ? new PGlite(target.dataDir) : new PGlite();
      const db = announcingTransactionEnds(drizzlePglite({ client: client as PGlite, schema }) as unknown as Db);
      try {
        await migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR });
      } catch (e) {
        await client.close().catch(() => {});
        throw e;
      }
      const close = async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      };
      return { db, driver: 'pglite', location: target.dataDir ?? '(in memory)', lock, close };
    } catch (e) {
      lock?.release();
      throw e;
    }
  }
  // Writers queue in-process before taking a connection (services/procedures.ts), so most of these serve reads.
  const pool = new pg.Pool({ connectionString: target.url, max: 20 });
  pool.on('error', () => {
    /* idle client errors surface on the next query; do not crash the process */
  });
  const db = announcingTransactionEnds(drizzlePg({ client: pool, schema }) as unknown as Db);
  await migratePg(db as never, { migrationsFolder: MIGRATIONS_DIR });
  return { db, driver: 'postgres', location: redactUrl(target.url), lock: null, close: () => pool.end() };
}

/**
 * Who wants to know when a transaction has ended (committed, or rolled back): a cache of state derived from the
 * database may only take a write into account once the write is final (services/audit.ts: the audit epoch).
 */
const transactionEndListeners: ((tx: Tx) => void)[] = [];
export function onTransactionEnd(listener: (tx: Tx) => void): void {
  transactionEndListeners.push(listener);
}

/** Makes `db.transaction` tell the listeners about each transaction once it has ended, after its COMMIT or ROLLBACK. */
function announcingTransactionEnds(db: Db): Db {
  const run = db.transaction.bind(db);
  const transaction: Db['transaction'] = async (fn, config) => {
    let opened: Tx | null = null;
    try {
      return await run((tx) => {
        opened = tx;
        return fn(tx);
      }, config);
    } finally {
      const tx = opened as Tx | null;
      if (tx) for (const listener of transactionEndListeners) listener(tx);
    }
  };
  db.transaction = transaction;
  return db;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export { schema };
