/**
 * The sealed count in Chromium: the chair publishes it, anyone verifies it in the page (the crypto runs in
 * the browser, not on the server), and an MP checks their own hidden slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectNoSeriousA11yViolations, loginThroughApi, mainText, newContext, screenshot } from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';

let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
}, 180_000);

afterAll(async () => stop?.());

describe('sealed count in the browser', () => {
  it('the chair publishes a sealed count; the public verifies "not reached" in the page; an MP checks their slot', async () => {
    const chair = await newContext(browser, server);
    await loginThroughApi(chair, server, 'chair@demo.confidence');
    const chairPage = await chair.newPage();
    await chairPage.goto(`/procedures/${server.procedureId}/chair`);
    await chairPage.getByRole('button', { name: 'Publish a sealed count' }).click();
    // Public and permanent: the chair confirms in a dialog first.
    await chairPage.getByRole('dialog', { name: 'Publish a sealed count?' }).getByRole('button', { name: 'Yes, publish it' }).click();
    await chairPage.getByText('Sealed count 1 published: threshold not reached').waitFor();
    await chair.close();

    const visitor = await newContext(browser, server);
    const page = await visitor.newPage();
    await page.goto(`/procedures/${server.procedureId}`);
    await page.getByText(/Sealed count 1, .*: the threshold of 54 is not reached/).waitFor();
    await page.getByRole('button', { name: 'Verify it in this browser' }).click();
    await page.getByText('Valid: every check passed.').waitFor({ timeout: 60_000 });
    const text = await mainText(page);
    expect(text).toMatch(/S2: one slot per member of the electorate \(359 slots, denominator 359, public denominator 359\)/);
    expect(text).toMatch(/S6: the committed count is below the threshold of 54/);
    expect(text).not.toMatch(/\b53\b/);
    await expectNoSeriousA11yViolations(page, 'public page with a verified seal');
    await screenshot(page, 'seal-public-verified');
    await visitor.close();

    const mp = await newContext(browser, server);
    await loginThroughApi(mp, server, 'peter-aldous@members.demo');
    const mine = await mp.newPage();
    await mine.goto(`/procedures/${server.procedureId}/my-letter`);
    await mine.getByRole('button', { name: 'Check my slot' }).click();
    await mine.getByText(/Verified: in sealed count 1 your slot \(#\d+\) holds 0/).waitFor({ timeout: 60_000 });
    await expectNoSeriousA11yViolations(mine, 'my letter with a slot check');
    await mp.close();
  });
});
