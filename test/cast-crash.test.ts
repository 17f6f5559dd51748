/**
 * Durability of group-committed casts: voters cast over real HTTP as fast as `confidence serve` answers, and the
 * server is killed with SIGKILL mid-burst. Every ballot the server acknowledged (a signed receipt) must be on the
 * board afterwards at the receipt's place under the receipt's head, and the board must verify with every receipt.
 * The server checks the casts' proofs in a worker thread (services/cast-check-pool.ts), and some ballots in the burst
 * carry another ballot's proof (re-signed, so only the proof is wrong): each of those alone is refused with
 * BALLOT_INVALID_PROOF, and never reaches the board, while the honest ballots checked beside it are accepted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initCrypto, scalarFromHex, sign, signatureToJSON } from '../src/crypto';
import { ballotSigningMessage, prepareBallot, verifyBoard, type BallotBody } from '../src/ballot';
import { openDatabase, type Database } from '../src/db';
import { boardText } from '../src/services/elections';
import { testContext, throwawayPostgres } from './support/db';
import { openedElection, scheduledProcedure } from './support/elections';
import { startServer, stopServer, type BurstTarget } from './support/letter-burst';

const DRIVERS = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])] as const;
const VOTERS = 80;
const CLIENTS = 16;
const KILL_AFTER = 30;
/** Every FORGED_EVERY-th ballot carries the next ballot's proof, re-signed by its own credential. */
const FORGED_EVERY = 7;

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
      const honest = c.credentials.map((cr, i) => prepareBallot({ electionHash: c.electionHash, publicKey: c.publicKey }, cr.secret, (i % 2) as 0 | 1).body);
      const forged = new Set<number>();
      const ballots: BallotBody[] = honest.map((b, i) => {
        if (i % FORGED_EVERY !== FORGED_EVERY - 1 || i + 1 >= honest.length) return b;
        forged.add(i);
        const f = { ...b, proof: honest[i + 1]!.proof };
        return { ...f, signature: signatureToJSON(sign(scalarFromHex(c.credentials[i]!.secret), ballotSigningMessage(c.electionHash, f.credential, f.ciphertext, f.proof, f.revision))) };
      });

      const server = await startServer({ env } as BurstTarget, { CONFIDENCE_CAST_WORKERS: '1' });
      const receipts: unknown[] = [];
      const acked: { seq: number; head: string; tracker: string }[] = [];
      const unexpected: string[] = [];
      let refused = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < ballots.length) {
            const i = next++;
            const b = ballots[i]!;
            let res: Response;
            try {
              res = await fetch(`${server.url}/api/elections/${c.electionId}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b), signal: AbortSignal.timeout(20_000) });
            } catch {
              return; // the server is gone
            }
            const body = (await res.json().catch(() => null)) as { seq: number; head: string; tracker: string; receipt: unknown; error?: { code: string } } | null;
            if (forged.has(i) && body) {
              if (res.status === 422 && body.error?.code === 'BALLOT_INVALID_PROOF') refused++;
              else unexpected.push(`forged ballot ${i}: ${res.status} ${JSON.stringify(body)}`);
              continue;
            }
            if (res.status !== 200 || !body) {
              unexpected.push(`ballot ${i}: ${res.status} ${JSON.stringify(body)}`);
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
      // Forged ballots were answered among the honest ones (the first is the 7th of 80, sent long before the kill).
      expect(refused).toBeGreaterThanOrEqual(1);

      const after = await open();
      try {
        const lines = (await boardText(testContext(after), c.electionId)).trim().split('\n');
        for (const a of acked) {
          const rec = JSON.parse(lines[a.seq]!) as { type: string; hash: string };
          expect(rec.type).toBe('ballot');
          expect(rec.hash).toBe(a.head);
        }
        // No forged ballot reached the board (its signature is unique to it).
        for (const i of forged) expect(lines.some((l) => l.includes(ballots[i]!.signature.R))).toBe(false);
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
