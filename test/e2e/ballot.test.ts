/**
 * The verifiable confidence vote in Chromium against the real app: a voter opens the booth, pastes their
 * credential (a fingerprint typed from the letter that is not the key's is refused first), encrypts a Yes, CHALLENGES the ballot (Benaloh: the page reveals the randomness and shows the
 * ballot held Yes), encrypts again, casts, finds the tracker on the public record; after the close and the
 * trustees' tally, the public verifier page re-checks the whole board in the browser and shows the result. A voter
 * whose credential the authority revoked after they cast is told so by the tracker lookup and by the booth.
 * axe finds no serious or critical violation on the booth, the election page and the verifier page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { initCrypto } from '../../src/crypto';
import { formatFingerprint, generateCredential, prepareBallot, signRevocation } from '../../src/ballot';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { castBallot, closeElection, computeTally, declareResult, revokeCredential } from '../../src/services/elections';
import { openedElection, scheduledProcedure, trusteesDecrypt, type Ceremony } from '../support/elections';
import { ensureWebBuilt } from './support/build-web';
import { expectNoSeriousA11yViolations, launchBrowser, newContext, screenshot } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

let server: TestServer;
let browser: Browser;
let page: Page;
let ctx: AppContext;
let c: Ceremony;

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  await scheduledProcedure(ctx, 'e2e-vote', 6);
  c = await openedElection(ctx, 'e2e-vote', { threshold: 2, trustees: 3 });
  page = await (await newContext(browser, server)).newPage();
  page.on('console', (m) => process.env.E2E_DEBUG && console.log('[browser]', m.type(), m.text()));
  page.on('pageerror', (e) => process.env.E2E_DEBUG && console.log('[pageerror]', e.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the confidence vote in the browser', () => {
  let tracker = '';

  it('votes with a challenge first, then casts; the tracker is on the public record', async () => {
    await page.goto(`/elections/${c.electionId}/vote`);
    await page.getByTestId('credential-input').fill(c.credentials[0]!.secret);
    await page.getByTestId('choice-yes').check();
    // The booth shows the fingerprint it computed from the key it encrypts under (the letter's, here), and refuses
    // to encrypt when the fingerprint typed from the letter is another one.
    const letter = formatFingerprint(c.fingerprint);
    expect(await page.getByTestId('credentials-fingerprint').innerText()).toContain(letter);
    const other = letter.slice(0, -4) + [...letter.slice(-4)].map((d) => ((parseInt(d, 16) + 1) % 16).toString(16)).join('');
    await page.getByTestId('letter-fingerprint').fill(other);
    await expect.poll(() => page.getByTestId('fingerprint-mismatch').count()).toBe(1);
    await page.getByTestId('encrypt').click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'will not encrypt' }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('tracker').count()).toBe(0);
    await page.getByTestId('letter-fingerprint').fill(letter);
    await expect.poll(() => page.getByTestId('fingerprint-matches').count()).toBe(1);
    await expectNoSeriousA11yViolations(page, 'booth');
    await page.getByTestId('encrypt').click();
    const challenged = await page.getByTestId('tracker').innerText();
    await page.getByTestId('challenge').click();
    const verdict = page.getByTestId('challenge-result');
    await expect.poll(() => verdict.innerText()).toMatch(/held Yes \([a-z]+\), as you chose/);
    await screenshot(page, 'ballot-challenge');
    await page.getByTestId('encrypt-again').click();
    await page.getByTestId('choice-yes').check();
    await page.getByTestId('encrypt').click();
    const fresh = await page.getByTestId('tracker').innerText();
    expect(fresh).not.toBe(challenged); // re-encrypted with fresh randomness
    await page.getByTestId('cast').click();
    tracker = await page.getByTestId('receipt-tracker').innerText();
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh.replace(/-/g, '')).toBe(tracker.slice(0, 16));
    expect(await page.getByTestId('receipt-problem').count()).toBe(0); // the device accepted the board's receipt
    await screenshot(page, 'ballot-receipt');

    await page.goto(`/elections/${c.electionId}`);
    await expectNoSeriousA11yViolations(page, 'election page');
    await page.getByTestId('tracker-input').fill(tracker);
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.getByTestId('tracker-status').innerText()).toMatch(/is on the board and counts/);
  });

  it('a voter whose credential is revoked after they cast sees "revoked" on the tracker lookup (en, cy) and in the booth', async () => {
    // Voter 6 casts; then the credential authority revokes that credential (signed with its key) and issues another.
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    const victim = c.credentials[5]!;
    const { tracker: t6, seq: ballotSeq } = await castBallot(ctx, c.electionId, prepareBallot(params, victim.secret, 1).body);
    const { seq } = await revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, signRevocation(c.electionHash, c.authority.secret, victim.public, generateCredential().public));

    await page.goto(`/elections/${c.electionId}`);
    await page.getByTestId('tracker-input').fill(t6);
    await page.getByRole('button', { name: 'Look up' }).click();
    const status = page.getByTestId('tracker-status');
    await expect.poll(() => status.innerText()).toMatch(new RegExp(`credential was revoked, so it does not count \\(record ${ballotSeq}\\)`));
    expect(await status.getAttribute('data-status')).toBe('revoked');
    await expectNoSeriousA11yViolations(page, 'election page (revoked ballot)');
    await screenshot(page, 'ballot-tracker-revoked');
    // The same answer in Welsh (the language switch keeps the page's state).
    await page.getByRole('button', { name: 'Cymraeg' }).click();
    await expect.poll(() => status.innerText()).toMatch(/ddirymu/);
    await page.getByRole('button', { name: 'English' }).click();

    // The booth tells the voter too, before encrypting anything.
    await page.goto(`/elections/${c.electionId}/vote`);
    await page.getByTestId('credential-input').fill(victim.secret);
    await page.getByTestId('choice-no').check();
    await page.getByTestId('encrypt').click();
    await expect.poll(() => page.getByTestId('credential-revoked').innerText()).toMatch(new RegExp(`This credential was revoked \\(record ${seq} of the public board\\)`));
    expect(await page.getByTestId('tracker').count()).toBe(0);
  });

  it('a receipt whose time was moved an hour back in flight is refused by the booth at once, and the voter told to keep it', async () => {
    // The network answer is rewritten in flight: the server's real receipt with `at` an hour earlier, as a server
    // hiding a late ballot would stamp it. (Re-signing is impossible without the board key; here the signature
    // no longer matches either, and the booth says which check failed first.)
    await page.route('**/ballots', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { receipt: { at: string } };
      body.receipt.at = new Date(Date.parse(body.receipt.at) - 3_600_000).toISOString();
      await route.fulfill({ response: res, json: body });
    });
    try {
      await page.goto(`/elections/${c.electionId}/vote`);
      await page.getByTestId('credential-input').fill(c.credentials[1]!.secret);
      await page.getByTestId('choice-no').check();
      await page.getByTestId('encrypt').click();
      await page.getByTestId('cast').click();
      await expect.poll(() => page.getByTestId('receipt-problem').innerText()).toMatch(/receipt the server returned is wrong: the receipt is not signed by the board key/);
      expect(await page.getByTestId('receipt').getAttribute('role')).toBe('alert');
      await expectNoSeriousA11yViolations(page, 'booth (bad receipt)');
    } finally {
      await page.unroute('**/ballots');
    }
  });

  it('after the tally, the verifier page checks the whole board and shows the result', async () => {
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    // Voter 2 already cast once in the bad-receipt test above: this is their revote (revision 2), which replaces it.
    for (const [i, v] of [[1, 1], [2, 0], [3, 0], [4, 1]] as const) await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[i]!.secret, v, undefined, i === 1 ? 2 : 1).body);
    await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
    await computeTally(ctx, SYSTEM_ACTOR, c.electionId);
    await trusteesDecrypt(ctx, c, [1, 3]);
    await declareResult(ctx, SYSTEM_ACTOR, c.electionId);

    await page.goto(`/elections/${c.electionId}/verify`);
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toMatch(/Verified: all 22 checks pass/);
    expect(await page.getByTestId('verify-result').innerText()).toMatch(/Yes 3, No 2/);
    await screenshot(page, 'ballot-verifier');
    await expectNoSeriousA11yViolations(page, 'verifier page');
  });
});
