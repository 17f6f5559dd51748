/**
 * FIXED (ADR 0606): a chair that "withdraws" one of two candidates tied for the last place, in their name, between
 * the tied count and its rerun. A withdrawal there decides the round on the tied count (ADR 0604: the other tied
 * candidate is now the lowest and goes out too, with no rerun), so it must be the candidate's own act: it carries the
 * candidate's signature with their member key over (contest, candidate, stage). The contest verifier replays every
 * withdrawal (C6) and refuses one before a rerun that is unsigned (the chair's paper record), signed by a key that is
 * not the candidate's registered member key (the chair's own), or signed for another stage (a signature replayed).
 *
 * Each forgery is built with the project's own functions (the simulation, the signing code) exactly as a chair would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { replayContestEvents, type ContestEvent } from '../../src/contest/engine';
import { FOUR_CONTEST, signedWithdraw, testMemberSecret, testRegistration } from '../../src/contest/fixtures.test-helpers';
import { historicEvents } from '../../src/contest/replay';
import { simulateHistoricContest, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';
import { signWithdrawal } from '../../src/contest/withdrawal';

beforeAll(async () => {
  await initCrypto();
});

const ROSTER = 'test-roster';
const AT = '2024-09-04T18:00:00Z';
const MEMBERS: ContestEvent = { type: 'declare-members', input: { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } };
// The roster's member-key registry: dee (and cy) registered their own keys before the contest.
const registry = { rosterId: ROSTER, registrations: [testRegistration(ROSTER, 'cy', 1, '2024-07-01T09:00:00Z'), testRegistration(ROSTER, 'dee', 2, '2024-07-01T09:05:00Z')] };

/** FOUR_CONTEST's round 1 ties cy and dee for the last place; `withdrawal` follows it, then the members' ballot. */
async function contestWith(withdrawal: ContestEvent, edit: (s: ContestSummary) => ContestSummary = (s) => s) {
  const events: ContestEvent[] = [...historicEvents(FOUR_CONTEST, { members: false }), withdrawal, MEMBERS];
  const sim = simulateHistoricContest(FOUR_CONTEST, { events });
  const files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  const summary = edit({ ...sim.summary, memberKeys: registry });
  return { sim, report: await verifyContest(JSON.stringify(summary), (f) => files.get(f) ?? null) };
}

describe('a chair that withdraws a tied candidate in their name before the rerun', () => {
  const before = historicEvents(FOUR_CONTEST, { members: false });

  it('is caught by the contest verifier (C6): unsigned, signed with the chair’s own key, or a signature from another stage', async () => {
    // The genuine article first: dee signs her own withdrawal; both tied candidates are out, no rerun, C1–C7 pass.
    const genuine = await contestWith(signedWithdraw(before, 'dee', AT));
    expect(genuine.report.failure).toBeNull();
    expect(genuine.report.state!.candidates.filter((c) => c.status !== 'standing').map((c) => c.id).sort()).toEqual(['cy', 'dee']);
    expect(genuine.sim.summary.boards.map((b) => b.ballot)).not.toContain('round-1-rerun-1');
    expect(genuine.report.withdrawals).toEqual([{ candidate: 'dee', at: AT, stage: 'before-rerun-of:round-1', signedBy: registry.registrations[1]!.publicKey, keyInRegistry: true }]);

    // 1. The chair's own key: it signs "dee withdraws" with a key it holds (the engine accepts the signature itself).
    const chairKey = testMemberSecret('the-chair');
    const withChairKey = await contestWith(signedWithdraw(before, 'dee', AT, chairKey));
    expect(withChairKey.report.failure).toMatchObject({ check: 'C6' });
    expect(withChairKey.report.failure!.message).toMatch(/dee's withdrawal is signed by the key .*but dee's member key at 2024-09-04T18:00:00Z is .*the candidate did not sign it/);

    // … nor by registering the chair's key for dee after the fact: the key in force at the withdrawal is dee's.
    const late = await contestWith(signedWithdraw(before, 'dee', AT, chairKey), (s) => ({ ...s, memberKeys: { rosterId: ROSTER, registrations: [...registry.registrations, testRegistration(ROSTER, 'dee', 3, '2024-09-05T09:00:00Z', chairKey)] } }));
    expect(late.report.failure).toMatchObject({ check: 'C6' });
    expect(late.report.failure!.message).toMatch(/the candidate did not sign it/);

    // 2. Unsigned (the chair's record of a "letter"): published with the state the chair claims, the replay refuses it.
    const unsigned = await contestWith(signedWithdraw(before, 'dee', AT, chairKey), (s) => ({ ...s, events: s.events.map((e) => (e.type === 'withdraw' ? { type: 'withdraw', candidate: e.candidate, at: e.at } : e)) }));
    expect(unsigned.report.failure).toMatchObject({ check: 'C6' });
    expect(unsigned.report.failure!.message).toMatch(/event \d+ \(withdraw\): dee's withdrawal before the rerun of round-1 would decide the tie: it must carry dee's own signature/);

    // 3. dee's real signature, given for another stage (here: had she withdrawn after round 1 in a contest without the
    //    tie), replayed by the chair before the rerun: the stage is signed, so it does not verify.
    const elsewhere = { type: 'withdraw' as const, candidate: 'dee', at: AT, signature: signWithdrawal(testMemberSecret('dee'), replayContestEvents(before).id, 'dee', 'after-round-1') };
    const replayed = await contestWith(signedWithdraw(before, 'dee', AT), (s) => ({ ...s, events: s.events.map((e) => (e.type === 'withdraw' ? elsewhere : e)) }));
    expect(replayed.report.failure).toMatchObject({ check: 'C6' });
    expect(replayed.report.failure!.message).toMatch(/is not signed by the key .* for this contest, candidate and stage/);
  });
});
