/**
 * Ties through the contest state machine, for each tie policy a rulebook may name: a tied MP round or members'
 * ballot under `rerun` keeps its count in the record and waits for a rerun board among the same candidates;
 * `eliminate-all-tied` and `lot` move on by themselves on the declaration.
 */
import { describe, expect, it } from 'vitest';
import { findContestRulebook } from '../domain/rulebook/contest-presets';
import type { ContestRulebook } from '../domain/rulebook/contest-schema';
import { applyContestEvent, declareMembers, declareRound, pendingBallot, publicView, replayContestEvents, scheduleRerun, scheduleRound, tiedBallot, withdraw, type ContestState } from './engine';
import { TINY_CONTEST } from './fixtures.test-helpers';
import { historicEvents } from './replay';
import { lotTicket } from './rounds';

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
    // No way around the rerun: not a new round, not a second declaration, not a withdrawal mid-round.
    expect(() => scheduleRound(s, { at: at(17), opensAt: at(18) })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    expect(() => declareRound(s, { ...TIED, counts: { ada: 15, bea: 11, cy: 9 }, at: at(17) })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    expect(() => withdraw(s, 'cy', at(17))).toThrow(expect.objectContaining({ code: 'CANDIDATE_MAY_NOT_WITHDRAW' }));
    s = scheduleRerun(s, { at: at(17), opensAt: at(18) });
    expect(pendingBallot(s)).toBe('round-1-rerun-1');
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

describe('tie policies that move on by themselves', () => {
  it('"eliminate-all-tied": the tied candidates are all out on the declaration, no rerun', () => {
    const s = declareRound(scheduled('eliminate-all-tied'), { ...TIED, at: at(16) });
    expect(s.rounds[0]!.ties).toBeUndefined();
    expect(s.rounds[0]!.result?.outcome.eliminated.map((e) => [e.candidate, e.reason])).toEqual([['bea', 'tied-lowest'], ['cy', 'tied-lowest']]);
    expect(s.phase).toBe('decided');
    expect(s.winner).toMatchObject({ candidate: 'ada', how: 'mps' });
  });
  it('"lot": the declaration names public randomness and the lowest ticket is out; anyone redraws it', () => {
    const seed = 'drand:quicknet:round-12345:0f3a';
    expect(() => declareRound(scheduled('lot'), { ...TIED, at: at(16) })).toThrow(expect.objectContaining({ code: 'ROUND_RESULT_INVALID' }));
    const s = declareRound(scheduled('lot'), { ...TIED, at: at(16), lotSeed: seed });
    const loser = lotTicket(seed, 1, 'bea') < lotTicket(seed, 1, 'cy') ? 'bea' : 'cy';
    expect(s.candidates.find((c) => c.id === loser)).toMatchObject({ status: 'eliminated', outRound: 1, note: 'lot' });
    expect(s.rounds[0]!.result?.lotSeed).toBe(seed);
    expect(s.phase).toBe('members');
    // A tie for the win on the members' ballot is drawn the same way (and refused without the seed).
    expect(() => declareMembers(s, { counts: { [s.members!.finalists[0]!]: 6, [s.members!.finalists[1]!]: 6 }, rejected: 0, electorate: 14, at: at(40) })).toThrow(/lotSeed/);
    const won = declareMembers(s, { counts: { [s.members!.finalists[0]!]: 6, [s.members!.finalists[1]!]: 6 }, rejected: 0, electorate: 14, at: at(40), lotSeed: seed });
    expect(won.phase).toBe('decided');
    expect(won.winner?.how).toBe('members');
  });
});
