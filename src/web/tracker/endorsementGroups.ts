import type { EndorsementQueueEntry } from './api';

/**
 * How the review desk groups the endorsements waiting for an editor: by contest, then candidate, then member, each
 * member's rows together (one decision per member and candidate). Pure, in the order the queue lists them (the service
 * sorts by contest, candidate name, member and date).
 */

export interface QueuedMember {
  memberId: string;
  person: string;
  rows: EndorsementQueueEntry[];
}
export interface QueuedCandidate {
  candidateId: string;
  name: string;
  members: QueuedMember[];
}
export interface QueuedContest {
  contestId: string;
  candidates: QueuedCandidate[];
}

/** The queue as the desk shows it: contests, their candidates, and each member's rows, in the order the queue lists them. */
export function groupEndorsementQueue(rows: readonly EndorsementQueueEntry[]): QueuedContest[] {
  const contests: QueuedContest[] = [];
  for (const r of rows) {
    let contest = contests.find((c) => c.contestId === r.contestId);
    if (!contest) contests.push((contest = { contestId: r.contestId, candidates: [] }));
    let candidate = contest.candidates.find((c) => c.candidateId === r.candidateId);
    if (!candidate) contest.candidates.push((candidate = { candidateId: r.candidateId, name: r.candidateName, members: [] }));
    let member = candidate.members.find((m) => m.memberId === r.memberId);
    if (!member) candidate.members.push((member = { memberId: r.memberId, person: r.person, rows: [] }));
    member.rows.push(r);
  }
  return contests;
}
