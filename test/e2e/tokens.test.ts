/**
 * API tokens in the web app: the chair creates one on /account/tokens, the command line stores it (mode 0600)
 * and acts as the chair through the running server, and revoking it on the page ends it at once. The page is
 * axe-clean and fits a 390 px screen.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_CHAIR } from '../../src/services/demo';
import { expectNoSeriousA11yViolations, loginThroughApi, newContext, screenshot } from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'confidence.js');

let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;
let home: string;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
  home = mkdtempSync(join(tmpdir(), 'confidence-tokens-'));
}, 180_000);

afterAll(async () => {
  await stop?.();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const env = { ...process.env, XDG_CONFIG_HOME: home, CONFIDENCE_DATA_DIR: join(home, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent', CONFIDENCE_SERVER: '' };
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('API tokens page', () => {
  it('the chair creates a token, the CLI stores it 0600 and acts as the chair; revoked on the page, it stops working', async () => {
    const context = await newContext(browser, server);
    try {
      await loginThroughApi(context, server, DEMO_CHAIR.email);
      const page = await context.newPage();
      await page.goto('/');
      await page.getByRole('link', { name: 'API tokens' }).click();
      await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('You have no API tokens.');

      // An empty label is refused on the page, next to its field.
      await page.getByRole('button', { name: 'Create the token' }).click();
      await page.getByText('Say what the token is for.').waitFor();

      await page.getByLabel('What it is for').fill('office laptop');
      await page.getByRole('button', { name: 'Create the token' }).click();
      const command = await page.getByTestId('token-command').innerText();
      const token = /--token (cft_\S+)/.exec(command)?.[1];
      expect(command).toContain(`confidence login --server ${server.url}`);
      expect(token).toBeTruthy();
      await page.getByText('office laptop', { exact: true }).waitFor();
      await expectNoSeriousA11yViolations(page, 'API tokens page with a new token');

      const login = await cli('login', '--server', server.url, '--token', token!);
      expect(login.stdout).toMatch(/logged in to .* as chair@demo\.confidence \(chair\)/);
      expect(statSync(join(home, 'confidence', 'credentials.json')).mode & 0o777).toBe(0o600);
      const status = await cli('procedure', 'status', '--procedure', server.procedureId, '--chair', '--server', server.url);
      expect(status.stderr).toBe('');
      expect(status.stdout).toMatch(/count \d+ \(confidential\)/);

      // The page shows when it was last used, then revokes it (behind a confirmation).
      await page.reload();
      await page.getByText(/Last used/).waitFor();
      await page.getByRole('button', { name: 'Revoke' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke it' }).click();
      await page.getByText('The token “office laptop” is revoked.').waitFor();
      expect(await page.locator('main').innerText()).toContain('You have no API tokens.');
      const refused = await cli('procedure', 'status', '--procedure', server.procedureId, '--chair', '--server', server.url);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toMatch(/error UNAUTHENTICATED: the API token is unknown or revoked/);

      // At 390 px the page (with a token's long command) does not scroll sideways.
      await page.setViewportSize({ width: 390, height: 800 });
      await page.getByLabel('What it is for').fill('phone');
      await page.getByRole('button', { name: 'Create the token' }).click();
      await page.getByTestId('token-command').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousA11yViolations(page, 'API tokens page at 390 px');
      await screenshot(page, 'api-tokens-390');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('anonymous visitors are asked to log in; Welsh and French readers get the page in their language', async () => {
    const context = await newContext(browser, server);
    try {
      const page = await context.newPage();
      await page.goto('/account/tokens');
      await page.getByRole('link', { name: 'Log in' }).first().waitFor();
      await loginThroughApi(context, server, DEMO_CHAIR.email);
      for (const [lang, heading] of [['cy', 'Tocynnau API'], ['fr', 'Jetons d’API']] as const) {
        await page.evaluate((l) => localStorage.setItem('confidence.locale', l), lang);
        await page.goto('/account/tokens');
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await expectNoSeriousA11yViolations(page, `API tokens page in ${lang}`);
      }
    } finally {
      await context.close();
    }
  }, 120_000);
});
