/**
 * `confidence verify BOARD`: the public verifier's command. It needs nothing but the files: no server, no database,
 * no account, and it exits 0 only if every check passes on a complete board (otherwise it names the first failing
 * check and record and exits with BOARD_CHECK_FAILED's code).
 *
 * This module loads only the confidence-vote verifier; bin/confidence.js runs `verify` through ../verify-main.ts,
 * which registers this command alone, so verifying a 200,000-ballot board does not also hold every other command,
 * the services and the database drivers in memory (about 110 MB). Contest and preferential boards are recognised
 * and their verifiers loaded on demand.
 */
import type { Command } from 'commander';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { streamLines } from '../../mixnet/lines';
import { createHash, hash as oneShotHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { initCrypto } from '../../crypto';
import { formatFingerprint } from '../../ballot/authority';
import { MANIFEST_VERSION } from '../../ballot/manifest';
import { isTrusteeReceipt } from '../../ballot/trustee-receipt';
import { CHECKS, formatFailure, verifyBoard, type VerifyReport } from '../../ballot/verify';
import type { ExpectedBoard } from '../../ballot/verify-trust';
import { parallelChecker } from '../../ballot/verify-parallel';
import { AppError } from '../../domain/errors';
import { int, note, out, progressBar } from '../shared';
import { firstLineOfFile } from '../file-head';

const HEX64 = /^[0-9a-f]{64}$/i;

/**
 * Whether PATH is a file whose first line is a confidence-vote setup record (its manifest's version). Read in
 * 64 KB blocks: never the whole board. Anything else (a directory, another kind of board, an unreadable path)
 * is false, and goes to the other verifiers exactly as before.
 */
export function isConfidenceBoard(path: string): boolean {
  try {
    const r = JSON.parse(firstLineOfFile(path)) as { type?: unknown; body?: { manifest?: { version?: unknown } } };
    return r.type === 'setup' && r.body?.manifest?.version === MANIFEST_VERSION;
  } catch {
    return false;
  }
}

/** Which of the checks that compare with outside knowledge had nothing to compare (so passed vacuously). */
function vacuous(expect: ExpectedBoard | undefined): Map<string, string> {
  const m = new Map<string, string>();
  if (expect?.electionHash === undefined && expect?.head === undefined) m.set('B3a', 'nothing to compare: give --election-hash and --head');
  if (expect?.credentialsFingerprint === undefined) m.set('B7b', 'not checked: give --credentials-fingerprint (from the authority’s letter or notice)');
  if (!expect?.receipts?.some((r) => !isTrusteeReceipt(r))) m.set('B9c', 'no cast receipt given: give --receipt FILE…');
  return m;
}

export function printReport(r: VerifyReport, print: (s: string) => void = out, expect?: ExpectedBoard): void {
  const notes = vacuous(expect);
  for (const c of CHECKS) {
    const mark = r.failure?.check === c.id ? 'FAIL' : notes.has(c.id) && !r.failure ? '--  ' : r.passed.includes(c.id) ? 'ok  ' : '--  ';
    print(`${mark} ${c.id.padEnd(4)} ${c.title}${notes.has(c.id) && !r.failure ? ` (${notes.get(c.id)})` : ''}`);
  }
  const s = r.summary;
  print('');
  if (s.title) print(`election      ${s.title}`);
  if (s.question) print(`question      ${s.question}`);
  if (s.electionHash) print(`election hash ${s.electionHash}`);
  print(`board head    ${s.head}  (${s.records} records)`);
  if (s.credentialsFingerprint) print(`credentials   fingerprint ${formatFingerprint(s.credentialsFingerprint)} (signed by authority key ${s.credentialAuthority!.slice(0, 16)}…; compare with the one the authority published)`);
  if (s.window) print(`window        ${s.window.opensAt === null && s.window.closesAt === null ? 'none bound (a re-enactment: no real clock)' : `${s.window.opensAt ?? '—'} – ${s.window.closesAt ?? '—'} (${s.window.reschedules ? `reschedule ${s.window.reschedules}, signed by the authority` : 'the manifest’s'})`}${s.openedAt ? `; opened ${s.openedAt}${s.closedAt ? `, closed ${s.closedAt}` : ''}` : ''}`);
  if (s.trusteeReceiptsChecked) print(`trustee rcpts ${s.trusteeReceiptsChecked} checked: each trustee message is on the board where the board key said it was`);
  if (s.receiptsChecked) print(`receipts      ${s.receiptsChecked} checked: each ballot is on the board where the board key said it was`);
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
  else print(`VERIFIED: all ${CHECKS.length - notes.size} checks pass${notes.size ? ` (${[...notes.keys()].join(', ')} had nothing to compare)` : ''}.`);
}

/** Reads the verifier's outside knowledge from the command line: check B3a, B7b, B9c. */
export function expectedFromOptions(o: { electionHash?: string; head?: string; credentialsFingerprint?: string; receipt?: string[] }): ExpectedBoard {
  const e: ExpectedBoard = {};
  for (const [flag, v] of [['--election-hash', o.electionHash], ['--head', o.head]] as const) {
    if (v !== undefined && !HEX64.test(v)) throw new AppError('VALIDATION_FAILED', `${flag} must be 64 hex digits, got ${JSON.stringify(v)}`);
  }
  if (o.electionHash !== undefined) e.electionHash = o.electionHash.toLowerCase();
  if (o.head !== undefined) e.head = o.head.toLowerCase();
  if (o.credentialsFingerprint !== undefined) {
    if (!/^[0-9a-f]{32}([0-9a-f]{32})?$/i.test(o.credentialsFingerprint.replace(/[\s-]/g, ''))) throw new AppError('VALIDATION_FAILED', '--credentials-fingerprint must be the 8 groups of 4 hex digits (or all 64 digits) the authority published');
    e.credentialsFingerprint = o.credentialsFingerprint;
  }
  if (o.receipt?.length) {
    e.receipts = o.receipt.map((f) => {
      try {
        return JSON.parse(readFileSync(f, 'utf8')) as unknown;
      } catch (err) {
        throw new AppError('VALIDATION_FAILED', `cannot read receipt ${f}: ${(err as Error).message}`);
      }
    });
  }
  return e;
}

/** Registers `confidence verify` (the main CLI and ../verify-main.ts both call this). */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify <board>')
    .description('verify a published bulletin board (board.jsonl: checks B1–B15 and the trust anchors B3a, B7a/b, B8a, B9a–c) or a leadership contest (a directory with contest.json: R1–R15 per board, C1–C7); exit 0 only if all pass')
    .option('--threads <n>', `worker threads (default ${availableParallelism()}; 0 = single-threaded)`)
    .option('--partial', 'accept a board without a result yet (an election in progress)')
    .option('--election-hash <hex>', 'the election hash you were given (check B3a)')
    .option('--head <hex>', 'the board head you were given (check B3a)')
    .option('--credentials-fingerprint <fp>', 'the credential list fingerprint the authority published outside the server (check B7b)')
    .option('--receipt <files...>', 'receipts (JSON): cast receipts from `confidence vote` or the booth (each ballot must be on the board where it was receipted, check B9c) and trustees’ receipts from `confidence trustee …` or the ceremony page (each key-ceremony message likewise, check B6.6)')
    .option('--json', 'print the report as JSON')
    .option('--ballots', 'contest boards: list each ballot that does not count and the record that decided it (a revocation, or the ballot counted instead)')
    .option('--postal-chain <hex...>', "a members' board: the chain value the counting officers kept after their last postal batch; the board's batches must end exactly there (check R18). A contest whose members' ballot was run again: one value per members' board")
    .action(async (path: string, o: { threads?: string; partial?: boolean; json?: boolean; electionHash?: string; head?: string; credentialsFingerprint?: string; receipt?: string[]; ballots?: boolean; postalChain?: string[] }) => {
      // A confidence-vote board is recognised by its first line; anything else goes to the contest verifier, then the
      // preferential one, each loaded only then (as modules they cost more memory than this whole verifier).
      if (!isConfidenceBoard(path)) {
        // A leadership contest (a directory with contest.json, or one contest ballot board): src/cli/commands/contest.ts.
        const { verifyContestPath } = await import('./contest');
        if (await verifyContestPath(path, o)) return;
        // A preferential ballot's board (ranked ballots, mixnet, count): src/cli/commands/preferential-board.ts.
        const { verifyPreferentialPath } = await import('./preferential-board');
        if (await verifyPreferentialPath(path, { partial: o.partial, json: o.json, receipt: o.receipt, threads: o.threads === undefined ? undefined : int(o.threads, '--threads') })) return;
      }
      await initCrypto();
      const expect = expectedFromOptions(o);
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
      // The board is streamed line by line (never held whole): a 200,000-ballot board verifies in bounded memory.
      // Lines end at '\n' only, as the browser and the server split a board: readline also ended them at '\r' and
      // dropped it, so a board with CRLF line ends verified here and failed B1 everywhere else.
      const text = streamLines(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }));
      const bars: Record<string, ReturnType<typeof progressBar>> = {};
      const t0 = performance.now();
      const report = await verifyBoard(text, {
        checker,
        expect,
        // The one-shot hash (Node ≥ 20.12) makes no Hash object per record: a 200,000-ballot board hashes every line.
        sha256Hex: typeof oneShotHash === 'function' ? (x) => oneShotHash('sha256', x, 'hex') : (x) => createHash('sha256').update(x).digest('hex'),
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
        printReport(report, out, expect);
        note(`verified in ${secs.toFixed(2)} s`);
      }
      if (report.failure) throw new AppError('BOARD_CHECK_FAILED', formatFailure(report.failure).split('\n')[0], report.failure);
      if (!report.summary.complete && !o.partial) throw new AppError('BOARD_CHECK_FAILED', `the board is incomplete (stage: ${report.summary.stage}); pass --partial to accept an election in progress`);
    });

}
