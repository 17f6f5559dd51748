/**
 * Every page of the web app on the full demo, in Chromium: what it shows, its error states, keyboard
 * and focus behaviour, and axe-core finding no serious or critical violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectNoSeriousA11yViolations,
  loginThroughApi,
  loginThroughUi,
  mainText,
  newContext,
  screenshot,
} from './support/browser';
import { startServerAndBrowser, type TestServer } from './support/server-handle';

let server: TestServer;
let browser: Browser;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ server, browser, close: stop } = await startServerAndBrowser('demo'));
}, 180_000);

afterAll(async () => stop?.());

async function withPage<T>(run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await newContext(browser, server);
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

describe('public pages', () => {
  it('the landing page is the public procedure page, labelled simulated, with the count secret', async () => {
    await withPage(async (page) => {
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      const text = await mainText(page);
      expect(text).toContain('Boris Johnson');
      expect(text).toContain('The count is secret');
      expect(text).toMatch(/simulated/i);
      expect(text).toMatch(/Threshold\s+54 letters/);
      expect(text).toMatch(/Members counted\s+359/);
      expect(text).not.toMatch(/Letters in force/);
      await expectNoSeriousA11yViolations(page, 'landing page');
      await screenshot(page, 'public-demo');
    });
  });

  it('the skip link is the first stop for the keyboard and moves focus to the main content', async () => {
    await withPage(async (page) => {
      await page.goto(`/procedures/${server.procedureId}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    });
  });

  it('after navigating, focus moves to the new page’s heading', async () => {
    await withPage(async (page) => {
      await page.goto(`/procedures/${server.procedureId}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dev mailbox' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dev mailbox');
      expect(new URL(page.url()).pathname).toBe('/dev/mailbox');

      // The procedure page swaps its loading heading for the real one: focus must follow.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Procedure' }).click();
      await expect
        .poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`))
        .toMatch(/^H1 .*Boris Johnson/);
    });
  });

  it('an unknown procedure shows a readable error, and an unknown path a not-found page', async () => {
    await withPage(async (page) => {
      await page.goto('/procedures/no-such-procedure');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('The procedure could not be loaded');
      await expectNoSeriousA11yViolations(page, 'unknown procedure');

      await page.goto('/no/such/page');
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'not found page');
    });
  });
});

describe('login', () => {
  it('a wrong code is refused with a clear message; the right one logs in; logout logs out', async () => {
    await withPage(async (page) => {
      const email = 'peter-aldous@members.demo';
      await page.goto('/login');
      await expectNoSeriousA11yViolations(page, 'login (email)');
      await screenshot(page, 'login-email');
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Email me a code' }).click();
      const codeInput = page.getByLabel('One-time code');
      await codeInput.waitFor();
      // The code field takes focus so the person can type at once.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('login-code');
      const code = (await server.mailbox(email))[0]?.code;
      expect(code).toBeTruthy();
      const wrong = code === '000000' ? '111111' : '000000';
      await codeInput.fill(wrong);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('Could not log you in');
      expect(await alert.innerText()).not.toMatch(/LOGIN_CODE_INVALID|\{/);
      await expectNoSeriousA11yViolations(page, 'login (wrong code)');
      await screenshot(page, 'login-wrong-code');

      await codeInput.fill(code!);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      // A member lands on their letter.
      await page.getByRole('heading', { name: 'My letter', level: 1 }).waitFor();
      await page.getByTestId('letter-status').waitFor();
      await expectNoSeriousA11yViolations(page, 'My letter (no letter)');
      await screenshot(page, 'my-letter-empty');

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('link', { name: 'Log in' }).first().waitFor();
      const session = (await (await page.request.get('/api/session')).json()) as { account: unknown };
      expect(session.account).toBeNull();
    });
  });

  it('the dev mailbox page shows the login email', async () => {
    await withPage(async (page) => {
      const email = 'anna-firth@members.demo';
      await page.goto('/login');
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Email me a code' }).click();
      await page.getByLabel('One-time code').waitFor();
      const code = (await server.mailbox(email))[0]?.code;
      expect(code).toBeTruthy();
      await page.goto('/dev/mailbox');
      const messages = page.getByRole('list', { name: 'Messages' });
      await messages.waitFor();
      const text = await messages.innerText();
      expect(text).toContain(email);
      expect(text).toContain(code!);
      await expectNoSeriousA11yViolations(page, 'dev mailbox');
      await screenshot(page, 'dev-mailbox');
    });
  });
});

describe('members', () => {
  it('an MP without the party whip is told they cannot write, and is offered no form', async () => {
    await withPage(async (page, context) => {
      // Christian Wakeford crossed the floor to Labour in January 2022.
      await loginThroughApi(context, server, 'christian-wakeford@members.demo');
      await page.goto(`/procedures/${server.procedureId}/my-letter`);
      await page.getByText('You cannot write a letter in this procedure').waitFor();
      expect(await page.getByRole('button', { name: 'Send my letter to the chair' }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'My letter (not eligible)');
      await screenshot(page, 'my-letter-not-eligible');
    });
  });
});

describe('chair and officers', () => {
  it('the chair’s page shows the demo letters labelled simulated, and the timeline', async () => {
    await withPage(async (page) => {
      await loginThroughUi(page, server, 'chair@demo.confidence');
      await page.getByRole('heading', { name: 'Chair’s page', level: 1 }).waitFor();
      await page.getByTestId('chair-count').waitFor();
      const table = page.locator('table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await table.getByText('Simulated').count()).toBeGreaterThan(0);
      expect(await page.getByRole('heading', { name: 'Timeline' }).count()).toBe(1);
      await expectNoSeriousA11yViolations(page, "Chair's page (demo)");
      await screenshot(page, 'chair-demo');
    });
  });

  it('the chair records the withdrawal of a letter, after confirming', async () => {
    await withPage(async (page, context) => {
      await loginThroughApi(context, server, 'chair@demo.confidence');
      await page.goto(`/procedures/${server.procedureId}/chair`);
      const countBefore = Number(await page.getByTestId('chair-count').locator('.count-number').innerText());
      const row = page.locator('tbody tr', { hasText: 'In force' }).first();
      const name = (await row.getByRole('rowheader').innerText()).replace('Simulated', '').trim();
      await row.getByRole('button', { name: /Record withdrawal/ }).click();
      // Nothing happens until the chair confirms.
      expect(Number(await page.getByTestId('chair-count').locator('.count-number').innerText())).toBe(countBefore);
      await page.getByRole('dialog', { name: `Record the withdrawal of ${name}’s letter?` }).getByRole('button', { name: 'Yes, record the withdrawal' }).click();
      await page.getByRole('status').filter({ hasText: `Recorded the withdrawal of ${name}’s letter` }).waitFor();
      expect(Number(await page.getByTestId('chair-count').locator('.count-number').innerText())).toBe(countBefore - 1);
      expect(await page.locator('tbody tr', { hasText: name }).innerText()).toContain('Withdrawn');
    });
  });

  it('an officer sees the chair’s page; an editor is forbidden', async () => {
    await withPage(async (page, context) => {
      await loginThroughApi(context, server, 'officer@demo.confidence');
      await page.goto(`/procedures/${server.procedureId}/chair`);
      await page.getByTestId('chair-count').waitFor();
    });
    await withPage(async (page, context) => {
      await loginThroughApi(context, server, 'editor@demo.confidence');
      await page.goto(`/procedures/${server.procedureId}/chair`);
      await page.getByRole('heading', { name: 'Forbidden', level: 1 }).waitFor();
      expect(await page.getByTestId('chair-count').count()).toBe(0);
    });
  });

  it('a visitor who is not logged in is asked to log in, not shown the letters', async () => {
    await withPage(async (page) => {
      await page.goto(`/procedures/${server.procedureId}/chair`);
      await page.getByText('You need to log in to see this page.').waitFor();
      expect(await page.getByTestId('chair-count').count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'chair page (logged out)');
    });
  });
});

describe('small screens', () => {
  it('the public and chair’s pages fit a phone screen without horizontal scrolling', async () => {
    await withPage(async (page, context) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/procedures/${server.procedureId}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByText('The count is secret').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousA11yViolations(page, 'public page (phone)');
      await screenshot(page, 'phone-public');

      await loginThroughApi(context, server, 'chair@demo.confidence');
      await page.goto(`/procedures/${server.procedureId}/chair`);
      await page.locator('table').waitFor();
      // The wide letters table scrolls inside its own region; the page itself does not.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousA11yViolations(page, "chair's page (phone)");
      await screenshot(page, 'phone-chair');
    });
  });
});
