import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../i18n/catalogue/load';
import { I18nProvider } from '../../i18n/I18n';
import { BallotResultText } from './BallotResult';

const text = (locale: 'en' | 'cy' | 'fr', result: Parameters<typeof BallotResultText>[0]['result']) =>
  renderToStaticMarkup(createElement(I18nProvider, { locale, children: createElement(BallotResultText, { result }) })).replace(/<[^>]+>/g, '');

const removalSurvived = {
  yes: 3,
  no: 1,
  electorate: 6,
  decision: { result: 'survived' as const, required: 4, basis: 'all-members', quorumMet: true, explanation: '3 Yes, 1 No; 4 Yes of all 6 electors needed to carry the question (removal of the leader)' },
};

describe('the result of a vote, said once', () => {
  beforeAll(() => Promise.all([loadCatalogue('cy'), loadCatalogue('fr')]));

  it('names the winner with the numbers once, then the rule, and never repeats the server’s English explanation', () => {
    const en = text('en', removalSurvived);
    expect(en).toBe('The leader won the vote: Yes 3, No 1. 4 Yes of all 6 electors needed to carry the question.');
    expect(en).not.toContain('3 Yes, 1 No');
  });

  it('counts the votes cast when that is the basis, and says when the quorum was missed', () => {
    const lost = { yes: 2, no: 3, electorate: 9, decision: { result: 'lost' as const, required: 3, basis: 'votes-cast', quorumMet: false, explanation: 'x' } };
    expect(text('en', lost)).toBe('The leader lost the vote: Yes 2, No 3. 3 Yes of 5 votes cast needed to carry the question; quorum not met.');
  });

  it.each(['cy', 'fr'] as const)('reads in %s with the same numbers and no English', (locale) => {
    const said = text(locale, removalSurvived);
    expect(said).not.toMatch(/The leader|needed to carry|electors/);
    expect(said.match(/3/g)).toHaveLength(1);
    expect(said).toContain('6');
  });
});
