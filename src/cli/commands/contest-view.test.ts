import { describe, expect, it } from 'vitest';
import { publicView, type ContestState } from '../../contest/engine';
import { CONTEST_2019, SUMMER_2022 } from '../../contest/history';
import { replayContest, replayNominations } from '../../contest/replay';
import { displayStateOf, printContestTable } from './contest';

const printed = (s: ContestState) => {
  const lines: string[] = [];
  printContestTable(s, { 'elizabeth-truss': 'Liz Truss' }, (l) => lines.push(l));
  return lines;
};

/** The CLI through a running server prints the contest from the public view (as JSON): the same table as from the state. */
describe('the contest table from a server’s public view', () => {
  it.each([
    ['summer 2022, decided by the members (nominators public)', replayContest(SUMMER_2022)],
    ['summer 2022 during nominations (nominators not yet public)', replayNominations(SUMMER_2022)],
    ['2019, with a withdrawal between rounds', replayContest(CONTEST_2019)],
  ])('%s', (_label, state) => {
    const overTheWire = JSON.parse(JSON.stringify(publicView(state))) as ReturnType<typeof publicView>;
    const fromView = printed(displayStateOf(overTheWire));
    expect(fromView).toEqual(printed(state));
    expect(fromView.join('\n')).toMatch(/nominations \(\d+ needed\): /);
  });

  it('keeps confidential nominators out: only their number reaches the table', () => {
    const open = replayNominations(SUMMER_2022);
    const s = displayStateOf(JSON.parse(JSON.stringify(publicView(open))));
    expect(s.nominations.length).toBe(open.nominations.length);
    expect(new Set(s.nominations.map((n) => n.nominator))).toEqual(new Set(['']));
  });
});
