/**
 * The sealed count in Chromium: an MP generates their checking key in the browser (exportable) and registers
 * it; the chair publishes a seal; anyone verifies it in the page (S1–S9: the crypto runs in the browser, not on
 * the server); the MP finds and checks their own slot with a proof that convinces only them; an MP without a key
 * gets the fallback check, and the page says that its opening is a receipt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectNoSeriousA11yViolations, loginThroughApi, mainText, newContext, screenshot } from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';
import { initCrypto } from '../../src/crypto';
import { generateMemberKey, proveMemberKey } from '../../src/domain/seal/member-key';

let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
}, 180_000);

afterAll(async () => stop?.());

describe('sealed count in the browser', () => {
  it('an MP generates and registers a key; the chair publishes; the public verifies S1–S9; the MP checks their slot with the key, another without', async () => {
    const mp = await newContext(browser, server);
    await loginThroughApi(mp, server, 'peter-aldous@members.demo');
    const mine = await mp.newPage();
    await mine.goto(`/procedures/${server.procedureId}/my-letter`);
    await mine.getByText('You have no key yet.', { exact: false }).waitFor();
    await mine.getByRole('button', { name: 'Generate my key in this browser' }).click();
    await mine.getByText('Your key was generated in this browser and its public half registered.', { exact: false }).waitFor({ timeout: 60_000 });
    const download = mine.waitForEvent('download');
    await mine.getByRole('button', { name: 'Download my key file' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('confidence-member-key-peter-aldous.json');
    const me = await (await mine.request.get(`${server.url}/api/member-key`)).json();
    const registry = await (await mine.request.get(`${server.url}/api/rosters/${me.rosterId}/member-keys`)).json();
    expect(registry.registrations.map((r: { memberId: string; publicKey: string }) => [r.memberId, r.publicKey])).toEqual([['peter-aldous', me.key.publicKey]]);

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
    expect(text).toMatch(/S6: the committed count is below the threshold of 54 \(range proof of exactly 9 bits\)/);
    expect(text).toMatch(/S8: one tag base per member of the electorate/);
    expect(text).toMatch(/S9: the tags are the member keys/);
    expect(text).not.toMatch(/\b53\b/);
    await expectNoSeriousA11yViolations(page, 'public page with a verified seal');
    await screenshot(page, 'seal-public-verified');
    await visitor.close();

    await mine.reload();
    await mine.getByText(/held in this browser/).waitFor();
    // The MP states what they did (no letter); the check compares the slot with that, not with the server's record.
    expect(await mine.getByRole('button', { name: 'Check my slot' }).isDisabled()).toBe(true);
    await mine.getByRole('radio', { name: 'No' }).check();
    await mine.getByRole('button', { name: 'Check my slot' }).click();
    await mine.getByText(/Verified: in sealed count 1 your slot \(#\d+\) holds 0/).waitFor({ timeout: 60_000 });
    const checked = await mainText(mine);
    expect(checked).toMatch(/M2: exactly one slot carries your tag/);
    expect(checked).toMatch(/it is not a receipt/);
    await expectNoSeriousA11yViolations(mine, 'my letter with a slot check');
    await screenshot(mine, 'seal-member-keyed-check');
    expect(await mainText(mine)).not.toMatch(/somebody registered/);

    // A key registered in his name that is not the one in his browser (as a server could, through his login mail):
    // his page reads the public registry and says so.
    await initCrypto();
    const rosterId = me.rosterId as string;
    const slipped = proveMemberKey(generateMemberKey(), rosterId, 'peter-aldous');
    const session = (await (await mine.request.get(`${server.url}/api/session`)).json()) as { csrfToken: string };
    expect((await mine.request.put(`${server.url}/api/member-key`, { data: slipped, headers: { 'X-CSRF-Token': session.csrfToken } })).status()).toBe(200);
    await mine.reload();
    await mine.getByRole('alert').getByText(new RegExp(`lists a key in your name that is not the key in this browser: ${slipped.publicKey.slice(0, 16)}…`)).waitFor();
    await mp.close();

    const keyless = await newContext(browser, server);
    await loginThroughApi(keyless, server, 'anna-firth@members.demo');
    const hers = await keyless.newPage();
    await hers.goto(`/procedures/${server.procedureId}/my-letter`);
    // She knows whether she wrote (in the demo, the record is right); answering the opposite is a Problem.
    const wrote = (await (await hers.request.get(`${server.url}/api/procedures/${server.procedureId}/letters/mine`)).json()).letter?.inForce === true;
    await hers.getByRole('radio', { name: wrote ? 'No' : 'Yes, I had a letter in force' }).check();
    await hers.getByRole('button', { name: 'Check my slot' }).click();
    await hers.getByText(/Problem: your slot in sealed count 1 failed a check/).waitFor({ timeout: 60_000 });
    expect(await mainText(hers)).toMatch(/The committee’s record of your letter today says the opposite of your answer/);
    await hers.getByRole('radio', { name: wrote ? 'Yes, I had a letter in force' : 'No' }).check();
    await hers.getByRole('button', { name: 'Check my slot' }).click();
    await hers.getByText(new RegExp(`Verified: in sealed count 1 your slot \\(#\\d+\\) holds ${wrote ? 1 : 0}`)).waitFor({ timeout: 60_000 });
    expect(await mainText(hers)).toMatch(/Checked without a key: .* is a receipt/);
    expect(await mainText(hers)).not.toMatch(/says the opposite of your answer/);
    await keyless.close();
  }, 300_000);
});
