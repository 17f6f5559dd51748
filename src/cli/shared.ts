import { errorLanguageFrom, errorMessageFor } from '../domain/error-messages';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/env';
import { AppError } from '../domain/errors';
import { assertCleanText } from '../domain/text';
import { startRuntime, type Runtime } from '../runtime';
import { createLogger } from '../services/logger';

/** CLI output: results to stdout, everything else (progress, notices) to stderr. */
export const out = (line = '') => process.stdout.write(`${line}\n`);
export const note = (line: string) => process.stderr.write(`${line}\n`);

/** Opens the same runtime the server uses (same database, same services), runs `fn`, closes. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const rt = await startRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn', undefined), print: note });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let lastPct = -1;
    return {
      update(done, total) {
        const pct = total ? Math.floor((done * 100) / total / 10) * 10 : 100;
        if (pct !== lastPct) note(`${label}: ${done}/${total}`);
        lastPct = pct;
      },
      stop() {},
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Every argument is text the services may store or hash: NUL and lone surrogates stop here (exit 2). */
export function assertCleanArgv(argv: readonly string[]): void {
  argv.forEach((arg, i) => assertCleanText(arg, `argument ${i + 1}`));
}

/** Turns any failure into `error CODE: message` and the registry's exit code. */
export function reportAndExit(e: unknown): never {
  if (e instanceof AppError) {
    note(`error ${e.code}: ${e.message}`);
    // Welsh or French speakers (LANG=cy_GB.UTF-8, fr_CA.UTF-8) also get the code's meaning in their language.
    const language = errorLanguageFrom(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
    if (language !== 'en') note(`  ${errorMessageFor(e.code, language)}`);
    process.exit(e.exitCode);
  }
  note(`error INTERNAL: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

export function requireIsoDate(value: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError('VALIDATION_FAILED', `${flag} must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}
