/**
 * The demo flow of the verifiable vote in the web app, driven by the chair in Chromium: create the vote from
 * the procedure page, run the trustee steps on the ceremony page (the secret file is downloaded to the device
 * and uploaded again for the next step; the server never receives it), post the key, upload the credential
 * authority's public keys, open, close, post the encrypted tally, decrypt, declare. The procedure then shows the
 * outcome and the public verifier page verifies the board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, prepareBallot, signCredentialList } from '../../src/ballot';
import type { AppContext } from '../../src/services/context';
import { castBallot, electionView } from '../../src/services/elections';
import { scheduledProcedure } from '../support/elections';
import { ensureWebBuilt } from './support/build-web';
import { chooseOption, expectNoSeriousA11yViolations, launchBrowser, loginThroughApi, newContext, screenshot } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

let server: TestServer;
let browser: Browser;
let chair: BrowserContext;
let page: Page;
let ctx: AppContext;
const dir = mkdtempSync(join(tmpdir(), 'confidence-ceremony-'));

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  await scheduledProcedure(ctx, 'e2e-web', 4);
  chair = await newContext(browser, server);
  await loginThroughApi(chair, server, 'chair@demo.confidence');
  page = await chair.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function downloadOf(click: () => Promise<void>, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return path;
}

const button = (name: string) => page.getByRole('button', { name, exact: true });
const done = async (pattern: RegExp) => expect.poll(() => page.locator('.notice-success').last().innerText().catch(() => '')).toMatch(pattern);

describe('the chair runs the verifiable vote in the web app', () => {
  it('creates the vote, runs the key ceremony, opens, tallies and declares; the board verifies', async () => {
    await page.goto('/procedures/e2e-web');
    // The credential authority made its key beforehand; the chair pastes the public half into the new vote.
    const authority = generateAuthorityKey();
    await page.getByLabel('The credential authority’s public key').fill(authority.public);
    await chooseOption(page, page.locator('#trustee-split'), '1/1');
    await button('Create the verifiable vote').click();
    await page.getByRole('link', { name: 'Key ceremony and tally' }).click();
    await page.getByRole('heading', { name: 'Key ceremony and tally' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'ceremony page');

    const secret = await downloadOf(() => button('Register and download my secret file').click(), 'trustee.json');
    await done(/Key registered/);
    await page.setInputFiles('#secret-file', secret);
    const dealing = await downloadOf(() => button('Commit').click(), 'trustee-dealing.json');
    await done(/Commitment posted/);
    await page.setInputFiles('#secret-file', dealing);
    await button('Reveal my dealing').click();
    await done(/Dealing revealed/);
    await button('Check my shares').click();
    await done(/Your shares are checked/);
    expect(await page.getByTestId('share-check-note').last().innerText()).toMatch(/The 1 share sent to you matches its dealer’s commitments: no complaint/);
    // The shares were checked on the board the page verified first, with the 3 receipts this session kept.
    expect(await page.getByTestId('trustee-board-note').innerText()).toMatch(/verified before this step, with your 3 receipts: every message of yours is where the server receipted it/);
    expect(await page.getByTestId('complaints-against-me').innerText()).toMatch(/No complaint against trustee 1/);
    await button('Post the election key').click();
    await done(/Election key posted/);
    const share = await downloadOf(() => button('Compute and download my share').click(), 'trustee-share.json');

    const creds = Array.from({ length: 4 }, () => generateCredential());
    // credentials-public.json as `confidence credentials generate` writes it: the list signed by the authority key.
    const { fingerprint: _fp, ...signed } = signCredentialList((await electionView(ctx, 'vote-e2e-web')).electionHash, authority.secret, creds.map((c) => c.public), (await electionView(ctx, 'vote-e2e-web')).publicKey!);
    await page.getByLabel('Contents of credentials-public.json').fill(JSON.stringify(signed));
    await button('Upload').click();
    await done(/Credentials uploaded/);
    await button('Open').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, open the vote' }).click();
    await done(/The vote is open/);

    const e = await electionView(ctx, 'vote-e2e-web');
    const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey!) };
    for (const [i, v] of [[0, 1], [1, 1], [2, 0]] as const) await castBallot(ctx, e.id, prepareBallot(params, creds[i]!.secret, v).body);

    await button('Close').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, close the vote' }).click();
    await done(/closed/);
    await button('Post the encrypted tally').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, post the tally' }).click();
    await done(/Encrypted tally posted/);
    await page.setInputFiles('#secret-file', share);
    await button('Post my partial decryption').click();
    await done(/Partial decryption posted/);
    await button('Declare the result').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, declare the result' }).click();
    await done(/Result posted/);
    await screenshot(page, 'ballot-ceremony');

    await page.goto(`/elections/${e.id}/verify`);
    await page.getByTestId('verify-verdict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('verify-verdict').innerText()).toMatch(/Verified: all 22 checks pass[\s\S]*Yes 2, No 1/);
    const procedure = await (await chair.request.get('/api/procedures/e2e-web')).json();
    expect(procedure.outcome).toMatchObject({ yes: 2, no: 1 });
  });
});
