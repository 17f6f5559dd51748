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
import { simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';
import { signWithdrawal } from '../../src/contest/withdrawal';

const ROSTER = 'test-roster';
const AT = '2024-09-04T18:00:00Z';
const MEMBERS: ContestEvent = { type: 'declare-members', input: { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } };
// The roster's member-key registry: dee (and cy) registered their own keys before the contest.
const registry = { rosterId: ROSTER, registrations: [testRegistration(ROSTER, 'cy', 1, '2024-07-01T09:00:00Z'), testRegistration(ROSTER, 'dee', 2, '2024-07-01T09:05:00Z')] };

/**
 * FOUR_CONTEST's round 1 ties cy and dee for the last place; dee withdraws (signed by her), then the members' ballot.
 * The chair's forgeries are this published contest with the withdrawal event swapped for its own: the boards are the
 * same (no rerun was held), and the state is the one the chair claims (both tied candidates out).
 */
const before = historicEvents(FOUR_CONTEST, { members: false });
let sim: ContestSimulation;
let files: Map<string, string>;
beforeAll(async () => {
  await initCrypto();
  sim = simulateHistoricContest(FOUR_CONTEST, { events: [...before, signedWithdraw(before, 'dee', AT), MEMBERS] });
  files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
});
const withWithdrawal = (w: ContestEvent, memberKeys: ContestSummary['memberKeys'] = registry): ContestSummary => ({ ...sim.summary, memberKeys, events: sim.summary.events.map((e) => (e.type === 'withdraw' ? w : e)) });
const verify = (summary: ContestSummary) => verifyContest(JSON.stringify(summary), (f) => files.get(f) ?? null);

describe('a chair that withdraws a tied candidate in their name before the rerun', () => {
  it('is caught by the contest verifier (C6): unsigned, signed with the chair’s own key, or a signature from another stage', async () => {
    // The genuine article first: dee signs her own withdrawal; both tied candidates are out, no rerun, C1–C7 pass.
    const genuine = await verify({ ...sim.summary, memberKeys: registry });
    expect(genuine.failure).toBeNull();
    expect(genuine.state!.candidates.filter((c) => c.status !== 'standing').map((c) => c.id).sort()).toEqual(['cy', 'dee']);
    expect(sim.summary.boards.map((b) => b.ballot)).not.toContain('round-1-rerun-1');
    expect(genuine.withdrawals).toEqual([{ candidate: 'dee', at: AT, stage: 'before-rerun-of:round-1', signedBy: registry.registrations[1]!.publicKey, keyInRegistry: true }]);

    // Without the registry in the summary the signature is still checked, and the key is reported for dee to recognise.
    expect((await verify({ ...sim.summary, memberKeys: null })).withdrawals[0]).toMatchObject({ signedBy: registry.registrations[1]!.publicKey, keyInRegistry: null });
    // A registry entry without a valid proof of possession for dee (here: cy's proof) is no key of hers.
    const noProof = await verify({ ...sim.summary, memberKeys: { rosterId: ROSTER, registrations: [registry.registrations[0]!, { ...registry.registrations[1]!, proof: registry.registrations[0]!.proof }] } });
    expect(noProof.failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/dee's member key .* has no valid proof of possession/) });

    // 1. The chair's own key: it signs "dee withdraws" with a key it holds (the engine accepts the signature itself).
    const chairKey = testMemberSecret('the-chair');
    const byChair = signedWithdraw(before, 'dee', AT, chairKey);
    const withChairKey = await verify(withWithdrawal(byChair));
    expect(withChairKey.failure).toMatchObject({ check: 'C6' });
    expect(withChairKey.failure!.message).toMatch(/dee's withdrawal is signed by the key .*but dee's member key at 2024-09-04T18:00:00Z is .*the candidate did not sign it/);

    // … nor by registering the chair's key for dee after the fact: the key in force at the withdrawal is dee's.
    const late = await verify(withWithdrawal(byChair, { rosterId: ROSTER, registrations: [...registry.registrations, testRegistration(ROSTER, 'dee', 3, '2024-09-05T09:00:00Z', chairKey)] }));
    expect(late.failure).toMatchObject({ check: 'C6' });
    expect(late.failure!.message).toMatch(/the candidate did not sign it/);

    // 2. Unsigned (the chair's record of a "letter"): the replay refuses it.
    const unsigned = await verify(withWithdrawal({ type: 'withdraw', candidate: 'dee', at: AT }));
    expect(unsigned.failure).toMatchObject({ check: 'C6' });
    expect(unsigned.failure!.message).toMatch(/event \d+ \(withdraw\): dee's withdrawal before the rerun of round-1 would decide the tie: it must carry dee's own signature/);

    // 3. dee's real signature, given for another stage (had she withdrawn after a round 1 without the tie), replayed by
    //    the chair before the rerun: the stage is signed, so it does not verify.
    const elsewhere = await verify(withWithdrawal({ type: 'withdraw', candidate: 'dee', at: AT, signature: signWithdrawal(testMemberSecret('dee'), replayContestEvents(before).id, 'dee', 'after-round-1') }));
    expect(elsewhere.failure).toMatchObject({ check: 'C6' });
    expect(elsewhere.failure!.message).toMatch(/is not signed by the key .* for this contest, candidate and stage/);
  });
});
