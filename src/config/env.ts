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
  /** Secure cookies when served over https. */
  secureCookies: boolean;
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
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https:') || e.NODE_ENV === 'production',
    demo: e.CONFIDENCE_DEMO,
    logLevel: e.LOG_LEVEL,
    loginMaxPerIp: e.CONFIDENCE_LOGIN_MAX_PER_IP,
    sealSecret: e.CONFIDENCE_SEAL_SECRET ? Uint8Array.from(Buffer.from(e.CONFIDENCE_SEAL_SECRET, 'hex')) : null,
  };
}
