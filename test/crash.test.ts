import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema';
import { BIN, BURST_PROCEDURE, seedBurst, startServer, stopServer, toggleLetter, type BurstTarget } from './support/letter-burst';

const run = promisify(execFile);
const DRIVERS = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;
const MPS = 60;
const KILL_AFTER = 90; // acknowledged writes before the kill; the other MPs' requests are in flight

/** Each MP's letter events in the audit log, in order: 'submitted' | 'withdrawn'. */
async function eventsByMember(target: BurstTarget): Promise<Map<string, string[]>> {
  const database = await target.open();
  try {
    const rows = await database.db
      .select({ action: auditLog.action, payload: auditLog.payload })
      .from(auditLog)
      .where(and(eq(auditLog.procedureId, BURST_PROCEDURE), eq(auditLog.kind, 'procedure')))
      .orderBy(asc(auditLog.seq));
    const out = new Map<string, string[]>();
    for (const r of rows) {
      if (r.action !== 'letter_submitted' && r.action !== 'letter_withdrawn') continue;
      const { memberId } = JSON.parse(r.payload) as { memberId: string };
      out.set(memberId, [...(out.get(memberId) ?? []), r.action === 'letter_submitted' ? 'submitted' : 'withdrawn']);
    }
    return out;
  } finally {
    await database.close();
  }
}

/**
 * Durability: 60 MPs submit and withdraw their letters as fast as the server answers; the server is killed
 * with SIGKILL mid-burst. Every write the server acknowledged must be in the audit log after a restart (and at
 * most one more per MP: the one in flight may have committed unanswered), the stored snapshot must agree with
 * the log, and `confidence audit verify` must pass.
 */
describe.each(DRIVERS)('kill -9 during a burst of letter writes (%s)', (driver) => {
  it('keeps every acknowledged write; the restarted server and the audit chain agree', async () => {
    const target = await seedBurst(driver, MPS);
    try {
      const first = await startServer(target);
      const acked = new Map<string, number>();
      const unexpected: number[] = [];
      let total = 0;
      await Promise.all(
        target.mps.map(async (mp) => {
          let submitted = false;
          for (;;) {
            const status = await toggleLetter(first.url, mp, !submitted);
            if (status === 0) return; // the server is gone
            if (status !== 200) {
              unexpected.push(status);
              return;
            }
            submitted = !submitted;
            acked.set(mp.memberId, (acked.get(mp.memberId) ?? 0) + 1);
            if (++total === KILL_AFTER) first.proc.kill('SIGKILL');
          }
        }),
      );
      await stopServer(first.proc, 'SIGKILL');
      expect(unexpected).toEqual([]);
      expect(total).toBeGreaterThanOrEqual(KILL_AFTER);

      // The restarted server answers from what was stored: each MP's letter is as their last event left it.
      const second = await startServer(target);
      const states = new Map<string, string | null>();
      try {
        for (const mp of target.mps) {
          const res = await fetch(`${second.url}/api/procedures/${BURST_PROCEDURE}/letters/mine`, { headers: { cookie: mp.cookie } });
          expect(res.status).toBe(200);
          const body = (await res.json()) as { letter: { status: string } | null };
          states.set(mp.memberId, body.letter?.status ?? null);
        }
        expect((await fetch(`${second.url}/api/procedures/${BURST_PROCEDURE}`)).status).toBe(200);
      } finally {
        await stopServer(second.proc);
      }

      const events = await eventsByMember(target);
      for (const mp of target.mps) {
        const logged = events.get(mp.memberId) ?? [];
        const n = acked.get(mp.memberId) ?? 0;
        // Every acknowledged write is there, in order (submit, withdraw, submit…), plus at most the one in flight.
        expect(logged.length === n || logged.length === n + 1, `${mp.memberId}: ${n} acknowledged, ${logged.length} logged`).toBe(true);
        logged.forEach((e, i) => expect(e).toBe(i % 2 === 0 ? 'submitted' : 'withdrawn'));
        expect(states.get(mp.memberId)).toBe(logged.at(-1) ?? null);
      }

      const verify = await run(process.execPath, [BIN, 'audit', 'verify'], { env: { ...process.env, ...target.env, LOG_LEVEL: 'silent', CONFIDENCE_SERVER: '' } });
      expect(verify.stdout).toMatch(/audit log intact: \d+ entries/);
    } finally {
      await target.cleanup();
    }
  }, 180_000);
});
