/**
 * Replays a published contest (./history.ts) through the contest engine: the nominations the rulebook needs,
 * each MP round with its published counts, the withdrawals, and the members' ballot. Pure; the simulation adds
 * the ballots and boards on top, the tests use it to check the engine derives the real eliminations.
 *
 * MPs other than the candidates are named mp-001, mp-002, … (the real nominators are not all published).
 */
import { findContestRulebook } from '../domain/rulebook/contest-presets';
import { closeNominations, declareMembers, declareRound, nominate, openContest, scheduleRound, withdraw, type ContestState } from './engine';
import type { HistoricContest } from './history';

export function historicMps(h: HistoricContest): string[] {
  const others = Array.from({ length: h.mps - h.candidates.length }, (_, i) => `mp-${String(i + 1).padStart(3, '0')}`);
  return [...h.candidates, ...others];
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Nominations, up to (not including) the close. */
export function replayNominations(h: HistoricContest, id = `replay-${h.rulebook}`): ContestState {
  const rulebook = findContestRulebook(h.rulebook);
  let s = openContest({ id, rulebook, reason: h.opening.reason, at: h.opening.at, mps: historicMps(h), nominationsClose: h.nominationsClose, outgoingLeader: h.opening.outgoingLeader, freezeDate: h.members?.freezeDate ?? null });
  const pool = historicMps(h).filter((m) => !h.candidates.includes(m));
  let next = 0;
  h.candidates.forEach((c, ci) => {
    const count = h.nominators?.[c] ?? rulebook.nominations.required;
    for (let i = 0; i < count; i++) {
      const role = rulebook.nominations.proposerAndSeconder && i < 2 ? (i === 0 ? 'proposer' : 'seconder') : 'supporter';
      s = nominate(s, { candidate: c, nominator: pool[next++]!, role, at: addMinutes(h.opening.at, 1 + ci), recordedBy: i % 5 === 4 ? 'chair' : 'member' });
    }
  });
  return s;
}

/** Every step the published record allows, round by round. `upTo` stops after that many MP rounds. */
export function replayContest(h: HistoricContest, opts: { upTo?: number; id?: string; members?: boolean } = {}): ContestState {
  let s = replayNominations(h, opts.id);
  s = closeNominations(s, h.nominationsClose);
  h.rounds.slice(0, opts.upTo ?? h.rounds.length).forEach((r) => {
    const opensAt = `${r.date}T13:00:00Z`;
    s = scheduleRound(s, { at: `${r.date}T08:00:00Z`, opensAt });
    s = declareRound(s, { counts: r.counts, spoilt: r.spoilt, electorate: h.mps, at: `${r.date}T16:00:00Z` });
    for (const w of r.withdrawalsAfter ?? []) s = withdraw(s, w, `${r.date}T20:00:00Z`);
  });
  if (h.members && s.phase === 'members' && opts.members !== false) {
    s = declareMembers(s, { counts: h.members.counts, rejected: h.members.rejected, electorate: h.members.electorate, at: h.members.closes });
  }
  return s;
}
