import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { findConstituencyMentions, findDescriptionMentions, findNameMentions, leaderRef, tokenize } from './mentions';
import { rosterIndexOn } from './roster-index';

const index = rosterIndexOn(loadCommons2019(), '2022-07-06');
const names = (text: string) => findNameMentions(text, index).filter((m) => m.kind !== 'surname').map((m) => ({ text: m.text, kind: m.kind, ids: m.members?.map((x) => x.member.memberId) }));

describe('findNameMentions', () => {
  it('finds a full name inside a run of titles and roles', () => {
    expect(names('Culture Secretary Nadine Dorries said so.')).toEqual([{ text: 'Nadine Dorries', kind: 'name', ids: ['nadine-dorries'] }]);
  });

  it('accepts common short forms and one-letter misspellings of a unique member', () => {
    expect(names('Chris Pincher resigned.')[0]!.ids).toEqual(['christopher-pincher']);
    expect(names('Tory MP Andrew Bridgan spoke.')[0]!.ids).toEqual(['andrew-bridgen']);
  });

  it('reads two-word first names either way they are written', () => {
    expect(names('Anne Marie Trevelyan spoke')[0]!.ids).toEqual(['anne-marie-trevelyan']);
    expect(names('Anne Marie Morris spoke')[0]!.ids).toEqual(['anne-marie-morris']);
  });

  it('keeps people outside the roster as names without members', () => {
    expect(names('Sue Gray and Dominic Cummings')).toEqual([
      { text: 'Sue Gray', kind: 'name', ids: [] },
      { text: 'Dominic Cummings', kind: 'name', ids: [] },
    ]);
  });

  it('reads a title and a surname', () => {
    expect(names('Mr Javid and Sir Graham Brady')).toEqual([
      { text: 'Mr Javid', kind: 'title', ids: undefined },
      { text: 'Sir Graham Brady', kind: 'name', ids: ['graham-brady'] },
    ]);
  });

  it('tokenizes possessives off the name', () => {
    expect(tokenize("Johnson's aide").map((t) => [t.word, t.possessive])).toEqual([
      ['Johnson', true],
      ['aide', false],
    ]);
  });
});

describe('findConstituencyMentions', () => {
  const seats = (text: string) => findConstituencyMentions(text, index).map((m) => [m.text, m.members!.map((x) => x.member.memberId)]);

  it('reads "<seat> MP", "<seat>\'s MP", "the MP for <seat>" in any case', () => {
    expect(seats('the Waveney MP said')).toEqual([['the Waveney MP', ['peter-aldous']]]);
    expect(seats("SOUTHEND West's MP has")).toEqual([["SOUTHEND West's MP", ['anna-firth']]]);
    expect(seats('The MP for Waveney in Suffolk')).toEqual([['The MP for Waveney', ['peter-aldous']]]);
    expect(seats('Newcastle-under-Lyme MP Mr Bell')).toEqual([['Newcastle-under-Lyme MP', ['aaron-bell']]]);
  });

  it('never reads a former holder of the seat as its member', () => {
    expect(seats('Andrew George, the former Liberal Democrat MP for St Ives, said he must go.')).toEqual([]);
    expect(seats('the former Waveney MP said')).toEqual([]);
    expect(seats('an ex-Tory MP for Waveney')).toEqual([]);
    expect(seats('The MP for St Ives, a former minister, said')).toEqual([['The MP for St Ives', ['derek-thomas']]]);
  });
});

describe('findDescriptionMentions', () => {
  it('finds indefinite ledes with a place hint, only for real places', () => {
    const found = findDescriptionMentions('A Bury MP has joined. A Labour MP said.', index).filter((m) => m.kind === 'indefinite');
    expect(found.map((m) => [m.text, m.placeHint])).toEqual([['A Bury MP', 'bury']]);
  });

  it('tells first-person from third-person pronouns and ignores the I of U.K.', () => {
    const kinds = findDescriptionMentions('I said he had. The U.K. party', index).map((m) => [m.text, m.kind]);
    expect(kinds).toEqual([
      ['I', 'first_person'],
      ['he', 'pronoun'],
    ]);
  });
});

describe('leaderRef', () => {
  it('resolves the leader through short forms', () => {
    expect(leaderRef('Liz Truss', index).memberId).toBe('elizabeth-truss');
    expect(leaderRef('Boris Johnson', index).memberId).toBe('boris-johnson');
  });
});
