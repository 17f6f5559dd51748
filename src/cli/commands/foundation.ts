import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { loadConfig, serveMode } from '../../config/env';
import { thresholdOn } from '../../domain/rulebook/denominator';
import { findRulebook, RULEBOOK_PRESETS, summariseRulebook } from '../../domain/rulebook/presets';
import { AppError } from '../../domain/errors';
import { assertCleanText } from '../../domain/text';
import { startRuntime } from '../../runtime';
import { createApp } from '../../server/app';
import { verifyAudit } from '../../services/audit';
import { CLI_ACTOR } from '../../services/context';
import { DEMO_PROCEDURE_ID } from '../../services/demo';
import { createLogger } from '../../services/logger';
import { registerSealCommands } from './seal';
import { chairView, listProcedureRows, loadProcedure, loadPublicProcedure, publicView, runProcedureCommand } from '../../services/procedures';
import { COMMONS_2019_ROSTER_ID, countWhipHolders, importCommons2019, loadRoster, parseGenericRosterCsv, saveRoster } from '../../services/roster';
import { out, progressBar, requireIsoDate, withRuntime } from '../shared';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

export function registerFoundationCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and the API (embedded PGlite by default; DATABASE_URL for PostgreSQL)')
    .option('-p, --port <port>', 'port (default: PORT or 8080)')
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const mode = serveMode(config); // refuses unsafe settings before anything is opened
      const logger = createLogger(config.logLevel);
      const rt = await startRuntime(config, { logger, demoMode: mode.demo });
      const app = createApp(rt.ctx);
      const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
        out(`Confidence is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}  (database: ${rt.database.driver} ${rt.database.location})`);
        out(mode.demo ? `*** ${mode.summary} ***` : `mode: ${mode.summary}`);
      });
      const stop = () => server.close(() => void rt.close().then(() => process.exit(0)));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  const roster = program.command('roster').description('the membership roster and its changes over time');
  roster
    .command('import')
    .description('import the bundled 2019 House of Commons data, or an organisation\u2019s own CSV (docs/roster-csv.md)')
    .option('--commons-2019', 'the bundled UK Commons 2019 data set (default)')
    .option('--csv <file>', 'a roster CSV in the generic format')
    .option('--id <id>', 'roster id for --csv', 'organisation')
    .option('--name <name>', 'roster name for --csv', 'Organisation members')
    .action(async (opts: { csv?: string; id: string; name: string }) => {
      await withRuntime(async ({ ctx }) => {
        if (opts.csv) {
          let size: number;
          try {
            size = statSync(opts.csv).size;
          } catch {
            throw new AppError('VALIDATION_FAILED', `cannot read ${opts.csv}`);
          }
          if (size > MAX_CSV_BYTES) throw new AppError('CSV_INVALID', `${opts.csv} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`);
          const parsed = parseGenericRosterCsv(assertCleanText(readFileSync(opts.csv, 'utf8'), opts.csv));
          const r = await saveRoster(ctx, CLI_ACTOR, { id: opts.id, name: opts.name, format: 'csv', attribution: `imported from ${opts.csv}` }, parsed);
          out(`imported ${r.members} members and ${r.changes} changes into roster ${opts.id}`);
        } else {
          const r = await importCommons2019(ctx, CLI_ACTOR);
          out(`imported ${r.members} members and ${r.changes} changes into roster ${COMMONS_2019_ROSTER_ID}`);
        }
      });
    });
  roster
    .command('count')
    .description('the number of sitting members of a party who hold its whip on a day')
    .requiredOption('--party <party>', 'party code, e.g. Con')
    .requiredOption('--on <date>', 'YYYY-MM-DD')
    .option('--roster <id>', 'roster id', COMMONS_2019_ROSTER_ID)
    .action(async (opts: { party: string; on: string; roster: string }) => {
      requireIsoDate(opts.on, '--on');
      await withRuntime(async ({ ctx }) => out(String(await countWhipHolders(ctx.db, opts.roster, opts.party, opts.on))));
    });

  const rulebook = program.command('rulebook').description('rulebook presets');
  rulebook
    .command('list')
    .description('list the presets')
    .action(() => {
      for (const r of RULEBOOK_PRESETS) out(`${r.id.padEnd(22)} ${r.name}`);
    });
  rulebook
    .command('show <id>')
    .description('show a rulebook; with --on, its denominator and threshold on that day')
    .option('--on <date>', 'YYYY-MM-DD')
    .option('--roster <id>', 'roster for the denominator', COMMONS_2019_ROSTER_ID)
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { on?: string; roster: string; json?: boolean }) => {
      const r = findRulebook(id);
      const t = opts.on ? await withRuntime(async ({ ctx }) => thresholdOn(r, await loadRoster(ctx.db, opts.roster), requireIsoDate(opts.on!, '--on'))) : null;
      if (opts.json) {
        out(JSON.stringify({ rulebook: r, denominator: t?.denominator ?? null, threshold: t?.threshold ?? null }, null, 2));
        return;
      }
      out(r.name);
      for (const line of summariseRulebook(r)) out(`  ${line}`);
      if (t) {
        out(`On ${t.date}: denominator ${t.denominator} (${r.electorate.description}), threshold ${t.threshold}`);
      }
    });

  const letters = program.command('letters').description('letters handed to the chair on paper');
  letters
    .command('record')
    .description('record a letter received on paper (acting as the chair)')
    .requiredOption('--member <memberId>', 'the member who wrote')
    .option('--procedure <id>', 'procedure id', DEMO_PROCEDURE_ID)
    .option('--effective-from <date>', 'post-dated letters: the day it takes effect')
    .action(async (opts: { member: string; procedure: string; effectiveFrom?: string }) => {
      if (opts.effectiveFrom) requireIsoDate(opts.effectiveFrom, '--effective-from');
      await withRuntime(async ({ ctx }) => {
        const r = await runProcedureCommand(ctx, { ...CLI_ACTOR, role: 'chair', label: 'cli (chair)' }, opts.procedure, { type: 'submit_letter', memberId: opts.member, recordedBy: 'chair', effectiveFrom: opts.effectiveFrom });
        out(r.event ? `recorded: letter from ${opts.member}, effective ${r.event.type === 'letter_submitted' ? r.event.effectiveFrom : ''}` : `unchanged: ${opts.member} already has this letter on file`);
      });
    });
  letters
    .command('withdraw')
    .description('record a withdrawal received on paper (acting as the chair)')
    .requiredOption('--member <memberId>', 'the member withdrawing')
    .option('--procedure <id>', 'procedure id', DEMO_PROCEDURE_ID)
    .action(async (opts: { member: string; procedure: string }) => {
      await withRuntime(async ({ ctx }) => {
        await runProcedureCommand(ctx, { ...CLI_ACTOR, role: 'chair', label: 'cli (chair)' }, opts.procedure, { type: 'withdraw_letter', memberId: opts.member, recordedBy: 'chair' });
        out(`recorded: ${opts.member} withdrew their letter`);
      });
    });

  const procedure = program.command('procedure').description('procedures against a leader');
  procedure
    .command('status')
    .description('a procedure\u2019s state (public view; --chair adds the confidential count and names)')
    .option('--procedure <id>', 'procedure id (default: every procedure)')
    .option('--on <date>', 'evaluate on this day')
    .option('--chair', 'include the count and the names (the operator acting as chair)')
    .option('--json', 'print JSON')
    .action(async (opts: { procedure?: string; on?: string; chair?: boolean; json?: boolean }) => {
      if (opts.on) requireIsoDate(opts.on, '--on');
      await withRuntime(async ({ ctx }) => {
        const ids = opts.procedure ? [opts.procedure] : (await listProcedureRows(ctx.db)).map((r) => r.id);
        if (ids.length === 0) {
          out('no procedures');
          return;
        }
        for (const id of ids) {
          const p = opts.chair ? await loadProcedure(ctx, id, opts.on) : await loadPublicProcedure(ctx, id, opts.on);
          const chair = opts.chair ? await chairView(ctx.db, p) : null;
          const view = chair ?? publicView(p);
          if (opts.json) {
            out(JSON.stringify(view, null, 2));
            continue;
          }
          out(`${view.title}${view.simulated ? '  [SIMULATED letters]' : ''}`);
          out(`  id ${view.id} · leader ${view.leader.name} · rulebook ${view.rulebook.id} · as of ${view.asOf}`);
          out(`  denominator ${view.denominator} · threshold ${view.threshold}${chair ? ` · count ${chair.count} (confidential)` : ' · the count is secret'}`);
          out(`  state: ${view.stateLabel}${view.immuneUntil ? ` (until ${view.immuneUntil})` : ''}`);
          if (view.ballot) out(`  vote: ${view.ballot.opensAt} → ${view.ballot.closesAt}`);
          if (view.outcome) out(`  outcome: ${view.outcome.result} ${view.outcome.yes}–${view.outcome.no}`);
          for (const l of chair?.letters ?? []) out(`    ${l.inForce ? '●' : '○'} ${l.displayName} (${l.constituency}) ${l.status} ${l.effectiveFrom}${l.simulated ? ' [simulated]' : ''}${l.notCountingBecause ? ` — not counting: ${l.notCountingBecause}` : ''}`);
        }
      });
    });

  registerSealCommands(program);

  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('check every entry of the audit log against the chain; exits 7 naming the first altered entry')
    .action(async () => {
      await withRuntime(async ({ ctx }) => {
        const bar = progressBar('verifying audit log');
        const v = await verifyAudit(ctx.db, (done, total) => bar.update(done, total));
        bar.stop();
        if (!v.ok) throw new AppError('AUDIT_CHAIN_BROKEN', `audit log entry ${v.seq}: ${v.reason}`, { seq: v.seq });
        out(`audit log intact: ${v.entries} entries, head ${v.head}`);
      });
    });
}
