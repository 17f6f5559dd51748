/**
 * CLI for the verifiable confidence vote (issue 4):
 *   confidence simulate confidence-vote --eligible 359 --yes 211 --no 148 --trustees 3/5 --out DIR
 *   confidence verify DIR/board.jsonl
 *   confidence credentials generate --count N --out DIR          (the credential authority, offline)
 *   confidence trustee … / confidence vote …                      (talk to a server's public API)
 *
 * `verify` needs nothing but the file: no server, no database, no account. It exits 0 only if every check
 * passes on a complete board; otherwise it names the first failing check and record and exits with
 * BOARD_CHECK_FAILED's code.
 */
import type { Command } from 'commander';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { initCrypto, Point } from '../../crypto';
import { CHECKS, checkChallenge, credentialPublicKey, formatFailure, generateCredential, prepareBallot, shortTracker, simulateElection, verifyBoard, type VerifyReport } from '../../ballot';
import { parallelChecker } from '../../ballot/verify-parallel';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors';
import { note, out, progressBar } from '../shared';
import { call, login, registerTrusteeCommands } from './ballot-trustee';
import { verifyContestPath } from './contest';

function int(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new AppError('VALIDATION_FAILED', `${flag} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

export function parseTrustees(value: string): { threshold: number; trustees: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m) throw new AppError('VALIDATION_FAILED', `--trustees must be k/n, e.g. 3/5, got ${JSON.stringify(value)}`);
  const threshold = Number(m[1]);
  const trustees = Number(m[2]);
  if (threshold < 1 || threshold > trustees || trustees > 100) throw new AppError('VALIDATION_FAILED', '--trustees k/n needs 1 ≤ k ≤ n ≤ 100');
  return { threshold, trustees };
}

export function printReport(r: VerifyReport, print: (s: string) => void = out): void {
  for (const c of CHECKS) {
    const mark = r.passed.includes(c.id) ? 'ok  ' : r.failure?.check === c.id ? 'FAIL' : '--  ';
    print(`${mark} ${c.id.padEnd(3)} ${c.title}`);
  }
  const s = r.summary;
  print('');
  if (s.title) print(`election      ${s.title}`);
  if (s.question) print(`question      ${s.question}`);
  if (s.electionHash) print(`election hash ${s.electionHash}`);
  print(`board head    ${s.head}  (${s.records} records)`);
  if (s.electorate !== null) print(`electorate    ${s.electorate} (credentials: ${s.credentials}, revoked and replaced: ${s.revocations})`);
  print(`ballots       ${s.ballotsOnBoard} on the board` + (s.counted !== null ? `, ${s.counted} counted, ${s.superseded} superseded by a revote, ${s.revoked} from revoked credentials` : ''));
  if (s.trustees) {
    const names = (ids: number[]) => ids.map((t) => `${t} (${s.trustees!.names[t - 1] ?? '?'})`).join(', ');
    print(`trustees      ${s.trustees.threshold} of ${s.trustees.count}; qualified: ${names(s.qualifiedTrustees) || '—'}; took part in the tally: ${names(s.trusteesTookPart) || '—'}`);
  }
  if (s.result) {
    print(`result        Yes ${s.result.yes}, No ${s.result.no}, spoilt ${s.result.spoilt}`);
    print(`decision      ${s.result.decision.result.toUpperCase()}: ${s.result.decision.explanation}`);
  } else {
    print(`stage         ${s.stage} (no result on the board yet)`);
  }
  print('');
  if (r.failure) print(`NOT VERIFIED: ${formatFailure(r.failure)}`);
  else if (!s.complete) print('VERIFIED SO FAR: every check that applies passes, but the board has no result yet.');
  else print(`VERIFIED: all ${CHECKS.length} checks pass.`);
}

export function registerBallotCommands(program: Command): void {
  registerTrusteeCommands(program);
  const simulate = program.command('simulate').description('simulations for demos and benchmarks');
  simulate
    .command('confidence-vote')
    .description('run a whole verifiable confidence vote in memory (keys, credentials, ballots, tally by k of n trustees) and write DIR/board.jsonl')
    .requiredOption('--eligible <n>', 'electorate (one credential each)')
    .requiredOption('--yes <n>', 'Yes ballots')
    .requiredOption('--no <n>', 'No ballots')
    .option('--trustees <k/n>', 'trustees: k of n needed to decrypt', '3/5')
    .option('--revoters <n>', 'voters who vote twice (the first ballot is superseded)', '0')
    .option('--lost <n>', 'voters who lose their credential after voting (revoked and replaced)', '0')
    .option('--out <dir>', 'output directory', '.')
    .action(async (o: { eligible: string; yes: string; no: string; trustees: string; revoters: string; lost: string; out: string }) => {
      await initCrypto();
      const eligible = int(o.eligible, '--eligible', 1);
      const yes = int(o.yes, '--yes');
      const no = int(o.no, '--no');
      if (yes + no > eligible) throw new AppError('VALIDATION_FAILED', `--yes + --no (${yes + no}) exceeds --eligible (${eligible})`);
      const { threshold, trustees } = parseTrustees(o.trustees);
      const bar = progressBar('ballots');
      const t0 = performance.now();
      const sim = simulateElection({ eligible, yes, no, threshold, trustees, revoters: int(o.revoters, '--revoters'), lostCredentials: int(o.lost, '--lost'), onProgress: (d, t) => t >= 2000 && bar.update(d, t) });
      bar.stop();
      mkdirSync(o.out, { recursive: true });
      const file = join(o.out, 'board.jsonl');
      writeFileSync(file, sim.board.toJSONLines());
      const result = sim.board.ofType('result')[0]!.body;
      out(`wrote ${file}: ${sim.board.records.length} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      out(`election hash ${sim.board.electionHash}`);
      out(`board head    ${sim.board.head}`);
      out(`result        Yes ${result.yes}, No ${result.no} — ${result.decision.result}; decrypted by trustees ${result.trustees.join(', ')} of ${trustees}`);
      const t = sim.trackers.find((x) => x !== null);
      if (t) out(`a tracker     ${shortTracker(t)} (${t})`);
      out(`verify with  confidence verify ${file}`);
    });

  program
    .command('verify <board>')
    .description('verify a published bulletin board (board.jsonl: checks B1–B15) or a leadership contest (a directory with contest.json: R1–R15 per board, C1–C7); exit 0 only if all pass')
    .option('--threads <n>', `worker threads (default ${availableParallelism()}; 0 = single-threaded)`)
    .option('--partial', 'accept a board without a result yet (an election in progress)')
    .option('--json', 'print the report as JSON')
    .action(async (path: string, o: { threads?: string; partial?: boolean; json?: boolean }) => {
      // A leadership contest (a directory with contest.json, or one contest ballot board): src/cli/commands/contest.ts.
      if (await verifyContestPath(path, o)) return;
      await initCrypto();
      const threads = o.threads === undefined ? availableParallelism() : int(o.threads, '--threads');
      let size = 0;
      try {
        size = statSync(path).size;
      } catch (e) {
        throw new AppError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`);
      }
      // Starting a worker costs about a second (it loads the TypeScript sources): small boards stay in-thread,
      // large ones start the workers now so they load while the file is read and checks B1–B8 run.
      const checker = threads > 0 && (o.threads !== undefined || size > 4_000_000) ? parallelChecker({ threads }) : undefined;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new AppError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`);
      }
      const bars: Record<string, ReturnType<typeof progressBar>> = {};
      const t0 = performance.now();
      const report = await verifyBoard(text, {
        checker,
        sha256Hex: (x) => createHash('sha256').update(x).digest('hex'),
        onProgress: (p) => {
          if (p.total < 2000) return;
          (bars[p.phase] ??= progressBar(p.phase === 'records' ? 'records' : p.phase === 'ballots' ? 'ballots (B9–B11)' : p.phase)).update(p.done, p.total);
        },
      });
      for (const b of Object.values(bars)) b.stop();
      await checker?.close();
      const secs = (performance.now() - t0) / 1000;
      if (o.json) out(JSON.stringify({ ...report, seconds: secs }, null, 2));
      else {
        printReport(report);
        note(`verified in ${secs.toFixed(2)} s`);
      }
      if (report.failure) throw new AppError('BOARD_CHECK_FAILED', formatFailure(report.failure).split('\n')[0], report.failure);
      if (!report.summary.complete && !o.partial) throw new AppError('BOARD_CHECK_FAILED', `the board is incomplete (stage: ${report.summary.stage}); pass --partial to accept an election in progress`);
    });

  const credentials = program.command('credentials').description('the credential authority (run offline, by someone other than the server operator)');
  credentials
    .command('generate')
    .description('generate one signing credential per voter: DIR/credentials-secret.jsonl (to hand out, one per voter) and DIR/credentials-public.json (sorted public keys, to upload)')
    .requiredOption('--count <n>', 'number of voters')
    .option('--out <dir>', 'output directory', '.')
    .option('--letters <url>', 'also write credentials-letters.txt: one printable letter per voter (pages separated by form feeds) pointing to this booth URL')
    .action(async (o: { count: string; out: string; letters?: string }) => {
      await initCrypto();
      const n = int(o.count, '--count', 1);
      const creds = Array.from({ length: n }, () => generateCredential());
      mkdirSync(o.out, { recursive: true });
      // Secrets in issue order (the authority maps them to voters for mailing); the public list sorted, so the
      // server cannot link a public key to its position in the mailing list.
      writeFileSync(join(o.out, 'credentials-secret.jsonl'), creds.map((c, i) => JSON.stringify({ voter: i + 1, credential: c.secret })).join('\n') + '\n', { mode: 0o600 });
      writeFileSync(join(o.out, 'credentials-public.json'), JSON.stringify({ credentials: creds.map((c) => c.public).sort() }, null, 1) + '\n');
      if (o.letters) {
        const letter = (c: { secret: string }, i: number) =>
          [
            `Confidential: your voting credential (letter ${i + 1} of ${n})`,
            '',
            `Vote at ${o.letters}`,
            '',
            'Your credential (type or paste it into the booth; it never leaves your device):',
            '',
            `    ${c.secret.replace(/(.{16})/g, '$1 ').trim()}`,
            '',
            'Anyone holding this code can vote in your place: keep it private. If you lose it, ask for a new one;',
            'the old one will be revoked on the public record. You may vote again: your last ballot counts.',
          ].join('\n');
        writeFileSync(join(o.out, 'credentials-letters.txt'), creds.map(letter).join('\n\f\n') + '\n', { mode: 0o600 });
      }
      out(`wrote ${n} credentials: ${join(o.out, 'credentials-secret.jsonl')} (secret: one per voter, keep offline) and ${join(o.out, 'credentials-public.json')} (public: upload to the election)`);
    });

  credentials
    .command('upload')
    .description('upload the public keys (credentials-public.json) to an election, in batches; the secrets stay with you')
    .requiredOption('--server <url>', 'the Confidence server')
    .requiredOption('--election <id>', 'election id')
    .requiredOption('--email <email>', 'the chair’s account (a one-time code is emailed)')
    .requiredOption('--file <path>', 'credentials-public.json from `confidence credentials generate`')
    .action(async (o: { server: string; election: string; email: string; file: string }) => {
      let list: string[];
      try {
        list = (JSON.parse(readFileSync(o.file, 'utf8')) as { credentials: string[] }).credentials;
        if (!Array.isArray(list)) throw new Error('no "credentials" array');
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `cannot read ${o.file}: ${(e as Error).message}`);
      }
      const base = o.server.replace(/\/+$/, '');
      const session = await login(base, o.email);
      const BATCH = 3000; // under the API's 256 KB body limit
      for (let i = 0; i < list.length; i += BATCH) {
        const more = i + BATCH < list.length;
        await call(base, 'POST', `/api/elections/${encodeURIComponent(o.election)}/credentials`, { credentials: list.slice(i, i + BATCH), ...(more ? { more: true } : {}) }, session);
        note(`uploaded ${Math.min(i + BATCH, list.length)}/${list.length}`);
      }
      out(`${list.length} credentials published on the board of ${o.election}`);
    });

  program
    .command('vote')
    .description('the booth on the command line: encrypt, prove and sign a ballot on this machine, optionally challenge one first (Benaloh), cast it, print the tracker')
    .requiredOption('--server <url>', 'the Confidence server, e.g. https://confidence.example')
    .requiredOption('--election <id>', 'election id, e.g. vote-johnson-2022')
    .requiredOption('--credential <file>', 'file holding your 64-hex-digit credential (or - for stdin)')
    .option('--yes', 'vote Yes')
    .option('--no', 'vote No')
    .option('--challenge', 'first prepare a ballot and check it (its randomness is revealed, it is discarded), then cast a fresh one')
    .action(async (o: { server: string; election: string; credential: string; yes?: boolean; no?: boolean; challenge?: boolean }) => {
      await initCrypto();
      if (!!o.yes === !!o.no) throw new AppError('VALIDATION_FAILED', 'give exactly one of --yes or --no');
      const vote: 0 | 1 = o.yes ? 1 : 0;
      const raw = o.credential === '-' ? readFileSync(0, 'utf8') : readFileSync(o.credential, 'utf8');
      const secret = (/[0-9a-f]{64}/.exec(raw.toLowerCase()) ?? [''])[0];
      try {
        credentialPublicKey(secret);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'the credential file does not hold a valid 64-hex-digit credential');
      }
      const base = o.server.replace(/\/+$/, '');
      const get = async (path: string) => {
        const res = await fetch(`${base}${path}`, { headers: { Accept: 'application/json' } });
        const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
        if (!res.ok) throw new AppError('NOT_FOUND', `${path}: ${JSON.stringify(body)}`);
        return body!;
      };
      const e = (await get(`/api/elections/${encodeURIComponent(o.election)}`)) as unknown as { electionHash: string; publicKey: string | null; stage: string; manifest: { question: string; answers: { yes: string; no: string } } };
      if (!e.publicKey || e.stage !== 'open') throw new AppError('ELECTION_NOT_OPEN', `the election is at stage ${e.stage}`);
      const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey) };
      out(`question      ${e.manifest.question}`);
      out(`your answer   ${vote ? e.manifest.answers.yes : e.manifest.answers.no}`);
      if (o.challenge) {
        const audited = prepareBallot(params, secret, vote);
        const r = checkChallenge(params, audited.body, audited.secret, vote);
        out(`challenge     ballot ${shortTracker(audited.tracker)} ${r.ok ? `holds ${r.vote ? 'Yes' : 'No'} as chosen, with valid proof and signature; discarded` : `FAILED: ${r.problems.join('; ')}`}`);
        if (!r.ok) throw new AppError('INTERNAL', 'the booth failed its own challenge: not casting');
      }
      const ballot = prepareBallot(params, secret, vote);
      const res = await fetch(`${base}/api/elections/${encodeURIComponent(o.election)}/ballots`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ballot.body) });
      const body = (await res.json().catch(() => null)) as { tracker?: string; seq?: number; head?: string; error?: { code: string; message: string } } | null;
      if (!res.ok) {
        const code = body?.error?.code;
        throw new AppError(code && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', body?.error?.message ?? `status ${res.status}`);
      }
      if (body?.tracker !== ballot.tracker) throw new AppError('INTERNAL', 'the server returned a different tracker from the one computed here');
      out(`cast          record ${body.seq}, board head ${body.head}`);
      out(`tracker       ${shortTracker(ballot.tracker)}  (${ballot.tracker})`);
      out(`look it up    ${base}/elections/${encodeURIComponent(o.election)}`);
    });
}
