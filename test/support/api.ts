import { loadConfig } from '../../src/config/env';
import { startRuntime, type Runtime } from '../../src/runtime';
import { createApp, type App } from '../../src/server/app';
import { createLogger } from '../../src/services/logger';
import { loginMailSettled } from '../../src/services/auth';
import { desc, eq } from 'drizzle-orm';
import { devMailbox } from '../../src/db/schema';

/**
 * In-process API harness (Hono's `app.request()`, no socket): a fresh in-memory demo database and a
 * tiny cookie-keeping client per user.
 */
export interface ApiHarness {
  app: App;
  runtime: Runtime;
  client(): ApiClient;
  loginAs(email: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export class ApiClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  constructor(private readonly app: App) {}

  async request(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.request(path, { method, headers, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /confidence_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `confidence_session=${m[1]}` : null;
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }
  get(path: string) {
    return this.request('GET', path);
  }
}

export async function startApi(options: { letters?: 'simulated' | 'none' } = {}): Promise<ApiHarness> {
  const config = loadConfig({ NODE_ENV: 'test', CONFIDENCE_DEMO: 'on', LOG_LEVEL: 'silent' });
  const runtime = await startRuntime({ ...config, database: { driver: 'pglite', dataDir: null } }, { logger: createLogger('silent'), print: () => {}, seedLetters: options.letters ?? 'simulated' });
  const app = createApp(runtime.ctx, { serveWeb: false });
  const harness: ApiHarness = {
    app,
    runtime,
    client: () => new ApiClient(app),
    async loginAs(email) {
      const c = new ApiClient(app);
      const req = await c.request('POST', '/api/auth/request-code', { email });
      if (req.status !== 202) throw new Error(`request-code ${req.status} ${req.text}`);
      await loginMailSettled(runtime.ctx);
      const [mail] = await runtime.ctx.db.select().from(devMailbox).where(eq(devMailbox.to, email.toLowerCase())).orderBy(desc(devMailbox.id)).limit(1);
      const code = /(\d{6})/.exec(mail?.text ?? '')?.[1];
      if (!code) throw new Error(`no code mailed to ${email}`);
      const res = await c.request('POST', '/api/auth/verify-code', { email, code });
      if (res.status !== 200) throw new Error(`verify-code ${res.status} ${res.text}`);
      c.csrfToken = res.body.csrfToken;
      return c;
    },
    close: () => runtime.close(),
  };
  return harness;
}
