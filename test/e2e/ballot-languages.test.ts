/**
 * The verifiable vote's pages in Welsh and in French on phones: the booth (choose, encrypt, check, cast), the
 * vote's public page (look up a tracker, copy a hash), the key ceremony page of the chair, the public
 * verifier after the result, the tracker's review desk, and the public pages (home, login, procedure,
 * tracker, an unknown member, a page that does not exist). The language is chosen by the browser's
 * language, as a first visit would. Every state is checked at 390 px and again at 320 px: axe-core finds no
 * violation of any impact, nothing scrolls sideways, `<html lang>` is the language, and none of these pages'
 * English sentences is left on screen. Screenshots go to /tmp/confidence-e2e/languages/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { prepareBallot } from '../../src/ballot';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { castBallot, closeElection, computeTally, declareResult } from '../../src/services/elections';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import type { Locale } from '../../src/web/i18n/locales';
import { openedElection, scheduledProcedure, trusteesDecrypt, type Ceremony } from '../support/elections';
import { SCREENSHOT_DIR, launchBrowser, loginThroughApi } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const LANGUAGES: Array<{ locale: Exclude<Locale, 'en'>; browserLocale: string }> = [
  { locale: 'cy', browserLocale: 'cy-GB' },
  { locale: 'fr', browserLocale: 'fr-CA' },
];
const WIDTHS = [390, 320];
const SHOTS = join(SCREENSHOT_DIR, 'languages');

let server: TestServer;
let browser: Browser;
let ctx: AppContext;
const ceremonies = new Map<string, Ceremony>();

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  mkdirSync(SHOTS, { recursive: true });
  for (const { locale } of LANGUAGES) {
    await scheduledProcedure(ctx, `vote-${locale}`, 6);
    ceremonies.set(locale, await openedElection(ctx, `vote-${locale}`, { threshold: 2, trustees: 3 }));
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function msg(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  return String(new IntlMessageFormat(CATALOGUES[locale][key], locale).format(values));
}

/**
 * The English sentences of the pages under test (fixed text of three words or more, which the translation
 * changes): none may appear on a Welsh or French page.
 */
const PREFIXES = ['booth.', 'vote.', 'lookup.', 'verifier.', 'check.', 'ceremony.', 'review.', 'possible.', 'hash.'];
function englishSentences(locale: Locale): string[] {
  return Object.entries(CATALOGUES.en)
    .filter(([key, text]) => PREFIXES.some((p) => key.startsWith(p)) && !/[{<]/.test(text) && text.split(/\s+/).length >= 3)
    .filter(([key, text]) => CATALOGUES[locale][key as MessageKey] !== text)
    .map(([, text]) => text);
}

/** A formatted message as a pattern, with the value given as 'SEQ' standing for any number. */
function pattern(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('SEQ', '\\d+')}$`);
}

async function contextFor(browserLocale: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: WIDTHS[0]!, height: 844 }, locale: browserLocale, timezoneId: 'Europe/London' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  context.setDefaultTimeout(20_000);
  return context;
}

/** At each phone width: axe clean at every impact, no sideways scrolling, the right lang, no English sentence left. */
async function check(page: Page, locale: Locale, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 844 });
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((x) => ({ id: x.id, impact: x.impact, targets: x.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
    });
    expect(violations, `axe on ${locale} ${step} at ${width} px`).toEqual([]);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    // On failure, name the elements that stick out (the innermost ones are the cause).
    const sticking = scrollWidth > width ? await page.evaluate((w) => [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > w + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > w + 0.5)).slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px): ${(el.textContent ?? '').slice(0, 40)}`), width) : [];
    expect(scrollWidth, `page width on ${locale} ${step} at ${width} px: ${sticking.join(' | ')}`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SHOTS, `${locale}-${step}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: WIDTHS[0]!, height: 844 });
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
  const text = await page.locator('main').innerText();
  expect(englishSentences(locale).filter((s) => text.includes(s)), `English left on ${locale} ${step}`).toEqual([]);
}

describe('the language switch', () => {
  it('loads the chosen language, sets lang, and remembers it on the next visit', async () => {
    const page = await (await contextFor('en-GB')).newPage();
    await page.goto('/tracker');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const menu = page.getByRole('button', { name: msg('en', 'shell.menu') });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('link', { name: msg('fr', 'shell.nav.tracker') }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await check(page, 'fr', '00-switched');
  }, 60_000);
});

describe.each(LANGUAGES)('the vote’s pages in $locale on a phone', ({ locale, browserLocale }) => {
  const t = (key: MessageKey, values?: Record<string, string | number>) => msg(locale, key, values);

  it('booth, public page, ceremony and verifier', async () => {
    const c = ceremonies.get(locale)!;
    const voter = await (await contextFor(browserLocale)).newPage();

    // --- the booth: choose, encrypt, check (Benaloh), encrypt again, cast --------------------------
    await voter.goto(`/elections/${c.electionId}/vote`);
    await voter.getByRole('heading', { level: 1, name: t('booth.title') }).waitFor();
    await voter.getByLabel(t('booth.credential')).fill(c.credentials[0]!.secret);
    await voter.getByTestId('choice-yes').check();
    await check(voter, locale, '01-booth');
    await voter.getByRole('button', { name: t('booth.encrypt') }).click();
    await voter.getByRole('heading', { name: t('booth.readyHeading') }).waitFor();
    await check(voter, locale, '02-booth-ready');
    await voter.getByRole('button', { name: t('booth.check') }).click();
    await voter.getByRole('heading', { name: t('booth.checkedHeading') }).waitFor();
    await check(voter, locale, '03-booth-checked');
    await voter.getByRole('button', { name: t('booth.encryptAgain') }).click();
    await voter.getByTestId('choice-yes').check();
    await voter.getByRole('button', { name: t('booth.encrypt') }).click();
    await voter.getByRole('button', { name: t('booth.cast') }).click();
    const tracker = await voter.getByTestId('receipt-tracker').innerText();
    expect(await voter.getByTestId('receipt').innerText()).toContain(t('booth.onBoard'));
    await check(voter, locale, '04-booth-receipt');

    // --- the public page: find the ballot, copy a hash (announced to screen readers) ----------------
    await voter.goto(`/elections/${c.electionId}`);
    await voter.getByLabel(t('lookup.label')).fill(tracker);
    await voter.getByRole('button', { name: t('lookup.submit') }).click();
    await expect.poll(() => voter.getByTestId('tracker-status').innerText()).toMatch(pattern(t('ballotTracker.counted', { seq: 'SEQ' })));
    const hashLabel = t('vote.electionHash');
    await voter.getByRole('button', { name: `${t('hash.copy')} ${hashLabel}` }).click();
    await voter.getByRole('status').filter({ hasText: t('hash.announceCopied', { label: hashLabel }) }).waitFor();
    expect(await voter.evaluate(() => navigator.clipboard.readText())).toBe(c.electionHash);
    await check(voter, locale, '05-vote-page');

    // --- the chair's ceremony page -----------------------------------------------------------------
    const chairContext = await contextFor(browserLocale);
    await loginThroughApi(chairContext, server, 'chair@demo.confidence');
    const chair = await chairContext.newPage();
    await chair.goto(`/elections/${c.electionId}/ceremony`);
    await chair.getByRole('heading', { name: t('ceremony.chairSteps') }).waitFor();
    await check(chair, locale, '06-ceremony');

    // --- the result, then the public verifier in the browser ---------------------------------------
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    for (const [i, v] of [[1, 1], [2, 0], [3, 1]] as const) await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[i]!.secret, v).body);
    await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
    await computeTally(ctx, SYSTEM_ACTOR, c.electionId);
    await trusteesDecrypt(ctx, c, [1, 2]);
    await declareResult(ctx, SYSTEM_ACTOR, c.electionId);
    await voter.goto(`/elections/${c.electionId}/verify`);
    const verdict = voter.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.locator('.notice-title').innerText()).toMatch(pattern(t('verifier.verified', { n: 'SEQ' })));
    // The result is said once: who won with the numbers, then the rule, never the numbers a second time.
    const result = await voter.getByTestId('verify-result').innerText();
    expect(result.startsWith(t('result.survived', { yes: 3, no: 1 }))).toBe(true);
    expect(result.match(/3/g)?.length, result).toBe(1);
    await check(voter, locale, '07-verifier');

    await voter.goto(`/elections/${c.electionId}`);
    await voter.getByTestId('election-result').waitFor();
    expect((await voter.getByTestId('election-result').innerText()).startsWith(t('result.survived', { yes: 3, no: 1 }))).toBe(true);
    await check(voter, locale, '08-vote-decided');
  }, 300_000);

  it('the public pages', async () => {
    const page = await (await contextFor(browserLocale)).newPage();
    for (const [step, url] of [
      ['10-home', '/'],
      ['11-login', '/login'],
      ['12-procedure', `/procedures/${server.procedureId}`],
      ['13-tracker', '/tracker'],
      ['14-unknown-member', '/tracker/johnson-2022/members/nobody-at-all'],
      ['15-not-found', '/no-such-page'],
    ] as const) {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check(page, locale, step);
    }
  }, 120_000);

  it('the tracker review desk', async () => {
    const context = await contextFor(browserLocale);
    await loginThroughApi(context, server, 'editor@demo.confidence');
    const page = await context.newPage();
    await page.goto('/tracker/johnson-2022/review');
    await page.getByRole('heading', { level: 1, name: t('review.title') }).waitFor();
    await page.getByText(t('review.empty')).waitFor();
    await check(page, locale, '09-review-desk');
  }, 120_000);
});
