import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema';
import { verifyAudit } from '../src/services/audit';
import { BURST_PROCEDURE, seedBurst, startServer, stopServer, toggleLetter } from './support/letter-burst';

const DRIVERS = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;
const MPS = 40;
const WRITES = 160;

/**
 * Two `confidence serve` processes on one database. PGlite has one writer per data folder: the second process
 * refuses to start, naming the first. PostgreSQL lets both serve: they take letter writes at once, each MP
 * alternating between them, and the audit chain must stay one chain (every entry linked to the one before),
 * every acknowledged write must be logged exactly once, and each process must answer with the other's writes
 * included (its cached snapshot is checked against the log's head).
 */
describe.each(DRIVERS)('two server processes on one database (%s)', (driver) => {
  it('keep one audit chain and one state under concurrent letter writes, or the second refuses', async () => {
    const target = await seedBurst(driver, MPS);
    if (driver === 'pglite') {
      try {
        const first = await startServer(target);
        try {
          await expect(startServer(target)).rejects.toThrow(new RegExp(`DATA_DIR_LOCKED.*process ${first.proc.pid}`));
          expect((await fetch(`${first.url}/api/procedures/${BURST_PROCEDURE}`)).status).toBe(200);
        } finally {
          await stopServer(first.proc);
        }
      } finally {
        await target.cleanup();
      }
      return;
    }
    try {
      const servers = await Promise.all([startServer(target), startServer(target)]);
      const acked = new Map<string, number>();
      try {
        const unexpected: number[] = [];
        let total = 0;
        await Promise.all(
          target.mps.map(async (mp, i) => {
            let submitted = false;
            for (let k = 0; total < WRITES; k++) {
              const status = await toggleLetter(servers[(i + k) % 2]!.url, mp, !submitted);
              if (status !== 200) {
                unexpected.push(status);
                return;
              }
              submitted = !submitted;
              total++;
              acked.set(mp.memberId, (acked.get(mp.memberId) ?? 0) + 1);
            }
          }),
        );
        expect(unexpected).toEqual([]);

        // Both processes see every MP's letter as the last acknowledged write left it.
        for (const mp of target.mps) {
          const expected = (acked.get(mp.memberId) ?? 0) % 2 === 1 ? 'submitted' : (acked.get(mp.memberId) ?? 0) === 0 ? null : 'withdrawn';
          for (const s of servers) {
            const body = (await (await fetch(`${s.url}/api/procedures/${BURST_PROCEDURE}/letters/mine`, { headers: { cookie: mp.cookie } })).json()) as { letter: { status: string } | null };
            expect(body.letter?.status ?? null, `${mp.memberId} on ${s.url}`).toBe(expected);
          }
        }
      } finally {
        await Promise.all(servers.map((s) => stopServer(s.proc)));
      }

      const database = await target.open();
      try {
        const verdict = await verifyAudit(database.db);
        expect(verdict.ok).toBe(true);
        const rows = await database.db
          .select({ payload: auditLog.payload })
          .from(auditLog)
          .where(and(eq(auditLog.procedureId, BURST_PROCEDURE), eq(auditLog.kind, 'procedure')))
          .orderBy(asc(auditLog.seq));
        const logged = new Map<string, number>();
        for (const r of rows) {
          const e = JSON.parse(r.payload) as { type: string; memberId?: string };
          if (e.memberId) logged.set(e.memberId, (logged.get(e.memberId) ?? 0) + 1);
        }
        expect(Object.fromEntries(logged)).toEqual(Object.fromEntries(acked));
      } finally {
        await database.close();
      }
    } finally {
      await target.cleanup();
    }
  }, 180_000);
});
