import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../ballot/records';
import { declareRound, publicView, replayContestEvents } from '../../../contest/engine';
import { TINY_CONTEST } from '../../../contest/fixtures.test-helpers';
import { historicEvents } from '../../../contest/replay';
import { lotSeed } from '../../../contest/rounds';
import { loadCatalogue } from '../../i18n/catalogue/load';
import { I18nProvider } from '../../i18n/I18n';
import { DrawnLots } from './ContestChairPage';
import type { ContestView } from './api';

/** TINY_CONTEST under `lot`, round 1 tied (bea and cy on 10) and declared from a board whose close record is `close`. */
function view(tied: boolean): { c: ContestView; close: string } {
  const events = historicEvents(TINY_CONTEST, { upTo: 1, members: false }).filter((e) => e.type !== 'declare-round');
  const open = events[0]!;
  if (open.type === 'open') open.input.rulebook = { ...open.input.rulebook, rounds: { ...open.input.rulebook.rounds, tie: 'lot' } };
  const close = sha256Hex('close record of round-1');
  const s = declareRound(replayContestEvents(events), { counts: { ada: 15, bea: 10, cy: tied ? 10 : 9 }, spoilt: 0, electorate: 40, at: '2024-09-04T16:00:00Z', boardClose: close });
  return { c: { ...publicView(s), names: { ada: 'Ada', bea: 'Bea', cy: 'Cy' }, ballots: [] }, close };
}
const html = (locale: 'en' | 'cy' | 'fr', c: ContestView) => renderToStaticMarkup(createElement(I18nProvider, { locale, children: createElement(DrawnLots, { c }) }));

describe('the chair page’s “ties broken by lot” card', () => {
  beforeAll(() => Promise.all([loadCatalogue('cy'), loadCatalogue('fr')]));

  it('shows the board the lot came from, its close record hash, the seed and each tied candidate’s ticket', () => {
    const { c, close } = view(true);
    const out = html('en', c);
    expect(out).toContain('Ties broken by lot');
    expect(out).toContain('Lot on Round 1');
    expect(out).toContain(close);
    expect(out).toContain(lotSeed(c.id, 'round-1', close));
    const tickets = c.rounds[0]!.result!.lot!.tickets;
    expect(Object.keys(tickets).sort()).toEqual(['bea', 'cy']);
    for (const [id, ticket] of Object.entries(tickets)) expect(out).toContain(`${c.names[id]}: <code>${ticket}</code>`);
    expect(out).not.toMatch(/Ada:/);
  });

  it.each(['cy', 'fr'] as const)('reads in %s with the same hashes', (locale) => {
    const { c, close } = view(true);
    const out = html(locale, c);
    expect(out).not.toContain('Ties broken by lot');
    expect(out).toContain(close);
  });

  it('shows nothing when no lot was drawn', () => {
    expect(html('en', view(false).c)).toBe('');
  });
});
