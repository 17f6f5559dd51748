import { Command } from 'commander';
import { registerVerifyCommand } from './commands/verify';
import { runProgram } from './run-program';

/**
 * `confidence verify …` alone: bin/confidence.js loads this instead of ./main.ts for the verify command, so the
 * public verifier holds only its own modules in memory (the full CLI's commands, services and database drivers
 * cost about 110 MB, a fifth of the 512 MB a 200,000-ballot verification must fit in). The command, its options,
 * output and exit codes are the ones ./main.ts registers (the same function).
 */
const program = new Command()
  .name('confidence')
  .description('Run and track the confidence procedures of a parliamentary party or any membership organisation.')
  .showHelpAfterError()
  .exitOverride();

registerVerifyCommand(program);

await runProgram(program);
