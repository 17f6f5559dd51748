import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/errors';

/**
 * The environment, validated once at start-up. Every setting has a safe default for the demo:
 * no variable is needed to run the product; production sets DATABASE_URL, SMTP_URL and PUBLIC_URL.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  DATABASE_URL: z.string().url().optional(),
  /** PGlite data folder. */
  CONFIDENCE_DATA_DIR: z.string().default('.confidence'),
  /** smtp(s)://user:pass@host:port — when absent, mail goes to the console and the dev mailbox. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Confidence <no-reply@confidence.local>'),
  /** Public origin, used for secure cookies and links in mail. */
  PUBLIC_URL: z.string().url().optional(),
  /** Load the demo (2019 Commons, a 2022 procedure with simulated letters, demo accounts) into an empty database. */
  CONFIDENCE_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Login-code requests allowed per client address in 15 minutes (raise behind a shared NAT). */
  CONFIDENCE_LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(50),
  /** Sealed counts: the operator secret (64+ hex digits) from which each seal's openings are re-derived; keep it out of the database. Required in production. */
  CONFIDENCE_SEAL_SECRET: z.string().regex(/^([0-9a-f]{2}){32,}$/, 'must be at least 64 lowercase hex digits').optional(),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (rate limits). Off by default. */
  TRUST_PROXY: z.enum(['on', 'off', 'true', 'false', '1', '0']).default('off'),
  /** Anonymous reads allowed per client address per minute (0: no limit). */
  CONFIDENCE_READS_PER_MINUTE: z.coerce.number().int().nonnegative().default(600),
  /** Where `serve` runs the embedded database: its own worker thread (default), or the main thread (ADR 0014). */
  CONFIDENCE_PGLITE_THREAD: z.enum(['worker', 'main']).default('worker'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  database: { driver: 'postgres'; url: string } | { driver: 'pglite'; dataDir: string | null };
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string | null;
  /** Secure cookies when served over https (PUBLIC_URL starts with https:). */
  secureCookies: boolean;
  /** The origin browsers call us from (PUBLIC_URL's), for the Origin check; null: the request's own. */
  publicOrigin: string | null;
  /** Send Strict-Transport-Security (PUBLIC_URL is https). */
  hsts: boolean;
  /** Client address from X-Forwarded-For (a trusted reverse proxy in front). */
  trustProxy: boolean;
  /** Anonymous reads per client address per minute; 0 turns the limit off. */
  readsPerMinute: number;
  /** `serve` on PGlite: the database in a worker thread, so its statements never hold up the HTTP event loop. */
  pgliteThread: 'worker' | 'main';
  demo: Env['CONFIDENCE_DEMO'];
  logLevel: Env['LOG_LEVEL'];
  loginMaxPerIp: number;
  /** Sealed-count operator secret (docs/sealed-count.md); null outside production means the published development secret. */
  sealSecret: Uint8Array | null;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable (DATABASE_URL= ) means "not set", as in most shells' habits.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('VALIDATION_FAILED', `invalid environment: ${lines.join('; ')}`, { issues: lines });
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { driver: 'postgres', url: e.DATABASE_URL } : { driver: 'pglite', dataDir: resolve(e.CONFIDENCE_DATA_DIR) },
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL ?? null,
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https:'),
    publicOrigin: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : null,
    hsts: (e.PUBLIC_URL ?? '').startsWith('https:'),
    trustProxy: ['on', 'true', '1'].includes(e.TRUST_PROXY),
    readsPerMinute: e.CONFIDENCE_READS_PER_MINUTE,
    pgliteThread: e.CONFIDENCE_PGLITE_THREAD,
    demo: e.CONFIDENCE_DEMO,
    logLevel: e.LOG_LEVEL,
    loginMaxPerIp: e.CONFIDENCE_LOGIN_MAX_PER_IP,
    sealSecret: e.CONFIDENCE_SEAL_SECRET ? Uint8Array.from(Buffer.from(e.CONFIDENCE_SEAL_SECRET, 'hex')) : null,
  };
}

export interface ServeMode {
  /** The demo: demo data and accounts, a banner on every page; codes printed and kept in the dev mailbox without SMTP. */
  demo: boolean;
  /** Why the server would start in this mode, for the start-up line. */
  summary: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Decides whether these settings are safe to serve, before anything is opened. Without a real mailer every
 * login code is printed and shown on the dev mailbox page, so anyone could log in as the chair: that is
 * the demo, and it runs only when asked for by name (CONFIDENCE_DEMO=on) — never because a variable was
 * forgotten. A real deployment (SMTP, demo off) also needs PUBLIC_URL, which drives Secure cookies, HSTS and
 * the Origin check, and it must be https unless it is a loopback address.
 */
export function serveMode(config: Config): ServeMode {
  const refuse = (why: string) => {
    throw new AppError('UNSAFE_CONFIGURATION', `refusing to start: ${why}`);
  };
  if (!config.smtpUrl) {
    if (config.demo !== 'on') {
      refuse(
        'no SMTP_URL, so login codes would be printed and shown on /dev/mailbox to anyone. ' +
          'For production set SMTP_URL (and PUBLIC_URL); to run the demo on purpose set CONFIDENCE_DEMO=on.',
      );
    }
    return { demo: true, summary: 'DEMO (CONFIDENCE_DEMO=on): login codes are printed here and shown at /dev/mailbox; not for real use' };
  }
  if (config.demo === 'on') return { demo: true, summary: 'DEMO data with real mail (CONFIDENCE_DEMO=on): not for real use' };
  if (!config.publicUrl) refuse('SMTP_URL is set but PUBLIC_URL is not: set the https address users reach (e.g. https://confidence.example.org).');
  const url = new URL(config.publicUrl!);
  if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
    refuse(`PUBLIC_URL ${url.origin} is not https: session cookies and login codes would cross the network in clear.`);
  }
  return { demo: false, summary: `production: mail over SMTP, public address ${url.origin}${config.trustProxy ? ', client addresses from X-Forwarded-For' : ''}` };
}
