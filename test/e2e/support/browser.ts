import { mkdirSync } from 'node:fs';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestServer } from './server-handle';

export const SCREENSHOT_DIR = '/tmp/confidence-e2e';

/** Debian's Chromium, never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newContext(browser: Browser, server: TestServer): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Saves what a person first sees (`name.png`) and the whole page (`name-full.png`) for review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}-full.png`, fullPage: true });
}

/** Runs axe-core in the page and fails on any serious or critical violation, naming the rule and the elements. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const alreadyInjected = await page.evaluate(() => 'axe' in window);
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy forbids inline <script> tags.
  if (!alreadyInjected) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe violations on ${label}:\n${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** axe-core in the page: every violation, of any impact, with the rule and the first elements. */
export async function axeViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((x) => ({ id: x.id, impact: x.impact, targets: x.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  });
}

/** Null when the page fits `width`; otherwise its scroll width and the elements wider than the viewport. */
export async function sidewaysScroll(page: Page, width: number) {
  return page.evaluate((w) => {
    if (document.documentElement.scrollWidth <= w) return null;
    const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > w + 1).slice(0, 5);
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.map((el) => `${el.tagName.toLowerCase()}.${el.className}`) };
  }, width);
}

/** The session cookie and CSRF token are shared by the context's pages and its `request`. */
async function csrfHeaders(context: BrowserContext): Promise<Record<string, string>> {
  const session = (await (await context.request.get('/api/session')).json()) as { csrfToken: string | null };
  return session.csrfToken ? { 'X-CSRF-Token': session.csrfToken } : {};
}

/** Logs a context in through the API (request a code, read it from the test mailbox, verify it). */
export async function loginThroughApi(context: BrowserContext, server: TestServer, email: string): Promise<void> {
  const requested = await context.request.post('/api/auth/request-code', { data: { email }, headers: await csrfHeaders(context) });
  expect(requested.status(), `request-code for ${email}`).toBe(202);
  const code = await latestCode(server, email);
  const verified = await context.request.post('/api/auth/verify-code', {
    data: { email, code },
    headers: await csrfHeaders(context),
  });
  expect(verified.status(), `verify-code for ${email}: ${await verified.text()}`).toBe(200);
}

export async function latestCode(server: TestServer, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const messages = await server.mailbox(email);
    const code = messages[0]?.code;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No login code arrived for ${email}`);
}

/** Logs in through the login page, as a person would. */
export async function loginThroughUi(page: Page, server: TestServer, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  const before = (await server.mailbox(email)).length;
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await page.getByLabel('One-time code').waitFor();
  let code: string | null | undefined;
  for (let attempt = 0; attempt < 50 && !code; attempt++) {
    const messages = await server.mailbox(email);
    code = messages.length > before ? messages[0]?.code : undefined;
    if (!code) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!code) throw new Error(`No login code arrived for ${email}`);
  await page.getByLabel('One-time code').fill(code);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The visible text of the main region, for asserting what a page shows and does not show. */
export async function mainText(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

/**
 * Chooses an option in one of the app's menus (React Aria's Select: a button that opens a listbox), as a person
 * would: press the button, press the option by its visible name.
 */
export async function chooseOption(page: Page, trigger: Locator, option: string | RegExp): Promise<void> {
  await trigger.click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}
