/**
 * The pages added last: the postal batches page, who backs whom (endorsements) on the contest and member pages, the
 * members' per-channel result and a member's own check of their ballot, the confidence vote's tracker lookup naming
 * what replaced a ballot, the ranked (preferential) set-up, chair, trustee and booth pages, and the chair's move of a
 * live vote's bound window, and the in-browser verifier on a contest board — each on a phone (390×844) in English, Welsh and French, as the browser's language picks
 * on a first visit. On every state: `lang` is the page's language, axe-core finds no violation of any impact, the
 * page does not scroll sideways, and a Welsh or French page shows no English string of the catalogue. One server and
 * one browser for the whole file; screenshots of each state go to test-results/new-pages/ for review.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciphertextFromJSON, initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential } from '../../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest, type ContestTallyBody } from '../../src/contest/board';
import { CLI_ACTOR, type AppContext } from '../../src/services/context';
import { closeNominations, createContestBallot, getContest, importContestRoll, nominate, openContest } from '../../src/services/contests';
import { castBallot, closeElection, computeTally, declareResult, finishKeyCeremony, openElection, postDkgCommitment, postDkgDealing, postPartialDecryption, postTrusteeKey, uploadCredentials } from '../../src/services/elections';
import { DEMO_CHAIR, DEMO_EDITOR } from '../../src/services/demo';
import { loadRoster } from '../../src/services/roster';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import type { Locale } from '../../src/web/i18n/locales';
import { openedElection, scheduledProcedure } from '../support/elections';
import { openedPreferential, type PreferentialCeremony } from '../support/preferential';
import { axeViolations, launchBrowser, loginThroughApi, sidewaysScroll } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { englishLeaks } from './support/english-leaks';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const LOCALES: { locale: Locale; browser: string }[] = [
  { locale: 'en', browser: 'en-GB' },
  { locale: 'cy', browser: 'cy-GB' },
  { locale: 'fr', browser: 'fr-FR' },
];
const SHOTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-results', 'new-pages');
const CONTEST = 'e2e-pages-postal';
const LIVE = 'e2e-pages-window';
const AUTHORITY = generateAuthorityKey();
const MEMBERS = ['m1', 'm2', 'm3'];
const files = mkdtempSync(join(tmpdir(), 'confidence-new-pages-'));

let server: TestServer;
let browser: Browser;
let ctx: AppContext;
let now = Date.now();
let eid: string;
let m1Tracker: string;
let creds: Credential[];
let candidates: { id: string; name: string }[];
let backer: { id: string; name: string };
let pendingBacker: { id: string; name: string };
let pref: PreferentialCeremony;
let liveElection: string;
let finishTally: () => Promise<void>;
/** Per language: the chair's, the editor's and a visitor's browser (each asks for that language). */
const contexts = new Map<string, BrowserContext>();

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'demo' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  ctx.clock = () => new Date(now);
  // A live confidence vote (real calendar) whose manifest binds its window; credentials are in, it is not open.
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await scheduledProcedure(ctx, LIVE, 4, { opensAt: `${day}T17:00:00.000Z`, closesAt: `${day}T19:00:00.000Z` });
  liveElection = (await openedElection(ctx, LIVE, { open: false })).electionId;
  // A ranked ballot, open.
  pref = await openedPreferential(ctx, { title: 'Labour leadership 2020 (members’ ballot)', candidates: ['Keir Starmer', 'Rebecca Long-Bailey', 'Lisa Nandy'], rankCap: 3, electorate: 3, trustees: 1, threshold: 1, mixers: 1 });

  // A 2024-rules contest (postal overrides online) whose two candidates go to the members; m1 votes online.
  now = Date.parse('2024-07-01T12:00:00Z');
  await openContest(ctx, CLI_ACTOR, { id: CONTEST, rulebookId: 'conservative-2024', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2024-07-10T13:00:00Z' });
  const { state } = await getContest(ctx.db, CONTEST);
  const [a, b, ...pool] = state.mps;
  const roster = await loadRoster(ctx.db, 'uk-commons-2019');
  const nameOf = (id: string) => roster.members.find((m) => m.memberId === id)!.displayName;
  candidates = [a!, b!].map((id) => ({ id, name: nameOf(id) }));
  backer = { id: pool[0]!, name: nameOf(pool[0]!) };
  pendingBacker = { id: pool[1]!, name: nameOf(pool[1]!) };
  let k = 0;
  for (const c of candidates) for (let i = 0; i < 10; i++) await nominate(ctx, CLI_ACTOR, CONTEST, { candidate: c.id, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[k++]! });
  now = Date.parse('2024-07-10T14:00:00Z');
  await closeNominations(ctx, CLI_ACTOR, CONTEST);
  await importContestRoll(ctx, CLI_ACTOR, CONTEST, { freezeDate: '2024-07-20', csv: `member_id,joined\n${MEMBERS.map((x) => `${x},2020-01-01`).join('\n')}\n` });
  const e = await createContestBallot(ctx, CLI_ACTOR, CONTEST, { trustees: 1, threshold: 1, authority: AUTHORITY.public });
  eid = e.id;
  const m = e.manifest as unknown as ContestBallotManifest;
  const reg = trusteeRegister(e.electionHash, 1);
  await postTrusteeKey(ctx, eid, reg.body);
  const deal = trusteeDeal(ceremonyManifest(m), e.electionHash, reg.secret, [reg.body]);
  await postDkgCommitment(ctx, eid, deal.commitment);
  await postDkgDealing(ctx, eid, deal.dealing);
  const key = await finishKeyCeremony(ctx, CLI_ACTOR, eid);
  finishTally = async () => {
    now = Date.parse(m.closesAt ?? '2024-08-01T00:00:00Z') + 60_000;
    const close = (await closeElection(ctx, CLI_ACTOR, eid)).head; // the close record's hash: the partials are bound to it
    const t = (await computeTally(ctx, CLI_ACTOR, eid)) as unknown as ContestTallyBody;
    const share = trusteeFinalize(ceremonyManifest(m), e.electionHash, deal.secret, [deal.dealing], key).secretShare!;
    await postPartialDecryption(ctx, eid, contestPartialDecrypt(e.electionHash, close, { index: 1, secretShare: share, verificationKey: key.verificationKeys[0]!.key }, t.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }))) as never);
    await declareResult(ctx, CLI_ACTOR, eid);
  };
  creds = MEMBERS.map(() => generateCredential());
  const { fingerprint: _f, ...list } = signCredentialList(e.electionHash, AUTHORITY.secret, creds.map((c) => c.public), key.publicKey);
  await uploadCredentials(ctx, CLI_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
  if (m.opensAt) now = Date.parse(m.opensAt) + 60_000;
  await openElection(ctx, CLI_ACTOR, eid);
  m1Tracker = (await castBallot(ctx, eid, prepareContestBallot(m, e.electionHash, Point.fromHex(key.publicKey), creds[0]!.secret, 0).body)).tracker;

  for (const { locale, browser: lang } of LOCALES) {
    for (const who of ['chair', 'editor', 'visitor']) {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, locale: lang, timezoneId: 'Europe/London' });
      context.setDefaultTimeout(20_000);
      if (who === 'chair') await loginThroughApi(context, server, DEMO_CHAIR.email);
      if (who === 'editor') await loginThroughApi(context, server, DEMO_EDITOR.email);
      contexts.set(`${who}-${locale}`, context);
    }
  }
  // The editor records who backs whom in the contest from an article, then accepts it.
  const editor = contexts.get('editor-en')!;
  const session = (await (await editor.request.get('/api/session')).json()) as { csrfToken: string };
  const res = await editor.request.post(`/api/trackers/johnson-2022/contests/${CONTEST}/endorsements`, {
    data: { candidates, articles: [{ fileName: 'race.txt', outlet: 'The Wire', published: '2024-07-12', text: `${backer.name} is backing ${candidates[0]!.name}.` }] },
    headers: { 'X-CSRF-Token': session.csrfToken },
  });
  expect(res.status(), await res.text()).toBe(200);
  // What was read waits for an editor: the editor accepts it on the desk, so the public pages show it.
  const recorded = (await res.json()) as { awaitingReview: Array<{ id: string }> };
  const accepted = await editor.request.post(`/api/trackers/johnson-2022/contests/${CONTEST}/endorsements/review`, {
    data: { type: 'accept', candidateId: candidates[0]!.id, memberId: backer.id, endorsements: recorded.awaitingReview.map((e) => e.id) },
    headers: { 'X-CSRF-Token': session.csrfToken },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  // A second backer stays on the desk, for the review page's endorsement queue in every language.
  const pending = await editor.request.post(`/api/trackers/johnson-2022/contests/${CONTEST}/endorsements`, {
    data: { candidates, articles: [{ fileName: 'race-2.txt', outlet: 'The Wire', published: '2024-07-13', text: `${pendingBacker.name} is backing ${candidates[1]!.name}.` }] },
    headers: { 'X-CSRF-Token': session.csrfToken },
  });
  expect(((await pending.json()) as { stored: number }).stored).toBe(1);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const msg = (locale: Locale, key: MessageKey, values?: Record<string, string | number>) => String(new IntlMessageFormat(CATALOGUES[locale][key], locale).format(values));

/** A state on a phone: the page's language, axe clean at any impact, no sideways scrolling, no English left; a screenshot. */
async function check(page: Page, locale: Locale, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: join(SHOTS, `${step}-${locale}.png`), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.lang), `lang on ${step} (${locale})`).toBe(locale);
  expect(await axeViolations(page), `axe on ${step} (${locale}) at 390 px`).toEqual([]);
  expect(await sidewaysScroll(page, 390), `sideways scrolling on ${step} (${locale}) at 390 px`).toBeNull();
  if (locale !== 'en') expect(await englishLeaks(page, locale), `English left on ${step} (${locale})`).toEqual([]);
}

async function pageOf(who: string, locale: Locale, path: string): Promise<Page> {
  const page = await contexts.get(`${who}-${locale}`)!.newPage();
  await page.goto(path);
  return page;
}

describe.each(LOCALES)('the new pages on a phone in $locale', ({ locale }) => {
  const t = (key: MessageKey, values?: Record<string, string | number>) => msg(locale, key, values);

  it('the contest while the members vote: the postal page, the members’ booth, who backs whom', async () => {
    const postal = await pageOf('chair', locale, `/contests/${CONTEST}/postal`);
    await postal.getByTestId('postal-enter').waitFor();
    await check(postal, locale, '01-postal');
    // A form sent without its files says what is missing, in the page's language.
    await postal.getByTestId('postal-submit').click();
    await postal.getByText(t('postal.enter.missing')).waitFor();
    await check(postal, locale, '02-postal-missing');
    await postal.close();

    const booth = await pageOf('visitor', locale, `/elections/${eid}/vote`);
    await booth.locator('main h1').waitFor();
    await check(booth, locale, '03-members-booth');
    await booth.close();

    const contest = await pageOf('visitor', locale, `/contests/${CONTEST}`);
    await contest.getByTestId('endorsements').waitFor();
    expect(await contest.getByTestId('endorsements').innerText()).toContain(backer.name);
    expect(await contest.getByTestId('endorsements').innerText()).not.toContain(pendingBacker.name);
    await check(contest, locale, '04-contest-endorsements');
    await contest.goto(`/tracker/johnson-2022/members/${backer.id}`);
    await contest.getByTestId('member-endorsements').waitFor();
    await check(contest, locale, '05-member-endorsements');
    await contest.close();

    // The endorsement still waiting is on the editors' desk only, in the page's language.
    const desk = await pageOf('editor', locale, '/tracker/johnson-2022/review');
    const queue = desk.getByTestId('endorsement-queue');
    await queue.locator(`[data-endorsement-group="${pendingBacker.id}"]`).waitFor();
    expect(await queue.innerText()).toContain(t('endorsements.desk.candidate', { candidate: candidates[1]!.name }));
    await check(desk, locale, '05b-review-endorsements');
    await desk.close();
  }, 180_000);

  it('the ranked ballot: set-up, chair, trustee and booth pages', async () => {
    const setup = await pageOf('chair', locale, '/preferential/new');
    await setup.getByTestId('pref-create-button').waitFor();
    await check(setup, locale, '06-ranked-new');
    await setup.goto(`/preferential/${pref.eid}/chair`);
    await setup.getByTestId('pref-chair-title').waitFor();
    await check(setup, locale, '07-ranked-chair');
    await setup.goto(`/preferential/${pref.eid}/trustee`);
    await setup.getByTestId('pref-decrypt-button').waitFor();
    await check(setup, locale, '08-ranked-trustee');
    await setup.close();
    const booth = await pageOf('visitor', locale, `/preferential/${pref.eid}/vote`);
    await booth.getByTestId('cast').waitFor();
    await check(booth, locale, '09-ranked-booth');
    await booth.close();
  }, 180_000);

  it('the chair’s move of a live vote’s bound window', async () => {
    const chair = await pageOf('chair', locale, `/elections/${liveElection}/ceremony`);
    await chair.getByTestId('step-window').waitFor();
    await check(chair, locale, '10-move-window');
    await chair.close();
  }, 120_000);
});

describe('after the members’ count', () => {
  it('enters a postal batch on the page in French; the batch, the per-channel result and each tracker check read in every language', async () => {
    const fr = (key: MessageKey, values?: Record<string, string | number>) => msg('fr', key, values);
    const secrets = join(files, 'credentials-secret.jsonl');
    writeFileSync(secrets, MEMBERS.map((member, i) => JSON.stringify({ member, credential: creds[i]!.secret })).join('\n') + '\n');
    const keyFile = join(files, 'authority-key.json');
    writeFileSync(keyFile, JSON.stringify({ secret: AUTHORITY.secret, public: AUTHORITY.public }));
    const postal = await pageOf('chair', 'fr', `/contests/${CONTEST}/postal`);
    // The device dates the batch by its own clock: R18 holds it to the (2024) voting window and the server refuses one
    // more than 5 minutes from its (fake) clock, so the browser's clock is set to the server's.
    await postal.clock.setFixedTime(new Date(now));
    await postal.locator('#postal-papers').fill(`envelope,member_id,choice\nENV-1,m1,${candidates[1]!.id}\nENV-2,m2,${candidates[0]!.id}\n`);
    await postal.locator('#postal-secrets').setInputFiles(secrets);
    await postal.locator('#postal-key').setInputFiles(keyFile);
    await postal.getByTestId('postal-submit').click();
    await postal.getByTestId('postal-batch-1').waitFor({ timeout: 60_000 });
    await postal.getByText(fr('postal.entered', { n: 1, seq: '§', papers: 2, digest: '§', chain: '§' }).split('§')[0]!.trim()).waitFor();
    await check(postal, 'fr', '11-postal-entered');
    await postal.close();
    await finishTally();
    // The board's clock moved past the close: the chairs' sessions have expired, so they log in again.
    for (const { locale } of LOCALES) await loginThroughApi(contexts.get(`chair-${locale}`)!, server, DEMO_CHAIR.email);

    for (const { locale } of LOCALES) {
      const t = (key: MessageKey, values?: Record<string, string | number>) => msg(locale, key, values);
      const page = await pageOf('chair', locale, `/contests/${CONTEST}/postal`);
      await page.getByTestId('postal-batch-1').waitFor();
      expect(await page.getByTestId('postal-not-open').innerText()).toContain(t('journeys.postal.closed'));
      await check(page, locale, '12-postal-batch');
      await page.goto(`/contests/${CONTEST}`);
      await page.getByTestId('members-channels').waitFor();
      await page.locator('#member-check-tracker').fill(m1Tracker);
      await page.getByTestId('member-check').getByRole('button', { name: t('postal.fate.button') }).click();
      await page.getByTestId('member-check-result').waitFor();
      // The members tied 1–1: the count stays published, and the rulebook runs the ballot again (the chair starts it).
      expect(await page.getByTestId('members-awaiting-rerun').innerText()).toContain(t('contest.members.rerun'));
      await page.getByTestId('tied-members').waitFor();
      await check(page, locale, '13-contest-channels-check');
      // The election page's own tracker lookup names what replaced the ballot, as the contest page does.
      await page.goto(`/elections/${eid}`);
      await page.getByTestId('tracker-input').fill(m1Tracker);
      await page.getByTestId('tracker-input').press('Enter');
      const status = page.getByTestId('tracker-status');
      await status.waitFor();
      expect(await status.innerText()).toContain(t('postal.fate.replaced', { seq: '§', at: '§', batch: 1 }).split('§')[0]!.trim());
      expect(await status.innerText()).toMatch(/\b1\b/);
      await check(page, locale, '14-election-tracker-replaced');
      // The in-browser verifier checks a contest board (R1–R19), its postal batch included (R18), in the page's language.
      await page.goto(`/elections/${eid}/verify`);
      await page.getByTestId('verify-verdict').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('verify-verdict').innerText()).toContain(t('journeys.cverify.boardVerified'));
      expect(await page.locator('[data-testid="cverify-checks-members"] li[data-check="R18"]').getAttribute('data-status')).toBe('passed');
      await check(page, locale, '15-verifier-contest-board');
      await page.close();
    }
  }, 300_000);
});
