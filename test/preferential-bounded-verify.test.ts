import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db';
import { initCrypto } from '../src/crypto';
import { ZERO_HASH, recordHash } from '../src/ballot/records';
import { canonicalJson } from '../src/domain/audit/canonical-json';
import { PreferentialBoardReader, prepareRankedBallot, verifyPreferentialBoard, verifyPreferentialBoardLines } from '../src/mixnet/board';
import { PackedShufflePool } from '../src/mixnet/verify-parallel';
import { PackedMixBody } from '../src/mixnet/mix-line';
import { boardText } from '../src/services/elections';
import { castRankedBallot } from '../src/services/preferential';
import { testContext } from './support/db';
import { countPreferential, openedPreferential } from './support/preferential';

/**
 * The streaming verifier (src/mixnet/board-verify.ts) checks each record as it arrives and keeps none: it is fed a
 * one-pass source that builds each line only when asked and forgets it, so a check that needed an earlier record
 * again could not have it. A board forged after the last shuffle (a mixed row changed, the chain re-hashed) is still
 * caught, with the numbered check of the in-memory verifier.
 */
describe('the preferential verifier in bounded memory', () => {
  let database: Database;
  let text: string;
  beforeAll(async () => {
    await initCrypto();
    database = await openDatabase({ driver: 'pglite', dataDir: null });
    const ctx = testContext(database);
    const c = await openedPreferential(ctx, { title: 'Bounded', candidates: ['A', 'B', 'C'], rankCap: 2, electorate: 9, trustees: 2, threshold: 2, mixers: 2 });
    const rankings = [[0, 1], [0], [1, 2], [1], [2, 0], [2, 1], [0, 2], [1, 0], [0]];
    for (const [i, r] of rankings.entries()) await castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, r));
    await countPreferential(ctx, c);
    text = await boardText(ctx, c.eid);
  }, 120_000);
  afterAll(() => database?.close());

  type Rec = { seq: number; prev: string; type: string; body: any; hash: string };
  /** Re-hashes the chain after `edit` changed bodies (what a dishonest server could publish). */
  const forge = (edit: (recs: Rec[]) => void): Rec[] => {
    const recs = text.trim().split('\n').map((l) => JSON.parse(l) as Rec);
    edit(recs);
    let prev = ZERO_HASH;
    return recs.map((r, i) => {
      const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type as never, r.body) };
      prev = rec.hash;
      return rec;
    });
  };
  /** One pass over the records: each line is built when the verifier asks for it, and the source drops it. */
  function* onePass(recs: Rec[]): Generator<string> {
    for (let i = 0; i < recs.length; i++) {
      const line = canonicalJson(recs[i]);
      (recs as unknown[])[i] = undefined;
      yield line;
    }
  }

  it('verifies an honest board from a one-pass source, keeping no record', async () => {
    const recs = forge(() => undefined);
    const whole = verifyPreferentialBoard(text);
    expect(whole.failures).toEqual([]);
    expect(whole.complete).toBe(true);
    expect(await verifyPreferentialBoardLines(onePass(recs))).toEqual(whole);
    expect(recs.every((r) => r === undefined)).toBe(true);
    // the streaming reader hands records on and keeps none
    const seen: number[] = [];
    const reader = new PreferentialBoardReader((rec) => seen.push(rec.seq));
    for (const line of text.split('\n')) reader.push(line);
    expect(reader.recs).toEqual([]);
    // signed mix records are read on the fast path (packed while read), not by the general JSON reader
    const mixBodies: unknown[] = [];
    const r2 = new PreferentialBoardReader((rec) => rec.type === 'mix' && mixBodies.push(rec.body));
    for (const line of text.split('\n')) r2.push(line);
    expect(mixBodies).toHaveLength(2);
    for (const b of mixBodies) expect(b).toBeInstanceOf(PackedMixBody);
    expect(seen.length).toBe(text.trim().split('\n').length);
  });

  it('rejects a mixed row changed after the last shuffle (M16: not mixer 2\'s signature; M3 of the last mixer), read once', async () => {
    const recs = forge((rs) => {
      const last = rs.filter((r) => r.type === 'mix').at(-1)!;
      const [row0, row1] = last.body.output as [string, string][][];
      // row 0's first cell takes row 1's: every element still a valid point
      row0![0] = row1![0]!;
    });
    const expected = verifyPreferentialBoard(recs.map((r) => canonicalJson(r)).join('\n') + '\n');
    const report = await verifyPreferentialBoardLines(onePass(recs));
    expect(report.ok).toBe(false);
    // the server cannot re-sign as mix server 2 (M16); the shuffle check still names the change (M3)
    expect(report.failures[0]).toMatchObject({ check: 'M16', mixer: 2 });
    expect(report.failures).toContainEqual(expect.objectContaining({ check: 'M3', mixer: 2 }));
    expect(report).toEqual(expected);
    // the same on shuffle-checking threads, which take over each job's input rows and proof (the CLI's path)
    const pool = new PackedShufflePool(2);
    try {
      const honest = forge(() => undefined);
      expect(await verifyPreferentialBoardLines(onePass(honest), { shuffleChecker: pool.check })).toEqual(verifyPreferentialBoard(text));
      const again = forge((rs) => {
        const [row0, row1] = rs.filter((r) => r.type === 'mix').at(-1)!.body.output as [string, string][][];
        row0![0] = row1![0]!;
      });
      expect(await verifyPreferentialBoardLines(onePass(again), { shuffleChecker: pool.check })).toEqual(expected);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('rejects a ballot changed after the fact (M12), read once; a repeated valid partial of a needed cell is no leak', async () => {
    const changed = forge((rs) => {
      const b = rs.find((r) => r.type === 'ballot')!;
      b.body.row[0] = rs.filter((r) => r.type === 'ballot')[1]!.body.row[0];
    });
    expect((await verifyPreferentialBoardLines(onePass(changed))).failures[0]!.check).toBe('M12');
    const extra = forge((rs) => {
      // a trustee's share posted twice for a cell: counted twice, but a partial outside the needed set is the leak
      const sh = rs.find((r) => r.type === 'decryption_share')!;
      const cell = sh.body.cells[0];
      rs.splice(rs.findIndex((r) => r.type === 'count'), 0, { seq: 0, prev: '', type: 'decryption_share', body: { trustee: sh.body.trustee, cells: [{ ...cell, row: cell.row }] }, hash: '' });
    });
    const r = await verifyPreferentialBoardLines(onePass(extra));
    // the same partial again is valid (M10 passes) and of a needed cell: the board still verifies
    expect(r.failures).toEqual([]);
  });
});
