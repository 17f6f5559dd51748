/**
 * Stored endorsements in Chromium: an editor records who backs whom in a contest from an article; nothing is public
 * until the editor decides on the review desk (the pending endorsements grouped by contest, candidate and member, with
 * the sentence and outlet; A accepts, R rejects after a confirmation, as for declarations); then the contest's public
 * page and a member's tracker page show the accepted backer with the sentence and outlet, and never the rejected one;
 * axe-clean; fits 390 px.
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

describe('endorsements through the review desk to the public pages', () => {
  it('an editor stores them, decides them on the desk; the contest page and the member page show only what was accepted', async () => {
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

    // Recorded, not yet public: an anonymous visitor's contest page has no "Who backs whom".
    const visitor = await newContext(browser, server);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/contests/${ID}`);
    await publicPage.locator('main h1').waitFor();
    await publicPage.waitForLoadState('networkidle');
    expect(await publicPage.getByTestId('endorsements').count()).toBe(0);

    // The desk: both wait, grouped by contest, candidate and member, with the sentence and the outlet.
    const desk = await context.newPage();
    await desk.goto('/tracker/johnson-2022/review');
    const queue = desk.getByTestId('endorsement-queue');
    await queue.locator('[data-endorsement-group]').first().waitFor();
    const queueText = await queue.innerText();
    for (const words of ['Waiting for review', `Contest ${ID}`, 'Backing Elizabeth Truss', 'Backing Rishi Sunak', 'Nadine Dorries has endorsed Liz Truss.', 'Dominic Raab is backing Rishi Sunak.', 'The Wire']) expect(queueText.toLowerCase()).toContain(words.toLowerCase());
    await expectNoSeriousA11yViolations(desk, 'review desk with endorsements');
    // Keys as for declarations: A accepts Dorries' backing; R asks before rejecting Raab's (Tab then Enter confirms).
    await desk.locator('[data-endorsement-group="nadine-dorries"]').focus();
    await desk.keyboard.press('a');
    await desk.getByText('Nadine Dorries backing Elizabeth Truss: published.').waitFor();
    // Focus resumes at the decided member's place: Raab's backing, now first, without reaching for the mouse.
    await desk.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.endorsementGroup === 'dominic-raab');
    await desk.keyboard.press('r');
    await desk.getByRole('dialog').waitFor();
    await desk.keyboard.press('Tab');
    await desk.keyboard.press('Enter');
    await desk.getByText('Dominic Raab backing Rishi Sunak: rejected.').waitFor();
    await queue.getByText('No endorsement is waiting for review.').waitFor();

    await publicPage.goto(`/contests/${ID}`);
    await publicPage.getByTestId('endorsements').waitFor();
    const contestText = await publicPage.getByTestId('endorsements').innerText();
    expect(contestText).toContain('Who backs whom');
    expect(contestText).toContain('Nadine Dorries');
    expect(contestText).toContain('Nadine Dorries has endorsed Liz Truss.');
    expect(contestText).toContain('The Wire');
    expect(contestText).not.toContain('Dominic Raab');
    await expectNoSeriousA11yViolations(publicPage, 'contest page with endorsements');
    await expectFits390(publicPage);

    await publicPage.goto('/tracker/johnson-2022/members/nadine-dorries');
    await publicPage.getByTestId('member-endorsements').waitFor();
    expect(await mainText(publicPage)).toContain('Backs Elizabeth Truss');
    await expectNoSeriousA11yViolations(publicPage, 'member page with endorsements');
    await expectFits390(publicPage);

    await visitor.close();
    await context.close();
  });
});
