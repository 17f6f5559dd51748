import { Command } from 'commander';
import { registerBallotCommands } from './commands/ballot';
import { registerContestCommands } from './commands/contest';
import { registerFoundationCommands } from './commands/foundation';
import { registerPreferentialCommands } from './commands/preferential';
import { registerPreferentialBoardCommands } from './commands/preferential-board';
import { registerTrackerCommands } from './commands/tracker';

/**
 * `confidence`: one command over the same services as the web app and the API. Each area registers its own
 * subcommands. A new program each call: ./main.ts runs one per process, tests may run several in theirs.
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('confidence')
    .description('Run and track the confidence procedures of a parliamentary party or any membership organisation.')
    .showHelpAfterError()
    .exitOverride();

  registerFoundationCommands(program);
  registerTrackerCommands(program);
  registerBallotCommands(program);
  registerContestCommands(program);
  registerPreferentialCommands(program);
  registerPreferentialBoardCommands(program);
  return program;
}
