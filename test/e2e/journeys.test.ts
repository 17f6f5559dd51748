/**
 * Every role's journey, end to end, in Chromium against the real app: a visitor, an MP who sends the letter
 * that reaches the threshold, an officer, the chair (sealed count, schedule, the refused early opening, the
 * reschedule, the verifiable vote), an officer as trustee on their own device (key ceremony, decryption
 * share), a voter, the result, the MP told their letter was part of the trigger, and the tracker's editor
 * (an article in, a proposal rejected after confirming, the rest published, the public chart). It runs twice
 * on one server and one browser: in English driven at 1280×800, and in Welsh driven at 390×844 (chosen by
 * the browser's language, as a first visit would). Every state is checked at both sizes, 1280×800 and
 * 390×844 (and 320 px wide): axe-core finds no violation of any impact and the page does not scroll
 * sideways; the Welsh pages show no English string of the catalogue. The MP's letter, the chair's sealed count and the voter's ballot are done with the keyboard
 * only (Tab, Enter, Space). Screenshots of each step at each size go to test-results/journeys/ for review.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, Point } from '../../src/crypto';
import { formatFingerprint, generateAuthorityKey, generateCredential, prepareBallot, signCredentialList } from '../../src/ballot';
import { whipHolders } from '../../src/domain/roster/membership';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { DEMO_CHAIR, DEMO_DAY, DEMO_OFFICERS, DEMO_PROCEDURE_ID } from '../../src/services/demo';
import { castBallot, electionView, uploadCredentials } from '../../src/services/elections';
import { openProcedure, runProcedureCommand } from '../../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, loadRoster } from '../../src/services/roster';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import type { Locale } from '../../src/web/i18n/locales';
import { axeViolations, chooseOption, launchBrowser, loginThroughApi, sidewaysScroll } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { englishLeaks } from './support/english-leaks';
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

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots for review (gitignored). */
const SHOTS = join(REPO, 'test-results', 'journeys');
/** Every state is checked at both sizes the issue names, whichever the journey is driven at. */
const SIZES = [
  { label: 'desktop', width: 1280, height: 800 },
  { label: 'phone', width: 390, height: 844 },
] as const;
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

/**
 * Every state, at 1280×800 and at 390×844 (and 320 px wide): axe finds nothing at any impact, nothing
 * scrolls sideways, the language is right, and a screenshot of each size is kept.
 */
async function check(page: Page, v: Variant, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const sizes = [...SIZES].sort((a) => (a.width === v.width ? -1 : 1)); // the journey's own size first
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await axeViolations(page), `axe on ${v.name} ${step} at ${size.width} px`).toEqual([]);
    expect(await sidewaysScroll(page, size.width), `sideways scrolling on ${v.name} ${step} at ${size.width} px`).toBeNull();
    if (size.label === 'phone') {
      // The top bar leaves the phone's screen to the page (it took 220 px): the menu folds, the demo notice is short.
      const bar = await page.locator('header').first().boundingBox();
      expect(bar?.height ?? 0, `top bar height on ${v.name} ${step} on a phone`).toBeLessThanOrEqual(120);
    }
    await page.screenshot({ path: join(SHOTS, `${v.name}-${step}-${size.label}.png`), fullPage: true });
  }
  // The smallest phones in use: 320 px wide, still no sideways scrolling.
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await sidewaysScroll(page, 320), `sideways scrolling on ${v.name} ${step} at 320 px`).toBeNull();
  await page.setViewportSize({ width: v.width, height: v.height });
  expect(await page.evaluate(() => document.documentElement.lang), `lang on ${v.name} ${step}`).toBe(v.locale);
  // No English string of the catalogue on a Welsh page (a missing key or a literal would show one).
  if (v.locale !== 'en') expect(await englishLeaks(page, v.locale), `English left on ${v.name} ${step}`).toEqual([]);
}

/** Keyboard only: Tab until the element has focus (its focus must be visible), then press a key (or none). */
async function tabTo(page: Page, target: Locator, key: string | null = 'Enter'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      const ring = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
      });
      expect(ring, 'a visible focus indicator').toBe(true);
      if (key) await page.keyboard.press(key);
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
    // Paged, not 54 rows; sortable by its column headers.
    await expect.poll(() => chair.getByTestId('letters-table').locator('tbody tr').count()).toBe(10);
    expect(await chair.getByRole('columnheader', { name: t('letters.member') }).getAttribute('aria-sort')).toBe('ascending');
    // The timeline is newest first throughout, same-day entries included: the counts never rise going down.
    const counts = (await chair.getByTestId('chair-timeline').locator('li .hint').allInnerTexts()).map((text) => Number(/\d+/.exec(text)![0]));
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBe(54);
    // The row actions stay inside the letters' card (they spilled out of it at 1280 px).
    const spill = await chair.getByTestId('letters-table').evaluate((table) => {
      const card = table.closest('.card')!.getBoundingClientRect();
      return [...table.querySelectorAll('button')].filter((b) => b.getBoundingClientRect().right > card.right).length;
    });
    expect(spill, 'buttons outside the letters card').toBe(0);
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
    await chooseOption(chair, chair.locator('#trustee-split'), '1/1');
    await chair.getByRole('button', { name: t('election.create'), exact: true }).click();
    await next.getByRole('heading', { name: t('next.chair.ceremony') }).waitFor();

    // --- an officer, as trustee, runs the key ceremony on their own device; the chair posts the key ----
    await next.getByRole('link', { name: t('next.chair.toCeremony') }).click();
    await chair.locator('#secret-file').waitFor();
    const ceremonyUrl = new URL(chair.url()).pathname;
    await officer.goto(ceremonyUrl);
    await officer.locator('#secret-file').waitFor();
    expect(await officer.getByRole('button', { name: t('ceremony.postKey'), exact: true }).count(), 'the chair’s steps are not the trustee’s').toBe(0);
    await check(officer, v, '10-trustee-ceremony');
    // The last confirmation on a page, or the page's error if the step failed (so a failure says why).
    const done = (page: Page, pattern: RegExp) =>
      expect
        .poll(async () => (await page.locator('.notice-success').last().innerText().catch(() => '')) || (await page.getByRole('alert').allInnerTexts()).join(' | '), { timeout: 60_000 })
        .toMatch(pattern);
    const said = (key: MessageKey) => new RegExp(t(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const button = (key: MessageKey) => chair.getByRole('button', { name: t(key), exact: true });
    const trusteeButton = (key: MessageKey) => officer.getByRole('button', { name: t(key), exact: true });
    const secret = await downloadOf(officer, () => trusteeButton('ceremony.register').click(), `${v.name}-trustee.json`);
    await done(officer, said('ceremony.registered'));
    await officer.setInputFiles('#secret-file', secret);
    const dealing = await downloadOf(officer, () => trusteeButton('ceremony.commit').click(), `${v.name}-dealing.json`);
    await done(officer, said('ceremony.committed'));
    await officer.setInputFiles('#secret-file', dealing);
    await trusteeButton('ceremony.reveal').click();
    await done(officer, said('ceremony.revealed'));
    await check(officer, v, '10b-trustee-revealed');
    await chair.reload();
    await button('ceremony.postKey').click();
    await done(chair, said('ceremony.keyPosted'));
    await officer.reload();
    await officer.setInputFiles('#secret-file', dealing);
    const share = await downloadOf(officer, () => trusteeButton('ceremony.computeShare').click(), `${v.name}-share.json`);
    await done(officer, said('ceremony.shareComputed'));
    const creds = Array.from({ length: 359 }, () => generateCredential());
    const e0 = await electionView(ctx, `vote-${v.procedureId}`);
    // The credential authority's upload (its own journey, on the ceremony page) is done through the service here:
    // 359 keys typed into the page add minutes to a loaded CI machine and nothing to what this test checks.
    const { fingerprint: letterFingerprint, ...list } = signCredentialList(e0.electionHash, authority.secret, creds.map((c) => c.public), e0.publicKey!);
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
    await done(chair, said('ceremony.opened'));

    // --- a voter casts a secret ballot in the booth, with the keyboard only -------------------------
    const e = await electionView(ctx, `vote-${v.procedureId}`);
    const voter = await (await contextFor(v)).newPage();
    await voter.goto(`/procedures/${v.procedureId}`);
    await tabTo(voter, voter.getByRole('link', { name: t('next.public.vote') }));
    await tabTo(voter, voter.getByTestId('credential-input'), null);
    // The booth shows the fingerprint it computed from the key it encrypts under: the one in the member's letter.
    expect(await voter.getByTestId('credentials-fingerprint').textContent()).toContain(formatFingerprint(letterFingerprint));
    await voter.keyboard.type(creds[0]!.secret);
    await tabTo(voter, voter.getByTestId('choice-yes'), 'Space');
    expect(await voter.getByTestId('choice-yes').isChecked()).toBe(true);
    await check(voter, v, '13-booth');
    await tabTo(voter, voter.getByTestId('encrypt'));
    // Encrypted: cast it, or check this one instead (Benaloh) — both readable (the check was white on light blue).
    await voter.getByTestId('challenge').waitFor();
    await check(voter, v, '13b-booth-encrypted');
    await tabTo(voter, voter.getByTestId('cast'));
    await voter.getByTestId('receipt-tracker').waitFor();
    await check(voter, v, '14-receipt');
    const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey!) };
    for (const [i, choice] of [[1, 1], [2, 1], [3, 0]] as const) await castBallot(ctx, e.id, prepareBallot(params, creds[i]!.secret, choice).body);

    // --- the chair closes and tallies; the trustee posts their share; the chair declares ------------
    await button('ceremony.close').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.closeConfirm') }).click();
    await done(chair, said('ceremony.closed'));
    await button('ceremony.postTally').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.tallyConfirm') }).click();
    await done(chair, said('ceremony.tallyPosted'));
    await officer.reload();
    await officer.setInputFiles('#secret-file', share);
    await trusteeButton('ceremony.postPartial').click();
    await done(officer, said('ceremony.partialPosted'));
    await check(officer, v, '14b-trustee-share-posted');
    await chair.reload();
    await button('ceremony.declare').click();
    await chair.getByRole('dialog').getByRole('button', { name: t('ceremony.resultConfirm') }).click();
    await done(chair, said('ceremony.declared'));

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

    // The election's public page and the verifier in the visitor's browser: long hashes wrap on a phone.
    await visitor.goto(`/elections/vote-${v.procedureId}`);
    await visitor.getByTestId('election-result').waitFor();
    await check(visitor, v, '18-election');
    await visitor.goto(`/elections/vote-${v.procedureId}/verify`);
    await visitor.getByTestId('verify-verdict').waitFor({ timeout: 60_000 });
    await check(visitor, v, '19-verifier');
  }, 600_000);

  it('the tracker’s editor: an article in, one proposal rejected after confirming, the rest published', async () => {
    // Each run reads its own article (the tracker is shared): a local paper in English, the BBC in Welsh.
    const [file, outlet, published] = v.locale === 'en' ? ['000_782e18795b2a75b7.txt', 'Bury Times', '2022-01-19'] : ['001_ea6c2ed50b83dc89.txt', 'BBC News', '2022-02-01'];
    const article = readFileSync(join(REPO, 'eval', 'tracker', 'seeds', file), 'utf8');
    const editorContext = await contextFor(v);
    await loginThroughApi(editorContext, server, 'editor@demo.confidence');
    const editor = await editorContext.newPage();
    await editor.goto('/tracker/johnson-2022/review');
    await editor.getByRole('heading', { level: 1, name: t('review.title') }).waitFor();
    await check(editor, v, '30-editor-desk');

    // The form has labels above roomy fields; the article is pasted as an editor would.
    await editor.getByLabel(t('review.fileName')).fill(file);
    await editor.getByLabel(t('review.outlet'), { exact: true }).first().fill(outlet);
    await editor.getByLabel(t('review.publishedOn'), { exact: true }).fill(published);
    await editor.getByLabel(t('review.articleText')).fill(article);
    await editor.getByRole('button', { name: t('review.find') }).click();
    const accept = editor.getByRole('button', { name: t('review.accept') });
    await expect.poll(() => accept.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await check(editor, v, '31-editor-proposals');

    // Rejecting is confirmed first; cancelling keeps the proposal.
    const proposals = () => editor.locator('.card-list > li');
    const before = await proposals().count();
    const first = proposals().first();
    const person = (await first.getByRole('heading').innerText()).split(' — ')[0]!.trim();
    await first.getByRole('button', { name: t('review.reject'), exact: true }).click();
    const dialog = editor.getByRole('dialog', { name: t('review.rejectTitle') });
    await dialog.waitFor();
    await check(editor, v, '32-editor-reject-confirm');
    await dialog.getByRole('button', { name: t('common.cancel') }).click();
    expect(await proposals().count()).toBe(before);
    await first.getByRole('button', { name: t('review.reject'), exact: true }).click();
    await dialog.getByRole('button', { name: t('review.rejectConfirm') }).click();
    await editor.getByRole('status').filter({ hasText: t('review.rejected', { person }) }).waitFor();
    // Publishing one may settle another (the same declaration from two paragraphs): until none is left.
    for (let left = await accept.count(), guard = 0; left > 0 && guard < 20; left = await accept.count(), guard++) {
      await accept.first().click();
      await expect.poll(() => accept.count()).toBeLessThan(left);
    }
    await editor.getByText(t('review.empty')).waitFor();
    await check(editor, v, '33-editor-published');

    // The public sees what was published, on a readable chart with its table beside it.
    const visitor = await (await contextFor(v)).newPage();
    await visitor.goto('/tracker');
    await visitor.getByRole('img', { name: t('chart.title') }).waitFor();
    await visitor.locator('.timeline-chart svg').waitFor();
    expect(await visitor.locator('main').innerText()).toContain(outlet);
    await check(visitor, v, '34-public-tracker');
    await editorContext.close();
  }, 240_000);

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
