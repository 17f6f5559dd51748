import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildProgram } from '../../src/cli/program';
import { runCommand } from '../../src/cli/run-program';

/**
 * Two ways for a test to run `confidence`: the real command in a child process (bin/confidence.js: the tsx loader,
 * the verify heap cap, a process of its own), and the same program in the test's own process — the commands,
 * options, output and exit codes are the ones the binary runs (src/cli/program.ts, src/cli/run-program.ts), without
 * the ~2 s of CPU a child spends loading the CLI's modules. Tests keep a child run where the process itself matters
 * (the binary starts, `serve`, a lock held by another process) and use the in-process run for the rest.
 */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'confidence.js');

/** `node bin/confidence.js ARGS` with exactly this environment. */
export async function confidenceProcess(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * The same command run in this process with exactly this environment (process.env is swapped for the run) and its
 * standard output and error captured. Runs are serialised: the environment and the streams are the process's own.
 */
export function confidenceInProcess(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  const next = queue.then(() => runHere(env, args));
  queue = next.catch(() => undefined);
  return next;
}

async function runHere(env: NodeJS.ProcessEnv, args: string[]): Promise<CliResult> {
  const savedEnv = process.env;
  const write = { out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  const capture = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.env = { ...env };
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  try {
    const code = await runCommand(buildProgram(), args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.env = savedEnv;
  }
}
