import { Command } from 'commander';
import { registerBallotCommands } from './commands/ballot';
import { registerContestCommands } from './commands/contest';
import { registerFoundationCommands } from './commands/foundation';
import { registerPreferentialCommands } from './commands/preferential';
import { registerPreferentialBoardCommands } from './commands/preferential-board';
import { registerTrackerCommands } from './commands/tracker';
import { runProgram } from './run-program';

/**
 * `confidence`: one command over the same services as the web app and the API.
 * Each area registers its own subcommands.
 */
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

await runProgram(program);
