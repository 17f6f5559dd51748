/**
 * The editor's desk cleared with the keyboard alone: thirty labelled articles go into the review queue, then every
 * proposed and every possible item is decided with one key each (A accept, S change stance, R reject), the focus
 * moving on by itself, until nothing waits. The editor's judgement is played by the articles' labels, so what ends
 * up published is checked against what the articles say, not against what the extractor guessed. Then a second
 * outlet's copy of one article: its reports of declarations already public wait, held, until the editor publishes one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadLabels } from '../../eval/tracker/dataset';
import { STANCE_LABELS, STANCE_ORDER, type TrackerDeclaration } from '../../src/web/tracker/api';
import { expectNoSeriousA11yViolations, loginThroughApi, newContext } from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';

const EVAL = join(import.meta.dirname, '..', '..', 'eval', 'tracker');
const TRACKER = '/api/trackers/johnson-2022';
// Thirty articles of the first held-out batches: short news pieces with their labels.
const ARTICLES = loadLabels()
  .filter((a) => a.split === 'heldout')
  .sort((a, b) => a.file.localeCompare(b.file))
  .slice(0, 30);

let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
}, 180_000);

afterAll(async () => stop?.());

async function queue(context: BrowserContext, status: 'proposed' | 'possible' | 'accepted' | 'held'): Promise<TrackerDeclaration[]> {
  const res = await context.request.get(`${TRACKER}/review?status=${status}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { declarations: TrackerDeclaration[] }).declarations;
}

/** The id of the review item that has keyboard focus (proposed or possible), or null when focus is elsewhere. */
function focusedItem(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.dataset.proposal ?? el?.dataset.possible ?? null;
  });
}

describe('tracker review desk, keyboard only', () => {
  it('thirty articles: every proposed and possible item decided with one key each, focus moving on by itself', async () => {
    expect(ARTICLES).toHaveLength(30);
    const context = await newContext(browser, server);
    try {
      await loginThroughApi(context, server, 'editor@demo.confidence');
      const { csrfToken } = (await (await context.request.get('/api/session')).json()) as { csrfToken: string };
      for (const a of ARTICLES) {
        const res = await context.request.post(`${TRACKER}/articles`, {
          data: { fileName: a.file, text: readFileSync(join(EVAL, a.file), 'utf8'), published: a.published, outlet: a.outlet },
          headers: { 'X-CSRF-Token': csrfToken },
        });
        expect(res.status(), await res.text()).toBe(200);
      }
      const items = [...(await queue(context, 'proposed')), ...(await queue(context, 'possible'))];
      const byId = new Map(items.map((d) => [d.id, d]));
      const fromArticles = items.filter((d) => ARTICLES.some((a) => a.file === d.sources[0]?.fileName));
      expect(fromArticles.length).toBeGreaterThan(60);

      // The editor's judgement: the article's labels. A labelled member with another stance is corrected with S.
      const truth = (d: TrackerDeclaration) => ARTICLES.find((a) => a.file === d.sources[0]?.fileName)?.declarations.filter((l) => l.member_id === d.memberId) ?? [];
      const published = new Set<string>();
      const expected = new Set<string>();
      let corrected = 0;
      let stanceKeyChecked = false;
      let keys = 0;

      const page = await context.newPage();
      await page.goto('/tracker/johnson-2022/review');
      await page.getByRole('heading', { name: 'Review declarations' }).waitFor();
      await page.locator('[data-proposal]').first().focus();
      const started = Date.now();
      for (let step = 0; step <= items.length; step++) {
        await expect.poll(() => focusedItem(page), { timeout: 10_000, message: `focus on a review item after ${step} decisions (${keys} keys)` }).not.toBeNull();
        const id = (await focusedItem(page))!;
        const d = byId.get(id);
        expect(d, `focused item ${id} is one of the queue's`).toBeDefined();
        const labels = truth(d!).filter((l) => !published.has(`${d!.memberId} ${l.stance}`));
        const target = labels.find((l) => l.stance === d!.stance) ?? labels[0];
        let shown = d!.stance;
        if (d!.status === 'possible' && !stanceKeyChecked) {
          // S shows the next stance as the best guess, before anything is sent.
          await page.keyboard.press('s');
          keys++;
          shown = STANCE_ORDER[(STANCE_ORDER.indexOf(shown) + 1) % STANCE_ORDER.length]!;
          await expect.poll(() => page.locator(`[data-possible="${id}"]`).innerText()).toContain(`Best guess: ${STANCE_LABELS[shown]!.one}`);
          stanceKeyChecked = true;
        }
        if (target) {
          for (let s = STANCE_ORDER.indexOf(shown); STANCE_ORDER[s] !== target.stance; s = (s + 1) % STANCE_ORDER.length) {
            await page.keyboard.press('s');
            keys++;
          }
          if (target.stance !== d!.stance) corrected++;
          await page.keyboard.press('a');
          keys++;
          published.add(`${d!.memberId} ${target.stance}`);
          expected.add(`${d!.memberId} ${target.stance}`);
        } else if (d!.status === 'proposed') {
          // Rejecting a proposal asks first; the safe choice has focus, the confirmation is one Tab away.
          await page.keyboard.press('r');
          await page.getByRole('dialog', { name: 'Reject this declaration?' }).waitFor();
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          keys += 3;
        } else {
          await page.keyboard.press('r');
          keys++;
        }
        await expect.poll(() => page.locator(`[data-proposal="${id}"], [data-possible="${id}"]`).count(), { timeout: 10_000 }).toBe(0);
        const left = await page.locator('[data-proposal], [data-possible]').count();
        if (left === 0) break;
      }
      const seconds = (Date.now() - started) / 1000;
      console.log(`keyboard desk: ${items.length} items from ${ARTICLES.length} articles (and the demo's seeds) cleared with ${keys} keys in ${seconds.toFixed(1)} s; ${published.size} published, ${corrected} with the stance corrected`);

      await page.getByText('Nothing is waiting for review.').waitFor();
      await page.getByText('Nothing possible is waiting.').waitFor();
      expect(await queue(context, 'proposed')).toEqual([]);
      expect(await queue(context, 'possible')).toEqual([]);
      const accepted = await queue(context, 'accepted');
      const acceptedKeys = new Set(accepted.filter((d) => ARTICLES.some((a) => a.file === d.sources[0]?.fileName)).map((d) => `${d.memberId} ${d.stance}`));
      for (const k of expected) expect(acceptedKeys, `published: ${k}`).toContain(k);
      expect(stanceKeyChecked).toBe(true);

      // The same article again, from another outlet: its reports of published declarations wait for the editor.
      const again = ARTICLES.find((a) => accepted.some((d) => d.sources[0]?.fileName === a.file))!;
      const res = await context.request.post(`${TRACKER}/articles`, {
        data: { fileName: `again-${again.file}`, text: `${readFileSync(join(EVAL, again.file), 'utf8')}\n\n(Syndicated from a partner title.)\n`, published: again.published, outlet: 'Second Outlet' },
        headers: { 'X-CSRF-Token': csrfToken },
      });
      expect(res.status(), await res.text()).toBe(200);
      const held = await queue(context, 'held');
      expect(held.length).toBeGreaterThan(0);
      await page.reload();
      await page.getByRole('heading', { name: 'New reports of published declarations' }).waitFor();
      expect((await (await context.request.get(TRACKER)).text())).not.toContain('Second Outlet');
      await expectNoSeriousA11yViolations(page, 'tracker review, held reports');
      const first = page.locator(`li[aria-labelledby="held-${held[0]!.id}"]`);
      expect(await first.innerText()).toContain('Second Outlet');
      await first.getByRole('button', { name: 'Publish the new report' }).click();
      await page.getByText(`${held[0]!.person}: new report published.`).waitFor();
      expect(await (await context.request.get(TRACKER)).text()).toContain('Second Outlet');
    } finally {
      await context.close();
    }
  }, 600_000);
});
