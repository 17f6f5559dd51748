import { describe, expect, it } from 'vitest';
import { ballotLabel, membersBoard, pendingBallot, tiedBallot, type ContestView } from './api';

const board = (ballot: string) => ({ ballot, electionId: `contest-c-${ballot}`, electionHash: 'ab'.repeat(32), lastType: 'result' });

/** A members'-ballot phase contest, with the boards and ties given (only the fields these helpers read). */
function members(ballots: string[], ties: string[], awaitingRerun: boolean, result = false): ContestView {
  return {
    phase: 'members',
    rounds: [],
    ballots: ballots.map(board),
    members: { finalists: ['a', 'b'], ties: ties.map((ballot) => ({ ballot, counts: { a: 1, b: 1 } })), awaitingRerun, result: result ? { counts: { a: 2, b: 1 } } : null },
  } as unknown as ContestView;
}

describe('the contest pages follow a tied members’ ballot to its rerun', () => {
  it('before a tie: the board is `members`, and it is what the contest waits for', () => {
    const c = members(['round-1', 'members'], [], false);
    expect(membersBoard(c)?.ballot).toBe('members');
    expect(pendingBallot(c)).toBe('members');
    expect(tiedBallot(c)).toBeNull();
  });

  it('tied and waiting: the chair may rerun the tied board; nothing is pending until then', () => {
    const c = members(['round-1', 'members'], ['members'], true);
    expect(tiedBallot(c)).toBe('members');
    expect(pendingBallot(c)).toBeNull();
    expect(membersBoard(c)?.ballot).toBe('members');
  });

  it('after the rerun is made: the pages use the rerun’s board (postal batches, channels, tracker checks)', () => {
    const c = members(['round-1', 'members', 'members-rerun-1'], ['members'], false);
    expect(pendingBallot(c)).toBe('members-rerun-1');
    expect(membersBoard(c)?.ballot).toBe('members-rerun-1');
    const twice = members(['members', 'members-rerun-1', 'members-rerun-2'], ['members', 'members-rerun-1'], false);
    expect(membersBoard(twice)?.ballot).toBe('members-rerun-2');
    expect(pendingBallot(twice)).toBe('members-rerun-2');
  });

  it('a round’s board is never taken for the members’ board', () => {
    expect(membersBoard(members(['round-1', 'round-2-rerun-1'], [], false))).toBeUndefined();
  });

  it('names a rerun after its ballot', () => {
    const t = (key: string, vars?: Record<string, string | number>) => `${key}${vars ? JSON.stringify(vars) : ''}`;
    expect(ballotLabel(t, 'members-rerun-2')).toBe('contest.rerun.label{"ballot":"contest.members.title","k":2}');
    expect(ballotLabel(t, 'round-3-rerun-1')).toBe('contest.rerun.label{"ballot":"contest.rounds.title{\\"n\\":3}","k":1}');
    expect(ballotLabel(t, 'round-3')).toBe('contest.rounds.title{"n":3}');
  });
});
