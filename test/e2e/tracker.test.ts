/**
 * The public tracker in Chromium: the seeds go into the review queue, an editor publishes them in
 * the browser, and the public page, an MP's page and the exports show them with their sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectNoSeriousA11yViolations, loginThroughApi, mainText, newContext, screenshot, sidewaysScroll } from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';

const SEEDS = join(import.meta.dirname, '..', '..', 'eval', 'tracker', 'seeds');
const SEED_FILES: Array<[string, string, string]> = [
  ['000_782e18795b2a75b7.txt', '2022-01-19', 'Bury Times'],
  ['001_ea6c2ed50b83dc89.txt', '2022-02-01', 'BBC News'],
  ['002_2b1d2049429eeefe.txt', '2022-01-19', 'Bloomberg'],
  ['003_cc45b0a5e4f949bb.txt', '2022-07-06', 'Southend Echo'],
];

let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
}, 180_000);

afterAll(async () => stop?.());

describe('public tracker', () => {
  it('seeds go into the review queue, an editor publishes them, and the public sees them with sources', async () => {
    const editorContext = await newContext(browser, server);
    try {
      await loginThroughApi(editorContext, server, 'editor@demo.confidence');
      const session = (await (await editorContext.request.get('/api/session')).json()) as { csrfToken: string };
      for (const [file, published, outlet] of SEED_FILES) {
        const res = await editorContext.request.post('/api/trackers/johnson-2022/articles', {
          data: { fileName: file, text: readFileSync(join(SEEDS, file), 'utf8'), published, outlet },
          headers: { 'X-CSRF-Token': session.csrfToken },
        });
        expect(res.status(), await res.text()).toBe(200);
      }

      const page = await editorContext.newPage();
      await page.goto('/tracker/johnson-2022/review');
      await page.getByRole('heading', { name: 'Review declarations' }).waitFor();
      await page.getByRole('heading', { name: /Anna Firth/ }).waitFor();
      expect(await mainText(page)).toContain('withdrawn her support');
      await expectNoSeriousA11yViolations(page, 'tracker review');
      await screenshot(page, 'tracker-review');
      // A full queue (long article file names, menus of stances) still fits a 320 px phone.
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.setViewportSize({ width: 1280, height: 900 });

      // The editor rejects one proposal and publishes the rest, one click each.
      const dorries = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Nadine Dorries/ }) });
      await dorries.getByRole('button', { name: 'Reject' }).click();
      // Rejection is confirmed first; cancelling leaves the proposal in the queue.
      await page.getByRole('dialog', { name: 'Reject this declaration?' }).getByRole('button', { name: 'Cancel' }).click();
      expect(await page.getByRole('heading', { name: /Nadine Dorries/ }).count()).toBe(1);
      await dorries.getByRole('button', { name: 'Reject' }).click();
      await page.getByRole('dialog', { name: 'Reject this declaration?' }).getByRole('button', { name: 'Yes, reject it' }).click();
      await page.getByText('Nadine Dorries: rejected.').waitFor();
      for (let i = 0; i < 8; i++) {
        await page.getByRole('button', { name: 'Accept and publish' }).first().click();
        await page.getByText(/: published\./).waitFor();
        await expect.poll(async () => page.getByRole('button', { name: 'Accept and publish' }).count()).toBe(7 - i);
      }
      await page.getByText('Nothing is waiting for review.').waitFor();

      // A declaration made on air, entered by hand.
      await page.getByText('Enter a declaration by hand').click();
      await page.getByLabel('Member id').fill('andrew-bridgen');
      await page.getByLabel('Date', { exact: true }).last().fill('2022-01-20');
      await page.getByLabel('What they said (verbatim)').fill('I have submitted my letter to Sir Graham Brady.');
      await page.getByLabel('Outlet').last().fill('GB News');
      await page.getByRole('button', { name: 'Publish declaration' }).click();
      await page.getByText('Andrew Bridgen: submitted a letter — published.').waitFor();
      await expectNoSeriousA11yViolations(page, 'tracker review with manual entry');
    } finally {
      await editorContext.close();
    }

    const publicContext = await newContext(browser, server);
    try {
      const page = await publicContext.newPage();
      await page.goto('/tracker');
      await page.getByTestId('declared-letters').waitFor();
      const count = await page.getByTestId('declared-letters').innerText();
      expect(count.replace(/\s+/g, ' ')).toBe('Publicly declared letters: 3 — the threshold is 54; the real count is secret.');
      const text = await mainText(page);
      expect(text).toContain('Say they have submitted a letter');
      expect(text).toContain('Christian Wakeford');
      expect(text).toContain('Southend Echo');
      expect(text).toContain('SOUTHEND West’s MP has withdrawn her support');
      expect(text).not.toContain('Nadine Dorries'); // rejected: never public
      expect(await page.getByRole('img', { name: 'Public declarations over time' }).count()).toBe(1);
      await expectNoSeriousA11yViolations(page, 'public tracker');
      await screenshot(page, 'tracker-public');

      await page.getByRole('link', { name: 'Peter Aldous' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Peter Aldous' }).waitFor();
      const member = await mainText(page);
      expect(member).toContain('Says a letter is in.');
      expect(member).toContain('BBC News');
      // A quote is marked by its rule, never by a list bullet or the timeline's dot.
      const markers = await page.locator('li:has(> blockquote)').evaluateAll((items) =>
        items.map((li) => ({ bullet: getComputedStyle(li).listStyleType, dot: getComputedStyle(li, '::before').content })),
      );
      expect(markers.length).toBeGreaterThan(0);
      for (const m of markers) expect(m).toEqual({ bullet: 'none', dot: 'none' });
      await expectNoSeriousA11yViolations(page, 'tracker member page');

      const csv = await publicContext.request.get('/api/trackers/johnson-2022/export.csv');
      expect(await csv.text()).toContain('peter-aldous,Peter Aldous,submitted_letter,2022-02-01,BBC News');
      const widget = await publicContext.request.get('/api/trackers/johnson-2022/widget.js');
      expect(widget.headers()['content-type']).toContain('javascript');
    } finally {
      await publicContext.close();
    }
  });

  it('a possible item held back by a context check says why beside the model’s guess, on a phone and in French too', async () => {
    const editorContext = await newContext(browser, server);
    try {
      await loginThroughApi(editorContext, server, 'editor@demo.confidence');
      const session = (await (await editorContext.request.get('/api/session')).json()) as { csrfToken: string };
      // Support that is history: the rules and the model would propose "backs the leader"; the check holds it back.
      const text = 'Boris Johnson faces a confidence vote tonight.\n\n"I have been proud to back him, but I will be voting against him this evening," Anthony Mangnall said.';
      const res = await editorContext.request.post('/api/trackers/johnson-2022/articles', {
        data: { fileName: 'mangnall-history.txt', text, published: '2022-06-06', outlet: 'Totnes Times' },
        headers: { 'X-CSRF-Token': session.csrfToken },
      });
      expect(res.status(), await res.text()).toBe(200);
      const queue = (await (await editorContext.request.get('/api/trackers/johnson-2022/review?status=possible')).json()) as { declarations: Array<{ id: string; demotedBecause: string | null }> };
      const heldBack = queue.declarations.filter((d) => d.demotedBecause);
      expect(heldBack.length).toBeGreaterThan(0);
      expect(queue.declarations.length).toBeGreaterThan(heldBack.length); // items that merely scored low, too

      const page = await editorContext.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/tracker/johnson-2022/review');
      await page.getByRole('heading', { name: 'Possible' }).waitFor();
      const item = page.locator('[data-possible]').filter({ hasText: 'I have been proud to back him' }).filter({ hasText: 'backs the leader' });
      await item.getByText('Held back: the support is in the past').waitFor();
      // Only the items a check held back say so; the others show nothing new.
      expect(await page.locator('[data-possible]').filter({ hasText: /Held back/ }).count()).toBe(heldBack.length);
      expect(await page.locator('[data-possible]').count()).toBe(queue.declarations.length);
      expect(await sidewaysScroll(page, 390)).toBeNull();
      await expectNoSeriousA11yViolations(page, 'tracker review with a held-back item');
      await item.scrollIntoViewIfNeeded();
      await screenshot(page, 'tracker-review-held-back');
    } finally {
      await editorContext.close();
    }

    const french = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, locale: 'fr-FR', timezoneId: 'Europe/London' });
    try {
      await loginThroughApi(french, server, 'editor@demo.confidence');
      const page = await french.newPage();
      await page.goto('/tracker/johnson-2022/review');
      await page.locator('[data-possible]').filter({ hasText: 'I have been proud to back him' }).getByText('Retenu : le soutien appartient au passé').first().waitFor();
      await expectNoSeriousA11yViolations(page, 'tracker review with a held-back item, in French');
    } finally {
      await french.close();
    }
  });

  it('a member of the public cannot open the review desk', async () => {
    const context = await newContext(browser, server);
    try {
      const page = await context.newPage();
      await page.goto('/tracker/johnson-2022/review');
      await page.getByText('You need to log in to see this page.').waitFor();
    } finally {
      await context.close();
    }
  });
});
