import { describe, expect, it } from 'vitest';
import { findContestRulebook } from '../domain/rulebook/contest-presets';
import { closeNominations, declareMembers, declareRound, nominate, openContest, publicView, resumeRounds, scheduleRound, withdraw, type ContestState } from './engine';
import { CONTEST_2019, OCTOBER_2022, SUMMER_2022 } from './history';
import { replayContest, replayNominations } from './replay';
import { evaluateRound, lotSeed, lotSource, lotTicket } from './rounds';

const out = (s: ContestState, round: number) => s.candidates.filter((c) => c.outRound === round).map((c) => c.id).sort();

describe('replaying the summer 2022 contest with the published counts', () => {
  const s = replayContest(SUMMER_2022);
  it('eliminates exactly the candidates the rules and counts imply, round by round', () => {
    expect(out(s, 1)).toEqual(['jeremy-hunt', 'nadhim-zahawi']);
    expect(out(s, 2)).toEqual(['suella-braverman']);
    expect(out(s, 3)).toEqual(['thomas-tugendhat']);
    expect(out(s, 4)).toEqual(['kemi-badenoch']);
    expect(out(s, 5)).toEqual(['penny-mordaunt']);
    expect(s.members?.finalists.sort()).toEqual(['elizabeth-truss', 'rishi-sunak']);
  });
  it('elects Truss on the members’ ballot, with spoilt ballots and abstentions recorded', () => {
    expect(s.phase).toBe('decided');
    expect(s.winner).toMatchObject({ candidate: 'elizabeth-truss', how: 'members' });
    const r5 = s.rounds[4]!.result!;
    expect([r5.spoilt, r5.outcome.abstentions]).toEqual([2, 1]);
  });
  it('publishes the nominators only after nominations close (nominators are public in this rulebook)', () => {
    const open = replayNominations(SUMMER_2022);
    expect(publicView(open).candidates[0]!.nominators).toBeNull();
    expect(publicView(s).candidates[0]!.nominators).toHaveLength(20);
  });
});

describe('2019: thresholds of 17 and 33, a withdrawal between rounds', () => {
  const s = replayContest(CONTEST_2019);
  it('derives the published eliminations and Johnson v Hunt', () => {
    expect(out(s, 1)).toEqual(['andrea-leadsom', 'esther-mcvey', 'mark-harper', 'matt-hancock']);
    expect(s.candidates.find((c) => c.id === 'matt-hancock')!.status).toBe('withdrawn');
    expect(out(s, 2)).toEqual(['dominic-raab']);
    expect(s.candidates.find((c) => c.id === 'sajid-javid')!.outRound).toBe(4);
    expect(s.members?.finalists.sort()).toEqual(['boris-johnson', 'jeremy-hunt']);
    expect(s.winner?.candidate).toBe('boris-johnson');
  });
});

describe('October 2022: one valid nomination', () => {
  it('elects Sunak unopposed at the close of nominations, with no ballot', () => {
    const s = replayContest(OCTOBER_2022);
    expect(s.winner).toMatchObject({ candidate: 'rishi-sunak', how: 'unopposed' });
    expect(s.rounds).toHaveLength(0);
  });
});

describe('2024: rounds down to four, a pause, then down to two', () => {
  const rulebook = findContestRulebook('conservative-2024');
  const cands = ['a', 'b', 'c', 'd', 'e', 'f'];
  const mps = [...cands, ...Array.from({ length: 114 }, (_, i) => `m${i}`)];
  let s = openContest({ id: 'c2024', rulebook, reason: 'contest-required', at: '2024-07-24T10:00:00Z', mps, nominationsClose: '2024-07-29T13:00:00Z' });
  let k = 0;
  for (const c of cands) for (let i = 0; i < 10; i++) s = nominate(s, { candidate: c, nominator: `m${k++}`, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', at: '2024-07-25T10:00:00Z' });
  s = closeNominations(s, '2024-07-29T13:00:00Z');
  const round = (counts: Record<string, number>, day: string) => {
    s = scheduleRound(s, { at: `${day}T08:00:00Z`, opensAt: `${day}T13:00:00Z` });
    s = declareRound(s, { counts, spoilt: 0, electorate: 120, at: `${day}T16:00:00Z` });
  };
  it('pauses at four and refuses a round until resumed, then goes on to the final two', () => {
    round({ a: 30, b: 25, c: 20, d: 20, e: 15, f: 10 }, '2024-09-04');
    round({ a: 35, b: 30, c: 25, d: 20, e: 10 }, '2024-09-05');
    expect(s.phase).toBe('paused');
    expect(() => scheduleRound(s, { at: '2024-09-06T08:00:00Z', opensAt: '2024-09-06T13:00:00Z' })).toThrow(/paused/);
    s = resumeRounds(s, '2024-10-08T08:00:00Z');
    round({ a: 40, b: 35, c: 30, d: 15 }, '2024-10-09');
    round({ a: 50, b: 40, c: 30 }, '2024-10-10');
    expect(s.phase).toBe('members');
    expect(s.members?.finalists.sort()).toEqual(['a', 'b']);
  });
});

describe('bad input: each a clear error, state unchanged', () => {
  const rulebook = findContestRulebook('conservative-2019');
  const mps = Array.from({ length: 40 }, (_, i) => `mp${i}`);
  const base = openContest({ id: 'c', rulebook, reason: 'chair', at: '2019-06-07T12:00:00Z', mps, nominationsClose: '2019-06-10T16:00:00Z' });
  const nom = (s: ContestState, candidate: string, nominator: string, role: 'proposer' | 'seconder' | 'supporter' = 'supporter', at = '2019-06-08T12:00:00Z') => nominate(s, { candidate, nominator, role, at });
  it('a nomination by a non-member, or of a non-member', () => {
    expect(() => nom(base, 'mp0', 'stranger')).toThrow(expect.objectContaining({ code: 'NOMINATOR_NOT_ELIGIBLE' }));
    expect(() => nom(base, 'stranger', 'mp1')).toThrow(expect.objectContaining({ code: 'NOMINATOR_NOT_ELIGIBLE' }));
  });
  it('an MP nominating twice, or a second proposer', () => {
    const s = nom(base, 'mp0', 'mp1', 'proposer');
    expect(() => nom(s, 'mp2', 'mp1')).toThrow(expect.objectContaining({ code: 'NOMINATION_DUPLICATE' }));
    expect(() => nom(s, 'mp0', 'mp1')).toThrow(expect.objectContaining({ code: 'NOMINATION_DUPLICATE' }));
    expect(() => nom(s, 'mp0', 'mp3', 'proposer')).toThrow(expect.objectContaining({ code: 'NOMINATION_DUPLICATE' }));
  });
  it('a nomination after the deadline', () => {
    expect(() => nom(base, 'mp0', 'mp1', 'supporter', '2019-06-10T16:00:00Z')).toThrow(expect.objectContaining({ code: 'NOMINATIONS_CLOSED' }));
  });
  it('a nomination for a withdrawn candidate', () => {
    const s = withdraw(nom(base, 'mp0', 'mp1'), 'mp0', '2019-06-08T13:00:00Z');
    expect(() => nom(s, 'mp0', 'mp2')).toThrow(expect.objectContaining({ code: 'CANDIDATE_WITHDRAWN' }));
  });
  it('closing before the deadline; a round scheduled before the last one is declared; a result naming an eliminated candidate', () => {
    let s = base;
    let k = 10;
    for (const c of ['mp0', 'mp1', 'mp2']) for (let i = 0; i < 8; i++) s = nom(s, c, `mp${k++}`, i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter');
    expect(() => closeNominations(s, '2019-06-09T00:00:00Z')).toThrow(expect.objectContaining({ code: 'CONTEST_WRONG_PHASE' }));
    s = closeNominations(s, '2019-06-10T16:00:00Z');
    s = scheduleRound(s, { at: '2019-06-12T08:00:00Z', opensAt: '2019-06-13T10:00:00Z' });
    expect(() => scheduleRound(s, { at: '2019-06-12T09:00:00Z', opensAt: '2019-06-13T10:00:00Z' })).toThrow(expect.objectContaining({ code: 'ROUND_PENDING' }));
    expect(() => declareRound(s, { counts: { mp0: 20, mp1: 10, mp2: 5, mp9: 1 }, spoilt: 0, electorate: 40, at: '2019-06-13T16:00:00Z' })).toThrow(expect.objectContaining({ code: 'ROUND_RESULT_INVALID' }));
    expect(() => declareRound(s, { counts: { mp0: 20, mp1: 20, mp2: 5 }, spoilt: 0, electorate: 40, at: '2019-06-13T16:00:00Z' })).toThrow(/45 ballots/);
    expect(() => declareMembers(s, { counts: {}, rejected: 0, electorate: 1, at: '2019-06-13T16:00:00Z' })).toThrow(expect.objectContaining({ code: 'CONTEST_WRONG_PHASE' }));
  });
  it('the final two may not withdraw when they have undertaken not to', () => {
    const s = replayContest(SUMMER_2022, { members: false });
    expect(s.phase).toBe('members');
    expect(() => withdraw(s, 'elizabeth-truss', '2022-07-21T10:00:00Z')).toThrow(expect.objectContaining({ code: 'CANDIDATE_MAY_NOT_WITHDRAW' }));
  });
});

describe('tie for the last place', () => {
  const base = findContestRulebook('conservative-2022-summer');
  const counts = { a: 50, b: 40, c: 30, d: 30 };
  it('re-runs, eliminates all tied, or draws a lot from public randomness that anyone can redraw', () => {
    expect(evaluateRound(base, 3, ['a', 'b', 'c', 'd'], { counts, spoilt: 0, electorate: 150 }).rerun).toBe(true);
    const all = evaluateRound({ ...base, rounds: { ...base.rounds, tie: 'eliminate-all-tied' } }, 3, ['a', 'b', 'c', 'd'], { counts, spoilt: 0, electorate: 150 });
    expect(all.eliminated.map((e) => e.candidate)).toEqual(['c', 'd']);
    const lot = { ...base, rounds: { ...base.rounds, tie: 'lot' as const } };
    expect(() => evaluateRound(lot, 3, ['a', 'b', 'c', 'd'], { counts, spoilt: 0, electorate: 150 })).toThrow(expect.objectContaining({ code: 'LOT_NEEDS_BOARD' }));
    const source = lotSource('summer', 'round-3', 'ab'.repeat(32));
    expect(source.seed).toBe(lotSeed('summer', 'round-3', 'ab'.repeat(32)));
    const drawn = evaluateRound(lot, 3, ['a', 'b', 'c', 'd'], { counts, spoilt: 0, electorate: 150 }, source);
    const expected = lotTicket(source.seed, 3, 'c') < lotTicket(source.seed, 3, 'd') ? 'c' : 'd';
    expect(drawn.eliminated).toEqual([{ candidate: expected, votes: 30, reason: 'lot' }]);
    expect(drawn.lot?.tickets).toEqual({ c: lotTicket(source.seed, 3, 'c'), d: lotTicket(source.seed, 3, 'd') });
  });
});

describe('the roster the open event names', () => {
  const base = { id: 'r', rulebook: findContestRulebook('conservative-2019'), reason: 'chair' as const, at: '2024-07-24T10:00:00Z', mps: Array.from({ length: 20 }, (_, i) => `mp-${i}`), nominationsClose: '2024-07-25T10:00:00Z' };
  it('is kept in the opening (and the public view), and left out for a contest opened before it was recorded', () => {
    expect(publicView(openContest({ ...base, rosterId: 'uk-commons-2019' })).opening.rosterId).toBe('uk-commons-2019');
    // An older contest's state is unchanged (no rosterId key at all), so its stored state still replays equal.
    expect('rosterId' in openContest(base).opening).toBe(false);
    expect('rosterId' in openContest({ ...base, rosterId: null }).opening).toBe(false);
  });
  it('must be a roster id', () => {
    expect(() => openContest({ ...base, rosterId: 'Not A Roster' })).toThrow(/a roster id is 1–64 lowercase letters, digits and dashes/);
    expect(() => openContest({ ...base, rosterId: 7 as unknown as string })).toThrow(/a roster id/);
  });
});
