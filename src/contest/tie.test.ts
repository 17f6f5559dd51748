/**
 * Ties through the contest state machine, for each tie policy a rulebook may name: a tied MP round or members'
 * ballot under `rerun` keeps its count in the record and waits for a rerun board among the same candidates;
 * `eliminate-all-tied` and `lot` move on by themselves on the declaration.
 */
import { describe, expect, it } from 'vitest';
import { findContestRulebook } from '../domain/rulebook/contest-presets';
import type { ContestRulebook } from '../domain/rulebook/contest-schema';
import { applyContestEvent, declareMembers, declareRound, pendingBallot, publicView, replayContestEvents, scheduleRerun, scheduleRound, tiedBallot, withdraw, type ContestState } from './engine';
import { FOUR_CONTEST, TINY_CONTEST } from './fixtures.test-helpers';
import { historicEvents } from './replay';
import { lotSeed, lotTicket } from './rounds';
import { sha256Hex } from '../ballot/records';

const TINY_CONTEST_ID = `replay-${TINY_CONTEST.rulebook}`;

const at = (h: number) => `2024-09-0${4 + Math.floor(h / 24)}T${String(h % 24).padStart(2, '0')}:00:00Z`;

/** The tiny contest up to its first round scheduled (ada, bea, cy standing; 40 MPs), under a given tie policy. */
function scheduled(tie: ContestRulebook['rounds']['tie']): ContestState {
  const events = historicEvents(TINY_CONTEST, { upTo: 1, members: false }).filter((e) => e.type !== 'declare-round');
  const rb = findContestRulebook(TINY_CONTEST.rulebook);
  const open = events[0]!;
  if (open.type === 'open') open.input = { ...open.input, rulebook: { ...rb, rounds: { ...rb.rounds, tie } } };
  return replayContestEvents(events);
}
const TIED = { counts: { ada: 15, bea: 10, cy: 10 }, spoilt: 1, electorate: 40 };

describe('tie policy "rerun" (every preset)', () => {
  it('keeps the tied count, waits for the chair to schedule a rerun board, and moves on when the rerun is declared', () => {
    let s = scheduled('rerun');
    expect(pendingBallot(s)).toBe('round-1');
    s = declareRound(s, { ...TIED, at: at(16) });
    const r1 = s.rounds[0]!;
    expect(r1.result).toBeNull();
    expect(r1.ties).toEqual([{ ballot: 'round-1', counts: TIED.counts, spoilt: 1, electorate: 40, declaredAt: at(16), explanation: 'bea, cy tie for the last place on 10: the round is run again' }]);
    expect(s.candidates.every((c) => c.status === 'standing')).toBe(true);
    expect(pendingBallot(s)).toBeNull();
    expect(tiedBallot(s)?.ballot).toBe('round-1');
    // No way around the rerun: not a new round, not a second declaration.
    expect(() => scheduleRound(s, { at: at(17), opensAt: at(18) })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    expect(() => declareRound(s, { ...TIED, counts: { ada: 15, bea: 11, cy: 9 }, at: at(17) })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    s = scheduleRerun(s, { at: at(17), opensAt: at(18) });
    expect(pendingBallot(s)).toBe('round-1-rerun-1');
    // Once the rerun is scheduled it is under way: no withdrawal until it is declared.
    expect(() => withdraw(s, 'cy', at(17))).toThrow(expect.objectContaining({ code: 'CANDIDATE_MAY_NOT_WITHDRAW', message: expect.stringMatching(/under way \(its rerun is scheduled\)/) }));
    expect(s.rounds[0]!.opensAt).toBe(at(18));
    expect(() => scheduleRerun(s, { at: at(18) })).toThrow(expect.objectContaining({ code: 'CONTEST_WRONG_PHASE' }));
    // A second tie: a second rerun.
    s = declareRound(s, { ...TIED, at: at(20) });
    s = scheduleRerun(s, { at: at(21) });
    expect(pendingBallot(s)).toBe('round-1-rerun-2');
    s = declareRound(s, { counts: { ada: 15, bea: 11, cy: 9 }, spoilt: 1, electorate: 40, at: at(26) });
    expect(s.rounds).toHaveLength(1);
    expect(s.rounds[0]!.ties!.map((t) => t.ballot)).toEqual(['round-1', 'round-1-rerun-1']);
    expect(s.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated', outRound: 1 });
    expect(s.phase).toBe('members');
    expect(s.members?.finalists).toEqual(['ada', 'bea']);
    const v = publicView(s).rounds[0]!;
    expect(v.ties).toHaveLength(2);
    expect(v.result?.counts).toEqual({ ada: 15, bea: 11, cy: 9 });
  });
  it('a tied members’ ballot is run again as members-rerun-1, and the rerun elects', () => {
    let s = scheduled('rerun');
    s = declareRound(s, { counts: { ada: 15, bea: 11, cy: 9 }, spoilt: 1, electorate: 40, at: at(16) });
    s = declareMembers(s, { counts: { ada: 6, bea: 6 }, rejected: 1, electorate: 14, at: at(40) });
    expect(s.phase).toBe('members');
    expect(s.members?.ties?.[0]).toMatchObject({ ballot: 'members', counts: { ada: 6, bea: 6 }, spoilt: 1 });
    expect(pendingBallot(s)).toBeNull();
    expect(() => declareMembers(s, { counts: { ada: 7, bea: 6 }, rejected: 0, electorate: 14, at: at(41) })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    s = applyContestEvent(s, { type: 'rerun', at: at(41) });
    expect(pendingBallot(s)).toBe('members-rerun-1');
    s = declareMembers(s, { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: at(60) });
    expect(s.winner).toMatchObject({ candidate: 'bea', how: 'members' });
  });
  it('nobody reaching the threshold also re-runs the round (2019 round 1 needs 17 votes)', () => {
    const rb = findContestRulebook('conservative-2019');
    const events = historicEvents({ ...TINY_CONTEST, rulebook: 'conservative-2019' }, { upTo: 1, members: false }).filter((e) => e.type !== 'declare-round');
    let s = replayContestEvents(events);
    expect(s.rulebook.id).toBe(rb.id);
    s = declareRound(s, { counts: { ada: 13, bea: 13, cy: 13 }, spoilt: 1, electorate: 40, at: at(16) });
    expect(tiedBallot(s)?.explanation).toMatch(/no candidate reached/);
    s = scheduleRerun(s, { at: at(17) });
    // The rerun is still round 1, so round 1's threshold applies, not round 2's.
    s = declareRound(s, { counts: { ada: 20, bea: 17, cy: 2 }, spoilt: 1, electorate: 40, at: at(20) });
    expect(s.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated', outRound: 1, note: 'below-threshold' });
  });
});

/** FOUR_CONTEST (ada, bea, cy, dee; 50 MPs; conservative-2024) with round 1 scheduled, under a rulebook changed by `edit`. */
function fourScheduled(edit: (r: ContestRulebook) => ContestRulebook = (r) => r): ContestState {
  const events = historicEvents(FOUR_CONTEST, { upTo: 1, members: false }).filter((e) => e.type !== 'declare-round');
  const open = events[0]!;
  if (open.type === 'open') open.input = { ...open.input, rulebook: edit(findContestRulebook(FOUR_CONTEST.rulebook)) };
  return replayContestEvents(events);
}
const FOUR_TIED = { counts: { ada: 18, bea: 15, cy: 8, dee: 8 }, spoilt: 1, electorate: 50 };

describe('a withdrawal between a tied count and its rerun (rulebook: withdrawals between rounds)', () => {
  it('one of two tied for the last place withdraws: the other is now the lowest on the tied count and is out, no rerun', () => {
    let s = declareRound(fourScheduled(), { ...FOUR_TIED, at: at(16) });
    expect(tiedBallot(s)?.ballot).toBe('round-1');
    s = withdraw(s, 'dee', at(17));
    expect(tiedBallot(s)).toBeNull();
    const r1 = s.rounds[0]!;
    expect(r1.awaitingRerun).toBe(false);
    expect(r1.ties).toHaveLength(1);
    // The round is declared on the tied count (the withdrawn candidate's votes stay shown, set aside for the rule).
    expect(r1.result?.counts).toEqual(FOUR_TIED.counts);
    expect(r1.result?.outcome).toMatchObject({ eliminated: [{ candidate: 'cy', votes: 8, reason: 'lowest' }], continuing: ['ada', 'bea'], rerun: false, abstentions: 0 });
    expect(r1.result?.outcome.explanation).toBe('dee withdrew before the rerun; on the tied count (round-1) without dee, cy has the fewest votes (8) and is out');
    expect(s.candidates.map((c) => [c.id, c.status])).toEqual([['ada', 'standing'], ['bea', 'standing'], ['cy', 'eliminated'], ['dee', 'withdrawn']]);
    expect(s.phase).toBe('members');
    expect(s.members?.finalists).toEqual(['ada', 'bea']);
    expect(() => scheduleRerun(s, { at: at(18) })).toThrow(expect.objectContaining({ code: 'CONTEST_WRONG_PHASE' }));
  });
  it('a candidate not in the tie withdraws: the tie remains and the rerun goes ahead among the candidates left', () => {
    let s = declareRound(fourScheduled(), { ...FOUR_TIED, at: at(16) });
    s = withdraw(s, 'bea', at(17));
    expect(tiedBallot(s)?.ballot).toBe('round-1');
    expect(s.rounds[0]!.result).toBeNull();
    expect(s.rounds[0]!.candidates).toEqual(['ada', 'cy', 'dee']);
    expect(s.log.at(-1)?.text).toMatch(/rerun is still needed, among ada, cy, dee/);
    expect(() => scheduleRound(s, { at: at(18), opensAt: at(19) })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    s = scheduleRerun(s, { at: at(18) });
    expect(pendingBallot(s)).toBe('round-1-rerun-1');
    // The rerun's count names only the candidates left; bea is not on it.
    expect(() => declareRound(s, { counts: { ada: 20, bea: 5, cy: 12, dee: 9 }, spoilt: 0, electorate: 50, at: at(20) })).toThrow(expect.objectContaining({ code: 'ROUND_RESULT_INVALID' }));
    s = declareRound(s, { counts: { ada: 20, cy: 12, dee: 9 }, spoilt: 0, electorate: 50, at: at(20) });
    expect(s.candidates.find((c) => c.id === 'dee')).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lowest' });
    expect(s.members?.finalists).toEqual(['ada', 'cy']);
  });
  it('one of three tied withdraws: the other two still tie, so the rerun is still needed', () => {
    let s = declareRound(fourScheduled(), { counts: { ada: 20, bea: 8, cy: 8, dee: 8 }, spoilt: 0, electorate: 50, at: at(16) });
    s = withdraw(s, 'dee', at(17));
    expect(tiedBallot(s)?.ballot).toBe('round-1');
    expect(s.rounds[0]!.candidates).toEqual(['ada', 'bea', 'cy']);
    // A second withdrawal before the same rerun (of one of the two still tied) decides it.
    s = withdraw(s, 'cy', at(18));
    expect(tiedBallot(s)).toBeNull();
    expect(s.candidates.map((c) => [c.id, c.status])).toEqual([['ada', 'standing'], ['bea', 'standing'], ['cy', 'withdrawn'], ['dee', 'withdrawn']]);
    expect(s.rounds[0]!.result?.outcome).toMatchObject({ eliminated: [], continuing: ['ada', 'bea'], abstentions: 6 });
    expect(s.phase).toBe('members');
  });
  it('a withdrawal that brings the field to the final two: they both go on (the round would put nobody out)', () => {
    let s = declareRound(scheduled('rerun'), { ...TIED, at: at(16) });
    s = withdraw(s, 'ada', at(17));
    expect(s.rounds[0]!.result?.outcome).toMatchObject({ eliminated: [], continuing: ['bea', 'cy'], rerun: false });
    expect(s.members?.finalists).toEqual(['bea', 'cy']);
  });
  it('refused where the rulebook says so: no withdrawals between rounds; the final two of a tied members’ ballot under the undertaking', () => {
    const none = declareRound(fourScheduled((r) => ({ ...r, rounds: { ...r.rounds, withdrawalsBetweenRounds: false } })), { ...FOUR_TIED, at: at(16) });
    expect(() => withdraw(none, 'dee', at(17))).toThrow(expect.objectContaining({ code: 'CANDIDATE_MAY_NOT_WITHDRAW', message: expect.stringMatching(/does not allow withdrawals/) }));
    // conservative-2024: the final two have undertaken not to withdraw, also between a tied members' ballot and its rerun.
    let s = declareRound(scheduled('rerun'), { counts: { ada: 15, bea: 11, cy: 9 }, spoilt: 1, electorate: 40, at: at(16) });
    s = declareMembers(s, { counts: { ada: 6, bea: 6 }, rejected: 1, electorate: 14, at: at(40) });
    expect(tiedBallot(s)?.ballot).toBe('members');
    expect(() => withdraw(s, 'bea', at(41))).toThrow(expect.objectContaining({ code: 'CANDIDATE_MAY_NOT_WITHDRAW', message: 'the final 2 have undertaken not to withdraw, also before the rerun of a tied ballot' }));
  });
  it('without the undertaking, a finalist may withdraw before the members’ rerun: the other finalist is elected', () => {
    let s = fourScheduled((r) => ({ ...r, rounds: { ...r.rounds, finalMayNotWithdraw: false, stopAt: 3 } }));
    s = declareRound(s, { counts: { ada: 20, bea: 15, cy: 10, dee: 4 }, spoilt: 1, electorate: 50, at: at(16) });
    expect(s.members?.finalists).toEqual(['ada', 'bea', 'cy']);
    // Three finalists, two tied for the win: the lowest withdrawing leaves the tie, so the rerun is still needed …
    s = declareMembers(s, { counts: { ada: 6, bea: 6, cy: 1 }, rejected: 1, electorate: 14, at: at(40) });
    const still = withdraw(s, 'cy', at(41));
    expect(tiedBallot(still)?.ballot).toBe('members');
    expect(still.members?.finalists).toEqual(['ada', 'bea']);
    // … one of the two tied withdrawing decides it on the tied count.
    const won = withdraw(s, 'ada', at(41));
    expect(won.winner).toMatchObject({ candidate: 'bea', how: 'members' });
    expect(won.members?.result).toMatchObject({ counts: { ada: 6, bea: 6, cy: 1 }, rejected: 1 });
    expect(won.members?.result?.explanation).toBe('ada withdrew before the rerun; on the tied count (members) without ada, bea has the most votes (6)');
    // Two finalists: the other one is left alone and elected.
    expect(withdraw(still, 'ada', at(42)).winner?.candidate).toBe('bea');
  });
});

describe('tie policies that move on by themselves', () => {
  it('"eliminate-all-tied": the tied candidates are all out on the declaration, no rerun', () => {
    const s = declareRound(scheduled('eliminate-all-tied'), { ...TIED, at: at(16) });
    expect(s.rounds[0]!.ties).toBeUndefined();
    expect(s.rounds[0]!.result?.outcome.eliminated.map((e) => [e.candidate, e.reason])).toEqual([['bea', 'tied-lowest'], ['cy', 'tied-lowest']]);
    expect(s.phase).toBe('decided');
    expect(s.winner).toMatchObject({ candidate: 'ada', how: 'mps' });
  });
  it('"lot": the seed is derived from the tied board’s close record (nobody names it), the lowest ticket is out, and the result shows where the lot came from', () => {
    const close = sha256Hex('close record of round-1');
    const seed = lotSeed(TINY_CONTEST_ID, 'round-1', close);
    const s = declareRound(scheduled('lot'), { ...TIED, at: at(16), boardClose: close });
    const loser = lotTicket(seed, 1, 'bea') < lotTicket(seed, 1, 'cy') ? 'bea' : 'cy';
    expect(s.candidates.find((c) => c.id === loser)).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
    expect(s.rounds[0]!.result?.outcome.lot).toEqual({ ballot: 'round-1', close, seed, tickets: { bea: lotTicket(seed, 1, 'bea'), cy: lotTicket(seed, 1, 'cy') } });
    expect(s.rounds[0]!.result?.outcome.explanation).toContain(`close record of the round-1 board (${close.slice(0, 16)}…`);
    expect(publicView(s).rounds[0]!.result?.lot?.seed).toBe(seed);
    expect(s.phase).toBe('members');
    // Another close record (another board) gives another seed: the lot follows the board, not the declarer.
    expect(lotSeed(TINY_CONTEST_ID, 'round-1', sha256Hex('another close'))).not.toBe(seed);
    expect(lotSeed(TINY_CONTEST_ID, 'round-1-rerun-1', close)).not.toBe(seed);
    // A tie for the win on the members' ballot is drawn the same way, from the members' board's close record.
    const [f1, f2] = s.members!.finalists as [string, string];
    const mClose = sha256Hex('close record of members');
    const won = declareMembers(s, { counts: { [f1]: 6, [f2]: 6 }, rejected: 0, electorate: 14, at: at(40), boardClose: mClose });
    const mSeed = lotSeed(TINY_CONTEST_ID, 'members', mClose);
    const winner = lotTicket(mSeed, 0, f1) > lotTicket(mSeed, 0, f2) ? f1 : f2;
    expect(won.winner).toMatchObject({ candidate: winner, how: 'members' });
    expect(won.members?.result?.lot).toMatchObject({ ballot: 'members', close: mClose, seed: mSeed });
  });

  it('"lot": a tie declared by hand (no board, so no close record) is refused with LOT_NEEDS_BOARD; a count that does not tie needs none', () => {
    expect(() => declareRound(scheduled('lot'), { ...TIED, at: at(16) })).toThrow(expect.objectContaining({ code: 'LOT_NEEDS_BOARD' }));
    const s = declareRound(scheduled('lot'), { ...TIED, counts: { ada: 15, bea: 11, cy: 10 }, at: at(16) });
    expect(s.candidates.find((c) => c.id === 'cy')).toMatchObject({ status: 'eliminated', note: 'lowest' });
    expect(s.rounds[0]!.result?.outcome.lot).toBeUndefined();
    const [f1, f2] = s.members!.finalists as [string, string];
    expect(() => declareMembers(s, { counts: { [f1]: 6, [f2]: 6 }, rejected: 0, electorate: 14, at: at(40) })).toThrow(expect.objectContaining({ code: 'LOT_NEEDS_BOARD' }));
  });

  it('"lot": a declaration that names its own seed is refused (LOT_SEED_NOT_ACCEPTED), tied or not; a malformed close record hash is VALIDATION_FAILED', () => {
    const close = sha256Hex('close');
    const named = { ...TIED, at: at(16), boardClose: close, lotSeed: 'drand quicknet round 12345678' } as Parameters<typeof declareRound>[1];
    expect(() => declareRound(scheduled('lot'), named)).toThrow(expect.objectContaining({ code: 'LOT_SEED_NOT_ACCEPTED' }));
    expect(() => declareRound(scheduled('rerun'), { ...named, counts: { ada: 15, bea: 11, cy: 10 } })).toThrow(expect.objectContaining({ code: 'LOT_SEED_NOT_ACCEPTED' }));
    // What declarations stored before carry for "no seed" still replays.
    expect(declareRound(scheduled('lot'), { ...TIED, at: at(16), boardClose: close, lotSeed: null } as Parameters<typeof declareRound>[1]).phase).toBe('members');
    expect(() => declareRound(scheduled('lot'), { ...TIED, at: at(16), boardClose: 'not-a-hash' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
