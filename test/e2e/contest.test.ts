/**
 * A leadership contest in Chromium against the real app (2019 rules: 8 nominators; round 1 needs 17 votes): an MP
 * nominates on their page, the chair closes the list, schedules round 1 and puts it on a verifiable board; the
 * trustees and the credential authority do their parts (on "their devices": here, in the test); the chair opens
 * the round, the MP votes in the browser's booth, the chair closes, tallies and — once two trustees have
 * decrypted — declares it; the public page shows the decrypted counts and the elimination the rulebook implies.
 * axe finds no serious violation on the MP, chair and public pages; the public page fits 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ciphertextFromJSON, initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential, type TrusteeSecretFile } from '../../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest } from '../../src/contest/board';
import { CLI_ACTOR, SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { getContest, nominate, openContest } from '../../src/services/contests';
import { castBallot, electionView, finishKeyCeremony, openElection, postDkgCommitment, postDkgDealing, postPartialDecryption, postTrusteeKey, publicRecords, uploadCredentials } from '../../src/services/elections';
import { DEMO_CHAIR, memberEmail } from '../../src/services/demo';
import { ensureWebBuilt } from './support/build-web';
import { expectNoSeriousA11yViolations, launchBrowser, loginThroughApi, mainText, newContext, screenshot } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const ID = 'e2e-contest';
const MP = 'steve-baker';
const CANDIDATES = ['boris-johnson', 'jeremy-hunt', 'michael-gove'];
const EID = `contest-${ID}-round-1`;
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

describe('a leadership contest in the browser', () => {
  it('an MP nominates once on their page', async () => {
    await mp.goto(`/contests/${ID}/mp`);
    await mp.getByTestId('nominee').selectOption('michael-gove');
    await mp.getByTestId('role-supporter').check();
    await expectNoSeriousA11yViolations(mp, 'MP page (nominations)');
    await expectFits390(mp);
    await confirm(mp, 'nominate', 'Nominate');
    await expect.poll(() => mainText(mp)).toMatch(/Your nomination of Michael Gove is recorded/);
    // The second attempt is refused by the server, in words.
    await mp.getByTestId('nominee').selectOption('jeremy-hunt');
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

  it('the trustees make the key and the credential authority publishes the list; the chair opens the round', async () => {
    const view = await electionView(ctx, EID);
    const m = view.manifest as unknown as ContestBallotManifest;
    const eh = view.electionHash;
    const cm = ceremonyManifest(m);
    const regs = [1, 2, 3].map((t) => trusteeRegister(eh, t));
    for (const r of regs) await postTrusteeKey(ctx, EID, r.body);
    const keys = await publicRecords(ctx, EID, 'trustee_key');
    const deals = regs.map((r) => trusteeDeal(cm, eh, r.secret, keys));
    for (const d of deals) await postDkgCommitment(ctx, EID, d.commitment);
    for (const d of deals) await postDkgDealing(ctx, EID, d.dealing);
    const key = await finishKeyCeremony(ctx, SYSTEM_ACTOR, EID);
    const dealings = await publicRecords(ctx, EID, 'dkg_dealing');
    const trustees = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, key));
    const creds = Array.from({ length: m.electorate }, () => generateCredential());
    const { fingerprint: _f, ...list } = signCredentialList(eh, AUTHORITY.secret, creds.map((c) => c.public));
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
    for (const t of [1, 3]) {
      const s = round.trustees[t - 1]!;
      await postPartialDecryption(ctx, EID, contestPartialDecrypt(round.eh, { index: t, secretShare: s.secretShare!, verificationKey: ek!.verificationKeys.find((v) => v.trustee === t)!.key }, cts) as never);
    }
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
