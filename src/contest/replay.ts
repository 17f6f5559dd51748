/**
 * A published contest (./history.ts) as contest events: the nominations the rulebook needs, each MP round with
 * its published counts, the withdrawals, and the members' ballot. Pure; the simulation turns each declared round
 * into a verifiable board, the tests check the engine derives the real eliminations from these events.
 *
 * MPs other than the candidates are named mp-001, mp-002, … (the real nominators are not all published).
 */
import { findContestRulebook } from '../domain/rulebook/contest-presets';
import { replayContestEvents, type ContestEvent, type ContestState } from './engine';
import type { HistoricContest } from './history';

export function historicMps(h: HistoricContest): string[] {
  const others = Array.from({ length: h.mps - h.candidates.length }, (_, i) => `mp-${String(i + 1).padStart(3, '0')}`);
  return [...h.candidates, ...others];
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

export interface HistoricEventOptions {
  id?: string;
  /** Stop after this many MP rounds. */
  upTo?: number;
  /** Include the members' ballot result (default true). */
  members?: boolean;
  /** Scale of the members' ballot (electorate, counts, rejected), for tests and quick runs. */
  membersScale?: number;
  /** The roster the `open` event names (the contest's roster; its member-key registry signs withdrawals). */
  rosterId?: string;
}

export function scaleMembers(h: HistoricContest, scale: number): NonNullable<HistoricContest['members']> {
  const m = h.members!;
  if (scale === 1) return m;
  const s = (x: number) => Math.max(0, Math.round(x * scale));
  const counts = Object.fromEntries(Object.entries(m.counts).map(([c, v]) => [c, Math.max(1, s(v))]));
  const votes = Object.values(counts).reduce((a, b) => a + b, 0) + s(m.rejected);
  return { ...m, counts, rejected: s(m.rejected), electorate: Math.max(votes, s(m.electorate)) };
}

export function historicEvents(h: HistoricContest, opts: HistoricEventOptions = {}): ContestEvent[] {
  const rulebook = findContestRulebook(h.rulebook);
  const events: ContestEvent[] = [
    { type: 'open', input: { id: opts.id ?? `replay-${h.rulebook}`, rulebook, reason: h.opening.reason, at: h.opening.at, mps: historicMps(h), nominationsClose: h.nominationsClose, ...(opts.rosterId ? { rosterId: opts.rosterId } : {}), outgoingLeader: h.opening.outgoingLeader, freezeDate: h.members?.freezeDate ?? null } },
  ];
  const pool = historicMps(h).filter((m) => !h.candidates.includes(m));
  let next = 0;
  h.candidates.forEach((c, ci) => {
    const count = h.nominators?.[c] ?? rulebook.nominations.required;
    for (let i = 0; i < count; i++) {
      const role = rulebook.nominations.proposerAndSeconder && i < 2 ? (i === 0 ? 'proposer' : 'seconder') : 'supporter';
      events.push({ type: 'nominate', input: { candidate: c, nominator: pool[next++]!, role, at: addMinutes(h.opening.at, 1 + ci), recordedBy: i % 5 === 4 ? 'chair' : 'member' } });
    }
  });
  events.push({ type: 'close-nominations', at: h.nominationsClose });
  for (const r of h.rounds.slice(0, opts.upTo ?? h.rounds.length)) {
    events.push({ type: 'schedule-round', at: `${r.date}T08:00:00Z`, opensAt: `${r.date}T13:00:00Z` });
    events.push({ type: 'declare-round', input: { counts: r.counts, spoilt: r.spoilt, electorate: h.mps, at: `${r.date}T16:00:00Z` } });
    for (const w of r.withdrawalsAfter ?? []) events.push({ type: 'withdraw', candidate: w, at: `${r.date}T20:00:00Z` });
  }
  if (h.members && opts.members !== false && (opts.upTo === undefined || opts.upTo >= h.rounds.length)) {
    const m = scaleMembers(h, opts.membersScale ?? 1);
    events.push({ type: 'declare-members', input: { counts: m.counts, rejected: m.rejected, electorate: m.electorate, at: m.closes } });
  }
  return events;
}

export function replayContest(h: HistoricContest, opts: HistoricEventOptions = {}): ContestState {
  return replayContestEvents(historicEvents(h, opts));
}

export function replayNominations(h: HistoricContest, id?: string): ContestState {
  return replayContestEvents(historicEvents(h, { id }).filter((e) => e.type === 'open' || e.type === 'nominate'));
}
