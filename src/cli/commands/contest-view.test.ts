import { describe, expect, it } from 'vitest';
import { publicView, type ContestState } from '../../contest/engine';
import { CONTEST_2019, SUMMER_2022 } from '../../contest/history';
import { FOUR_CONTEST, signedWithdraw } from '../../contest/fixtures.test-helpers';
import { historicEvents, replayContest, replayNominations } from '../../contest/replay';
import { replayContestEvents } from '../../contest/engine';
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
    ['a tie decided by a withdrawal before its rerun', replayContestEvents([...historicEvents(FOUR_CONTEST, { members: false }), signedWithdraw(historicEvents(FOUR_CONTEST, { members: false }), 'dee', '2024-09-04T18:00:00Z')])],
  ])('%s', (_label, state) => {
    const overTheWire = JSON.parse(JSON.stringify(publicView(state))) as ReturnType<typeof publicView>;
    const fromView = printed(displayStateOf(overTheWire));
    expect(fromView).toEqual(printed(state));
    expect(fromView.join('\n')).toMatch(/nominations \(\d+ needed\): /);
  });

  it('says how a withdrawal before a rerun decided the tie, or that the rerun is still needed', () => {
    const events = historicEvents(FOUR_CONTEST, { members: false });
    const decided = printed(replayContestEvents([...events, signedWithdraw(events, 'dee', '2024-09-04T18:00:00Z')])).join('\n');
    expect(decided).toMatch(/^tied: round-1 — ada 18, bea 15, cy 8, dee 8; cy, dee tie for the last place on 8: the round is run again$/m);
    expect(decided).toMatch(/^round 1 decided: dee withdrew before the rerun; on the tied count \(round-1\) without dee, cy has the fewest votes \(8\) and is out$/m);
    expect(decided).not.toMatch(/awaits its rerun/);
    const still = printed(replayContestEvents([...events, signedWithdraw(events, 'bea', '2024-09-04T18:00:00Z')])).join('\n');
    expect(still).toMatch(/the tied ballot awaits its rerun/);
    expect(still).not.toMatch(/decided:/);
  });

  it('keeps confidential nominators out: only their number reaches the table', () => {
    const open = replayNominations(SUMMER_2022);
    const s = displayStateOf(JSON.parse(JSON.stringify(publicView(open))));
    expect(s.nominations.length).toBe(open.nominations.length);
    expect(new Set(s.nominations.map((n) => n.nominator))).toEqual(new Set(['']));
  });
});
