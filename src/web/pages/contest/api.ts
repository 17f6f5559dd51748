/**
 * The contest pages' calls to the contest API (docs/contest.md). Reads are public; nominating needs an MP's
 * session, the chair's steps the chair's. Ballots are cast through the election API (../ballot/api.ts), with no
 * session: a contest round is an election like the confidence vote.
 */
import { request } from '../../api';
import { isMembersBallot, type ContestPublicView } from '../../../contest/engine';
import type { ElectionView } from '../../../services/elections';
export type { ElectionView };

export interface ContestBallotRef {
  ballot: string;
  electionId: string;
  electionHash: string;
  lastType: string;
}

export type ContestView = ContestPublicView & { names: Record<string, string>; rosterId?: string; ballots: ContestBallotRef[] };
export type ContestCandidate = ContestView['candidates'][number];
export type ContestRound = ContestView['rounds'][number];
export interface ContestSummary {
  id: string;
  rulebook: string;
  phase: string;
  winner: string | null;
}
export interface ContestRulebookPreset {
  id: string;
  name: string;
  nominations: { required: number };
}

const enc = encodeURIComponent;
const C = (id: string) => `/api/contests/${enc(id)}`;

export const contestApi = {
  list: () => request<ContestSummary[]>('GET', '/api/contests'),
  rulebooks: () => request<ContestRulebookPreset[]>('GET', '/api/contest-rulebooks'),
  get: (id: string) => request<ContestView>('GET', C(id)),
  /** The contest's events (the contest verifier replays them under the rulebook, C6). */
  events: (id: string) => request<unknown[]>('GET', `${C(id)}/events`),
  /** The roster's member-key registry (the sealed count's), which a candidate's signed withdrawal is held to (C6). */
  memberKeys: (rosterId: string) => request<{ rosterId: string; registrations: unknown[] }>('GET', `/api/rosters/${enc(rosterId)}/member-keys`),
  open: (input: { id: string; rulebookId: string; reason: 'resignation' | 'chair'; rosterId: string; nominationsClose: string }) => request<ContestView>('POST', '/api/contests', input),
  nominate: (id: string, input: { candidate: string; role: 'proposer' | 'seconder' | 'supporter'; nominator?: string }) => request<ContestView>('POST', `${C(id)}/nominations`, input),
  closeNominations: (id: string) => request<ContestView>('POST', `${C(id)}/close-nominations`),
  scheduleRound: (id: string, opensAt: string) => request<ContestView>('POST', `${C(id)}/rounds`, { opensAt }),
  resume: (id: string) => request<ContestView>('POST', `${C(id)}/resume`),
  /** After a tie under the re-run policy: the same candidates vote again on a new board (same trustees and authority). */
  rerun: (id: string, input: { opensAt?: string } = {}) => request<{ contest: ContestView; election: ElectionView | null }>('POST', `${C(id)}/rerun`, input),
  /** The candidate themself or the chair on their behalf: between rounds, or between a tied count and its rerun. */
  withdraw: (id: string, candidate: string, signature?: { publicKey: string; signature: string }) => request<ContestView>('POST', `${C(id)}/withdrawals`, signature ? { candidate, signature } : { candidate }),
  putOnBoard: (id: string, input: { trustees: number; threshold: number; authority: string; electorate?: number }) => request<ElectionView>('POST', `${C(id)}/ballots`, input),
  /** The membership roll (CSV) for the members' ballot: its members eligible at the freeze date are the electorate. */
  importRoll: (id: string, input: { csv: string; freezeDate?: string }) => request<ContestView>('POST', `${C(id)}/roll`, input),
  /** The chair's steps on a ballot's board (the same endpoints as the confidence vote). */
  boardStep: (eid: string, step: 'key' | 'open' | 'close' | 'tally' | 'result') => request<unknown>('POST', `/api/elections/${enc(eid)}/${step}`),
};

export const contestPaths = {
  list: () => '/contests',
  contest: (id: string) => `/contests/${enc(id)}`,
  mp: (id: string) => `/contests/${enc(id)}/mp`,
  chair: (id: string) => `/contests/${enc(id)}/chair`,
  trustee: (id: string) => `/contests/${enc(id)}/trustee`,
  board: (eid: string) => `/api/elections/${enc(eid)}/board.jsonl`,
  /** The contest verifier in the browser. */
  verify: (id: string) => `/contests/${enc(id)}/verify`,
};

/**
 * The ballot waiting for its board or being counted: the last round if undeclared, or the members' ballot — after a
 * tie, its rerun (`round-N-rerun-K`, `members-rerun-K`); null while a tie awaits the chair's rerun (see tiedBallot).
 * The same rule as the engine's pendingBallot (src/contest/engine.ts).
 */
export function pendingBallot(c: ContestView): string | null {
  const last = c.rounds.at(-1);
  const name = (base: string, ties: readonly unknown[] | undefined) => (ties?.length ? `${base}-rerun-${ties.length}` : base);
  if (c.phase === 'rounds' && last && !last.result) return last.awaitingRerun ? null : name(`round-${last.number}`, last.ties);
  if (c.phase === 'members' && c.members && !c.members.result) return c.members.awaitingRerun ? null : name('members', c.members.ties);
  return null;
}

/** The tied ballot whose rerun the chair may start now (the rulebook's re-run tie policy), or null. */
export function tiedBallot(c: ContestView): string | null {
  const last = c.rounds.at(-1);
  if (c.phase === 'rounds' && last?.awaitingRerun) return last.ties.at(-1)?.ballot ?? null;
  if (c.phase === 'members' && c.members?.awaitingRerun) return c.members.ties?.at(-1)?.ballot ?? null;
  return null;
}

/** A ballot's board name as words: "Round 2", "Round 2, rerun 1", "Members’ ballot", "Members’ ballot, rerun 1". */
export function ballotLabel(t: (key: 'contest.members.title' | 'contest.rounds.title' | 'contest.rerun.label', vars?: Record<string, string | number>) => string, ballot: string): string {
  const m = /^(?:round-(\d+)|members)(?:-rerun-(\d+))?$/.exec(ballot);
  const base = m?.[1] ? t('contest.rounds.title', { n: Number(m[1]) }) : t('contest.members.title');
  return m?.[2] ? t('contest.rerun.label', { ballot: base, k: Number(m[2]) }) : base;
}

/** The members' ballot's current board: `members`, or the latest rerun after a tie (`members-rerun-K`); undefined before any. */
export function membersBoard(c: ContestView): ContestView['ballots'][number] | undefined {
  return c.ballots.filter((b) => isMembersBallot(b.ballot)).at(-1);
}
