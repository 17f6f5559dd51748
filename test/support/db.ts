import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db';
import type { AppContext } from '../../src/services/context';
import { createLogger } from '../../src/services/logger';
import { devMailer } from '../../src/services/mailer';

/**
 * The database drivers every repository test runs against: PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL points at a server (CI starts one). Each call gets a fresh, empty database.
 */
export interface TestDriver {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

const pgUrl = process.env.TEST_DATABASE_URL;

/** A new, empty PostgreSQL database on the server at `adminUrl`: its URL, and how to drop it afterwards. */
export async function throwawayPostgres(adminUrl: string, prefix = 'confidence_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function freshPostgres(adminUrl: string): Promise<Database> {
  const fresh = await throwawayPostgres(adminUrl);
  const database = await openDatabase({ driver: 'postgres', url: fresh.url });
  return {
    ...database,
    async close() {
      await database.close();
      await fresh.drop();
    },
  };
}

export const TEST_DRIVERS: TestDriver[] = [
  { name: 'pglite', open: () => openDatabase({ driver: 'pglite', dataDir: null }) },
  ...(pgUrl ? [{ name: 'postgres' as const, open: () => freshPostgres(pgUrl) }] : []),
];

/** A service context over a test database: silent logs, mail kept in the dev mailbox, a settable clock. */
export function testContext(database: Database, now: () => Date = () => new Date()): AppContext {
  return {
    db: database.db,
    clock: now,
    mailer: devMailer(database.db, () => {}),
    logger: createLogger('silent'),
    config: { secureCookies: false, publicUrl: null, env: 'test', loginMaxPerIp: 50 },
  };
}
