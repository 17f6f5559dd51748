import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../../crypto';
import { type ContestEvent } from '../../../contest/engine';
import { FOUR_CONTEST, signedWithdraw, testRegistration } from '../../../contest/fixtures.test-helpers';
import { historicEvents } from '../../../contest/replay';
import { simulateHistoricContest, type ContestSummary } from '../../../contest/simulate';
import { verifyContest, type ContestVerifyReport } from '../../../contest/verify-contest';
import { loadCatalogue } from '../../i18n/catalogue/load';
import { I18nProvider } from '../../i18n/I18n';
import { ContestVerdict } from './ContestVerifierPage';

/** FOUR_CONTEST with dee's signed withdrawal before its rerun, verified with her roster's key registry. */
async function report(rosterInOpening: boolean): Promise<ContestVerifyReport> {
  const events = historicEvents(FOUR_CONTEST, { members: false, ...(rosterInOpening ? { rosterId: 'test-roster' } : {}) });
  const members: ContestEvent = { type: 'declare-members', input: { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } };
  const sim = simulateHistoricContest(FOUR_CONTEST, { events: [...events, signedWithdraw(events, 'dee', '2024-09-04T18:00:00Z'), members] });
  const files = new Map(sim.boards.map((b) => [b.file, b.board.toJSONLines()]));
  const memberKeys = { rosterId: 'test-roster', registrations: [testRegistration('test-roster', 'dee', 1, '2024-07-01T09:05:00Z')] };
  return verifyContest(JSON.stringify({ ...sim.summary, memberKeys } satisfies ContestSummary), (f) => files.get(f) ?? null);
}
const html = (locale: 'en' | 'cy' | 'fr', r: ContestVerifyReport) => renderToStaticMarkup(createElement(I18nProvider, { locale, children: createElement(ContestVerdict, { report: r, names: {}, ballotName: (b: string) => b }) }));

describe('the browser verifier’s key registry warning (as the CLI’s `key registry` line)', () => {
  beforeAll(() => Promise.all([initCrypto(), loadCatalogue('cy'), loadCatalogue('fr')]));

  it('warns, naming the roster, when the contest’s opening names none; says nothing when it names it', async () => {
    const unnamed = await report(false);
    expect(unnamed).toMatchObject({ failure: null, registryRoster: { rosterId: 'test-roster', source: 'unnamed' } });
    const en = html('en', unnamed);
    expect(en).toMatch(/<p class="notice notice-warning" data-testid="verify-registry-unnamed">Key registry: roster test-roster\. This contest was opened before its opening named its roster/);
    expect(html('fr', unnamed)).toMatch(/data-testid="verify-registry-unnamed">Registre des clés : liste test-roster\./);
    expect(html('cy', unnamed)).toMatch(/data-testid="verify-registry-unnamed">Cofrestr allweddi: rhestr test-roster\./);
    const named = await report(true);
    expect(named).toMatchObject({ failure: null, registryRoster: { rosterId: 'test-roster', source: 'named' } });
    expect(html('en', named)).not.toContain('verify-registry-unnamed');
  });
});
