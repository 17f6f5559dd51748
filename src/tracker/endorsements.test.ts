import { describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../data/commons-2019';
import { endorsementListing, extractEndorsements } from './endorsements';

const roster = loadCommons2019();
const CANDIDATES = [
  { id: 'sunak', name: 'Rishi Sunak' },
  { id: 'truss', name: 'Liz Truss' },
  { id: 'mordaunt', name: 'Penny Mordaunt' },
];
const found = (text: string) =>
  extractEndorsements(text, roster, { party: 'Con', candidates: CANDIDATES, published: '2022-07-12' })
    .map((e) => `${e.candidateId} ${e.memberId} ${e.stance}`)
    .sort();

describe('extractEndorsements', () => {
  it('reads "X is backing C", endorsements, lists of backers and withdrawals, per candidate', () => {
    const text = [
      'The race to succeed Boris Johnson is under way.',
      'Dominic Raab is backing Rishi Sunak, and Oliver Dowden has endorsed the former chancellor too.',
      'Jacob Rees-Mogg and Nadine Dorries are supporting Liz Truss.',
      "Mordaunt's supporters include Andrew Mitchell, Maria Miller and David Davis.",
      'Steve Baker withdrew his support for Penny Mordaunt.',
    ].join('\n\n');
    expect(found(text)).toEqual(
      [
        'sunak dominic-raab endorses',
        'truss jacob-rees-mogg endorses',
        'truss nadine-dorries endorses',
        'mordaunt andrew-mitchell endorses',
        'mordaunt maria-miller endorses',
        'mordaunt david-davis endorses',
        'mordaunt steve-baker withdrew_endorsement',
      ].sort(),
    );
  });

  it('is not fooled by hedges, negations, questions, other parties or a candidate naming himself', () => {
    const text = [
      'Tom Tugendhat is expected to back Liz Truss.',
      'Grant Shapps is not backing Rishi Sunak.',
      'Is Kemi Badenoch backing Penny Mordaunt?',
      'Angela Rayner is backing Keir Starmer, as ever; Labour MP Wes Streeting backs Rishi Sunak for a laugh.',
      'Rishi Sunak is backing Rishi Sunak.',
    ].join('\n\n');
    expect(found(text)).toEqual([]);
  });

  it('lists who backs whom, dropping a later withdrawal, with every source', () => {
    const a = extractEndorsements('Steve Baker is backing Penny Mordaunt. Dominic Raab is backing Rishi Sunak.', roster, { party: 'Con', candidates: CANDIDATES, published: '2022-07-10' });
    const b = extractEndorsements('Steve Baker withdrew his support for Penny Mordaunt. Raab, a close ally, backed Rishi Sunak again.', roster, { party: 'Con', candidates: CANDIDATES, published: '2022-07-12' });
    const listing = endorsementListing(CANDIDATES, [
      { article: 'a.txt', endorsements: a },
      { article: 'b.txt', endorsements: b },
    ]);
    expect(listing.find((c) => c.candidateId === 'mordaunt')!.backers).toEqual([]);
    const sunak = listing.find((c) => c.candidateId === 'sunak')!.backers;
    expect(sunak.map((x) => x.memberId)).toEqual(['dominic-raab']);
    expect(sunak[0]!.sources[0]).toEqual({ article: 'a.txt', evidence: ['Dominic Raab is backing Rishi Sunak.'] });
  });
});

describe('who backs whom now: the latest dated row decides', () => {
  const row = (stance: 'endorses' | 'withdrew_endorsement', date: string | null) => ({
    article: `${stance}-${date}`,
    endorsements: [{ candidateId: 'sunak', memberId: 'dominic-raab', person: 'Dominic Raab', stance, date, evidence: [`${stance} on ${date}`] }],
  });
  const sunak = (...rows: ReturnType<typeof row>[]) => endorsementListing(CANDIDATES, rows).find((c) => c.candidateId === 'sunak')!.backers;
  it('lists a backer again from a backing after the last withdrawal, with that backing as source and date', () => {
    const listed = sunak(row('endorses', '2022-07-10'), row('withdrew_endorsement', '2022-07-12'), row('endorses', '2022-07-15'));
    expect(listed.map((b) => [b.memberId, b.date, b.sources.map((s) => s.article)])).toEqual([['dominic-raab', '2022-07-15', ['endorses-2022-07-15']]]);
    // The order the articles arrive in does not matter.
    expect(sunak(row('endorses', '2022-07-15'), row('withdrew_endorsement', '2022-07-12'), row('endorses', '2022-07-10')).map((b) => b.date)).toEqual(['2022-07-15']);
  });
  it('removes a backer by a withdrawal on or after every backing, by an undated withdrawal, and an undated backing by a dated one', () => {
    expect(sunak(row('endorses', '2022-07-10'), row('withdrew_endorsement', '2022-07-10'))).toEqual([]);
    expect(sunak(row('endorses', '2022-07-15'), row('withdrew_endorsement', null))).toEqual([]);
    expect(sunak(row('endorses', null), row('withdrew_endorsement', '2022-07-12'))).toEqual([]);
    expect(sunak(row('endorses', null)).map((b) => [b.memberId, b.date])).toEqual([['dominic-raab', null]]);
  });
});
