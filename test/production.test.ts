import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, serveMode } from '../src/config/env';
import { loginCodes } from '../src/db/schema';
import { startRuntime, type Runtime } from '../src/runtime';
import { createApp } from '../src/server/app';
import { createAccount, loginMailSettled } from '../src/services/auth';
import { createLogger } from '../src/services/logger';
import { devMailer } from '../src/services/mailer';

const SMTP = 'smtp://user:pass@mail.invalid:2525';
const HTTPS = 'https://confidence.example.org';

/** Start-up matrix: which settings the server refuses, and what the ones it accepts turn on. */
describe('production start-up matrix', () => {
  const mode = (env: Record<string, string>) => serveMode(loadConfig(env));
  const refused = (env: Record<string, string>) => {
    try {
      mode(env);
    } catch (e) {
      return (e as { code: string; message: string }).code === 'UNSAFE_CONFIGURATION' ? (e as Error).message : `other error ${(e as Error).message}`;
    }
    return null;
  };

  it('without a mailer: refuses unless CONFIDENCE_DEMO=on, whatever NODE_ENV says', () => {
    for (const nodeEnv of ['production', 'development']) {
      expect(refused({ NODE_ENV: nodeEnv })).toMatch(/no SMTP_URL.*CONFIDENCE_DEMO=on/);
      expect(refused({ NODE_ENV: nodeEnv, CONFIDENCE_DEMO: 'auto' })).toMatch(/no SMTP_URL/);
      expect(refused({ NODE_ENV: nodeEnv, CONFIDENCE_DEMO: 'off' })).toMatch(/no SMTP_URL/);
      expect(refused({ NODE_ENV: nodeEnv, CONFIDENCE_DEMO: 'off', PUBLIC_URL: HTTPS })).toMatch(/no SMTP_URL/);
      expect(mode({ NODE_ENV: nodeEnv, CONFIDENCE_DEMO: 'on' }).demo).toBe(true);
    }
  });

  it('with a mailer: needs PUBLIC_URL, https unless loopback; demo only when asked for', () => {
    expect(refused({ SMTP_URL: SMTP })).toMatch(/PUBLIC_URL is not/);
    expect(refused({ SMTP_URL: SMTP, CONFIDENCE_DEMO: 'off' })).toMatch(/PUBLIC_URL is not/);
    expect(refused({ SMTP_URL: SMTP, PUBLIC_URL: 'http://confidence.example.org' })).toMatch(/not https/);
    expect(mode({ SMTP_URL: SMTP, PUBLIC_URL: 'http://localhost:8080' })).toMatchObject({ demo: false });
    expect(mode({ SMTP_URL: SMTP, PUBLIC_URL: HTTPS, CONFIDENCE_DEMO: 'auto' })).toMatchObject({ demo: false });
    expect(mode({ SMTP_URL: SMTP, PUBLIC_URL: HTTPS, TRUST_PROXY: 'on' }).summary).toMatch(/X-Forwarded-For/);
    expect(mode({ SMTP_URL: SMTP, CONFIDENCE_DEMO: 'on' })).toMatchObject({ demo: true });
  });

  it('PUBLIC_URL drives Secure cookies and HSTS; TRUST_PROXY is off unless set', () => {
    const https = loadConfig({ SMTP_URL: SMTP, PUBLIC_URL: `${HTTPS}/` });
    expect(https).toMatchObject({ secureCookies: true, hsts: true, publicOrigin: HTTPS, trustProxy: false });
    const http = loadConfig({ SMTP_URL: SMTP, PUBLIC_URL: 'http://localhost:8080' });
    expect(http).toMatchObject({ secureCookies: false, hsts: false, publicOrigin: 'http://localhost:8080' });
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'on' }).trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });
});

describe('a production server behind an https proxy, in process', () => {
  let rt: Runtime;
  let app: ReturnType<typeof createApp>;
  const upstream = 'http://127.0.0.1:8080'; // what the proxy forwards to: the request URL the app sees
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`${upstream}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const config = loadConfig({ SMTP_URL: SMTP, PUBLIC_URL: HTTPS, TRUST_PROXY: 'on', CONFIDENCE_LOGIN_MAX_PER_IP: '2', LOG_LEVEL: 'silent' });
    const mode = serveMode(config);
    rt = await startRuntime({ ...config, database: { driver: 'pglite', dataDir: null } }, { logger: createLogger('silent'), print: () => {}, demoMode: mode.demo });
    app = createApp(rt.ctx, { serveWeb: false });
  });
  afterAll(async () => {
    await loginMailSettled(rt.ctx);
    await rt.close();
  });

  it('loads no demo, shows no mailbox, says it is not a demo, and sends HSTS', async () => {
    const procedures = await (await app.request(`${upstream}/api/procedures`)).json();
    expect(procedures).toEqual({ procedures: [] });
    const mailbox = await (await app.request(`${upstream}/api/dev/mailbox`)).json();
    expect(mailbox).toEqual({ enabled: false, messages: [] });
    const session = await app.request(`${upstream}/api/session`);
    expect(await session.json()).toMatchObject({ account: null, demo: false });
    expect(session.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('accepts the browser Origin of PUBLIC_URL (not the upstream URL) and refuses others', async () => {
    expect((await post('/api/auth/request-code', { email: 'a@example.org' }, { origin: HTTPS, 'x-forwarded-for': '10.0.0.1' })).status).toBe(202);
    const upstreamOrigin = await post('/api/auth/request-code', { email: 'a@example.org' }, { origin: upstream, 'x-forwarded-for': '10.0.0.1' });
    expect(upstreamOrigin.status).toBe(403);
    expect(((await upstreamOrigin.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');
    expect((await post('/api/auth/request-code', { email: 'a@example.org' }, { origin: 'https://evil.example', 'x-forwarded-for': '10.0.0.1' })).status).toBe(403);
  });

  it('rate-limits per client address taken from the proxy, and ignores the header when TRUST_PROXY is off', async () => {
    const ask = (ip: string) => post('/api/auth/request-code', { email: `${ip}@example.org` }, { 'x-forwarded-for': `203.0.113.9, ${ip}` });
    expect([(await ask('10.0.0.2')).status, (await ask('10.0.0.2')).status, (await ask('10.0.0.2')).status]).toEqual([202, 202, 429]);
    expect((await ask('10.0.0.3')).status).toBe(202); // another user behind the same proxy is not blocked
    rt.ctx.config.trustProxy = false;
    try {
      // Without the proxy setting every request is the socket's (here: the in-process caller) and a forged header changes nothing.
      expect([(await ask('10.0.0.4')).status, (await ask('10.0.0.5')).status, (await ask('10.0.0.6')).status]).toEqual([202, 202, 429]);
    } finally {
      rt.ctx.config.trustProxy = true;
    }
  });

  it('limits anonymous reads per client address', async () => {
    rt.ctx.config.readsPerMinute = 3;
    try {
      const get = (ip: string) => app.request(`${upstream}/api/procedures`, { headers: { 'x-forwarded-for': ip } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get('10.9.9.9')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await get('10.9.9.10')).status).toBe(200);
    } finally {
      rt.ctx.config.readsPerMinute = 0;
    }
  });

  it('sets a Secure, HttpOnly, SameSite=Strict session cookie', async () => {
    const account = await createAccount(rt.ctx, { email: 'officer@example.org', displayName: 'Officer', role: 'officer' });
    const code = '424242';
    await rt.ctx.db.insert(loginCodes).values({
      accountId: account.id,
      codeHash: createHash('sha256').update(`${account.id}:${code}`).digest('hex'),
      expiresAt: new Date(Date.now() + 60_000),
    });
    const res = await post('/api/auth/verify-code', { email: 'officer@example.org', code }, { origin: HTTPS });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
  });

  it('in demo mode the same app says so and opens the dev mailbox', async () => {
    const demo = createApp({ ...rt.ctx, mailer: devMailer(rt.ctx.db, () => {}), config: { ...rt.ctx.config, demoMode: true } }, { serveWeb: false });
    expect(await (await demo.request(`${upstream}/api/session`)).json()).toMatchObject({ demo: true });
    expect(await (await demo.request(`${upstream}/api/dev/mailbox`)).json()).toMatchObject({ enabled: true });
  });
});
