/**
 * OPEN (a decision): the server operator can be every mix server of a preferential ballot.
 *
 * A mix record is `{mixer, output, proof}`: M1–M9 check the shuffle and the turn's number, not who shuffled. The
 * mixers are officer or chair sessions, and the operator writes the board: it can post every turn's mix itself (as
 * `postMix` does for the system actor here; an appointed mixer who comes later gets "already mixed", with no
 * receipt to show), keep each permutation, and, once the trustees have decrypted the cells the count needs, link
 * each decrypted preference to its ballot — so to its credential and to whoever cast it when. The mixnet spec's
 * "all mix servers together" line (privacy lost) is then the operator alone, and the board verifies.
 *
 * Fix needing a decision: the manifest names each mix server's key (as it names the trustees), a mix record is
 * signed by mixer k's key over the election hash, k and the proof, M9 checks it, and the server gives the mixer a
 * receipt (M15). The test passes (`it.fails`) while a board mixed by the server alone verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db';
import { initCrypto } from '../../src/crypto';
import { prepareRankedBallot, verifyPreferentialBoard } from '../../src/mixnet/board';
import { boardText } from '../../src/services/elections';
import { castRankedBallot } from '../../src/services/preferential';
import { testContext } from '../support/db';
import { countPreferential, openedPreferential } from '../support/preferential';

let database: Database;
let text: string;

beforeAll(async () => {
  await initCrypto();
  database = await openDatabase({ driver: 'pglite', dataDir: null });
  const ctx = testContext(database);
  const c = await openedPreferential(ctx, { title: 'Mixed by the server', candidates: ['A', 'B'], rankCap: 1, electorate: 3, trustees: 1, threshold: 1, mixers: 2 });
  for (const [i, r] of [[0], [1], [0]].entries()) await castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, r));
  // Both mixes are posted by the system actor: the operator's own process, not an appointed mix server.
  await countPreferential(ctx, c);
  text = await boardText(ctx, c.eid);
}, 60_000);
afterAll(() => database?.close());

describe('a preferential ballot every mix of which the server made', () => {
  it.fails('does not verify: a mix must be signed by the mix server the manifest names for its turn', () => {
    const r = verifyPreferentialBoard(text);
    expect(r.complete).toBe(true);
    expect(r.mixes).toBe(2);
    expect(r.ok).toBe(false);
  });
});
