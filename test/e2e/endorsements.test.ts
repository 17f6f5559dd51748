/**
 * Stored endorsements in Chromium: an editor records who backs whom in a contest from an article; the contest's
 * public page and a member's tracker page show the backers with the sentence and outlet; axe-clean; fits 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { openContest } from '../../src/services/contests';
import { DEMO_EDITOR } from '../../src/services/demo';
import { ensureWebBuilt } from './support/build-web';
import { expectNoSeriousA11yViolations, launchBrowser, loginThroughApi, mainText, newContext } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const ID = 'e2e-endorse';
let server: TestServer;
let browser: Browser;
const offset = Date.parse('2022-07-11T12:00:00Z') - Date.now();

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'demo' }), launchBrowser()]);
  const ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  ctx.clock = () => new Date(Date.now() + offset);
  await openContest(ctx, SYSTEM_ACTOR, { id: ID, rulebookId: 'conservative-2019', reason: 'resignation', rosterId: 'uk-commons-2019', nominationsClose: new Date(Date.now() + offset + 3600_000).toISOString().slice(0, 19) + 'Z' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectFits390(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('endorsements on the public pages', () => {
  it('an editor stores them; the contest page and the member page show who backs whom with sources', async () => {
    const context = await newContext(browser, server);
    await loginThroughApi(context, server, DEMO_EDITOR.email);
    const session = (await (await context.request.get('/api/session')).json()) as { csrfToken: string };
    const res = await context.request.post(`/api/trackers/johnson-2022/contests/${ID}/endorsements`, {
      data: {
        candidates: [
          { id: 'rishi-sunak', name: 'Rishi Sunak' },
          { id: 'elizabeth-truss', name: 'Liz Truss' },
        ],
        articles: [{ fileName: 'race.txt', outlet: 'The Wire', published: '2022-07-12', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries has endorsed Liz Truss.' }],
      },
      headers: { 'X-CSRF-Token': session.csrfToken },
    });
    expect(res.status(), await res.text()).toBe(200);

    const page = await context.newPage();
    await page.goto(`/contests/${ID}`);
    await page.getByTestId('endorsements').waitFor();
    const contestText = await page.getByTestId('endorsements').innerText();
    expect(contestText).toContain('Who backs whom');
    expect(contestText).toContain('Dominic Raab');
    expect(contestText).toContain('Dominic Raab is backing Rishi Sunak.');
    expect(contestText).toContain('The Wire');
    await expectNoSeriousA11yViolations(page, 'contest page with endorsements');
    await expectFits390(page);

    await page.goto('/tracker/johnson-2022/members/nadine-dorries');
    await page.getByTestId('member-endorsements').waitFor();
    expect(await mainText(page)).toContain('Backs Elizabeth Truss');
    await expectNoSeriousA11yViolations(page, 'member page with endorsements');
    await expectFits390(page);

    await context.close();
  });
});
