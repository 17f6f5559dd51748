/**
 * Durability of group-committed casts: voters cast over real HTTP as fast as `confidence serve` answers, and the
 * server is killed with SIGKILL mid-burst. Every ballot the server acknowledged (a signed receipt) must be on the
 * board afterwards at the receipt's place under the receipt's head, and the board must verify with every receipt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initCrypto } from '../src/crypto';
import { prepareBallot, verifyBoard, type BallotBody } from '../src/ballot';
import { openDatabase, type Database } from '../src/db';
import { boardText } from '../src/services/elections';
import { testContext, throwawayPostgres } from './support/db';
import { openedElection, scheduledProcedure } from './support/elections';
import { startServer, stopServer, type BurstTarget } from './support/letter-burst';

const DRIVERS = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;
const VOTERS = 80;
const CLIENTS = 16;
const KILL_AFTER = 30;

describe.each(DRIVERS)('kill -9 during a burst of casts (%s)', (driver) => {
  it('keeps every acknowledged ballot at its receipted place; the board verifies with all receipts', async () => {
    await initCrypto();
    let open: () => Promise<Database>;
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    if (driver === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'confidence-casts-'));
      open = () => openDatabase({ driver: 'pglite', dataDir: dir });
      env = { CONFIDENCE_DATA_DIR: dir, DATABASE_URL: '' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const fresh = await throwawayPostgres(process.env.TEST_DATABASE_URL!, 'confidence_casts');
      open = () => openDatabase({ driver: 'postgres', url: fresh.url });
      env = { DATABASE_URL: fresh.url };
      cleanup = fresh.drop;
    }
    try {
      const seed = await open();
      const ctx = testContext(seed);
      await scheduledProcedure(ctx, 'cast-crash', 10);
      const c = await openedElection(ctx, 'cast-crash', { threshold: 2, trustees: 3, electorate: VOTERS });
      await seed.close();
      const ballots: BallotBody[] = c.credentials.map((cr, i) => prepareBallot({ electionHash: c.electionHash, publicKey: c.publicKey }, cr.secret, (i % 2) as 0 | 1).body);

      const server = await startServer({ env } as BurstTarget);
      const receipts: unknown[] = [];
      const acked: { seq: number; head: string; tracker: string }[] = [];
      const unexpected: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < ballots.length) {
            const b = ballots[next++]!;
            let res: Response;
            try {
              res = await fetch(`${server.url}/api/elections/${c.electionId}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b), signal: AbortSignal.timeout(20_000) });
            } catch {
              return; // the server is gone
            }
            const body = (await res.json().catch(() => null)) as { seq: number; head: string; tracker: string; receipt: unknown } | null;
            if (res.status !== 200 || !body) {
              unexpected.push(res.status);
              return;
            }
            acked.push({ seq: body.seq, head: body.head, tracker: body.tracker });
            receipts.push(body.receipt);
            if (acked.length === KILL_AFTER) server.proc.kill('SIGKILL');
          }
        }),
      );
      await stopServer(server.proc, 'SIGKILL');
      expect(unexpected).toEqual([]);
      expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);

      const after = await open();
      try {
        const lines = (await boardText(testContext(after), c.electionId)).trim().split('\n');
        for (const a of acked) {
          const rec = JSON.parse(lines[a.seq]!) as { type: string; hash: string };
          expect(rec.type).toBe('ballot');
          expect(rec.hash).toBe(a.head);
        }
        const report = await verifyBoard(lines, { expect: { receipts } });
        expect(report.failure).toBeNull();
        expect(report.summary.receiptsChecked).toBe(acked.length);
        expect(report.summary.ballotsOnBoard).toBeGreaterThanOrEqual(acked.length);
      } finally {
        await after.close();
      }
    } finally {
      await cleanup();
    }
  }, 120_000);
});
