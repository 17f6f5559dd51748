import type { Config } from './config/env';
import { openDatabase, type Database } from './db';
import type { AppContext } from './services/context';
import { isDatabaseEmpty, seedDemo } from './services/demo';
import { createLogger, type Logger } from './services/logger';
import { devMailer, smtpMailer } from './services/mailer';

/**
 * The imperative shell's one place of assembly: open the database chosen by the configuration,
 * choose the mailer, and load the demo into a fresh data folder. The server, the CLI and the tests
 * all start here, so they run the same services.
 */
export interface Runtime {
  ctx: AppContext;
  database: Database;
  close(): Promise<void>;
}

export async function startRuntime(
  config: Config,
  options: {
    logger?: Logger;
    clock?: () => Date;
    print?: (line: string) => void;
    seedLetters?: 'simulated' | 'none';
    /** Set by `serve` from serveMode(): whether this is the demo. The CLI and tests derive it from CONFIDENCE_DEMO. */
    demoMode?: boolean;
    /** `serve` puts PGlite in its own thread (config.pgliteThread); the CLI and the tests keep it in theirs. */
    pgliteThread?: 'worker' | 'main';
    /** Called once if PGlite's worker thread dies unasked (`serve` logs it and exits, so a supervisor restarts it). */
    onDatabaseLost?: (e: Error) => void;
  } = {},
): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.database.driver === 'postgres' ? config.database : { driver: 'pglite', dataDir: config.database.dataDir, thread: options.pgliteThread, onLost: options.onDatabaseLost });
  const wantDemo = options.demoMode ?? (config.demo === 'on' || (config.demo === 'auto' && !config.smtpUrl));
  // Codes are printed only in the demo; outside it a mailer without SMTP keeps mail in the table, unshown.
  const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom, logger) : devMailer(database.db, wantDemo ? options.print : () => {});
  const ctx: AppContext = {
    db: database.db,
    clock: options.clock ?? (() => new Date()),
    mailer,
    logger,
    config: {
      secureCookies: config.secureCookies,
      publicUrl: config.publicUrl,
      env: config.env,
      loginMaxPerIp: config.loginMaxPerIp,
      publicOrigin: config.publicOrigin,
      hsts: config.hsts,
      trustProxy: config.trustProxy,
      readsPerMinute: config.readsPerMinute,
      demoMode: wantDemo,
      // PGlite has one writer, this process (ADR 0011): its caches of sessions need no time bound.
      soleWriter: database.driver === 'pglite',
      pgliteOnMainThread: database.driver === 'pglite' && options.pgliteThread !== 'worker',
      sealSecret: config.sealSecret,
    },
  };
  if (wantDemo && (await isDatabaseEmpty(ctx))) {
    const print = options.print ?? ((l: string) => process.stdout.write(`${l}\n`));
    print(`Loading the demo into ${database.location} (first start only)…`);
    await seedDemo(ctx, { letters: options.seedLetters ?? 'simulated', onProgress: (m) => print(`  · ${m}`) });
  }
  return { ctx, database, close: () => database.close() };
}
