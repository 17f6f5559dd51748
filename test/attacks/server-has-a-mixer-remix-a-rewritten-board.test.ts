/**
 * The server drops an honest mix server's mix, rewrites the board before it, and has the mixer mix again.
 *
 * M16 stops the operator from mixing in a mixer's name, not from discarding a genuine mix. After mix server 1 has
 * mixed the real board, the operator rebuilds the board without two ballots it dislikes (re-hashed, the close's
 * count adjusted: M12, M13 pass, and only those two voters' receipts could tell), answers mix server 1 that its post
 * was lost, and gets a second, genuinely signed mix of the rewritten board; mix server 2, the trustees' decryptions
 * and the count follow on it. Every check M1–M16 passes, and the result changed.
 *
 * Now the server signs a receipt for every mix it appends (src/mixnet/mix-receipt.ts): the mixer's device keeps it
 * and verifies the board with it before mixing and before decrypting (M17), so it refuses to mix the rewritten board
 * and names the dropped mix; any verifier given the receipt fails the published board. A board rewritten before the
 * mix while keeping the mix itself (the close re-timed) fails M17 too: the receipt's head pins every earlier record.
 * Every forged board is built with the project's own functions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db';
import { initCrypto } from '../../src/crypto';
import { ZERO_HASH, recordHash } from '../../src/ballot/records';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { combineShares, countProgress, mixerStep, preferentialStateFromBoard, prepareRankedBallot, readPreferentialBoardText, trusteeDecryptionShare, verifyPreferentialBoard, verifyPreferentialBoardLines, verifyPreferentialRecords } from '../../src/mixnet/board';
import { rowsFromJSON } from '../../src/mixnet/contest';
import { mixDigest } from '../../src/mixnet/mix-signature';
import { mixReceiptProblem, type MixReceipt } from '../../src/mixnet/mix-receipt';
import { boardText, closeElection } from '../../src/services/elections';
import { castRankedBallot, postMix } from '../../src/services/preferential';
import { SYSTEM_ACTOR } from '../../src/services/context';
import { testContext } from '../support/db';
import { openedPreferential, type PreferentialCeremony } from '../support/preferential';

let database: Database;
let c: PreferentialCeremony;
let closed: string;
let honest: string;
let receipt: MixReceipt;

type Rec = { seq: number; prev: string; type: string; body: any; hash: string };
const recsOf = (text: string): Rec[] => text.trim().split('\n').map((l) => JSON.parse(l) as Rec);
/** The records re-hashed into a chain (what the operator publishes). */
const rehash = (recs: Pick<Rec, 'type' | 'body'>[]): string => {
  let prev = ZERO_HASH;
  return (
    recs
      .map((r, i) => {
        const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type as never, r.body) };
        prev = rec.hash;
        return canonicalJson(rec);
      })
      .join('\n') + '\n'
  );
};
const append = (text: string, type: string, body: unknown) => rehash([...recsOf(text), { type, body }]);

/** From a closed board (or one mixed up to `from`): the mix servers in turn, the trustees' decryptions, the count. */
const complete = (start: string, from = 0): string => {
  let text = start;
  for (let k = from; k < c.manifest.mixers; k++) text = append(text, 'mix', mixerStep(preferentialStateFromBoard(text), c.trustees[k]!));
  for (;;) {
    let posted = 0;
    for (const t of c.trustees.slice(0, c.manifest.trustees.threshold)) {
      const share = trusteeDecryptionShare(preferentialStateFromBoard(text), t);
      if (share) {
        text = append(text, 'decryption_share', share);
        posted++;
      }
    }
    if (!posted) break;
  }
  const s = preferentialStateFromBoard(text);
  const last = rowsFromJSON(s.mixes.at(-1)!.output, 'output');
  const p = countProgress(s.manifest, s.electionHash, last.length, combineShares(last, s.shares, s.manifest.trustees.threshold));
  if (!p.done) throw new Error('the count still needs cells');
  return append(text, 'count', { count: p.count });
};

/** The closed board without the ballots at `drop` (their indices among the ballots), the close's count adjusted. */
const withoutBallots = (drop: number[]): string => {
  let b = -1;
  const recs = recsOf(closed).filter((r) => r.type !== 'ballot' || !drop.includes(++b));
  return rehash(recs.map((r) => (r.type === 'close' ? { type: r.type, body: { ...r.body, ballots: r.body.ballots - drop.length } } : r)));
};

beforeAll(async () => {
  await initCrypto();
  database = await openDatabase({ driver: 'pglite', dataDir: null });
  const ctx = testContext(database);
  c = await openedPreferential(ctx, { title: 'Remixed', candidates: ['A', 'B'], rankCap: 1, electorate: 5, trustees: 2, threshold: 1, mixers: 2 });
  for (const [i, r] of [[0], [1], [1], [1], [0]].entries()) await castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, r));
  await closeElection(ctx, SYSTEM_ACTOR, c.eid);
  closed = await boardText(ctx, c.eid);
  // mix server 1 mixes the real board, and its device checks and keeps the board's receipt
  const step = mixerStep(preferentialStateFromBoard(closed), c.trustees[0]!);
  const posted = await postMix(ctx, SYSTEM_ACTOR, c.eid, step);
  expect(mixReceiptProblem(c.manifest.boardKey, c.electionHash, 1, mixDigest(step.output, step.proof), posted.receipt)).toBeNull();
  receipt = posted.receipt!;
  honest = complete(await boardText(ctx, c.eid), 1);
}, 60_000);
afterAll(() => database?.close());

describe('a mix server’s receipted mix dropped, and the mixer made to mix a rewritten board', () => {
  it('the honest board verifies with the mixer’s receipt (M17), and B wins', () => {
    const r = verifyPreferentialBoard(honest, { receipts: [receipt] });
    expect(r.failures).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.receipts.mix).toBe(1);
    expect(r.count!.elected).toEqual([1]);
  });

  it('would have verified: the rewritten board, remixed by the genuine mix servers, passes M1–M16 and A wins', async () => {
    const forged = complete(withoutBallots([1, 2]));
    const r = verifyPreferentialBoard(forged);
    expect(r.failures).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.count!.elected).toEqual([0]);
    // with the mixer's receipt it does not: its mix is gone (string, streamed and record readers alike)
    for (const report of [verifyPreferentialBoard(forged, { receipts: [receipt] }), await verifyPreferentialBoardLines(forged.split('\n'), { receipts: [receipt] }), verifyPreferentialRecords(readPreferentialBoardText(forged), { receipts: [receipt] })]) {
      expect(report.ok).toBe(false);
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatchObject({ check: 'M17', seq: receipt.seq });
      expect(report.failures[0]!.message).toMatch(/mix server 1’s mix receipted as record \d+ is missing from the board \(record \d+ is a decryption_share; turn 1’s mix on the board is record \d+, another output or proof\): the board writer dropped or replaced a mix/);
    }
  });

  it('the mixer’s device refuses to mix the rewritten board, and to decrypt on it (what `preferential mix | decrypt` check)', () => {
    // asked to mix again: the rewritten, closed board lacks the receipted mix
    const again = verifyPreferentialRecords(readPreferentialBoardText(withoutBallots([1, 2])), { receipts: [receipt] });
    expect(again.ok).toBe(false);
    expect(again.failures[0]).toMatchObject({ check: 'M17' });
    expect(again.failures[0]!.message).toMatch(/is missing from the board \(the board has \d+ records\)/);
    // before its decryption share: the board mixed on the rewritten input
    const mixed = recsOf(complete(withoutBallots([1, 2]))).filter((r) => r.type !== 'decryption_share' && r.type !== 'count');
    const before = verifyPreferentialRecords(readPreferentialBoardText(rehash(mixed)), { receipts: [receipt] });
    expect(before.ok).toBe(false);
    expect(before.failures[0]).toMatchObject({ check: 'M17' });
  });

  it('the board rewritten before a mix it keeps fails M17: the receipt’s head pins every earlier record', () => {
    // the close re-timed: the mixes' input rows are the same, so M1–M16 pass, but the chain under the mix changed
    const recs = recsOf(honest).map((r) => (r.type === 'close' ? { type: r.type, body: { ...r.body, at: new Date(Date.parse(r.body.at) - 60_000).toISOString() } } : r));
    const retimed = rehash(recs);
    expect(verifyPreferentialBoard(retimed).failures).toEqual([]);
    const r = verifyPreferentialBoard(retimed, { receipts: [receipt] });
    expect(r.failures).toEqual([expect.objectContaining({ check: 'M17', seq: receipt.seq })]);
    expect(r.failures[0]!.message).toMatch(/is there, but the board before it is not the one receipted .*: earlier records were changed/);
  });

  it('a receipt the board key did not sign, or for another election, is refused (M17)', () => {
    const forged = { ...receipt, mixer: 2 };
    expect(verifyPreferentialBoard(honest, { receipts: [forged] }).failures[0]!.message).toMatch(/mix receipt 1: not signed by this board’s key/);
    const other = { ...receipt, election: 'ab'.repeat(32) };
    expect(verifyPreferentialBoard(honest, { receipts: [other] }).failures[0]).toMatchObject({ check: 'M17' });
    expect(verifyPreferentialBoard(honest, { receipts: [{ ...receipt, extra: 1 }] }).failures[0]!.message).toMatch(/mix receipt 1: a mix receipt holds exactly/);
  });
});
