import { describe, expect, it } from 'vitest';
import type { ProcedurePublicView } from '../../services/procedures';
import { procedureStatusLines } from './foundation';

/** `procedure status` prints days and times as the web app does: UK time (BST in summer), never bare UTC. */
describe('procedure status lines', () => {
  const view: ProcedurePublicView = {
    id: 'johnson-2022',
    title: 'Confidence in Boris Johnson',
    simulated: false,
    leader: { name: 'Boris Johnson' },
    party: 'Con',
    rulebook: { id: 'conservative-1922', name: '1922 Committee', summary: [] },
    asOf: '2022-06-06',
    denominator: 359,
    threshold: 54,
    state: 'ballot_scheduled',
    stateLabel: 'Vote scheduled',
    immuneUntil: null,
    ballot: { opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' },
    outcome: null,
  };

  it('the vote window is in UK time: 17:00 UTC in June is 18:00 BST', () => {
    const lines = procedureStatusLines(view);
    expect(lines).toContain('  id johnson-2022 · leader Boris Johnson · rulebook conservative-1922 · as of 6 June 2022');
    const vote = lines.find((l) => l.startsWith('  vote: '))!;
    expect(vote).toMatch(/18:00 \(UK time\).*→.*20:00 \(UK time\)/);
    expect(vote).not.toMatch(/17:00|T17|Z/);
  });

  it('a winter time is the same hour as UTC, still labelled UK time; the public view never prints a count', () => {
    const lines = procedureStatusLines({ ...view, ballot: { opensAt: '2022-12-06T17:00:00.000Z', closesAt: '2022-12-06T19:00:00.000Z' } });
    expect(lines.find((l) => l.startsWith('  vote: '))).toMatch(/17:00 \(UK time\)/);
    expect(lines.join('\n')).toMatch(/the count is secret/);
  });
});
