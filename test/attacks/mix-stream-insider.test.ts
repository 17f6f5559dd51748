/**
 * Insiders against the streamed mix upload (POST /api/preferential/{id}/mixes/stream). A mixer holds its own
 * randomness and can run the prover on any statement it likes; the server operator can append what it wants to its
 * board and re-hash the chain. Each attack is a whole, well-formed mix made with the project's own prover:
 *   - a true shuffle of this board's rows, proved for another election (its hash in the Fiat–Shamir statement);
 *   - a true shuffle proved as another mixer (mixer 2's proof posted in mixer 1's turn);
 *   - two mixers racing for the same turn, both with valid proofs;
 *   - the operator appending the other-election mix to its board itself, chain re-hashed.
 * The server refuses each with the numbered check (M3) or 409 and appends nothing; the public verifier names M3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Point } from '../../src/crypto';
import { recordHash, ZERO_HASH } from '../../src/ballot';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { countedBallots, mixStreamParts, MIX_STREAM_TYPE, mixerStep, prepareRankedBallot, preferentialStateFromBoard, verifyPreferentialBoard } from '../../src/mixnet/board';
import { proofToJSON, rowsToJSON, type MixStepJSON } from '../../src/mixnet/contest';
import { rankedBallotFromJSON } from '../../src/mixnet/ranked-ballot';
import { mix } from '../../src/mixnet/pipeline';
import { DEMO_CHAIR, DEMO_OFFICERS } from '../../src/services/demo';
import { boardText } from '../../src/services/elections';
import { castRankedBallot } from '../../src/services/preferential';
import { openedPreferential, signedAsMixer, type PreferentialCeremony } from '../support/preferential';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

describe('insiders against the streamed mix upload', { timeout: 180_000 }, () => {
  let api: ApiHarness;
  let c: PreferentialCeremony;
  let officer: ApiClient;
  let chair: ApiClient;
  const N = 5;

  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    c = await openedPreferential(api.runtime.ctx, { title: 'Mix insiders', candidates: ['A', 'B', 'C'], rankCap: 2, electorate: N, trustees: 2, threshold: 2, mixers: 2 });
    for (let i = 0; i < N; i++) await castRankedBallot(api.runtime.ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i]!.secret, [i % 3, (i + 1) % 3]));
    chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', `/api/elections/${c.eid}/close`)).status).toBe(200);
    officer = await api.loginAs(DEMO_OFFICERS[0]!.email);
  }, 180_000);
  afterAll(() => api?.close());

  const board = () => boardText(api.runtime.ctx, c.eid);
  const post = async (who: ApiClient, step: MixStepJSON) => {
    const res = await api.app.request(`/api/preferential/${c.eid}/mixes/stream`, {
      method: 'POST',
      headers: { 'content-type': MIX_STREAM_TYPE, cookie: who.cookie!, 'x-csrf-token': who.csrfToken! },
      body: mixStreamParts(signedAsMixer(c, step)).join(''),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; details?: { check?: string } } } };
  };
  /** Mixer 1's input (the counted ballots' rows), shuffled and proved for the statement the attacker picks. */
  const provedFor = (electionHash: string, mixer: number): MixStepJSON => {
    const s = preferentialStateFromBoard(boardTextSync);
    const rows = countedBallots(s.ballots, s.revocations).map((b, i) => rankedBallotFromJSON(b, `ballots[${i}]`).row);
    const step = mix(electionHash, mixer, Point.fromHex(c.publicKey), rows);
    return { mixer: 1, output: rowsToJSON(step.output), proof: proofToJSON(step.proof) };
  };
  let boardTextSync = '';

  it('a true shuffle proved for another election, or as another mixer, is refused with M3 and nothing is appended', async () => {
    boardTextSync = await board();
    const other = 'ab'.repeat(32);
    for (const step of [provedFor(other, 1), provedFor(c.electionHash, 2)]) {
      const r = await post(officer, step);
      expect([r.status, r.body.error?.code, r.body.error?.details?.check], JSON.stringify(r.body)).toEqual([422, 'MIXNET_CHECK_FAILED', 'M3']);
      expect(await board()).toBe(boardTextSync);
    }
  });

  it('the operator appending that mix itself (chain re-hashed) fails the public verifier: not mixer 1\'s signature (M16), and M3', async () => {
    const recs = boardTextSync
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; body: unknown });
    let prev = ZERO_HASH;
    const forged =
      [...recs, { type: 'mix', body: provedFor('cd'.repeat(32), 1) }]
        .map((r, i) => {
          const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type as never, r.body as never) };
          prev = rec.hash;
          return canonicalJson(rec);
        })
        .join('\n') + '\n';
    const report = verifyPreferentialBoard(forged);
    expect(report.ok).toBe(false);
    expect(report.failures[0]!.check).toBe('M16');
    expect(report.failures.map((f) => f.check)).toContain('M3');
  });

  it('two mixers racing for the same turn: one mix is appended, the other gets 409, and the board verifies', async () => {
    const s = preferentialStateFromBoard(await board());
    const [a, b] = await Promise.all([post(officer, mixerStep(s, c.trustees[0]!)), post(chair, mixerStep(s, c.trustees[0]!))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error?.code).toBe('CONFLICT');
    const after = await board();
    expect(preferentialStateFromBoard(after).mixes).toHaveLength(1);
    const report = verifyPreferentialBoard(after);
    expect(report.failures).toEqual([]);
  });
});
