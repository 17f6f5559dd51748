/**
 * A dealer answers a complaint on the key ceremony page (docs/ballot-spec.md §3.1): dealer 1 sent trustee 2 a bad
 * share under its own signature; trustee 2's device posted a signed complaint with evidence. In Chromium, trustee 1
 * loads its secret file, sees the complaint against it, declines the confirmation once (nothing is posted), then
 * confirms: the page reveals the share, signed, and the key ceremony keeps dealer 1. The page checked and kept the
 * board's receipt for the answer (§3.2): with it the verifier passes this board and fails one without the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Point, dkgDeal, dkgDealingDigest, dkgDealingToJSON, dkgSignDealing, encryptShare, encryptedShareToJSON, initCrypto, scalarAdd, scalarFromHex, scalarToHex, signatureToJSON } from '../../src/crypto';
import { Board, dkgParams, generateAuthorityKey, trusteeCheckShares, trusteeDeal, trusteeReceiptProblem, trusteeRegister, verifyBoard } from '../../src/ballot';
import type { AppContext } from '../../src/services/context';
import { SYSTEM_ACTOR } from '../../src/services/context';
import { boardText, createElection, electionView, finishKeyCeremony, postDkgCommitment, postDkgComplaint, postDkgDealing, postTrusteeKey, publicRecords } from '../../src/services/elections';
import { scheduledProcedure } from '../support/elections';
import { ensureWebBuilt } from './support/build-web';
import { launchBrowser, loginThroughApi, newContext } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

let server: TestServer;
let browser: Browser;
let chair: BrowserContext;
let page: Page;
let ctx: AppContext;
const dir = mkdtempSync(join(tmpdir(), 'confidence-dkg-complaint-'));

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  await scheduledProcedure(ctx, 'e2e-dkg', 4);
  chair = await newContext(browser, server);
  await loginThroughApi(chair, server, 'chair@demo.confidence');
  page = await chair.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a dealer answers a complaint against it on the ceremony page', () => {
  it('shows the complaint, asks for confirmation, and posts the signed answer only when confirmed', async () => {
    const view = await createElection(ctx, SYSTEM_ACTOR, 'e2e-dkg', { authority: generateAuthorityKey().public, threshold: 1, trustees: 2 });
    const { id, electionHash: eh, manifest: m } = view;
    const regs = [1, 2].map((t) => trusteeRegister(eh, t));
    for (const r of regs) await postTrusteeKey(ctx, id, r.body);
    const keys = await publicRecords(ctx, id, 'trustee_key');
    // Dealer 1 cheats on trustee 2 (its own signature); dealer 2 is honest.
    const params = dkgParams(m, eh);
    const d1 = dkgDeal(params, 1);
    const enc = d1.shares.map((s) => encryptShare(params, s.recipient === 2 ? { ...s, share: scalarAdd(s.share, 1n) } : s, Point.fromHex(keys[s.recipient - 1]!.publicKey)));
    const signed = dkgSignDealing(params, scalarFromHex(regs[0]!.secret.transportSecret), d1.dealing, enc, keys.map((k) => Point.fromHex(k.publicKey)));
    const honest2 = trusteeDeal(m, eh, regs[1]!.secret, keys);
    await postDkgCommitment(ctx, id, { dealer: 1, digest: dkgDealingDigest(d1.dealing) });
    await postDkgCommitment(ctx, id, honest2.commitment);
    await postDkgDealing(ctx, id, { dealing: dkgDealingToJSON(d1.dealing), encryptedShares: enc.map(encryptedShareToJSON), signature: signatureToJSON(signed.signature) });
    await postDkgDealing(ctx, id, honest2.dealing);
    const check = trusteeCheckShares(m, eh, regs[1]!.secret, await publicRecords(ctx, id, 'dkg_dealing'), keys);
    expect(await postDkgComplaint(ctx, id, check.complaints[0]!)).toMatchObject({ verdict: 'upheld' });

    const secretPath = join(dir, 'trustee-1.json');
    writeFileSync(secretPath, JSON.stringify({ ...regs[0]!.secret, coefficients: d1.secret.coefficients.map(scalarToHex) }));
    await page.goto(`/elections/${id}/ceremony`);
    await page.getByRole('heading', { name: 'Key ceremony and tally' }).waitFor();
    await page.setInputFiles('#secret-file', secretPath);
    const against = page.getByTestId('complaints-against-me');
    await expect.poll(() => against.innerText()).toMatch(/Trustee 2: not answered yet/);
    const answer = page.getByRole('button', { name: 'Answer trustee 2', exact: true });

    // The page asks in its own accessible dialog (not the browser's window.confirm): cancel, then confirm.
    const messages: string[] = [];
    const dialog = page.getByRole('dialog', { name: 'Answer trustee 2’s complaint publicly?' });
    await answer.click();
    messages.push(await dialog.innerText());
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Not answered.').waitFor();
    expect((await electionView(ctx, id)).complaints).toEqual([{ dealer: 1, complainer: 2, answered: false }]);

    await answer.click();
    await dialog.getByRole('button', { name: 'Yes, reveal the share' }).click();
    await expect.poll(() => page.locator('.notice-success').last().innerText().catch(() => '')).toMatch(/Answered trustee 2: the share is now public/);
    expect(messages[0]).toMatch(/revealing, publicly, the share you sent them/);
    expect((await electionView(ctx, id)).complaints).toEqual([{ dealer: 1, complainer: 2, answered: true }]);
    const key = await finishKeyCeremony(ctx, SYSTEM_ACTOR, id);
    expect(key).toMatchObject({ qualified: [1, 2], disqualified: [], falseComplaints: [] });

    // The receipt for the answer: listed with its record number, offered again for download.
    const receipts = page.getByTestId('trustee-receipts');
    await expect.poll(() => receipts.innerText()).toMatch(/dkg_answer: record \d+/);
    const href = await receipts.getByRole('link', { name: 'Download again' }).getAttribute('href');
    const receipt = JSON.parse(decodeURIComponent(href!.replace(/^data:application\/json;charset=utf-8,/, ''))) as { seq: number };
    const [answerBody] = await publicRecords(ctx, id, 'dkg_answer');
    expect(trusteeReceiptProblem(m.boardKey, eh, 'dkg_answer', answerBody, receipt)).toBeNull();
    const text = await boardText(ctx, id);
    expect(await verifyBoard(text, { expect: { receipts: [receipt] } })).toMatchObject({ ok: true, summary: { trusteeReceiptsChecked: 1 } });
    // A board writer that had withheld the answer (and posted the key without dealer 1) is caught by this receipt.
    const censored = new Board();
    for (const line of text.trim().split('\n')) {
      const r = JSON.parse(line) as { type: string; body: unknown };
      if (r.type === 'dkg_answer' || r.type === 'election_key') continue;
      censored.append(r.type as never, r.body as never);
    }
    const withheld = await verifyBoard(censored.toJSONLines(), { expect: { receipts: [receipt] } });
    expect(withheld.failure).toMatchObject({ check: 'B6', step: 'B6.6' });
  });
});
