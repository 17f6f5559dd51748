import type { Command } from 'commander';
import { assertCleanArgv, reportAndExit } from './shared';

/**
 * Parses the command line and runs the command: help and version exit 0, a usage error exits 2, and any failure
 * becomes `error CODE: message` with the error registry's exit code. Shared by the full CLI and the verify-only entry.
 */
export async function runProgram(program: Command): Promise<void> {
  try {
    assertCleanArgv(process.argv.slice(2));
    await program.parseAsync(process.argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
    if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
    reportAndExit(e);
  }
}
