/**
 * The server operator tries to be every mix server of a preferential ballot.
 *
 * Were a mix record only `{mixer, output, proof}` (M1–M9 check the shuffle and the turn's number, not who shuffled),
 * the operator, which writes the board, could post every turn's mix itself, keep each permutation, and, once the
 * trustees had decrypted the cells the count needs, link each decrypted preference to its ballot — so to its
 * credential and to whoever cast it when. The mixnet spec's "all mix servers together" (privacy lost) would be the
 * operator alone, and the board would verify.
 *
 * Now mix server k is trustee k, and signs its mix with the key it registered in the key ceremony (M16,
 * src/mixnet/mix-signature.ts): the operator's own mixes — true shuffles with true proofs, built with the project's
 * own functions, posted in turn on a re-hashed chain — fail M16, whether unsigned, signed with a key of its own, or
 * signed by a real mix server for another turn; and the server refuses such a mix before appending it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db';
import { initCrypto } from '../../src/crypto';
import { generateCredential } from '../../src/ballot';
import { ZERO_HASH, recordHash } from '../../src/ballot/records';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { mixerTurn, preferentialStateFromBoard, prepareRankedBallot, signMixStep, verifyPreferentialBoard, type PreferentialState } from '../../src/mixnet/board';
import { proofToJSON, rowsToJSON, type MixStepJSON } from '../../src/mixnet/contest';
import { mix } from '../../src/mixnet/pipeline';
import { boardText, closeElection } from '../../src/services/elections';
import { castRankedBallot, postMix } from '../../src/services/preferential';
import { SYSTEM_ACTOR } from '../../src/services/context';
import { testContext } from '../support/db';
import { countPreferential, openedPreferential, type PreferentialCeremony } from '../support/preferential';

let database: Database;
let honest: string;
let closed: string;
let c: PreferentialCeremony;

type Rec = { seq: number; prev: string; type: string; body: any; hash: string };
/** The board's records after `edit`, the chain re-hashed (what the operator could publish). */
const rehash = (recs: Rec[]): string => {
  let prev = ZERO_HASH;
  return recs.map((r, i) => {
    const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type as never, r.body) };
    prev = rec.hash;
    return canonicalJson(rec);
  }).join('\n') + '\n';
};
const recsOf = (text: string): Rec[] => text.trim().split('\n').map((l) => JSON.parse(l) as Rec);

/** The operator's own shuffle of the board's next turn: true re-encryption and permutation, a true proof. */
const operatorShuffle = (s: PreferentialState): MixStepJSON => {
  const t = mixerTurn(s);
  const step = mix(s.electionHash, t.mixer, t.publicKey, t.input);
  return { mixer: t.mixer, output: rowsToJSON(step.output), proof: proofToJSON(step.proof) };
};

/** The closed board with every mix made by `make` (turn by turn, each on the board the previous one gives). */
const mixedBy = (make: (s: PreferentialState, step: MixStepJSON) => MixStepJSON): string => {
  let text = closed;
  for (let k = 0; k < c.manifest.mixers; k++) {
    const s = preferentialStateFromBoard(text);
    const recs = recsOf(text);
    recs.push({ seq: recs.length, prev: '', type: 'mix', body: make(s, operatorShuffle(s)), hash: '' });
    text = rehash(recs);
  }
  return text;
};

beforeAll(async () => {
  await initCrypto();
  database = await openDatabase({ driver: 'pglite', dataDir: null });
  const ctx = testContext(database);
  c = await openedPreferential(ctx, { title: 'Mixed by the server', candidates: ['A', 'B'], rankCap: 1, electorate: 3, trustees: 2, threshold: 1, mixers: 2 });
  for (const [i, r] of [[0], [1], [0]].entries()) await castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, r));
  await closeElection(ctx, SYSTEM_ACTOR, c.eid);
  closed = await boardText(ctx, c.eid);
  // the server refuses a mix not signed by mix server 1 (trustee 1): unsigned, or signed with another key
  const s = preferentialStateFromBoard(closed);
  const own = operatorShuffle(s);
  await expect(postMix(ctx, SYSTEM_ACTOR, c.eid, own)).rejects.toMatchObject({ code: 'MIXNET_CHECK_FAILED', details: { check: 'M16' } });
  const stranger = { trustee: 1, transportSecret: generateCredential().secret };
  await expect(postMix(ctx, SYSTEM_ACTOR, c.eid, signMixStep(s, own, stranger))).rejects.toMatchObject({ code: 'MIXNET_CHECK_FAILED', details: { check: 'M16' } });
  expect(await boardText(ctx, c.eid)).toBe(closed);
  // the honest run: trustee k mixes in turn k, the trustees decrypt, the count
  await countPreferential(ctx, c, { alreadyClosed: true });
  honest = await boardText(ctx, c.eid);
}, 60_000);
afterAll(() => database?.close());

describe('a preferential ballot every mix of which the server made', () => {
  it('the honest board, each mix signed by its mix server, verifies', () => {
    const r = verifyPreferentialBoard(honest);
    expect(r.failures).toEqual([]);
    expect(r.complete).toBe(true);
  });

  it('does not verify: every mix the operator made itself fails M16 (unsigned, or signed with a key of its own)', () => {
    for (const text of [mixedBy((_, step) => step), mixedBy((s, step) => signMixStep(s, step, { trustee: step.mixer, transportSecret: generateCredential().secret }))]) {
      const r = verifyPreferentialBoard(text);
      expect(r.mixes).toBe(2);
      expect(r.ok).toBe(false);
      // the shuffles themselves are true: only who made them is wrong
      expect(r.failures.map((f) => [f.check, f.mixer])).toEqual([['M16', 1], ['M16', 2]]);
    }
  });

  it('does not verify: a mix signed by a real mix server for another turn (M16), nor a turn signed by the wrong trustee', () => {
    // turn 1 signed by trustee 2's key (as if it were mix server 1), turn 2 by trustee 1's
    const swapped = mixedBy((s, step) => signMixStep(s, { ...step, mixer: step.mixer }, { ...c.trustees[2 - step.mixer]!, trustee: step.mixer }));
    const r = verifyPreferentialBoard(swapped);
    expect(r.ok).toBe(false);
    expect(r.failures.map((f) => [f.check, f.mixer])).toEqual([['M16', 1], ['M16', 2]]);
    // mix server 1's genuine record moved to turn 2: its signature names turn 1 (M16) and its label too (M9)
    const recs = recsOf(honest).filter((r) => !['decryption_share', 'count'].includes(r.type));
    const mixes = recs.filter((r) => r.type === 'mix');
    const reordered = rehash([...recs.filter((r) => r.type !== 'mix'), mixes[0]!, { ...mixes[0]!, body: { ...mixes[0]!.body } }]);
    const r2 = verifyPreferentialBoard(reordered, {});
    expect(r2.ok).toBe(false);
    expect(r2.failures).toContainEqual(expect.objectContaining({ check: 'M16', mixer: 2 }));
    expect(r2.failures).toContainEqual(expect.objectContaining({ check: 'M9' }));
  });
});
