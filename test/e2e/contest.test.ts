/**
 * A leadership contest in Chromium against the real app (2019 rules: 8 nominators; round 1 needs 17 votes): an MP
 * nominates on their page, the chair closes the list, schedules round 1 and puts it on a verifiable board; the
 * trustees do their parts — trustee 1 on the trustee page in the browser (key ceremony, a board check with its
 * receipts, its share, its per-candidate decryption), the others and the credential authority "on their devices"
 * (here, in the test); the chair opens
 * the round, the MP votes in the browser's booth, the chair closes, tallies and — once two trustees have
 * decrypted — declares it; the public page shows the decrypted counts and the elimination the rulebook implies.
 * axe finds no serious violation on the MP, chair and public pages; the public page fits 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ciphertextFromJSON, initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential, type TrusteeSecretFile } from '../../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest } from '../../src/contest/board';
import { CLI_ACTOR, SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { getContest, nominate, openContest } from '../../src/services/contests';
import { boardText, castBallot, electionView, finishKeyCeremony, openElection, postDkgCommitment, postDkgDealing, postPartialDecryption, postTrusteeKey, publicRecords, uploadCredentials } from '../../src/services/elections';
import { DEMO_CHAIR, memberEmail } from '../../src/services/demo';
import { ensureWebBuilt } from './support/build-web';
import { chooseOption, expectNoSeriousA11yViolations, launchBrowser, loginThroughApi, mainText, newContext, screenshot } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const ID = 'e2e-contest';
const MP = 'steve-baker';
const CANDIDATES = ['boris-johnson', 'jeremy-hunt', 'michael-gove'];
const EID = `contest-${ID}-round-1`;
/** Where trustee 1's browser saves its downloads (secret files, receipts). */
const DOWNLOADS = mkdtempSync(join(tmpdir(), 'confidence-contest-trustee-'));
/** The credential authority of the contest: the chair pastes its public key into the round's board. */
const AUTHORITY = generateAuthorityKey();

let server: TestServer;
let browser: Browser;
let ctx: AppContext;
let mp: Page;
let chair: Page;
let offset = Date.parse('2022-07-11T12:00:00Z') - Date.now();

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'demo' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  // The 2019 roster's MPs hold the whip in 2022: the server's clock runs from 11 July 2022.
  ctx.clock = () => new Date(Date.now() + offset);
  await openContest(ctx, SYSTEM_ACTOR, { id: ID, rulebookId: 'conservative-2019', reason: 'resignation', rosterId: 'uk-commons-2019', nominationsClose: new Date(Date.now() + offset + 3600_000).toISOString().slice(0, 19) + 'Z' });
  // Paper nominations (8 each) recorded by the chair; Gove's eighth comes from the MP in the browser.
  const { state } = await getContest(ctx.db, ID);
  const pool = state.mps.filter((m) => !CANDIDATES.includes(m) && m !== MP);
  let k = 0;
  for (const candidate of CANDIDATES) {
    for (let i = 0; i < (candidate === 'michael-gove' ? 7 : 8); i++) {
      await nominate(ctx, CLI_ACTOR, ID, { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[k++] });
    }
  }
  const login = async (email: string): Promise<Page> => {
    const context: BrowserContext = await newContext(browser, server);
    await loginThroughApi(context, server, email);
    return context.newPage();
  };
  [mp, chair] = await Promise.all([login(memberEmail(MP)), login(DEMO_CHAIR.email)]);
}, 180_000);

afterAll(async () => {
  rmSync(DOWNLOADS, { recursive: true, force: true });
  await browser?.close();
  await server?.close();
});

/** Clicks a button that opens a confirmation, then the dialog's confirm button. */
async function confirm(page: Page, testId: string, confirmName: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('dialog').getByRole('button', { name: confirmName }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}

/** The page fits a 390 px phone without sideways scrolling (then back to the desktop width). */
async function expectFits390(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

interface Ceremony {
  m: ContestBallotManifest;
  eh: string;
  Y: Point;
  creds: Credential[];
  trustees: TrusteeSecretFile[];
}
let round: Ceremony;
let trusteePage: Page;

describe('a leadership contest in the browser', () => {
  it('an MP nominates once on their page', async () => {
    await mp.goto(`/contests/${ID}/mp`);
    await chooseOption(mp, mp.getByTestId('nominee'), 'Michael Gove');
    await mp.getByTestId('role-supporter').check();
    await expectNoSeriousA11yViolations(mp, 'MP page (nominations)');
    await expectFits390(mp);
    await confirm(mp, 'nominate', 'Nominate');
    await expect.poll(() => mainText(mp)).toMatch(/Your nomination of Michael Gove is recorded/);
    // The second attempt is refused by the server, in words.
    await chooseOption(mp, mp.getByTestId('nominee'), 'Jeremy Hunt');
    await mp.getByTestId('nominate').click();
    await mp.getByRole('dialog').getByRole('button', { name: 'Nominate' }).click();
    await expect.poll(() => mp.getByRole('dialog').innerText()).toMatch(/already nominated/);
    await mp.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('the chair closes nominations after the deadline, schedules round 1 and puts it on a board', async () => {
    offset += 2 * 3600_000;
    await chair.goto(`/contests/${ID}/chair`);
    await expectNoSeriousA11yViolations(chair, 'chair page (nominations)');
    await expectFits390(chair);
    await confirm(chair, 'close-nominations', 'Close nominations');
    await chair.getByTestId('round-opens').waitFor();
    const candidates = await chair.getByTestId('candidates').innerText();
    expect(candidates).toMatch(/Michael Gove\s+Standing\s+8/);
    await chair.getByTestId('round-opens').fill('2022-07-11T14:30'); // UK time: 13:30 UTC, before the server's clock
    await confirm(chair, 'schedule-round', 'Schedule round 1');
    await chair.getByLabel('The credential authority’s public key').fill(AUTHORITY.public);
    await confirm(chair, 'put-on-board', 'Create the board');
    await expect.poll(() => mainText(chair)).toMatch(/Key ceremony: 0 of 3 trustees registered/);
    await screenshot(chair, 'contest-chair-board');
  });

  it('trustee 1 runs the key ceremony on the trustee page (the others on their devices), checks the board with its receipts; the chair opens the round', async () => {
    const view = await electionView(ctx, EID);
    const m = view.manifest as unknown as ContestBallotManifest;
    const eh = view.electionHash;
    const cm = ceremonyManifest(m);
    // Trustee 1 is the chair serving as a trustee, in the browser: every download (secret files, receipts) is kept.
    trusteePage = await chair.context().newPage();
    const saving: Promise<void>[] = [];
    trusteePage.on('download', (d) => void saving.push(d.saveAs(join(DOWNLOADS, d.suggestedFilename()))));
    const settled = async (pattern: RegExp) => {
      await expect.poll(() => trusteePage.locator('.notice-success').last().innerText().catch(() => '')).toMatch(pattern);
      await Promise.all(saving);
    };
    const button = (name: string) => trusteePage.getByRole('button', { name, exact: true });
    await trusteePage.goto(`/contests/${ID}/trustee`);
    await expect.poll(() => trusteePage.getByTestId('trustee-board-state').innerText()).toMatch(/Round 1: 2 of 3 trustees needed to decrypt\. Registered: none/);
    await expectNoSeriousA11yViolations(trusteePage, 'contest trustee page');
    await expectFits390(trusteePage);
    await button('Register and download my secret file').click();
    await settled(/Key registered/);
    const secretFile = join(DOWNLOADS, `trustee-1-${EID}.json`);

    const regs = [2, 3].map((t) => trusteeRegister(eh, t));
    for (const r of regs) await postTrusteeKey(ctx, EID, r.body);
    const keys = await publicRecords(ctx, EID, 'trustee_key');
    await trusteePage.reload();
    await trusteePage.setInputFiles('#contest-secret-file', secretFile);
    await button('Commit to my dealing').click();
    await settled(/Commitment posted/);
    const deals = regs.map((r) => trusteeDeal(cm, eh, r.secret, keys));
    for (const d of deals) await postDkgCommitment(ctx, EID, d.commitment);
    await trusteePage.setInputFiles('#contest-secret-file', join(DOWNLOADS, `trustee-1-${EID}-dealing.json`));
    await button('Reveal my dealing').click();
    await settled(/Dealing revealed/);
    expect(await trusteePage.getByTestId('contest-trustee-receipts').innerText()).toMatch(/dkg_dealing is record \d+/);
    for (const d of deals) await postDkgDealing(ctx, EID, d.dealing);
    const key = await finishKeyCeremony(ctx, SYSTEM_ACTOR, EID);
    const dealings = await publicRecords(ctx, EID, 'dkg_dealing');

    // A later session: the page is reloaded, so the trustee gives its three receipt files to check the board (R16).
    await trusteePage.reload();
    const receiptFiles = readdirSync(DOWNLOADS).filter((f) => f.startsWith('receipt-trustee-1-')).map((f) => join(DOWNLOADS, f));
    expect(receiptFiles).toHaveLength(3);
    await trusteePage.setInputFiles('#contest-receipt-files', receiptFiles);
    await trusteePage.setInputFiles('#contest-secret-file', join(DOWNLOADS, `trustee-1-${EID}-dealing.json`));
    await button('Check the board and download my share').click();
    await settled(/Your share is downloaded/);
    expect(await trusteePage.getByTestId('contest-board-check').innerText()).toMatch(/with your 3 receipts: every message of yours is where the server receipted it/);
    await expectNoSeriousA11yViolations(trusteePage, 'contest trustee page (share)');
    await expectFits390(trusteePage);
    // Trustees 2 and 3 compute their shares on their own devices.
    const trustees = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, key));
    const creds = Array.from({ length: m.electorate }, () => generateCredential());
    const { fingerprint: _f, ...list } = signCredentialList(eh, AUTHORITY.secret, creds.map((c) => c.public), key.publicKey);
    await uploadCredentials(ctx, SYSTEM_ACTOR, EID, list.credentials, { authority: list.authority, signature: list.signature });
    round = { m, eh, Y: Point.fromHex(key.publicKey), creds, trustees };

    await chair.reload();
    await confirm(chair, 'board-open', /^Open/);
    await expect.poll(() => chair.getByTestId('ballots-so-far').innerText()).toMatch(/0 ballots cast so far/);
    await expectNoSeriousA11yViolations(chair, 'chair page (round open)');
    await expectFits390(chair);
  });

  it('the MP challenges one ballot, then votes in the booth on their page and gets a tracker', async () => {
    await mp.goto(`/contests/${ID}/mp`);
    await mp.getByTestId('credential-input').fill(round.creds[0]!.secret);
    await mp.getByTestId('choice-boris-johnson').check();
    await expectNoSeriousA11yViolations(mp, 'MP page (booth)');
    await expectFits390(mp);
    await mp.getByTestId('encrypt').click();
    // Cast-as-intended: the first ballot is challenged (opened on the device and discarded), the second cast.
    await mp.getByTestId('challenge').click();
    expect(await mp.getByTestId('challenge-result').innerText()).toMatch(/held Boris Johnson, as you chose/);
    await mp.getByTestId('encrypt-again').click();
    await mp.getByTestId('choice-boris-johnson').check();
    await mp.getByTestId('encrypt').click();
    await mp.getByTestId('cast').click();
    expect(await mp.getByTestId('vote-tracker').innerText()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(mp, 'contest-mp-receipt');
  });

  it('the chair closes, tallies and declares; the public page shows the counts and the elimination', async () => {
    // The other MPs vote (on their own devices): Johnson 20 in all, Hunt 18, Gove 3, 1 blank.
    const others: (string | null)[] = [...Array(19).fill('boris-johnson'), ...Array(18).fill('jeremy-hunt'), ...Array(3).fill('michael-gove'), null];
    for (const [i, choice] of others.entries()) {
      await castBallot(ctx, EID, prepareContestBallot(round.m, round.eh, round.Y, round.creds[i + 1]!.secret, choice === null ? null : round.m.candidates.findIndex((c) => c.id === choice)).body);
    }
    await chair.reload();
    await confirm(chair, 'board-close', /^Close/);
    await confirm(chair, 'board-tally', 'Compute the encrypted tally');
    const [ek] = await publicRecords(ctx, EID, 'election_key');
    const [tally] = (await publicRecords(ctx, EID, 'tally')) as unknown as { ciphertexts: unknown[] }[];
    const cts = tally!.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }));
    // The close record's hash, which every partial is bound to (the tally record's predecessor).
    const close = (JSON.parse((await boardText(ctx, EID)).split('\n').find((l) => l.endsWith(',"type":"close"}'))!) as { hash: string }).hash;
    // Trustee 1 decrypts on the trustee page with its share file (one partial per candidate); trustee 3 on its device.
    await trusteePage.reload();
    await trusteePage.setInputFiles('#contest-secret-file', join(DOWNLOADS, `trustee-1-${EID}-share.json`));
    await trusteePage.getByRole('button', { name: 'Post my partial decryptions', exact: true }).click();
    await expect.poll(() => trusteePage.locator('.notice-success').last().innerText().catch(() => '')).toMatch(/Your partial decryptions are posted/);
    await expect.poll(() => trusteePage.getByTestId('trustee-board-state').innerText()).toMatch(/Decrypted: 1\./); // re-read after the post
    const s3 = round.trustees.find((s) => s.trustee === 3)!;
    await postPartialDecryption(ctx, EID, contestPartialDecrypt(round.eh, close, { index: 3, secretShare: s3.secretShare!, verificationKey: ek!.verificationKeys.find((v) => v.trustee === 3)!.key }, cts) as never);
    await chair.reload();
    await confirm(chair, 'board-result', /^Declare/);
    await expect.poll(() => mainText(chair)).toMatch(/The result is declared/);

    const pub = await (await newContext(browser, server)).newPage();
    await pub.goto(`/contests/${ID}`);
    await pub.getByTestId('round-1-outcome').waitFor();
    expect(await pub.getByTestId('round-1-outcome').innerText()).toMatch(/Eliminated under the rulebook: Michael Gove/);
    expect(await pub.getByTestId('round-1-totals').innerText()).toMatch(/Spoilt ballots: 1\. Did not vote: \d+\./);
    expect(await pub.getByTestId('round-by-round').innerText()).toMatch(/Boris Johnson\s+20\s+Jeremy Hunt\s+18\s+Michael Gove\s+3\s+Spoilt ballots\s+1/);
    // The rounds chart: one line per candidate, named for assistive technology, a legend with each one's latest votes.
    const chart = pub.getByRole('img', { name: 'Votes for each candidate, round by round' });
    await chart.locator('svg .ct-series').first().waitFor({ state: 'attached' }); // a lone point has no area: attached, not "visible"
    expect(await chart.locator('svg .ct-series').count()).toBe(3);
    expect((await pub.locator('.rounds-legend li').allInnerTexts()).map((s) => s.trim())).toEqual(['Boris Johnson — 20', 'Jeremy Hunt — 18', 'Michael Gove — 3']);
    const table = await pub.getByTestId('round-1').innerText();
    expect(table).toMatch(/Boris Johnson\s+20/);
    expect(table).toMatch(/Jeremy Hunt\s+18/);
    expect(await pub.getByTestId('contest-phase').innerText()).toMatch(/members’ ballot is under way/);
    expect(await pub.getByRole('link', { name: 'Download this ballot’s public board' }).getAttribute('href')).toBe(`/api/elections/${EID}/board.jsonl`);
    await expectNoSeriousA11yViolations(pub, 'public contest page');
    await pub.setViewportSize({ width: 390, height: 844 });
    expect(await pub.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(pub, 'contest-public-390');
  });
});
