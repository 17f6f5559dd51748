import { describe, expect, it } from 'vitest';
import { journey, type JourneyInput } from './journey';

const base: JourneyInput = { procedure: { state: 'collecting', ballot: null, outcome: null }, count: 0, sealPublished: false, electionStage: null };
const ballot = { opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' };

describe('the step list names the one next thing to do', () => {
  it('starts with the letters, then the threshold', () => {
    expect(journey(base).current).toBe('letters');
    expect(journey({ ...base, count: 3 }).current).toBe('threshold');
  });

  it('after the trigger: the sealed count, then the schedule; a scheduled vote skips an unpublished seal', () => {
    const reached = { ...base, procedure: { ...base.procedure, state: 'threshold_reached' as const } };
    expect(journey(reached).current).toBe('seal');
    expect(journey({ ...reached, sealPublished: true }).current).toBe('schedule');
    const scheduled = journey({ ...base, procedure: { state: 'ballot_scheduled', ballot, outcome: null } });
    expect(scheduled.current).toBe('ceremony');
    expect(scheduled.steps.find((s) => s.id === 'seal')?.state).toBe('skipped');
  });

  it('follows the verifiable vote stage by stage', () => {
    const p = { state: 'ballot_scheduled' as const, ballot, outcome: null };
    expect(journey({ ...base, procedure: p, electionStage: 'key-ceremony' }).current).toBe('ceremony');
    expect(journey({ ...base, procedure: p, electionStage: 'credentials' }).current).toBe('credentials');
    expect(journey({ ...base, procedure: p, electionStage: 'ready' }).current).toBe('open');
    expect(journey({ ...base, procedure: { ...p, state: 'ballot_open' }, electionStage: 'open' }).current).toBe('close');
    expect(journey({ ...base, procedure: { ...p, state: 'ballot_closed' }, electionStage: 'tallying' }).current).toBe('tally');
  });

  it('ends with the result, every step done', () => {
    const decided = journey({ ...base, procedure: { state: 'immune', ballot, outcome: { result: 'survived', yes: 211, no: 148 } }, electionStage: 'decided', sealPublished: true });
    expect(decided.steps.every((s) => s.state === 'done')).toBe(true);
    expect(decided.current).toBe('after');
  });

  it('a paper ballot skips the verifiable vote’s steps', () => {
    const paper = journey({ ...base, procedure: { state: 'contest_required', ballot, outcome: { result: 'lost', yes: 1, no: 2 } } });
    expect(paper.steps.filter((s) => s.state === 'skipped').map((s) => s.id)).toEqual(['seal', 'ceremony', 'credentials']);
  });
});
