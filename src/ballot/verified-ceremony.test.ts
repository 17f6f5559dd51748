import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { simulateElection, type Simulation } from './simulate';
import { boardKindOf, verifiedCeremony } from './verified-ceremony';

let sim: Simulation;
beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 3, yes: 2, no: 1, threshold: 2, trustees: 3 });
});

async function* linesOf(text: string) {
  for (const l of text.split('\n')) yield l;
}

describe('the key ceremony a trustee device computes from', () => {
  it('is the records of the one reading it verified, read as a string or as lines', async () => {
    const text = sim.board.toJSONLines();
    for (const board of [text, linesOf(text)]) {
      const r = await verifiedCeremony(board, { kind: 'confidence', electionHash: sim.board.electionHash, receipts: [] });
      if (!r.ok) throw new Error(r.failure);
      expect(r.ceremony.trusteeKeys).toEqual(sim.board.ofType('trustee_key').map((x) => x.body));
      expect(r.ceremony.dealings).toEqual(sim.board.ofType('dkg_dealing').map((x) => x.body));
      expect(r.ceremony.electionKey).toEqual(sim.board.ofType('election_key')[0]!.body);
      expect(r.ceremony.checks).toBe('B1–B6');
    }
  });

  it('refuses a board of another election, one read with another kind’s verifier, and a broken chain', async () => {
    const text = sim.board.toJSONLines();
    const other = await verifiedCeremony(text, { kind: 'confidence', electionHash: 'ab'.repeat(32), receipts: [] });
    expect(other).toMatchObject({ ok: false });
    const contest = await verifiedCeremony(text, { kind: 'contest', electionHash: sim.board.electionHash, receipts: [] });
    expect(contest).toMatchObject({ ok: false, failure: expect.stringMatching(/^check R\d+/) });
    const lines = text.split('\n');
    lines.splice(2, 1);
    const broken = await verifiedCeremony(lines.join('\n'), { kind: 'confidence', electionHash: sim.board.electionHash, receipts: [] });
    expect(broken).toMatchObject({ ok: false, failure: expect.stringMatching(/^check B\d+ failed/) });
  });

  it('takes the verifier the board’s id and contest name', () => {
    expect(boardKindOf({ id: 'pref-x' })).toBe('preferential');
    expect(boardKindOf({ id: 'contest-c-members', contestId: 'c' })).toBe('contest');
    expect(boardKindOf({ id: 'vote-1', contestId: null })).toBe('confidence');
  });
});
