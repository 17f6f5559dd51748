/**
 * Every role's journey, end to end, in Chromium against the real app: a visitor, an MP who sends the letter
 * that reaches the threshold, an officer, the chair (sealed count, schedule, the refused early opening, the
 * reschedule, the verifiable vote), a trustee, a voter, the result, the MP told their letter was part of the
 * trigger, and the public tracker's editor pages. It runs twice on one server and one browser: on a desktop
 * (1280×800) in English, and on a phone (390×844) in Welsh, chosen by the browser's language as a first
 * visit would. On every state: axe-core finds no violation of any impact, and the page does not scroll
 * sideways (on the phone, at 320 px as well). The MP's letter and the chair's sealed count are done with the keyboard only. Screenshots of
 * each step go to /tmp/confidence-e2e/journeys/ for review.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, prepareBallot, signCredentialList } from '../../src/ballot';
import { whipHolders } from '../../src/domain/roster/membership';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { DEMO_CHAIR, DEMO_DAY, DEMO_OFFICERS, DEMO_PROCEDURE_ID } from '../../src/services/demo';
import { castBallot, electionView, uploadCredentials } from '../../src/services/elections';
import { openProcedure, runProcedureCommand } from '../../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, loadRoster } from '../../src/services/roster';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import type { Locale } from '../../src/web/i18n/locales';
import { SCREENSHOT_DIR, launchBrowser, loginThroughApi } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { startServerUnderTest, type TestServer } from './support/server-handle';

interface Variant {
  name: string;
  locale: Locale;
  browserLocale: string;
  width: number;
  height: number;
  procedureId: string;
}

const VARIANTS: Variant[] = [
  { name: 'desktop-en', locale: 'en', browserLocale: 'en-GB', width: 1280, height: 800, procedureId: DEMO_PROCEDURE_ID },
  { name: 'phone-cy', locale: 'cy', browserLocale: 'cy-GB', width: 390, height: 844, procedureId: 'journey-cy' },
];

const SHOTS = join(SCREENSHOT_DIR, 'journeys');
const downloads = mkdtempSync(join(tmpdir(), 'confidence-journeys-'));
let server: TestServer;
let browser: Browser;
let ctx: AppContext;
let writers: string[];

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  mkdirSync(SHOTS, { recursive: true });
  // The second journey runs on its own copy of the procedure: the first one ends with the vote decided.
  await openProcedure(ctx, SYSTEM_ACTOR, {
    id: 'journey-cy',
    rosterId: COMMONS_2019_ROSTER_ID,
    title: 'Confidence in Boris Johnson (journey on a phone)',
    leaderName: 'Boris Johnson',
    leaderMemberId: 'boris-johnson',
    leaderTookOfficeOn: '2019-07-24',
    rulebookId: 'conservative-1922',
    fixedDate: DEMO_DAY,
    openedOn: '2022-01-12',
  });
  const staff = new Set(['boris-johnson', DEMO_CHAIR.memberId, ...DEMO_OFFICERS.map((o) => o.memberId)]);
  writers = whipHolders(await loadRoster(ctx.db, COMMONS_2019_ROSTER_ID), 'Con', DEMO_DAY)
    .map((m) => m.memberId)
    .filter((id) => !staff.has(id));
  // 53 letters are already in on each procedure: the MP in the journey sends the 54th, which triggers the vote.
  for (const procedureId of VARIANTS.map((v) => v.procedureId)) {
    for (const memberId of writers.slice(0, 53)) await runProcedureCommand(ctx, SYSTEM_ACTOR, procedureId, { type: 'submit_letter', memberId, recordedBy: 'member' });
  }
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A catalogue message in the variant's language, formatted as the app formats it. */
function msg(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  return String(new IntlMessageFormat(CATALOGUES[locale][key], locale).format(values));
}

/** Rich messages lose their tags in the page's text. */
const plain = (text: string) => text.replace(/<\/?[a-z]+>/g, '');

async function contextFor(v: Variant): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: v.width, height: v.height },
    locale: v.browserLocale,
    timezoneId: 'Europe/London',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Every state: axe finds nothing at any impact, nothing scrolls sideways, and a screenshot is kept. */
async function check(page: Page, v: Variant, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((x) => ({ id: x.id, impact: x.impact, targets: x.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  });
  expect(violations, `axe on ${v.name} ${step}`).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `page width on ${v.name} ${step}`).toBeLessThanOrEqual(v.width);
  if (v.width < 640) {
    // The smallest phones in use: 320 px wide, still no sideways scrolling.
    await page.setViewportSize({ width: 320, height: v.height });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width on ${v.name} ${step} at 320 px`).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: v.width, height: v.height });
  }
  expect(await page.evaluate(() => document.documentElement.lang), `lang on ${v.name} ${step}`).toBe(v.locale);
  await page.screenshot({ path: join(SHOTS, `${v.name}-${step}.png`), fullPage: true });
}

/** Keyboard only: Tab until the element has focus (its focus must be visible), then press a key. */
async function tabTo(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      const ring = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
      });
      expect(ring, 'a visible focus indicator').toBe(true);
      await page.keyboard.press(key);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with the Tab key`);
}

async function downloadOf(page: Page, click: () => Promise<void>, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(downloads, name);
  await download.saveAs(path);
  return path;
}

describe.each(VARIANTS)('every role’s journey: $name', (v) => {
  const t = (key: MessageKey, values?: Record<string, string | number>) => msg(v.locale, key, values);
  const mpId = () => writers[v.locale === 'en' ? 53 : 54]!;
  const chairUrl = () => `/procedures/${v.procedureId}/chair`;
  const letterUrl = () => `/procedures/${v.procedureId}/my-letter`;

  it('runs from the last letter to the result', async () => {
    // --- a visitor: the public page, in the browser's language, with the next step for them ----------
    const visitor = await (await contextFor(v)).newPage();
    await visitor.goto(`/procedures/${v.procedureId}`);
    await visitor.getByTestId('next-step').waitFor();
    expect(await visitor.getByTestId('next-step').innerText()).toContain(t('next.public.login'));
    await check(visitor, v, '01-public');

    // --- the MP, keyboard only: a past date is refused in the page, then the letter is confirmed and sent ---
    const mpContext = await contextFor(v);
    await loginThroughApi(mpContext, server, `${mpId()}@members.demo`);
    const mp = await mpContext.newPage();
    await mp.goto(letterUrl());
    await mp.getByTestId('letter-status').waitFor();
    await check(mp, v, '02-mp-letter');
    await mp.locator('#effective-from').fill('2020-01-01');
    await tabTo(mp, mp.getByTestId('send-letter'));
    // Said in the page, next to the field (not only in the browser's tooltip), with today's date in the reader's format.
    const dateError = mp.locator('#effective-from-error');
    await dateError.waitFor();
    expect(await dateError.innerText()).toContain(t('myLetter.pastDate', { today: '§' }).split('§')[0]!.trim());
    expect(await dateError.innerText()).toContain('2022');
    await check(mp, v, '03-mp-past-date');
    await mp.locator('#effective-from').fill('');
    await tabTo(mp, mp.getByTestId('send-letter'));
    const sendDialog = mp.getByRole('dialog', { name: t('myLetter.confirmTitle') });
    await sendDialog.waitFor();
    await check(mp, v, '04-mp-confirm');
    await tabTo(mp, sendDialog.getByRole('button', { name: t('myLetter.confirmSend') }));
    await mp.getByRole('status').filter({ hasText: t('myLetter.sent') }).waitFor();
    expect(await mp.getByTestId('letter-status').innerText()).toContain(t('myLetter.tag.inForce'));
    await check(mp, v, '05-mp-sent');

    // --- an officer: sees the count and the letters, and none of the chair's actions ------------------
    const officerContext = await contextFor(v);
    await loginThroughApi(officerContext, server, 'officer@demo.confidence');
    const officer = await officerContext.newPage();
    await officer.goto(chairUrl());
    await officer.getByTestId('chair-count').waitFor();
    expect(await officer.getByTestId('chair-count').innerText()).toMatch(/^54/);
    expect(await officer.getByRole('button', { name: new RegExp(t('letters.withdraw')) }).count()).toBe(0);
    expect(await officer.getByText(t('record.heading')).count()).toBe(0);
    expect(await officer.getByRole('button', { name: t('seal.publish') }).count()).toBe(0);
    await check(officer, v, '06-officer');

    // --- the chair: the next step is the sealed count, published after confirming (keyboard only) -----
    const chairContext = await contextFor(v);
    await loginThroughApi(chairContext, server, 'chair@demo.confidence');
    const chair = await chairContext.newPage();
    await chair.goto(chairUrl());
    const next = chair.getByTestId('next-step');
    await next.getByRole('heading', { name: t('next.chair.seal') }).waitFor();
    expect(await chair.getByTestId('letters-table').locator('tbody tr').count()).toBe(10); // paged, not 54 rows
    await check(chair, v, '07-chair-threshold');
    await tabTo(chair, chair.getByRole('button', { name: t('seal.publish') }));
    const sealDialog = chair.getByRole('dialog', { name: t('seal.confirmTitle') });
    await sealDialog.waitFor();
    await check(chair, v, '08-chair-seal-confirm');
    await tabTo(chair, sealDialog.getByRole('button', { name: t('seal.confirm') }));
    await next.getByRole('heading', { name: t('next.chair.schedule') }).waitFor();

    // --- schedule for tomorrow; the next step names the verifiable vote ----------------------------
    await chair.getByLabel(t('ballot.opens')).fill('2022-06-06T18:00');
    await chair.getByLabel(t('ballot.closes')).fill('2022-06-06T20:00');
    await chair.getByRole('button', { name: t('ballot.submit') }).click();
    await next.getByRole('heading', { name: t('next.chair.create') }).waitFor();
    await check(chair, v, '09-chair-scheduled');
    // The credential authority made its key beforehand; the chair pastes the public half into the new vote.
    const authority = generateAuthorityKey();
    await chair.getByLabel(t('election.authority')).fill(authority.public);
    await chair.getByLabel(t('election.trustees')).selectOption('1/1');
    await chair.getByRole('button', { name: t('election.create'), exact: true }).click();
    await next.getByRole('heading', { name: t('next.chair.ceremony') }).waitFor();

    // --- a trustee runs the key ceremony on their own device; the chair uploads the credentials ------
    await next.getByRole('link', { name: t('next.chair.toCeremony') }).click();
    await chair.locator('#secret-file').waitFor();
    await check(chair, v, '10-ceremony');
    // The last confirmation, or the page's error if the step failed (so a failure says why).
    const done = (pattern: RegExp) =>
      expect
        .poll(async () => (await chair.locator('.notice-success').last().innerText().catch(() => '')) || (await chair.getByRole('alert').allInnerTexts()).join(' | '), { timeout: 60_000 })
        .toMatch(pattern);
    const said = (key: MessageKey) => new RegExp(t(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const button = (key: MessageKey) => chair.getByRole('button', { name: t(key), exact: true });
    const secret = await downloadOf(chair, () => button('ceremony.register').click(), `${v.name}-trustee.json`);
    await done(said('ceremony.registered'));
    await chair.setInputFiles('#secret-file', secret);
    const dealing = await downloadOf(chair, () => button('ceremony.commit').click(), `${v.name}-dealing.json`);
    await done(said('ceremony.committed'));
    await chair.setInputFiles('#secret-file', dealing);
    await button('ceremony.reveal').click();
    await done(said('ceremony.revealed'));
    await button('ceremony.postKey').click();
    await done(said('ceremony.keyPosted'));
    const share = await downloadOf(chair, () => button('ceremony.computeShare').click(), `${v.name}-share.json`);
    const creds = Array.from({ length: 359 }, () => generateCredential());
    const e0 = await electionView(ctx, `vote-${v.procedureId}`);
    // The credential authority's upload (its own journey, on the ceremony page) is done through the service here:
    // 359 keys typed into the page add minutes to a loaded CI machine and nothing to what this test checks.
    const { fingerprint: _fingerprint, ...list } = signCredentialList(e0.electionHash, authority.secret, creds.map((c) => c.public));
    await uploadCredentials(ctx, SYSTEM_ACTOR, `vote-${v.procedureId}`, list.credentials, { authority: list.authority, signature: list.signature });
    await chair.reload();

    // --- opening before the scheduled time is refused, with the reason in the reader's language -------
    await button('ceremony.open').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.openConfirm') }).click();
    await chair.getByRole('alert').filter({ hasText: errorText(v.locale) }).waitFor();
    await check(chair, v, '11-open-refused');

    // --- the chair reschedules to today; the vote opens -------------------------------------------
    await chair.goto(chairUrl());
    await next.getByRole('heading', { name: t('next.chair.open') }).waitFor();
    await chair.getByRole('button', { name: t('ballot.reschedule') }).click();
    await chair.getByLabel(t('ballot.opens')).fill('2022-06-05T09:00');
    await chair.getByLabel(t('ballot.closes')).fill('2022-06-05T23:00');
    await chair.getByRole('button', { name: t('ballot.rescheduleSubmit') }).click();
    await chair.getByTestId('ballot-times').filter({ hasText: '09:00' }).waitFor();
    await check(chair, v, '12-rescheduled');
    await next.getByRole('link', { name: t('next.chair.toCeremony') }).click();
    await button('ceremony.open').waitFor();
    await button('ceremony.open').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.openConfirm') }).click();
    await done(said('ceremony.opened'));

    // --- a voter casts a secret ballot in the booth -----------------------------------------------
    const e = await electionView(ctx, `vote-${v.procedureId}`);
    const voter = await (await contextFor(v)).newPage();
    await voter.goto(`/procedures/${v.procedureId}`);
    await voter.getByRole('link', { name: t('next.public.vote') }).click();
    await voter.getByTestId('credential-input').fill(creds[0]!.secret);
    await voter.getByTestId('choice-yes').check();
    await check(voter, v, '13-booth');
    await voter.getByTestId('encrypt').click();
    await voter.getByTestId('cast').click();
    await voter.getByTestId('receipt-tracker').waitFor();
    await check(voter, v, '14-receipt');
    const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey!) };
    for (const [i, choice] of [[1, 1], [2, 1], [3, 0]] as const) await castBallot(ctx, e.id, prepareBallot(params, creds[i]!.secret, choice).body);

    // --- close, tally, decrypt, declare ---------------------------------------------------------
    await button('ceremony.close').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.closeConfirm') }).click();
    await done(said('ceremony.closed'));
    await button('ceremony.postTally').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.tallyConfirm') }).click();
    await done(said('ceremony.tallyPosted'));
    await chair.setInputFiles('#secret-file', share);
    await button('ceremony.postPartial').click();
    await done(said('ceremony.partialPosted'));
    await button('ceremony.declare').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.resultConfirm') }).click();
    await done(said('ceremony.declared'));

    // --- the result, read once, and every step done ---------------------------------------------
    const result = t('result.survived', { yes: 3, no: 1 });
    await chair.goto(chairUrl());
    await chair.getByTestId('chair-result').waitFor();
    expect(await chair.getByTestId('chair-result').innerText()).toBe(result);
    expect(await chair.locator('.step-list [data-status="todo"], .step-list [data-status="current"]').count()).toBe(0);
    await check(chair, v, '15-chair-result');
    const procedure = await (await chairContext.request.get(`/api/procedures/${v.procedureId}`)).json();
    expect(procedure).toMatchObject({ state: 'immune', immuneUntil: '2023-06-05', outcome: { yes: 3, no: 1 } });

    await mp.goto(letterUrl());
    await mp.getByTestId('letter-status').waitFor();
    expect(await mp.getByTestId('letter-status').innerText()).toContain(t('myLetter.tag.spent'));
    await check(mp, v, '16-mp-after-vote');

    await visitor.goto(`/procedures/${v.procedureId}`);
    await visitor.getByTestId('public-result').waitFor();
    const publicText = await visitor.locator('main').innerText();
    expect(publicText.split(result).length - 1, 'the result in the state panel, the next step and the facts').toBeGreaterThan(0);
    expect(publicText).not.toMatch(/Yes 3, No 1 — /);
    await check(visitor, v, '17-public-result');
  }, 600_000);

  it('the public tracker and its member pages', async () => {
    const page = await (await contextFor(v)).newPage();
    await page.goto('/tracker');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await check(page, v, '20-tracker');
    await page.goto('/tracker/johnson-2022/members/nobody-at-all');
    await page.getByRole('heading', { name: t('trackerMember.unknown') }).waitFor();
    await check(page, v, '21-unknown-member');
  }, 120_000);
});

/** What the page says for a refused early opening: the code's meaning in Welsh or French, the server's words in English. */
function errorText(locale: Locale): RegExp {
  return locale === 'en' ? /scheduled to open/ : locale === 'cy' ? /aildrefnwch/ : /reprogrammez/;
}
