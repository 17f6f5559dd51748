/**
 * A preferential (ranked) members' ballot in Chromium against the real app, at 390 px: a member opens the ranked
 * booth, pastes their credential, ranks three candidates (a repeated candidate is refused with a message), casts
 * and gets a tracker and a signed receipt; the other members vote, the mixers shuffle, the trustees decrypt what
 * the count needs, and the public page shows the round-by-round table. axe finds no serious or critical violation
 * on the booth or the results page, and neither scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { initCrypto } from '../../src/crypto';
import { prepareRankedBallot } from '../../src/mixnet/board';
import type { AppContext } from '../../src/services/context';
import { castRankedBallot } from '../../src/services/preferential';
import { countPreferential, openedPreferential, type PreferentialCeremony } from '../support/preferential';
import { ensureWebBuilt } from './support/build-web';
import { expectNoSeriousA11yViolations, launchBrowser, newContext, screenshot } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

let server: TestServer;
let browser: Browser;
let page: Page;
let ctx: AppContext;
let c: PreferentialCeremony;

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  c = await openedPreferential(ctx, { title: 'Labour leadership 2020 (members’ ballot)', candidates: ['Keir Starmer', 'Rebecca Long-Bailey', 'Lisa Nandy'], rankCap: 3, electorate: 5, trustees: 2, threshold: 2, mixers: 2 });
  page = await (await newContext(browser, server)).newPage();
  await page.setViewportSize({ width: 390, height: 844 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a preferential ballot in the browser', () => {
  it('ranks candidates in the booth and casts; a repeated candidate is refused', async () => {
    await page.goto(`/preferential/${c.eid}/vote`);
    await page.getByTestId('credential-input').fill(c.credentials[0]!.secret);
    await page.getByTestId('pref-0').selectOption({ label: 'Lisa Nandy' });
    await page.getByTestId('pref-1').selectOption({ label: 'Lisa Nandy' });
    await page.getByTestId('cast').click();
    await expect.poll(() => page.locator('main').innerText()).toMatch(/ranked only once/);
    await page.getByTestId('pref-1').selectOption({ label: 'Keir Starmer' });
    await expectNoSeriousA11yViolations(page, 'ranked booth');
    expect(await noSideways()).toBe(true);
    await page.getByTestId('cast').click();
    const tracker = await page.getByTestId('receipt-tracker').innerText();
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByTestId('receipt').innerText()).toMatch(/1\. Lisa Nandy, 2\. Keir Starmer/);
    await screenshot(page, 'ranked-receipt');
  });

  it('shows the round-by-round table once counted', async () => {
    for (const [i, r] of [[0], [0, 2], [1], [1, 0]].entries()) await castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, c.credentials[i + 1]!.secret, r!));
    await countPreferential(ctx, c);
    await page.goto(`/preferential/${c.eid}`);
    const table = page.getByTestId('round-table');
    await expect.poll(() => table.innerText()).toMatch(/Elected: Keir Starmer/);
    // round 1: Starmer 2, Long-Bailey 2, Nandy 1; Nandy excluded, her ballot moves to Starmer: 3 of 5
    expect(await table.innerText()).toMatch(/Round 2[\s\S]*Keir Starmer\s+3\s+60\.0%/);
    expect(await page.getByTestId('decrypted').innerText()).toMatch(/Preferences decrypted so far: 6 \(of 15/);
    // the browser verifier redoes every check of the board on this device
    await page.getByTestId('verify').click();
    await expect.poll(() => page.getByTestId('verify-result').innerText(), { timeout: 60_000 }).toMatch(/Every check passed/);
    expect(await page.getByTestId('verify-result').innerText()).toMatch(/Checked: 5 ballots, 2 shuffles, 6 decrypted preferences/);
    await expectNoSeriousA11yViolations(page, 'preferential results');
    expect(await noSideways()).toBe(true);
    await screenshot(page, 'ranked-results');
  });
});
