/**
 * FIXED: the server rewrites the member-key registry by replaying a member's old registration.
 *
 * A member key's proof of possession names the roster and the member, not its place in the registry, so it stays
 * valid forever, and the registry is written by the server. Two uses of that, each built as a whole registry with the
 * project's own functions (the proof of possession, the withdrawal signature, the seal builder):
 *
 * 1. A candidate's withdrawal before a rerun (ADR 0606). The server registers a key it holds in dee's name just
 *    before "her" withdrawal (it can prove possession of its own key, naming dee), signs the withdrawal with it, and
 *    right after re-registers dee's own key by replaying her old registration. Her key is current again, so her
 *    devices (and every later seal's M1) see nothing; the contest verifier with the registry found the server's key
 *    "in force at the withdrawal" and passed C1–C7 with "signed with her registered member key".
 * 2. A sealed count (ADR 0500). A member rotated their key (say the old one leaked to a whip); the server appends
 *    their OLD registration again, so the seal uses the old key. S4's guard against rolling back a rotation only
 *    compares the registry's length, which grew: S1–S9 passed. (The member sees it: M1 fails with their new key.)
 *
 * The registration service never writes such a registry (it refuses to go back to a replaced key and numbers and
 * stamps entries in order), so the verifiers now hold the whole registry to that (keyRegistryProblem): numbered
 * 1..n, times in order, each key once, each proof valid. C6 and S8 name the replayed entry.
 *
 * Left (docs/threats.md "Open"): a server key registered in the candidate's name and simply left there is a
 * registry the service could have written; only the candidate can tell the key is not theirs (their letter page and
 * `confidence member-key registry` now say so).
 *
 * FIXED too: a registry of another roster. The contest's `open` event now names its roster, and C6 refuses a
 * registry of any other (contests opened before keep the summary's word for it, and the report says so).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, mulBase, seededRng } from '../../src/crypto';
import { type ContestEvent } from '../../src/contest/engine';
import { FOUR_CONTEST, signedWithdraw, testMemberSecret, testRegistration } from '../../src/contest/fixtures.test-helpers';
import { historicEvents } from '../../src/contest/replay';
import { simulateHistoricContest, type ContestSimulation, type ContestSummary } from '../../src/contest/simulate';
import { verifyContest } from '../../src/contest/verify-contest';
import { memberKeyAt } from '../../src/contest/withdrawal';
import { FIXTURE_SECRET, scenario } from '../../src/domain/seal/fixtures';
import { answerMember, verifyKeyedSlot, type KeyedSlotAnswer } from '../../src/domain/seal/member-check';
import { generateMemberKey, keyRegistryProblem, proveMemberKey, type MemberKeyPair, type MemberKeyRegistryEntry } from '../../src/domain/seal/member-key';
import { buildSeal, deriveSealSecrets, electorateWithKeys, type PublicSeal } from '../../src/domain/seal/seal';
import { verifySeals } from '../../src/services/seals';

beforeAll(async () => {
  await initCrypto();
});

describe('the server slips its own key in for a candidate, signs her withdrawal, then replays her old registration', () => {
  const ROSTER = 'test-roster';
  const AT = '2024-09-04T18:00:00Z';
  const MEMBERS: ContestEvent = { type: 'declare-members', input: { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } };
  // The contest's `open` event names its roster (the service puts the contests table's roster there).
  const before = historicEvents(FOUR_CONTEST, { members: false, rosterId: ROSTER });
  // dee (and cy) registered their own keys before the contest.
  const honest = [testRegistration(ROSTER, 'cy', 1, '2024-07-01T09:00:00Z'), testRegistration(ROSTER, 'dee', 2, '2024-07-01T09:05:00Z')];
  const serverKey = testMemberSecret('the-operator');
  // The server's registration in dee's name: a valid proof of possession of ITS key, naming dee, a minute before.
  const slipped = testRegistration(ROSTER, 'dee', 3, '2024-09-04T17:59:00Z', serverKey);
  // dee's own registration of July, replayed as entry 4 right after the withdrawal: her key is current again.
  const replayed = { ...honest[1]!, seq: 4, registeredAt: '2024-09-04T18:01:00Z' };

  let sim: ContestSimulation;
  let files: Map<string, string>;
  beforeAll(() => {
    // The published contest: FOUR_CONTEST's round 1 ties cy and dee; "dee" withdraws, signed by the server's key.
    sim = simulateHistoricContest(FOUR_CONTEST, { events: [...before, signedWithdraw(before, 'dee', AT, serverKey), MEMBERS] });
    files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  });
  const verifyWith = (registrations: MemberKeyRegistryEntry[]) =>
    verifyContest(JSON.stringify({ ...sim.summary, memberKeys: { rosterId: ROSTER, registrations } } satisfies ContestSummary), (f) => files.get(f) ?? null);

  it('the replay makes dee’s own key current again (her devices see nothing), and C6 refuses the rewritten registry', async () => {
    const registry = [...honest, slipped, replayed];
    // Every entry carries a valid proof of possession for its member: no per-entry check can object.
    expect(keyRegistryProblem(ROSTER, honest)).toBeNull();
    // What dee's device compares with her key file: her current registered key is hers.
    expect(memberKeyAt(registry, 'dee', '2026-01-01T00:00:00Z')).toBe(mulBase(testMemberSecret('dee')).toHex());
    // What the verifier reads for the withdrawal: the key in force at 18:00 is the server's.
    expect(memberKeyAt(registry, 'dee', AT)).toBe(slipped.publicKey);

    const report = await verifyWith(registry);
    expect(report.failure).toMatchObject({ check: 'C6' });
    expect(report.failure!.message).toMatch(/the member-key registry was rewritten: dee's key [0-9a-f]{16}… is registered twice \(entries 2 and 4\)/);
  });

  it('so is every other rewrite that would hide the slipped key: an entry removed, numbered out of order or back-dated', async () => {
    // Removing the server's entry after the withdrawal leaves a gap (and without it the signer is not dee's key anyway).
    const removed = await verifyWith([...honest, replayed]);
    expect(removed.failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/registry was rewritten: entry 3 is numbered 4/) });
    // Back-dating the server's entry before dee's own (so that it reads as her old key, replaced since by hers).
    const backdated = await verifyWith([...honest, { ...slipped, registeredAt: '2024-06-01T09:00:00Z' }]);
    expect(backdated.failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/registry was rewritten: entry 3 \(dee\) is dated 2024-06-01T09:00:00Z, before the entry it follows/) });
    // The server's key registered to cy too (one key, two members): the service refuses MEMBER_KEY_TAKEN.
    const shared = await verifyWith([...honest, slipped, testRegistration(ROSTER, 'cy', 4, '2024-09-04T18:02:00Z', serverKey)]);
    expect(shared.failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/is registered to dee \(entry 3\) and to cy \(entry 4\)/) });
  });

  it('left in place, the slipped key is a registry the service could have written: the verifier passes and only dee can tell', async () => {
    const registry = [...honest, slipped];
    const report = await verifyWith(registry);
    expect(report.failure).toBeNull();
    expect(report.withdrawals).toEqual([{ candidate: 'dee', at: AT, stage: 'before-rerun-of:round-1', signedBy: slipped.publicKey, keyInRegistry: true }]);
    // dee's evidence, on her own device: the signer and her current registered key are not the key in her file.
    const hers = mulBase(testMemberSecret('dee')).toHex();
    expect(report.withdrawals[0]!.signedBy).not.toBe(hers);
    expect(memberKeyAt(registry, 'dee', '2026-01-01T00:00:00Z')).not.toBe(hers);
  });

  // A registry of ANOTHER roster in which the server registered its key as "dee": her own roster's registry stays
  // clean (her page's and `member-key registry`'s audit find nothing). The contest's `open` event names its roster, so
  // C6 holds the registry the summary (or, in the browser, the server's contest view) points to, to it.
  const shadow = { rosterId: 'shadow-roster', registrations: [testRegistration('shadow-roster', 'dee', 1, '2024-07-01T09:05:00Z', serverKey)] };
  it('a registry of another roster is a valid registry, and dee’s own roster shows nothing', () => {
    expect(keyRegistryProblem(shadow.rosterId, shadow.registrations)).toBeNull();
    expect(honest.filter((r) => r.memberId === 'dee').map((r) => r.publicKey)).toEqual([mulBase(testMemberSecret('dee')).toHex()]);
  });
  it('C6 refuses a withdrawal checked against the registry of a roster that is not the contest’s', async () => {
    expect(sim.summary.events[0]).toMatchObject({ type: 'open', input: { rosterId: ROSTER } });
    const report = await verifyContest(JSON.stringify({ ...sim.summary, memberKeys: shadow } satisfies ContestSummary), (f) => files.get(f) ?? null);
    expect(report.failure).toMatchObject({ check: 'C6' });
    expect(report.failure!.message).toMatch(/dee's withdrawal is checked against the member-key registry of roster "shadow-roster", but the contest's opening names roster "test-roster"/);
    expect(report.registryRoster).toBeNull();
    // Her own roster's registry, with her own key, is the one the opening names; the server's signature is not hers.
    const own = await verifyWith(honest);
    expect(own.failure).toMatchObject({ check: 'C6', message: expect.stringMatching(/the candidate did not sign it/) });
  });
  it('a contest opened before its `open` event named the roster is checked as before, and the report says so', async () => {
    const legacy = historicEvents(FOUR_CONTEST, { members: false });
    expect(legacy[0]).toMatchObject({ type: 'open' });
    expect((legacy[0] as Extract<ContestEvent, { type: 'open' }>).input.rosterId).toBeUndefined();
    const old = simulateHistoricContest(FOUR_CONTEST, { events: [...legacy, signedWithdraw(legacy, 'dee', AT, serverKey), MEMBERS] });
    const oldFiles = new Map(old.boards.map((b) => [b.file, b.board.toJSONLines()]));
    const report = await verifyContest(JSON.stringify({ ...old.summary, memberKeys: shadow } satisfies ContestSummary), (f) => oldFiles.get(f) ?? null);
    expect(report.failure).toBeNull();
    expect(report.registryRoster).toEqual({ rosterId: 'shadow-roster', source: 'unnamed' });
    const named = await verifyWith([...honest, slipped]);
    expect(named.registryRoster).toEqual({ rosterId: ROSTER, source: 'named' });
  });
});

describe('the server rolls back a member’s key rotation in a sealed count by replaying their old registration', () => {
  const sc = scenario({ n: 12, keyed: 4, writers: 3, threshold: 5, seed: 'registry-replay' });
  const registration = (seq: number, memberId: string, key: MemberKeyPair, registeredAt: string): MemberKeyRegistryEntry => ({ seq, memberId, registeredAt, ...proveMemberKey(key, sc.rosterId, memberId, seededRng(`pop-${seq}`)) });
  const first = [...sc.keys].map(([m, k], i) => registration(i + 1, m, k, `2022-05-0${i + 1}T09:00:00Z`));
  // mp-001 rotates: their first key leaked, so they register a new one (entry 5).
  const rotated = generateMemberKey(seededRng('mp-001 rotated'));
  const honestRegistry = [...first, registration(5, 'mp-001', rotated, '2022-06-01T09:00:00Z')];
  const electorate = sc.electorate.map((m) => m.memberId);
  const sealOver = (registry: MemberKeyRegistryEntry[], seq: number, prevHash: string, on: string): PublicSeal =>
    buildSeal({
      procedureId: sc.procedureId,
      rosterId: sc.rosterId,
      seq,
      on,
      keyRegistrySeq: registry.length,
      electorate: electorateWithKeys(electorate, registry, registry.length),
      inForce: sc.writers,
      threshold: sc.threshold,
      prevHash,
      secrets: deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, seq),
      rng: seededRng(`seal-${seq}`),
    });
  const verify = (seals: PublicSeal[], registry: MemberKeyRegistryEntry[]) =>
    verifySeals(seals, async () => ({ electorate, registry, denominator: electorate.length, threshold: sc.threshold }));

  it('S4 lets the registry grow (it only refuses a shorter one), and S8 now refuses the replayed entry', async () => {
    const s1 = sealOver(honestRegistry, 1, '', '2022-06-05');
    expect((await verify([s1], honestRegistry)).map((r) => r.ok)).toEqual([true]);

    // The server's registry: mp-001's FIRST registration replayed as entry 6, so the latest key of mp-001 is the old one.
    const rolledBack = [...honestRegistry, { ...first[1]!, seq: 6, registeredAt: '2022-06-06T09:00:00Z' }];
    expect(electorateWithKeys(['mp-001'], rolledBack, 6)[0]!.publicKey).toBe(sc.keys.get('mp-001')!.publicKey.toHex());
    const s2 = sealOver(rolledBack, 2, s1.hash, '2022-06-07');
    const [, v2] = await verify([s1, s2], rolledBack);
    expect(v2!.checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['S8']);
    expect(v2!.checks.find((c) => c.step === 'S4')!.ok).toBe(true);
    expect(v2!.checks.find((c) => c.step === 'S8')!.detail).toMatch(/registry was rewritten: mp-001's key [0-9a-f]{16}… is registered twice \(entries 2 and 6\)/);
    // The first seal, verified against the rewritten registry, fails too: the registry is judged whole.
    expect(v2 && (await verify([s1], rolledBack))[0]!.checks.find((c) => c.step === 'S8')!.ok).toBe(false);

    // The member with the new key sees it as well (M1), if they check.
    const answer = answerMember(s2, deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 2), { memberId: 'mp-001', publicKey: sc.keys.get('mp-001')!.publicKey.toHex() }) as KeyedSlotAnswer;
    expect(verifyKeyedSlot(s2, rotated, answer, 1).checks.filter((c) => !c.ok).map((c) => c.step)).toContain('M1');
  });
});
