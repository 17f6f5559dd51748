import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { firstNameVariants, rosterIndexOn } from './roster-index';
import { placeKey } from './text';

const roster = loadCommons2019();

describe('rosterIndexOn', () => {
  it('holds the members sitting on the day, with their party the day before and on the day', () => {
    const idx = rosterIndexOn(roster, '2022-01-19');
    expect([...idx.byId.get('christian-wakeford')!.parties].sort()).toEqual(['Con', 'Lab']);
    expect(idx.byId.has('anna-firth')).toBe(false); // elected in February 2022
    expect(rosterIndexOn(roster, '2022-07-06').byId.get('anna-firth')!.parties.has('Con')).toBe(true);
  });

  it('finds members by surname and constituency', () => {
    const idx = rosterIndexOn(roster, '2022-02-01');
    expect(idx.byConstituency.get(placeKey('Waveney'))!.map((m) => m.member.memberId)).toEqual(['peter-aldous']);
    expect(idx.bySurname.get('johnson')!.length).toBeGreaterThan(1);
  });

  it('is cached per roster and date', () => {
    expect(rosterIndexOn(roster, '2022-02-01')).toBe(rosterIndexOn(roster, '2022-02-01'));
  });

  it('knows common short forms of first names', () => {
    expect(firstNameVariants('Christopher').has('chris')).toBe(true);
    expect(firstNameVariants('Matt').has('matthew')).toBe(true);
  });
});
