import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { loadConfig, serveMode } from '../../config/env';
import { thresholdOn } from '../../domain/rulebook/denominator';
import { findRulebook, RULEBOOK_PRESETS, summariseRulebook } from '../../domain/rulebook/presets';
import { AppError } from '../../domain/errors';
import { assertCleanText } from '../../domain/text';
import { verifyAudit, verifyAuditPages } from '../../services/audit';
import type { AuditEntry } from '../../domain/audit/chain';
import { CLI_ACTOR } from '../../services/context';
import { DEMO_PROCEDURE_ID } from '../../services/demo';
import { createLogger } from '../../services/logger';
import { noticeOfChairRecord } from '../../services/letter-notices';
import { registerSealCommands } from './seal';
import { listProcedureRows, publicProcedureView, runProcedureCommand, type ProcedureChairView, type ProcedurePublicView } from '../../services/procedures';
import { formatDateTime, formatDay } from '../../web/format';
import { call, login } from './ballot-trustee';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { COMMONS_2019_ROSTER_ID, countWhipHolders, importCommons2019, loadRoster, parseGenericRosterCsv, saveRoster } from '../../services/roster';
import { apiCall, out, progressBar, requireIsoDate, resolveServer, saveCredentials, tokenFor, withRuntime } from '../shared';

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
      // The server, the runtime and the cast workers load here, not with the CLI: every other command starts
      // without them (about 0.7 s of CPU each time, which the CLI's tests pay once per command run).
      const [{ serve }, { startRuntime }, { createApp }, { castWorkerCount, startCastCheckWorkers }] = await Promise.all([import('@hono/node-server'), import('../../runtime'), import('../../server/app'), import('../../services/cast-check-pool')]);
      const castWorkers = castWorkerCount(process.env);
      // If PGlite's thread dies, every request would fail with a 500 from then on: stop instead (exit 70), releasing the
      // data folder's lock, so a supervisor restarts a server that works. Acknowledged writes were committed before
      // their answer was sent, so none is lost.
      let lock: { release(): void } | null = null;
      const onDatabaseLost = (e: Error) => {
        logger.fatal({ err: e.message }, 'the embedded database thread stopped; exiting so that the server can be restarted');
        lock?.release();
        process.exit(70);
      };
      const rt = await startRuntime(config, { logger, demoMode: mode.demo, pgliteThread: config.pgliteThread, onDatabaseLost });
      lock = rt.database.lock;
      // Cast-time proof checks in worker threads, beside the HTTP loop and the group commit (services/cast-check-pool.ts).
      await startCastCheckWorkers(castWorkers);
      const app = createApp(rt.ctx);
      const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
        const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
        const url = `http://${host}:${info.port}`;
        // The CLI finds the server holding this data folder here, and sends its commands to it.
        rt.database.lock?.announce(url);
        out(`Confidence is running on ${url}  (database: ${rt.database.driver} ${rt.database.location})`);
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
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (opts: { csv?: string; id: string; name: string; server?: string }) => {
      const readCsv = (file: string) => {
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          throw new AppError('VALIDATION_FAILED', `cannot read ${file}`);
        }
        if (size > MAX_CSV_BYTES) throw new AppError('CSV_INVALID', `${file} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`);
        return assertCleanText(readFileSync(file, 'utf8'), file);
      };
      const server = resolveServer(opts.server);
      if (server) {
        // The file is read and checked here; the server parses it again and imports it as the logged-in chair.
        const body = opts.csv ? { source: 'csv', id: opts.id, name: opts.name, fileName: basename(opts.csv), csv: readCsv(opts.csv) } : { source: 'commons-2019' };
        if (opts.csv) parseGenericRosterCsv(body.csv as string);
        const r = await apiCall<{ rosterId: string; members: number; changes: number }>(server, 'POST', '/api/rosters/import', body);
        out(`imported ${r.members} members and ${r.changes} changes into roster ${r.rosterId} (via ${server})`);
        return;
      }
      await withRuntime(async ({ ctx }) => {
        if (opts.csv) {
          const parsed = parseGenericRosterCsv(readCsv(opts.csv));
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
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (opts: { party: string; on: string; roster: string; server?: string }) => {
      requireIsoDate(opts.on, '--on');
      const server = resolveServer(opts.server);
      if (server) {
        // Read-only and public: through the server, logged in or not.
        const q = new URLSearchParams({ party: opts.party, on: opts.on });
        const r = await apiCall<{ count: number }>(server, 'GET', `/api/rosters/${encodeURIComponent(opts.roster)}/count?${q}`, undefined, { auth: 'optional' });
        out(String(r.count));
        return;
      }
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
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (id: string, opts: { on?: string; roster: string; json?: boolean; server?: string }) => {
      const r = findRulebook(id);
      const server = opts.on ? resolveServer(opts.server) : null;
      let t: { date: string; denominator: number; threshold: number } | null = null;
      if (opts.on && server) {
        const q = new URLSearchParams({ on: requireIsoDate(opts.on, '--on'), roster: opts.roster });
        const got = await apiCall<{ denominator: number | null; threshold: number | null }>(server, 'GET', `/api/rulebooks/${encodeURIComponent(id)}?${q}`, undefined, { auth: 'optional' });
        t = { date: opts.on, denominator: got.denominator!, threshold: got.threshold! };
      } else if (opts.on) {
        t = await withRuntime(async ({ ctx }) => thresholdOn(r, await loadRoster(ctx.db, opts.roster), requireIsoDate(opts.on!, '--on')));
      }
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
    .description('record a letter received on paper (as the chair; through the running server when there is one)')
    .requiredOption('--member <memberId>', 'the member who wrote')
    .option('--procedure <id>', 'procedure id', DEMO_PROCEDURE_ID)
    .option('--effective-from <date>', 'post-dated letters: the day it takes effect')
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (opts: { member: string; procedure: string; effectiveFrom?: string; server?: string }) => {
      if (opts.effectiveFrom) requireIsoDate(opts.effectiveFrom, '--effective-from');
      const server = resolveServer(opts.server);
      if (server) {
        const before = await apiCall<ProcedureChairView>(server, 'GET', `/api/procedures/${encodeURIComponent(opts.procedure)}/chair`);
        const after = await apiCall<ProcedureChairView>(server, 'POST', `/api/procedures/${encodeURIComponent(opts.procedure)}/letters`, { memberId: opts.member, effectiveFrom: opts.effectiveFrom });
        const was = before.letters.find((l) => l.memberId === opts.member);
        const now = after.letters.find((l) => l.memberId === opts.member);
        const unchanged = was && now && was.status === now.status && was.effectiveFrom === now.effectiveFrom && was.submittedAt === now.submittedAt;
        out(unchanged ? `unchanged: ${opts.member} already has this letter on file` : `recorded: letter from ${opts.member}, effective ${now?.effectiveFrom ?? ''} (via ${server})`);
        return;
      }
      await withRuntime(async ({ ctx }) => {
        const r = await runProcedureCommand(ctx, { ...CLI_ACTOR, role: 'chair', label: 'cli (chair)' }, opts.procedure, { type: 'submit_letter', memberId: opts.member, recordedBy: 'chair', effectiveFrom: opts.effectiveFrom });
        await noticeOfChairRecord(ctx, opts.procedure, r.after.row.rosterId, r.event);
        out(r.event ? `recorded: letter from ${opts.member}, effective ${r.event.type === 'letter_submitted' ? r.event.effectiveFrom : ''}` : `unchanged: ${opts.member} already has this letter on file`);
      });
    });
  letters
    .command('withdraw')
    .description('record a withdrawal received on paper (as the chair; through the running server when there is one)')
    .requiredOption('--member <memberId>', 'the member withdrawing')
    .option('--procedure <id>', 'procedure id', DEMO_PROCEDURE_ID)
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (opts: { member: string; procedure: string; server?: string }) => {
      const server = resolveServer(opts.server);
      if (server) {
        await apiCall(server, 'DELETE', `/api/procedures/${encodeURIComponent(opts.procedure)}/letters/${encodeURIComponent(opts.member)}`);
        out(`recorded: ${opts.member} withdrew their letter (via ${server})`);
        return;
      }
      await withRuntime(async ({ ctx }) => {
        const r = await runProcedureCommand(ctx, { ...CLI_ACTOR, role: 'chair', label: 'cli (chair)' }, opts.procedure, { type: 'withdraw_letter', memberId: opts.member, recordedBy: 'chair' });
        await noticeOfChairRecord(ctx, opts.procedure, r.after.row.rosterId, r.event);
        out(`recorded: ${opts.member} withdrew their letter`);
      });
    });

  const procedure = program.command('procedure').description('procedures against a leader');
  procedure
    .command('status')
    .description('a procedure\u2019s state (public view; --chair adds the count and names for a logged-in chair or officer)')
    .option('--procedure <id>', 'procedure id (default: every procedure)')
    .option('--on <date>', 'evaluate on this day (the public view: up to the procedure\u2019s today)')
    .option('--chair', 'include the count and the names (needs `confidence login` as the chair or an officer)')
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .option('--json', 'print JSON')
    .action(async (opts: { procedure?: string; on?: string; chair?: boolean; json?: boolean; server?: string }) => {
      if (opts.on) requireIsoDate(opts.on, '--on');
      const server = resolveServer(opts.server);
      const views: (ProcedurePublicView | ProcedureChairView)[] = [];
      const query = opts.on ? `?on=${opts.on}` : '';
      if (server) {
        const ids = opts.procedure
          ? [opts.procedure]
          : (await apiCall<{ procedures: ProcedurePublicView[] }>(server, 'GET', '/api/procedures', undefined, { auth: 'optional' })).procedures.map((p) => p.id);
        for (const id of ids) {
          const path = `/api/procedures/${encodeURIComponent(id)}${opts.chair ? '/chair' : ''}${query}`;
          views.push(await apiCall<ProcedurePublicView>(server, 'GET', path, undefined, { auth: opts.chair ? 'required' : 'optional' }));
        }
      } else {
        if (opts.chair) {
          throw new AppError(
            'UNAUTHENTICATED',
            'the count and the names are for a logged-in chair or officer: start the server (`npm start`) and run `confidence login`, then this command asks it',
          );
        }
        await withRuntime(async ({ ctx }) => {
          const ids = opts.procedure ? [opts.procedure] : (await listProcedureRows(ctx.db)).map((r) => r.id);
          for (const id of ids) views.push(await publicProcedureView(ctx, id, opts.on));
        });
      }
      if (views.length === 0) {
        out('no procedures');
        return;
      }
      for (const view of views) {
        if (opts.json) {
          out(JSON.stringify(view, null, 2));
          continue;
        }
        for (const line of procedureStatusLines(view)) out(line);
      }
    });

  program
    .command('login')
    .description('log in to a running server as yourself (one-time code, or a token made in the web app); the API token is kept in ~/.config/confidence (mode 0600)')
    .option('--server <url>', 'the server (default: the one serving this data folder)')
    .option('--email <email>', 'log in with a one-time code sent to this email (CONFIDENCE_LOGIN_CODE or typed)')
    .option('--token <token>', 'store an API token created in the web app instead')
    .action(async (opts: { server?: string; email?: string; token?: string }) => {
      const server = resolveServer(opts.server);
      if (!server) throw new AppError('SERVER_UNREACHABLE', 'no running server found for this data folder: pass --server URL');
      let token = opts.token ?? null;
      let email: string | null = null;
      if (!token) {
        if (!opts.email) throw new AppError('VALIDATION_FAILED', 'give --email (a one-time code is mailed to it) or --token');
        const session = await login(server, opts.email);
        const made = await call<{ token: string }>(server, 'POST', '/api/auth/tokens', { label: `confidence CLI on ${hostname()}` }, session);
        token = made.value.token;
        email = opts.email;
      }
      const previous = tokenFor(server);
      const file = saveCredentials(server, token, email);
      try {
        const who = await apiCall<{ account: { email: string; role: string } | null }>(server, 'GET', '/api/session');
        if (!who.account) throw new AppError('UNAUTHENTICATED', 'the server does not accept this token');
        out(`logged in to ${server} as ${who.account.email} (${who.account.role}); token saved in ${file}`);
      } catch (e) {
        saveCredentials(server, previous, null);
        throw e;
      }
    });
  program
    .command('logout')
    .description('forget the stored API token for a server')
    .option('--server <url>', 'the server (default: the one serving this data folder)')
    .action((opts: { server?: string }) => {
      const server = resolveServer(opts.server);
      if (!server) throw new AppError('VALIDATION_FAILED', 'pass --server URL');
      saveCredentials(server, null, null);
      out(`forgot the token for ${server} (revoke it in the web app or with DELETE /api/auth/tokens/ID)`);
    });

  registerSealCommands(program);

  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('check every entry of the audit log against the chain; exits 7 naming the first altered entry (through a running server as the chair, re-hashing every entry here)')
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (opts: { server?: string }) => {
      const server = resolveServer(opts.server);
      const bar = progressBar('verifying audit log');
      const progress = (done: number, total: number) => bar.update(done, total);
      const v = await (server
        ? verifyAuditPages((after) => apiCall<{ entries: AuditEntry[]; total: number }>(server, 'GET', `/api/audit/entries?after=${after}`), progress)
        : withRuntime(({ ctx }) => verifyAudit(ctx.db, progress))
      ).finally(() => bar.stop());
      if (!v.ok) throw new AppError('AUDIT_CHAIN_BROKEN', `audit log entry ${v.seq}: ${v.reason}`, { seq: v.seq });
      out(`audit log intact: ${v.entries} entries, head ${v.head}${server ? ` (read through ${server}, hashes checked here)` : ''}`);
    });
}

/** `procedure status` as printed: days and times as the web app shows them (UK time, not UTC). */
export function procedureStatusLines(view: ProcedurePublicView | ProcedureChairView): string[] {
  const chair = 'count' in view ? view : null;
  const lines = [
    `${view.title}${view.simulated ? '  [SIMULATED letters]' : ''}`,
    `  id ${view.id} · leader ${view.leader.name} · rulebook ${view.rulebook.id} · as of ${formatDay(view.asOf)}`,
    `  denominator ${view.denominator} · threshold ${view.threshold}${chair ? ` · count ${chair.count} (confidential)` : ' · the count is secret'}`,
    `  state: ${view.stateLabel}${view.immuneUntil ? ` (until ${formatDay(view.immuneUntil)})` : ''}`,
  ];
  if (view.ballot) lines.push(`  vote: ${formatDateTime(view.ballot.opensAt)} → ${formatDateTime(view.ballot.closesAt)}`);
  if (view.outcome) lines.push(`  outcome: ${view.outcome.result} ${view.outcome.yes}–${view.outcome.no}`);
  for (const l of chair?.letters ?? []) lines.push(`    ${l.inForce ? '●' : '○'} ${l.displayName} (${l.constituency}) ${l.status} ${l.effectiveFrom}${l.simulated ? ' [simulated]' : ''}${l.notCountingBecause ? ` — not counting: ${l.notCountingBecause}` : ''}`);
  return lines;
}
