/**
 * The roles not yet driven by keyboard alone in journeys.test.ts — the officer, the chair, the trustee and the
 * tracker's editor — each with Tab, Shift+Tab, Enter, Space and the arrow keys only, and all of it in French: a
 * visitor picks French with the language switch (remembered across reloads and pages), the roles' browsers ask for
 * French (a first visit follows the browser's language). On every state: the focused control shows a visible focus
 * indicator, axe finds no violation of any impact, and no English string of the catalogue leaks into the page (a
 * missing or untranslated key would show its English text; data marked lang="en" — names, rulebooks, the server's
 * English details — is not counted). The chair also moves a live vote's bound window, signed in the browser with the
 * credential authority's key file; a key that is not the authority's is refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { generateAuthorityKey } from '../../src/ballot';
import { whipHolders } from '../../src/domain/roster/membership';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { DEMO_CHAIR, DEMO_DAY, DEMO_OFFICERS } from '../../src/services/demo';
import { electionView } from '../../src/services/elections';
import { openProcedure, runProcedureCommand, loadProcedure } from '../../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, loadRoster } from '../../src/services/roster';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import { openedElection, scheduledProcedure } from '../support/elections';
import { axeViolations, launchBrowser, loginThroughApi } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { englishLeaks, englishRuns, pageWords } from './support/english-leaks';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PROCEDURE = 'clavier-fr';
const LIVE = 'live-window';
const files = mkdtempSync(join(tmpdir(), 'confidence-keyboard-'));
let server: TestServer;
let browser: Browser;
let ctx: AppContext;
let liveElection: string;
let authorityFile: string;
let wrongKeyFile: string;

/** A UK wall-clock time `days` from now at `hour`:00, as a datetime-local value ('2027-01-20T18:00'). */
function ukLocal(days: number, hour: number): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
  return `${day}T${String(hour).padStart(2, '0')}:00`;
}

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'empty-procedure' }), launchBrowser()]);
  await probeDateLayout();
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  await openProcedure(ctx, SYSTEM_ACTOR, {
    id: PROCEDURE,
    rosterId: COMMONS_2019_ROSTER_ID,
    title: 'Confidence in Boris Johnson (keyboard, French)',
    leaderName: 'Boris Johnson',
    leaderMemberId: 'boris-johnson',
    leaderTookOfficeOn: '2019-07-24',
    rulebookId: 'conservative-1922',
    fixedDate: DEMO_DAY,
    openedOn: '2022-01-12',
  });
  const staff = new Set(['boris-johnson', DEMO_CHAIR.memberId, ...DEMO_OFFICERS.map((o) => o.memberId)]);
  const writers = whipHolders(await loadRoster(ctx.db, COMMONS_2019_ROSTER_ID), 'Con', DEMO_DAY)
    .map((m) => m.memberId)
    .filter((id) => !staff.has(id));
  // The threshold (54 letters) is reached: the chair's next step is the sealed count.
  for (const memberId of writers.slice(0, 54)) await runProcedureCommand(ctx, SYSTEM_ACTOR, PROCEDURE, { type: 'submit_letter', memberId, recordedBy: 'member' });
  // A live vote (real calendar) whose manifest binds its window; credentials are in, it is not open.
  const [o, c] = [ukLocal(2, 18), ukLocal(2, 20)];
  await scheduledProcedure(ctx, LIVE, 4, { opensAt: ukIso(o), closesAt: ukIso(c) });
  const ceremony = await openedElection(ctx, LIVE, { open: false });
  liveElection = ceremony.electionId;
  authorityFile = join(files, 'authority-key.json');
  writeFileSync(authorityFile, JSON.stringify({ kind: 'confidence credential authority key (keep offline)', ...ceremony.authority }));
  wrongKeyFile = join(files, 'another-key.json');
  writeFileSync(wrongKeyFile, JSON.stringify(generateAuthorityKey()));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** datetime-local UK wall time → ISO instant (the test machine's zone may differ). */
function ukIso(local: string): string {
  const guess = Date.parse(`${local}:00Z`);
  const offset = (at: number) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - at;
  };
  return new Date(guess - offset(guess)).toISOString();
}

const fr = (key: MessageKey, values?: Record<string, string | number>) => String(new IntlMessageFormat(CATALOGUES.fr[key], 'fr').format(values));

/** A state in French: lang="fr", no English string of the catalogue, axe clean. */
async function checkFrench(page: Page, step: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => document.documentElement.lang), `lang on ${step}`).toBe('fr');
  expect(await englishLeaks(page, 'fr'), `English left on the French page: ${step}`).toEqual([]);
  expect(await axeViolations(page), `axe on ${step}`).toEqual([]);
}

/** Keyboard only: Tab (or Shift+Tab) until the target has focus; its focus must be visible; then press a key (or none). */
async function tabTo(page: Page, target: Locator, key: string | null = 'Enter', back = false): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      const ring = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';
      });
      expect(ring, `a visible focus indicator on ${target}`).toBe(true);
      if (key) await page.keyboard.press(key);
      return;
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${target} with the Tab key`);
}

/**
 * How this Chromium lays out its date fields: they follow the browser's own interface language (the operating
 * system's), not the page's, so a keyboard user types day or month first, and a 12-hour clock needs AM/PM.
 */
let layout: { dayFirst: boolean; twelveHour: boolean };
async function probeDateLayout(): Promise<void> {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.setContent('<input id="d" type="date"><input id="t" type="datetime-local">');
  await page.focus('#d');
  await page.keyboard.type('01022003');
  const dayFirst = (await page.inputValue('#d')) === '2003-02-01';
  await page.focus('#t');
  await page.keyboard.type('01022003');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('0900'); // complete on a 24-hour clock; a 12-hour one waits for AM/PM
  layout = { dayFirst, twelveHour: (await page.inputValue('#t')) === '' };
  await page.close();
}

/** A date typed into a date field segment by segment, as on a keyboard. */
async function typeDate(page: Page, field: Locator, day: string): Promise<void> {
  const [, y, mo, d] = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)!;
  await tabTo(page, field, null);
  // Half typed, the field's value is '' (as if empty): the line under it says, in French, what is missing.
  await page.keyboard.type(layout.dayFirst ? `${d}${mo}` : `${mo}${d}`);
  await expect.poll(() => readBack(page, field)).toBe('Cette date n’est pas encore complète : indiquez le jour, le mois et l’année.');
  await page.keyboard.type(y!);
  expect(await field.inputValue()).toBe(day);
  expect(await readBack(page, field)).toMatch(/^Choisi : \S/);
}

/** The line under a date field: what is missing while it is half typed, the chosen date read back in the page's language once complete. */
async function readBack(page: Page, field: Locator): Promise<string | null> {
  return page.locator(`#${await field.getAttribute('id')}-readback`).textContent();
}

/** A date and time typed into a datetime-local field: the date, → to the time (the year takes up to six digits), the time. */
async function typeDateTime(page: Page, field: Locator, local: string): Promise<void> {
  const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)!;
  await tabTo(page, field, null);
  await page.keyboard.type(layout.dayFirst ? `${d}${mo}${y}` : `${mo}${d}${y}`);
  await expect.poll(() => readBack(page, field)).toBe('Cette date et heure n’est pas encore complète : indiquez le jour, le mois, l’année, l’heure et la minute.');
  await page.keyboard.press('ArrowRight');
  const hour = Number(h);
  if (layout.twelveHour) {
    await page.keyboard.type(`${String(hour % 12 === 0 ? 12 : hour % 12).padStart(2, '0')}${mi}`);
    await page.keyboard.type(hour < 12 ? 'A' : 'P');
  } else await page.keyboard.type(`${h}${mi}`);
  expect(await field.inputValue()).toBe(local);
  await expect.poll(() => readBack(page, field)).toMatch(/^Choisi : \S.*\d/);
}

async function frenchContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'fr-FR', timezoneId: 'Europe/London', acceptDownloads: true });
  context.setDefaultTimeout(20_000);
  return context;
}

async function download(page: Page, press: () => Promise<void>, name: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), press()]);
  const path = join(files, name);
  await d.saveAs(path);
  return path;
}

/**
 * Opens the file chooser from the keyboard (Space on the file field's button, named in French by the field's label)
 * and gives it a file; the chosen name is then said in French beside the button.
 */
async function chooseFile(page: Page, field: Locator, path: string, back = false): Promise<void> {
  const id = await field.getAttribute('id');
  const button = page.locator(`#${id}-button`);
  await tabTo(page, button, null, back);
  expect(await button.evaluate((b) => (b.getAttribute('aria-labelledby') ?? '').split(' ').map((x) => document.getElementById(x)?.textContent ?? '').join(' '))).toMatch(/\S.* Choisir un fichier$/);
  await expect.poll(() => button.evaluate((b) => b === document.activeElement)).toBe(true);
  // On a loaded machine Chromium has dropped the Space press's user activation now and then (no chooser opened, the
  // page otherwise fine): the keyboard user would press again, with Enter.
  const opened = page.waitForEvent('filechooser', { timeout: 40_000 });
  await page.keyboard.press('Space');
  const first = await Promise.race([opened, new Promise<null>((r) => setTimeout(() => r(null), 8_000))]);
  if (!first) await page.keyboard.press('Enter');
  const chooser = first ?? (await opened);
  await chooser.setFiles(path);
  await expect.poll(() => page.locator(`#${id}`).locator('xpath=..').locator('.file-input-names').textContent()).toBe(`Fichier choisi : ${basename(path)}`);
}

const success = (page: Page, text: string) => page.locator('.notice-success').filter({ hasText: text }).waitFor({ timeout: 60_000 });

describe('keyboard-only journeys in French', () => {
  let officer: Page;
  let chair: Page;

  it('a visitor chooses French with the language switch; the choice is remembered across reloads and pages', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await page.goto(`/procedures/${PROCEDURE}`);
    await page.getByTestId('next-step').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The leak check sees English when there is English: the same page before the switch is full of it.
    const english = await pageWords(page, 'fr');
    expect(englishRuns('fr').filter((r) => english.includes(r)).length).toBeGreaterThan(5);
    await tabTo(page, page.getByRole('button', { name: 'Français' }));
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByTestId('next-step').getByText(fr('steps.next')).waitFor();
    await checkFrench(page, 'public page after the switch');
    await page.reload();
    await page.getByTestId('next-step').waitFor();
    await checkFrench(page, 'public page reloaded');
    await page.goto('/tracker');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await checkFrench(page, 'tracker');
    await context.close();
  }, 120_000);

  it('an officer, keyboard only: searches the letters, hides and shows the withdrawn ones', async () => {
    const context = await frenchContext();
    await loginThroughApi(context, server, 'officer@demo.confidence');
    officer = await context.newPage();
    await officer.goto(`/procedures/${PROCEDURE}/chair`);
    await officer.getByTestId('chair-count').waitFor();
    await expect.poll(() => officer.getByTestId('letters-table').locator('tbody tr').count()).toBe(10);
    const first = (await officer.getByTestId('letters-table').getByRole('rowheader').first().innerText()).split('\n')[0]!.trim();
    await tabTo(officer, officer.getByRole('searchbox', { name: fr('letters.search') }), null);
    await officer.keyboard.type(first);
    await expect.poll(() => officer.getByTestId('letters-table').locator('tbody tr').count()).toBe(1);
    // The checkbox (React Aria): Space toggles it; its drawn box shows the keyboard focus.
    const box = officer.locator('label.checkbox').filter({ hasText: fr('letters.showWithdrawn') });
    await tabTo(officer, box.locator('input'), null);
    expect(await box.getAttribute('data-focus-visible')).toBe('true');
    expect(await box.locator('.checkbox-box').evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    // Shown by default: Space hides the withdrawn letters, Space again shows them.
    expect(await box.locator('input').isChecked()).toBe(true);
    await officer.keyboard.press('Space');
    await expect.poll(() => box.locator('input').isChecked()).toBe(false);
    await officer.keyboard.press('Space');
    await expect.poll(() => box.locator('input').isChecked()).toBe(true);
    await checkFrench(officer, 'officer, letters searched');
  }, 120_000);

  it('the chair, keyboard only: the sealed count after confirming, the schedule, the verifiable vote (menu by arrow keys)', async () => {
    const context = await frenchContext();
    await loginThroughApi(context, server, 'chair@demo.confidence');
    chair = await context.newPage();
    await chair.goto(`/procedures/${PROCEDURE}/chair`);
    const next = chair.getByTestId('next-step');
    await next.getByRole('heading', { name: fr('next.chair.seal') }).waitFor();
    await checkFrench(chair, 'chair, threshold reached');
    await tabTo(chair, chair.getByRole('button', { name: fr('seal.publish') }));
    const dialog = chair.getByRole('dialog', { name: fr('seal.confirmTitle') });
    await dialog.waitFor();
    await checkFrench(chair, 'chair, sealed count confirmation');
    await tabTo(chair, dialog.getByRole('button', { name: fr('seal.confirm') }));
    await next.getByRole('heading', { name: fr('next.chair.schedule') }).waitFor();
    await checkFrench(chair, 'chair, sealed count published');

    await typeDateTime(chair, chair.locator('#ballot-opens'), '2022-06-05T09:00');
    await typeDateTime(chair, chair.locator('#ballot-closes'), '2022-06-05T23:00');
    await tabTo(chair, chair.getByRole('button', { name: fr('ballot.submit') }));
    await next.getByRole('heading', { name: fr('next.chair.create') }).waitFor();
    await checkFrench(chair, 'chair, vote scheduled');

    const authority = generateAuthorityKey();
    await tabTo(chair, chair.locator('#authority-key'), null);
    await chair.keyboard.type(authority.public);
    // The trustees menu: Enter opens the list, End goes to its last option (1/1), Enter chooses it.
    const menu = chair.locator('#trustee-split');
    await tabTo(chair, menu, 'Enter');
    await chair.getByRole('listbox').waitFor();
    await checkFrench(chair, 'chair, trustees menu open');
    await chair.keyboard.press('End');
    await chair.keyboard.press('Enter');
    await chair.getByRole('listbox').waitFor({ state: 'detached' });
    expect(await menu.innerText()).toContain('1/1');
    expect(await menu.evaluate((el) => el === document.activeElement), 'focus back on the menu').toBe(true);
    await tabTo(chair, chair.getByRole('button', { name: fr('election.create'), exact: true }));
    await next.getByRole('heading', { name: fr('next.chair.ceremony') }).waitFor();
    await checkFrench(chair, 'chair, vote created');
  }, 180_000);

  it('the trustee (an officer on their own device), keyboard only: register, commit and reveal, files chosen from the keyboard', async () => {
    const e = await electionView(ctx, `vote-${PROCEDURE}`);
    await officer.goto(`/elections/${e.id}/ceremony`);
    await officer.locator('#secret-file').waitFor();
    await checkFrench(officer, 'trustee, ceremony');
    const button = (key: MessageKey) => officer.getByRole('button', { name: fr(key), exact: true });
    const secret = await download(officer, () => tabTo(officer, button('ceremony.register')), 'trustee.json');
    await success(officer, fr('ceremony.registered'));
    await chooseFile(officer, officer.locator('#secret-file'), secret);
    const dealing = await download(officer, () => tabTo(officer, button('ceremony.commit')), 'dealing.json');
    await success(officer, fr('ceremony.committed'));
    await chooseFile(officer, officer.locator('#secret-file'), dealing);
    await tabTo(officer, button('ceremony.reveal'));
    await success(officer, fr('ceremony.revealed'));
    await checkFrench(officer, 'trustee, dealing revealed');
    expect((await electionView(ctx, e.id)).dealings).toEqual([1]);
  }, 180_000);

  it('the chair moves a live vote’s bound window, signed in the browser with the authority’s key file (keyboard only)', async () => {
    const before = await electionView(ctx, liveElection);
    await chair.goto(`/elections/${liveElection}/ceremony`);
    const step = chair.getByTestId('step-window');
    await step.waitFor();
    await checkFrench(chair, 'chair, live vote window');
    const [opens, closes] = [ukLocal(3, 17), ukLocal(3, 19)];
    await typeDateTime(chair, chair.locator('#window-opens'), opens);
    await typeDateTime(chair, chair.locator('#window-closes'), closes);
    // A key that is not the authority's the manifest names: refused, nothing posted.
    await chooseFile(chair, chair.locator('#window-authority-key'), wrongKeyFile);
    await tabTo(chair, chair.getByTestId('move-window'));
    const dialog = chair.getByRole('dialog', { name: fr('journeys.window.confirmTitle') });
    await dialog.waitFor();
    await checkFrench(chair, 'chair, move window confirmation');
    await tabTo(chair, dialog.getByRole('button', { name: fr('journeys.window.confirm') }));
    await chair.getByRole('alert').filter({ hasText: fr('journeys.window.wrongKey') }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    expect((await electionView(ctx, liveElection)).window).toEqual(before.window);
    // The authority's own key file: the window moves, and the procedure's schedule with it.
    await chooseFile(chair, chair.locator('#window-authority-key'), authorityFile, true);
    await tabTo(chair, chair.getByTestId('move-window'));
    await dialog.waitFor();
    await tabTo(chair, dialog.getByRole('button', { name: fr('journeys.window.confirm') }));
    await success(chair, fr('journeys.window.moved', { opens: '§', closes: '§' }).split('§')[0]!.trim());
    const after = await electionView(ctx, liveElection);
    expect(after.window).toEqual({ opensAt: ukIso(opens), closesAt: ukIso(closes), reschedules: 1 });
    expect((await loadProcedure(ctx, LIVE)).status.ballot).toMatchObject({ opensAt: ukIso(opens), closesAt: ukIso(closes) });
    await checkFrench(chair, 'chair, window moved');
  }, 180_000);

  it('the tracker’s editor, keyboard only: an article in, a declaration published', async () => {
    const file = '000_782e18795b2a75b7.txt';
    const article = readFileSync(join(REPO, 'eval', 'tracker', 'seeds', file), 'utf8');
    const context = await frenchContext();
    await loginThroughApi(context, server, 'editor@demo.confidence');
    const editor = await context.newPage();
    await editor.goto('/tracker/johnson-2022/review');
    await editor.getByRole('heading', { level: 1, name: fr('review.title') }).waitFor();
    await checkFrench(editor, 'editor, desk');
    await tabTo(editor, editor.locator('#ingest-file'), null);
    await editor.keyboard.type(file);
    await tabTo(editor, editor.locator('#ingest-outlet'), null);
    await editor.keyboard.type('Bury Times');
    await typeDate(editor, editor.locator('#ingest-published'), '2022-01-19');
    await tabTo(editor, editor.locator('#ingest-text'), null);
    await editor.keyboard.insertText(article); // pasted, as an editor would
    await tabTo(editor, editor.getByRole('button', { name: fr('review.find') }));
    const accept = editor.getByRole('button', { name: fr('review.accept') });
    await expect.poll(() => accept.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await checkFrench(editor, 'editor, proposals');
    const left = await accept.count();
    await tabTo(editor, accept.first());
    await expect.poll(() => accept.count()).toBeLessThan(left);
    await checkFrench(editor, 'editor, one published');
  }, 180_000);
});
