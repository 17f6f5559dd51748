import type { Command } from 'commander';
import { assertCleanArgv, reportError } from './shared';

/**
 * Runs one command line (the words after `confidence`) on a program: resolves to its exit status — 0, 2 for a usage
 * error (help and version are 0), and for any failure `error CODE: message` with the error registry's exit code.
 * The same for the real command (./main.ts, below) and for tests that run the CLI in their own process.
 */
export async function runCommand(program: Command, args: readonly string[]): Promise<number> {
  try {
    assertCleanArgv(args);
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    return reportError(e);
  }
}

/**
 * Parses the process's command line and runs the command; exits with its status on failure (on success the process
 * ends by itself, or keeps running: `serve`). Shared by the full CLI and the verify-only entry.
 */
export async function runProgram(program: Command): Promise<void> {
  const status = await runCommand(program, process.argv.slice(2));
  if (status !== 0) process.exit(status);
}
