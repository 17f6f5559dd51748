import { describe, expect, it } from 'vitest';
import type { EndorsementQueueEntry } from './api';
import { groupEndorsementQueue } from './endorsementGroups';

const row = (id: string, contestId: string, candidateId: string, memberId: string): EndorsementQueueEntry => ({
  id,
  trackerId: 'johnson-2022',
  contestId,
  candidateId,
  candidateName: candidateId.toUpperCase(),
  memberId,
  person: memberId,
  stance: 'endorses',
  date: null,
  status: 'proposed',
  source: { article: `${id}.txt`, outlet: null, url: null, published: null, evidence: [id] },
  recordedBy: 'editor',
  reviewedBy: null,
});

describe('the desk’s grouping of endorsements waiting for review', () => {
  it('puts a member’s rows for one candidate in one group, contests and candidates in queue order', () => {
    const groups = groupEndorsementQueue([row('1', 'c1', 'truss', 'dorries'), row('2', 'c1', 'truss', 'rees-mogg'), row('3', 'c1', 'sunak', 'raab'), row('4', 'c1', 'truss', 'dorries'), row('5', 'c2', 'truss', 'dorries')]);
    expect(groups.map((c) => [c.contestId, c.candidates.map((k) => [k.name, k.members.map((m) => [m.memberId, m.rows.map((r) => r.id)])])])).toEqual([
      [
        'c1',
        [
          ['TRUSS', [['dorries', ['1', '4']], ['rees-mogg', ['2']]]],
          ['SUNAK', [['raab', ['3']]]],
        ],
      ],
      ['c2', [['TRUSS', [['dorries', ['5']]]]]],
    ]);
  });

  it('is empty for an empty queue', () => {
    expect(groupEndorsementQueue([])).toEqual([]);
  });
});
