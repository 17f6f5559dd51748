import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerBallotCommands } from './commands/ballot';
import { registerContestCommands } from './commands/contest';
import { registerFoundationCommands } from './commands/foundation';
import { registerPreferentialCommands } from './commands/preferential';
import { registerPreferentialBoardCommands } from './commands/preferential-board';
import { registerTrackerCommands } from './commands/tracker';

/**
 * What each `confidence` command does while `confidence serve` holds a PGlite data folder (one writer per
 * folder, docs/decisions/0011). Every command is in exactly one class; a new command fails this test until it is
 * classified, and the class is checked against the command's options. The behaviour beside a real server is in
 * test/one-writer.test.ts and test/mail-credentials-beside-server.test.ts.
 *
 * - offline: never opens a data folder (files, keys, simulations, verifiers): runs beside a server as it is.
 * - via-server: opens the data folder when no server holds it; while one does (or with --server /
 *   CONFIDENCE_SERVER) it goes through that server's API, as the logged-in user when it changes something.
 * - server: talks only to a server, named with the required --server.
 * - refuses: needs the folder itself; beside a server it stops with DATA_DIR_LOCKED saying what to do.
 * - login: `login` / `logout` store or forget the API token for the server found as via-server's are.
 */
const BESIDE_A_SERVER: Record<string, 'offline' | 'via-server' | 'server' | 'refuses' | 'login'> = {
  serve: 'refuses', // a second server on the same folder
  'roster import': 'via-server',
  'roster count': 'via-server',
  'rulebook list': 'offline',
  'rulebook show': 'via-server', // --on reads the roster
  'letters record': 'via-server',
  'letters withdraw': 'via-server',
  'procedure status': 'via-server',
  login: 'login', // stores a token for the server found like via-server's
  logout: 'login',
  'seal publish': 'via-server',
  'seal verify': 'via-server',
  'member-key generate': 'offline',
  'member-key register': 'via-server',
  'member-key check': 'offline',
  'member-key registry': 'via-server', // reads the public registry from the server found as via-server's are
  'audit verify': 'via-server',
  'tracker ingest': 'via-server',
  'tracker extract': 'offline',
  'trustee register': 'server',
  'trustee deal': 'server',
  'trustee reveal': 'server',
  'trustee complain': 'server',
  'trustee answer': 'server',
  'trustee share': 'server',
  'trustee decrypt': 'server',
  'simulate confidence-vote': 'offline',
  'simulate leadership-contest': 'offline',
  'simulate preferential-contest': 'offline',
  verify: 'offline',
  'verify-preferential': 'offline',
  'credentials key': 'offline',
  'credentials generate': 'offline', // reads a published board over HTTP when given a URL; writes only files
  'credentials upload': 'server',
  'credentials revoke': 'server',
  'credentials reschedule': 'server',
  vote: 'server',
  'contest open': 'via-server',
  'contest nominate': 'via-server',
  'contest close': 'via-server',
  'contest withdraw': 'via-server',
  'contest schedule': 'via-server',
  'contest resume': 'via-server',
  'contest declare': 'via-server',
  'contest rerun': 'via-server',
  'contest status': 'via-server',
  'contest roll import': 'offline',
  'contest mp-credentials': 'offline',
  'contest roll-record': 'via-server',
  'contest print-credentials': 'offline',
  // With SMTP_URL it opens no database; without it the demo's dev mailbox is in the folder: DATA_DIR_LOCKED.
  'contest mail-credentials': 'refuses',
  'contest postal-batch': 'server',
  'contest postal-digest': 'offline',
  'contest rulebooks': 'offline',
  'preferential create': 'server',
  'preferential vote': 'server',
  'preferential mix': 'server',
  'preferential decrypt': 'server',
  'preferential count': 'server',
};

function program(): Command {
  const p = new Command();
  registerFoundationCommands(p);
  registerTrackerCommands(p);
  registerBallotCommands(p);
  registerContestCommands(p);
  registerPreferentialCommands(p);
  registerPreferentialBoardCommands(p);
  return p;
}

const leaves = (c: Command, prefix: string[] = []): { path: string; command: Command }[] =>
  c.commands.length ? c.commands.flatMap((s) => leaves(s, [...prefix, s.name()])) : [{ path: prefix.join(' '), command: c }];

const serverOption = (c: Command): Option | undefined => c.options.find((o) => o.long === '--server');

describe('every command has a known behaviour beside a running server', () => {
  const all = leaves(program());

  it('each command is classified, and nothing classified is gone', () => {
    const paths = all.map((l) => l.path).sort();
    expect(paths.filter((p) => !(p in BESIDE_A_SERVER))).toEqual([]);
    expect(Object.keys(BESIDE_A_SERVER).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it('every command that talks to a server takes an optional --server (the data folder’s server, or CONFIDENCE_SERVER, is found without it); an offline one has none', () => {
    const wrong: string[] = [];
    for (const { path, command } of all) {
      const o = serverOption(command);
      const kind = BESIDE_A_SERVER[path];
      if ((kind === 'via-server' || kind === 'login') && (!o || o.mandatory)) wrong.push(`${path}: needs an optional --server`);
      if (kind === 'server' && (!o || o.mandatory)) wrong.push(`${path}: needs an optional --server (serverBase finds the server)`);
      if ((kind === 'offline' || kind === 'refuses') && o) wrong.push(`${path}: has --server but is classified ${kind}`);
    }
    expect(wrong).toEqual([]);
  });
});
