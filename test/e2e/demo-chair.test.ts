/**
 * A new chair runs the demo from letters to result in the browser alone, following the pages, as someone
 * who has not read the README would: the login page offers the demo's accounts; the chair's page names the
 * one next step each time (the last letter, recorded on paper; the sealed count; the schedule; the vote);
 * the chair plays the credential authority in the browser (a demo-only helper), runs the key ceremony as the
 * only trustee, issues the voters' credentials, votes in the booth with one of them, closes, tallies,
 * decrypts and declares. Key states are checked at 1280×800 and 390×844 (axe: no violation of any impact;
 * no sideways scrolling); screenshots go to test-results/journeys/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import { IntlMessageFormat } from 'intl-messageformat';
import { axeViolations, latestCode, sidewaysScroll } from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';

const SHOTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-results', 'journeys');
const downloads = mkdtempSync(join(tmpdir(), 'confidence-demo-chair-'));
let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => stop?.());

const t = (key: MessageKey, values?: Record<string, string | number>) => String(new IntlMessageFormat(CATALOGUES.en[key], 'en').format(values));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** At 1280×800 and 390×844: no axe violation of any impact, no sideways scrolling; a screenshot of each. */
async function check(page: Page, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  for (const [label, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await axeViolations(page), `axe on ${step} at ${width} px`).toEqual([]);
    expect(await sidewaysScroll(page, width), `sideways scrolling on ${step} at ${width} px`).toBeNull();
    await page.screenshot({ path: join(SHOTS, `demo-chair-${step}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function downloadOf(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(downloads, name);
  await download.saveAs(path);
  return path;
}

describe('a new chair runs the demo', () => {
  it('from the last letter to the result, in the browser alone', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/London', acceptDownloads: true });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();

    // --- the login page offers the demo's accounts; the code is in the dev mailbox ------------------
    await page.goto('/login');
    await page.getByTestId('demo-accounts').waitFor();
    await check(page, '01-login');
    await page.getByTestId('demo-accounts').getByRole('button', { name: /chair@demo\.confidence/ }).click();
    expect(await page.getByLabel(t('login.email')).inputValue()).toBe('chair@demo.confidence');
    await page.getByRole('button', { name: t('login.sendCode') }).click();
    await page.getByLabel(t('login.code')).fill(await latestCode(server, 'chair@demo.confidence'));
    await page.getByRole('button', { name: t('login.submit'), exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    // --- the chair's page: one letter short; the chair records the last one, handed over on paper ----
    await page.getByRole('link', { name: t('shell.nav.chair') }).first().click();
    const next = page.getByTestId('next-step');
    await next.getByRole('heading', { name: t('next.chair.waitLetters', { n: 1 }) }).waitFor();
    await page.getByRole('heading', { name: t('record.heading') }).click();
    await page.getByLabel(t('record.search')).fill('Baker');
    await page.getByRole('button', { name: t('record.searchButton') }).click();
    await page.getByRole('list', { name: t('record.matches') }).getByRole('button', { name: new RegExp(escape(t('record.button'))) }).first().click();
    await page.getByRole('status').filter({ hasText: /Recorded a paper letter from/ }).waitFor();

    // --- the next step is the sealed count, published after confirming ---------------------------
    await next.getByRole('heading', { name: t('next.chair.seal') }).waitFor();
    await page.getByRole('button', { name: t('seal.publish') }).click();
    await page.getByRole('dialog', { name: t('seal.confirmTitle') }).getByRole('button', { name: t('seal.confirm') }).click();

    // --- scheduled for today (the demo's calendar stands on 5 June 2022) --------------------------
    await next.getByRole('heading', { name: t('next.chair.schedule') }).waitFor();
    await page.getByLabel(t('ballot.opens')).fill('2022-06-05T09:00');
    await page.getByLabel(t('ballot.closes')).fill('2022-06-05T23:00');
    await page.getByRole('button', { name: t('ballot.submit') }).click();

    // --- the verifiable vote, with an authority key made in this browser (demo) and one trustee ------
    await next.getByRole('heading', { name: t('next.chair.create') }).waitFor();
    await page.getByRole('button', { name: t('journeys.demo.authorityButton') }).click();
    await page.getByRole('status').filter({ hasText: t('journeys.demo.authorityMade') }).waitFor();
    expect(await page.getByLabel(t('election.authority')).inputValue()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByRole('button', { name: t('election.trustees') }).innerText()).toContain('1/1'); // the menu shows its choice
    await check(page, '02-create-vote');
    await page.getByRole('button', { name: t('election.create'), exact: true }).click();
    await next.getByRole('heading', { name: t('next.chair.ceremony') }).waitFor();

    // --- the key ceremony, the chair as the only trustee ------------------------------------------
    await next.getByRole('link', { name: t('next.chair.toCeremony') }).click();
    await page.locator('#secret-file').waitFor();
    const done = (key: MessageKey, values?: Record<string, string | number>) =>
      expect
        .poll(async () => (await page.locator('.notice-success').last().innerText().catch(() => '')) || (await page.getByRole('alert').allInnerTexts()).join(' | '), { timeout: 60_000 })
        .toMatch(new RegExp(escape(t(key, values))));
    const button = (key: MessageKey) => page.getByRole('button', { name: t(key), exact: true });
    const secret = await downloadOf(page, () => button('ceremony.register').click(), 'trustee.json');
    await done('ceremony.registered');
    await page.setInputFiles('#secret-file', secret);
    const dealing = await downloadOf(page, () => button('ceremony.commit').click(), 'dealing.json');
    await done('ceremony.committed');
    await page.setInputFiles('#secret-file', dealing);
    await button('ceremony.reveal').click();
    await done('ceremony.revealed');
    await button('ceremony.postKey').click();
    await done('ceremony.keyPosted');
    const share = await downloadOf(page, () => button('ceremony.computeShare').click(), 'share.json');
    await done('ceremony.shareComputed');

    // --- the voters' credentials, issued from this browser (demo) ---------------------------------
    await button('journeys.demo.issueButton').click();
    await done('journeys.demo.issued', { n: 359 });
    await page.getByTestId('demo-credentials').waitFor();
    await check(page, '03-credentials-issued');
    const credential = (await page.getByTestId('demo-credential-1').innerText()).trim();
    expect(credential).toMatch(/^[0-9a-f]{64}$/);
    await button('ceremony.open').click();
    await page.getByRole('dialog').getByRole('button', { name: t('ceremony.openConfirm') }).click();
    await done('ceremony.opened');

    // --- the chair tries the booth with a demo credential -----------------------------------------
    const ceremonyUrl = page.url();
    await page.getByRole('link', { name: t('journeys.demo.toBooth') }).click();
    await page.getByTestId('credential-input').fill(credential);
    await page.getByTestId('choice-yes').check();
    await page.getByTestId('encrypt').click();
    await page.getByTestId('cast').click();
    await page.getByTestId('receipt-tracker').waitFor();

    // --- close, tally, decrypt, declare -----------------------------------------------------------
    await page.goto(ceremonyUrl);
    await button('ceremony.close').click();
    await page.getByRole('dialog').getByRole('button', { name: t('ceremony.closeConfirm') }).click();
    await done('ceremony.closed');
    await button('ceremony.postTally').click();
    await page.getByRole('dialog').getByRole('button', { name: t('ceremony.tallyConfirm') }).click();
    await done('ceremony.tallyPosted');
    await page.setInputFiles('#secret-file', share);
    await button('ceremony.postPartial').click();
    await done('ceremony.partialPosted');
    await button('ceremony.declare').click();
    await page.getByRole('dialog').getByRole('button', { name: t('ceremony.resultConfirm') }).click();
    await done('ceremony.declared');

    // --- the chair's page says the result and every step is done ----------------------------------
    await page.getByRole('link', { name: t('shell.nav.chair') }).first().click();
    await page.getByTestId('chair-result').waitFor();
    expect(await page.getByTestId('chair-result').innerText()).toBe(t('result.survived', { yes: 1, no: 0 }));
    expect(await page.locator('.step-list [data-status="todo"], .step-list [data-status="current"]').count()).toBe(0);
    await check(page, '04-result');
    await context.close();
  }, 300_000);
});
