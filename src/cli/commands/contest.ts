/**
 * CLI for leadership contests (docs/contest.md):
 *   confidence simulate leadership-contest --rulebook conservative-2022-summer [--members-scale 0.01] --out DIR
 *   confidence verify DIR                       (DIR/contest.json + one board per ballot; also a single contest board)
 *   confidence contest rulebooks                (the contest rulebook presets)
 *
 * `verify` needs nothing but the files: no server, no database, no account. It exits 0 only if every board passes
 * R1–R15 and the contest passes C1–C7; otherwise it names the first failing check and exits with
 * CONTEST_CHECK_FAILED's code.
 */
import { Option, type Command } from 'commander';
import { closeSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { streamLines } from '../../mixnet/lines';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { contestParallelChecker } from '../../contest/verify-parallel';
import { initCrypto } from '../../crypto';
import { canonicalJson } from '../../domain/audit/canonical-json';
import { AppError } from '../../domain/errors';
import { boothKeyCheck, checkFingerprintOption, fingerprintLine } from '../booth-fingerprint';
import { CONTEST_RULEBOOK_PRESETS, summariseContestRulebook } from '../../domain/rulebook/contest-presets';
import {
  CONTEST_BALLOT_VERSION,
  CONTEST_CHECKS,
  HISTORIC_CONTESTS,
  ROUND_CHECKS,
  formatRoundFailure,
  roundTable,
  simulateHistoricContest,
  verifyContest,
  verifyContestBoard,
  type ContestState,
  type ContestVerifyReport,
  type RoundVerifyReport,
  type BoardSource,
} from '../../contest';
import { apiCall, int, note, out, progressBar, requireIsoDate, resolveServer, withRuntime, serverBase, SERVER_ONLY_OPTION } from '../shared';
import { loadConfig } from '../../config/env';
import { describeHolder, readLock } from '../../db/lock';
import { createLogger } from '../../services/logger';
import { smtpMailer, type Mail, type Mailer } from '../../services/mailer';
import { CLI_ACTOR, type AppContext } from '../../services/context';
import * as contests from '../../services/contests';
import { generateCredential } from '../../ballot/booth';
import { parseCsv } from '../../domain/csv';
import { importMembershipRoll } from '../../contest/roll';
import { batches, credentialLettersPdf, parseCredentialLetters } from '../../contest/print';
import { credentialQueue, resumeFromJournal, runMailQueue } from '../../contest/mail-queue';
import { parsePostalBatch, postalPapersDigest, preparePostalBatch, type CredentialState } from '../../contest/postal';
import { parseInstant } from '../../ballot/manifest';
import { firstLineOfFile } from '../file-head';
import { explainContestBallots } from '../../contest/ballot-status';
import { refuseNamedSeed } from '../../contest/engine';
import { signWithdrawal, type WithdrawalSignature } from '../../contest/withdrawal';
import { parseMemberKeyFile } from '../../domain/seal/member-key';
import { call, login } from './ballot-trustee';
import { Point } from '../../crypto';
import { credentialPublicKey } from '../../ballot/booth';
import { findContestRulebook } from '../../domain/rulebook/contest-presets';
import type { ContestBallotManifest } from '../../contest/board';
import { isMembersBallot, type ContestPublicView } from '../../contest/engine';

const nodeSha = (x: string) => createHash('sha256').update(x).digest('hex');

function parseScale(v: string): number {
  const n = Number(v);
  if (!/^\d*\.?\d+$/.test(v) || !(n > 0 && n <= 1)) throw new AppError('VALIDATION_FAILED', `--members-scale must be a number in (0, 1], got ${JSON.stringify(v)}`);
  return n;
}

function parseTrustees(value: string): { threshold: number; trustees: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > 100) throw new AppError('VALIDATION_FAILED', `--trustees must be k/n with 1 ≤ k ≤ n ≤ 100, got ${JSON.stringify(value)}`);
  return { threshold: Number(m[1]), trustees: Number(m[2]) };
}

const fmt = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-GB'));

/** The round-by-round table and the winner, as printed by `verify` and `simulate`. */
export function printContestTable(s: ContestState, names: Record<string, string>, print: (line: string) => void = out): void {
  const t = roundTable(s);
  const name = (id: string) => names[id] ?? id;
  const w0 = Math.max(12, ...t.rows.map((r) => name(r.candidate).length));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => fmt(r.cells[i] ?? null).length), fmt(t.spoilt[i] ?? null).length, fmt(t.abstentions[i] ?? null).length));
  const line = (label: string, cells: string[], tail = '') => print(`${label.padEnd(w0)}  ${cells.map((c, i) => c.padStart(widths[i]!)).join('  ')}  ${tail}`.trimEnd());
  line('candidate', t.columns, 'outcome');
  for (const r of t.rows) line(name(r.candidate), r.cells.map(fmt), r.fate);
  line('spoilt/blank', t.spoilt.map(fmt));
  line('abstained', t.abstentions.map(fmt));
  const nominated = s.candidates.map((c) => `${name(c.id)} ${s.nominations.filter((n) => n.candidate === c.id).length}`);
  if (nominated.length) print(`nominations (${s.rulebook.nominations.required} needed): ${nominated.join(', ')}`);
  const invalid = s.candidates.filter((c) => c.status === 'invalid');
  if (invalid.length) print(`invalid nominations: ${invalid.map((c) => `${name(c.id)} (${c.note})`).join(', ')}`);
  // Tied ballots stay in the record: each is listed with its board name; the round or ballot was run again.
  const tied = [...s.rounds.flatMap((r) => r.ties ?? []), ...(s.members?.ties ?? [])];
  for (const x of tied) print(`tied: ${x.ballot} — ${Object.entries(x.counts).map(([c, v]) => `${name(c)} ${fmt(v)}`).join(', ')}; ${x.explanation}`);
  // A tie decided by a withdrawal before its rerun: the round (or members' ballot) says so in its explanation.
  for (const r of s.rounds) if (r.ties?.length && r.result && / withdrew before the rerun/.test(r.result.outcome.explanation)) print(`round ${r.number} decided: ${r.result.outcome.explanation}`);
  if (s.members?.ties?.length && s.members.result && / withdrew before the rerun/.test(s.members.result.explanation)) print(`members' ballot decided: ${s.members.result.explanation}`);
  // A tie broken by lot: which board's close record the seed came from, so anyone can redraw it.
  const lots = [...s.rounds.map((r) => r.result?.outcome.lot), s.members?.result?.lot].filter((l) => !!l);
  for (const l of lots) print(`lot: ${l.ballot} — drawn from its board's close record ${l.close}, seed ${l.seed}; tickets ${Object.entries(l.tickets).map(([c, t]) => `${name(c)} ${t.slice(0, 12)}…`).join(', ')}`);
  const waiting = s.rounds.at(-1)?.awaitingRerun || s.members?.awaitingRerun;
  if (waiting) print('the tied ballot awaits its rerun: `confidence contest rerun <contest>` (the chair)');
  const m = s.members?.result;
  if (m) {
    const votes = Object.values(m.counts).reduce((a, b) => a + b, 0);
    const turnout = ((votes + m.rejected) * 100) / m.electorate;
    print(`members' ballot: ${Object.entries(m.counts).sort((a, b) => b[1] - a[1]).map(([c, v]) => `${name(c)} ${fmt(v)} (${((v * 100) / votes).toFixed(1)}%)`).join(', ')}; ${fmt(m.rejected)} rejected; electorate ${fmt(m.electorate)}, turnout ${turnout.toFixed(1)}%`);
  }
  if (s.winner) print(`winner: ${name(s.winner.candidate)} — elected ${s.winner.how === 'unopposed' ? 'unopposed' : s.winner.how === 'mps' ? 'by the MPs' : 'by the members'}`);
  else print(`no winner yet (phase: ${s.phase})`);
}

/**
 * The state the contest table prints, rebuilt from the public view a server answers with (the CLI through a running
 * server). It carries every figure the table shows; a nomination is known only by its count when the rulebook keeps
 * nominators confidential, so those are listed without a name. For display only: nothing is decided on it.
 */
export function displayStateOf(v: ContestPublicView): ContestState {
  return {
    id: v.id,
    rulebook: findContestRulebook(v.rulebook),
    opening: v.opening,
    mps: [],
    nominationsClose: v.nominationsClose,
    phase: v.phase,
    nominations: v.candidates.flatMap((c) =>
      c.nominators
        ? c.nominators.map((n) => ({ candidate: c.id, nominator: n.member, role: n.role, at: '', recordedBy: 'chair' as const }))
        : Array.from({ length: c.nominations }, () => ({ candidate: c.id, nominator: '', role: 'supporter' as const, at: '', recordedBy: 'chair' as const })),
    ),
    candidates: v.candidates.map((c) => ({ id: c.id, status: c.status, outRound: c.outRound, note: c.note })),
    rounds: v.rounds.map((r) => ({
      number: r.number,
      scheduledAt: '',
      opensAt: r.opensAt,
      candidates: r.candidates,
      ties: r.ties,
      awaitingRerun: r.awaitingRerun,
      result: r.result && {
        counts: r.result.counts,
        spoilt: r.result.spoilt,
        electorate: r.result.electorate,
        declaredAt: '',
        outcome: { round: r.number, threshold: null, eliminated: r.result.eliminated, continuing: [], rerun: r.result.rerun, abstentions: r.result.abstentions, explanation: r.result.explanation, ...(r.result.lot ? { lot: r.result.lot } : {}) },
      },
    })),
    members: v.members,
    winner: v.winner,
    log: v.log,
  };
}

function printRoundReport(r: RoundVerifyReport, print: (line: string) => void = out): void {
  for (const c of ROUND_CHECKS) print(`${r.passed.includes(c.id) ? 'ok  ' : r.failure?.check === c.id ? 'FAIL' : '--  '} ${c.id.padEnd(3)} ${c.title}`);
  const s = r.summary;
  print('');
  if (s.manifest) print(`ballot        ${s.manifest.title}`);
  if (s.electionHash) print(`election hash ${s.electionHash}`);
  print(`board head    ${s.head}  (${s.records} records)`);
  print(`ballots       ${s.ballotsOnBoard} on the board${s.counted === null ? '' : `, ${s.counted} counted, ${s.superseded} superseded, ${s.revoked} revoked`}`);
  if (s.result && s.manifest) print(`result        ${s.manifest.candidates.map((c) => `${c.name} ${s.result!.counts[c.id]}`).join(', ')}; blank ${s.result.blank}; abstained ${s.result.abstentions}`);
  const ch = s.result?.channels;
  if (ch && s.manifest) {
    print(`  online      ${s.manifest.candidates.map((c) => `${c.name} ${ch.online.counts[c.id]}`).join(', ')}; blank ${ch.online.blank} (${ch.online.counted} counted)`);
    print(`  postal      ${s.manifest.candidates.map((c) => `${c.name} ${ch.postal.counts[c.id]}`).join(', ')}; blank ${ch.postal.blank} (${ch.postal.counted} counted); ${ch.replacedByPostal} online ballot(s) replaced by postal ones`);
  }
  if (s.postalBatches?.length) {
    print(`postal        ${s.postalBatches.length} batch(es), ${s.postalBatches.reduce((n, b) => n + b.papers, 0)} paper(s) (R18); compare with the counting officers' list:`);
    for (const b of s.postalBatches) print(`  batch ${b.batch} at record ${b.seq}, recorded ${b.at}: ${b.papers} paper(s), envelope digest ${b.digest}, chain ${b.chain}`);
  }
  if (s.receiptsChecked) print(`receipts      ${s.receiptsChecked.cast} cast and ${s.receiptsChecked.trustee} trustee receipt(s) checked: each message is on the board where the board key said it was`);
  for (const f of s.receiptsNotCounted ?? []) print(`WARNING (R19) receipt ${f.receipt}: ${f.message}`);
  if (s.receiptsChecked?.cast && s.receiptsNotCounted?.length === 0) print(`counted       every receipted ballot counts (R19)`);
  else if (!r.failure) print('receipts      none given (R16, R17): give --receipt FILE… to check that your ballot or key-ceremony message is on the board');
  print('');
  if (r.failure) print(`NOT VERIFIED: ${formatRoundFailure(r.failure)}`);
  else if (!s.complete) print('VERIFIED SO FAR: every check that applies passes, but the board has no result yet.');
  else print(`VERIFIED: all ${r.passed.length} checks that apply pass${s.receiptsChecked ? '' : ' (R16–R17 need receipts)'}.`);
}

function printContestReport(r: ContestVerifyReport, print: (line: string) => void = out): void {
  for (const c of CONTEST_CHECKS) print(`${r.passed.includes(c.id) ? 'ok  ' : r.failure?.check === c.id ? 'FAIL' : '--  '} ${c.id.padEnd(3)} ${c.title}`);
  print('');
  if (r.summary) print(`contest       ${r.summary.title} (${r.summary.contestId})`);
  for (const b of r.boards) {
    const s = b.report.summary;
    print(`board ${b.ballot.padEnd(8)} ${b.report.ok ? `R1–R15 ok${s.receiptsChecked ? ` (+ ${s.receiptsChecked.cast + s.receiptsChecked.trustee} receipt(s), R16–R17)` : ''}` : `FAIL ${b.report.failure?.check}`}  ${s.ballotsOnBoard} ballots, ${s.credentials} credentials, election ${s.electionHash?.slice(0, 16) ?? '?'}…`);
  }
  for (const b of r.boards) for (const f of b.report.summary.receiptsNotCounted ?? []) print(`WARNING (R19) ${b.ballot} receipt ${f.receipt}: ${f.message}`);
  // Each withdrawal with who made it: the candidate's key (a candidate who did not sign it sees a key that is not theirs)
  // or the chair's unsigned record of a letter.
  for (const w of r.withdrawals) print(`withdrawal    ${w.candidate} (${w.stage}): ${w.signedBy ? `signed with the key ${w.signedBy}${w.keyInRegistry ? ' (their registered member key)' : ' (no member-key registry in the summary: the candidate can check it is theirs)'}` : 'unsigned: the chair’s record of a letter'}`);
  if (r.registryRoster) print(`key registry  roster ${r.registryRoster.rosterId}${r.registryRoster.source === 'named' ? ' (the roster the contest’s opening names)' : ': the contest was opened before its opening named its roster, so the registry is the one the summary names (check it is the contest’s roster)'}`);
  if (r.summary && r.summary.membersScale !== 1) print(`note          the members' ballot is simulated at scale ${r.summary.membersScale} of the published one`);
  print('');
  if (r.state && r.summary) printContestTable(r.state, r.summary.names);
  print('');
  if (r.failure) print(`NOT VERIFIED: check ${r.failure.check} failed${r.failure.ballot ? ` (${r.failure.ballot})` : ''}: ${r.failure.message}\n  ${r.failure.check}: ${r.failure.title}`);
  else print(`VERIFIED: ${r.boards.length} boards pass R1–R15 and the contest passes all ${CONTEST_CHECKS.length} checks C1–C7.`);
}

/**
 * A board file read line by line, as often as the verifier asks (it reads a members' ballot twice): the board is
 * never held whole, so a 142,000-ballot board verifies in bounded memory. Lines end at '\n' only, as the browser and
 * the server split a board (readline also ended them at '\r', so a CRLF board verified here and failed R1 there).
 */
function boardFile(path: string): BoardSource {
  return { lines: () => streamLines(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) };
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

/** A CSV member_id, email (email may be empty): each member once, addresses well formed; VALIDATION_FAILED naming the lines. */
function readAddresses(text: string): Map<string, string | null> {
  const rows = parseCsv(text, ['member_id', 'email']);
  const out = new Map<string, string | null>();
  const problems: string[] = [];
  for (const { line, values } of rows) {
    const id = values.member_id ?? '';
    const email = values.email ?? '';
    if (!id) problems.push(`line ${line}: no member_id`);
    else if (out.has(id)) problems.push(`line ${line}: ${id} is listed twice`);
    else if (email && !EMAIL.test(email)) problems.push(`line ${line}: ${JSON.stringify(email)} is not an email address`);
    else out.set(id, email || null);
  }
  if (rows.length === 0) problems.push('the list is empty');
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} bad line(s); nothing was done: ${problems.slice(0, 20).join('; ')}`);
  return out;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * `confidence verify PATH` for contests: PATH is a contest directory (with contest.json), a contest.json, or one
 * contest ballot board. Returns false if PATH is none of these (the confidence-vote verifier then takes it).
 */
/** Receipts given with --receipt (voters' cast receipts and trustees' receipts), as untrusted JSON. */
function readReceipts(files: readonly string[] | undefined): unknown[] | undefined {
  if (!files?.length) return undefined;
  return files.map((f) => {
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as unknown;
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `cannot read receipt ${f}: ${(err as Error).message}`);
    }
  });
}

/**
 * Worker threads for the per-ballot checks (R9–R11) when the boards are large (starting a worker costs about a
 * second) or --threads is given; undefined: the verifier's own thread.
 */
function contestChecker(threadsOption: string | undefined, bytes: number): ReturnType<typeof contestParallelChecker> | undefined {
  const threads = threadsOption === undefined ? availableParallelism() : int(threadsOption, '--threads');
  return threads > 0 && (threadsOption !== undefined || bytes > 4_000_000) ? contestParallelChecker({ threads }) : undefined;
}

/** The --postal-chain values: each the 64-hex-digit chain value the counting officers kept after a board's last batch. */
function postalChainValues(values: string | readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = [values].flat();
  for (const v of list) if (!/^[0-9a-f]{64}$/.test(v)) throw new AppError('VALIDATION_FAILED', '--postal-chain takes the 64-hex-digit chain value the counting officers kept after their last batch');
  return list;
}

export async function verifyContestPath(path: string, o: { json?: boolean; partial?: boolean; receipt?: string[]; ballots?: boolean; postalChain?: string | string[]; threads?: string }): Promise<boolean> {
  const postalChains = postalChainValues(o.postalChain);
  let summaryPath: string | null = null;
  try {
    if (statSync(path).isDirectory()) summaryPath = existsSync(join(path, 'contest.json')) ? join(path, 'contest.json') : null;
    else if (basename(path) === 'contest.json') summaryPath = path;
  } catch {
    return false;
  }
  if (summaryPath) {
    await initCrypto();
    const dir = dirname(summaryPath);
    const bars: Record<string, ReturnType<typeof progressBar>> = {};
    let current = '';
    const t0 = performance.now();
    let bytes = 0;
    for (const f of readdirSync(dir)) if (f.endsWith('.jsonl')) bytes += statSync(join(dir, f)).size;
    const checker = contestChecker(o.threads, bytes);
    const report = await verifyContest(readText(summaryPath), (file) => (existsSync(join(dir, file)) ? boardFile(join(dir, file)) : null), {
      sha256Hex: nodeSha,
      ...(checker ? { checker } : {}),
      receipts: readReceipts(o.receipt),
      ...(postalChains !== undefined ? { postalChain: postalChains } : {}),
      onBoard: (b) => (current = b),
      onProgress: (d, t) => t >= 2000 && (bars[current] ??= progressBar(`${current} ballots`)).update(d, t),
    });
    for (const b of Object.values(bars)) b.stop();
    await checker?.close();
    if (o.json) out(JSON.stringify({ ok: report.ok, failure: report.failure, passed: report.passed, withdrawals: report.withdrawals, receiptsNotCounted: report.boards.flatMap((b) => (b.report.summary.receiptsNotCounted ?? []).map((f) => ({ ballot: b.ballot, ...f }))), winner: report.state?.winner ?? null, table: report.state ? roundTable(report.state) : null, seconds: (performance.now() - t0) / 1000 }, null, 2));
    else printContestReport(report);
    note(`verified in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    if (report.failure) throw new AppError('CONTEST_CHECK_FAILED', `check ${report.failure.check} failed${report.failure.ballot ? ` (${report.failure.ballot})` : ''}: ${report.failure.message}`, report.failure);
    // As for a single board: a receipted ballot that no longer counts is the member's alarm, so the exit code says it.
    const notCounted = report.boards.flatMap((b) => (b.report.summary.receiptsNotCounted ?? []).map((f) => ({ ballot: b.ballot, ...f })));
    if (notCounted.length > 0) throw new AppError('RECEIPT_NOT_COUNTED', `check R19: ${notCounted.length} receipted ballot(s) no longer count (${notCounted[0]!.ballot}): ${notCounted[0]!.message}`, { receipts: notCounted.map((f) => ({ ballot: f.ballot, receipt: f.receipt, seq: f.seq, status: f.status, because: f.because })) });
    return true;
  }
  if (statSync(path).isDirectory()) return false;
  // A single contest board: its first line is a setup record with a contest ballot manifest.
  let first: string;
  try {
    first = firstLineOfFile(path);
  } catch (e) {
    throw new AppError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`);
  }
  if (!first.includes(`"version":"${CONTEST_BALLOT_VERSION}"`)) return false;
  await initCrypto();
  const t0 = performance.now();
  if (postalChains !== undefined && postalChains.length !== 1) throw new AppError('VALIDATION_FAILED', `one board takes one --postal-chain value (the chain value after its last batch), got ${postalChains.length}`);
  // --ballots explains every ballot from the text; otherwise the board is streamed.
  const text = o.ballots ? readText(path) : null;
  const checker = contestChecker(o.threads, statSync(path).size);
  let report: Awaited<ReturnType<typeof verifyContestBoard>>;
  try {
    report = await verifyContestBoard(text ?? boardFile(path), { sha256Hex: nodeSha, receipts: readReceipts(o.receipt), ...(postalChains !== undefined ? { postalChain: postalChains[0]! } : {}), ...(checker ? { checker } : {}) });
  } finally {
    await checker?.close();
  }
  // --ballots: each ballot's status and the record that decided it (a revocation, or the ballot counted instead).
  const why = o.ballots && report.ok && report.summary.manifest && report.summary.counted !== null ? explainContestBallots(text!.split('\n').filter((l) => l !== ''), report.summary.manifest.counting, nodeSha) : null;
  if (o.json) out(JSON.stringify(why ? { ...report, ballots: why } : report, null, 2));
  else {
    printRoundReport(report);
    if (why) {
      const rule = report.summary.manifest!.counting === 'first' ? 'the first valid ballot of a credential counts' : 'the last ballot of a credential counts';
      out('');
      out(`ballots       ${why.length} on the board; those that do not count, and why:`);
      for (const b of why) {
        const by = b.because?.postal ? ` — a postal ballot of batch ${b.because.postal.batch}, recorded ${b.because.postal.at}` : '';
        if (b.because?.kind === 'revocation') out(`  record ${b.seq} (${b.channel}, tracker ${b.tracker.slice(0, 16)}…) revoked: its credential was replaced by the credential authority's signed revocation at record ${b.because.seq}${by || ' (in no postal batch: a replaced credential, as for a lost one)'}`);
        else if (b.because?.kind === 'counted-instead') out(`  record ${b.seq} (${b.channel}, tracker ${b.tracker.slice(0, 16)}…) superseded: ${rule}, so record ${b.because.seq} counts instead${by}`);
      }
      if (why.every((b) => b.status === 'counted')) out('  (none: every ballot counts)');
    }
  }
  note(`verified in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  if (report.failure) throw new AppError('BOARD_CHECK_FAILED', formatRoundFailure(report.failure).split('\n')[0], report.failure);
  const notCounted = report.summary.receiptsNotCounted ?? [];
  if (notCounted.length > 0) throw new AppError('RECEIPT_NOT_COUNTED', `check R19: ${notCounted.length} receipted ballot(s) no longer count: ${notCounted[0]!.message}`, { receipts: notCounted.map((f) => ({ receipt: f.receipt, seq: f.seq, status: f.status, because: f.because })) });
  if (!report.summary.complete && !o.partial) throw new AppError('BOARD_CHECK_FAILED', 'the board is incomplete; pass --partial to accept a ballot in progress');
  return true;
}

export function registerContestCommands(program: Command): void {
  const simulate = program.commands.find((c) => c.name() === 'simulate') ?? program.command('simulate').description('simulations for demos and benchmarks');
  simulate
    .command('leadership-contest')
    .description('replay a published leadership contest with a verifiable board per ballot: DIR/round-N.jsonl, DIR/members.jsonl, DIR/contest.json')
    .requiredOption('--rulebook <id>', `the contest to replay: ${Object.keys(HISTORIC_CONTESTS).join(', ')}`)
    .option('--members-scale <x>', "scale of the members' ballot in (0, 1] (1 = the published electorate; the full 2022 ballot takes minutes)", '1')
    .option('--trustees <k/n>', 'trustees: k of n needed to decrypt', '2/3')
    .option('--out <dir>', 'output directory', '.')
    .action(async (o: { rulebook: string; membersScale: string; trustees: string; out: string }) => {
      const h = HISTORIC_CONTESTS[o.rulebook];
      if (!h) throw new AppError('RULEBOOK_NOT_FOUND', `no published contest for ${JSON.stringify(o.rulebook)}; known: ${Object.keys(HISTORIC_CONTESTS).join(', ')}`);
      const scale = parseScale(o.membersScale);
      const { threshold, trustees } = parseTrustees(o.trustees);
      await initCrypto();
      const bars: Record<string, ReturnType<typeof progressBar>> = {};
      const t0 = performance.now();
      const times: Record<string, number> = {};
      let last = t0;
      const sim = simulateHistoricContest(h, {
        threshold,
        trustees,
        membersScale: scale,
        onBallot: (b, d, t) => {
          (bars[b] ??= progressBar(`${b} ballots`)).update(d, t);
          if (d === t) {
            const now = performance.now();
            times[b] = (now - last) / 1000;
            last = now;
          }
        },
      });
      for (const b of Object.values(bars)) b.stop();
      mkdirSync(o.out, { recursive: true });
      for (const b of sim.boards) writeFileSync(join(o.out, b.file), b.board.toJSONLines());
      writeFileSync(join(o.out, 'contest.json'), canonicalJson(sim.summary) + '\n');
      out(`wrote ${sim.boards.length} boards and contest.json to ${o.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const b of sim.boards) out(`  ${b.file.padEnd(14)} ${b.board.records.length} records, election ${b.board.electionHash.slice(0, 16)}…${times[b.ballot] !== undefined ? `, ${times[b.ballot]!.toFixed(1)} s` : ''}`);
      out('');
      printContestTable(sim.summary.state, h.names);
      out('');
      out(`verify with  confidence verify ${o.out}`);
    });

  const contest = program.command('contest').description('leadership contests: rulebooks, nominations, rounds');
  // The contest flow over the same services as the API, run by the chair's operator (paper nominations, rounds).
  // While a server holds the data folder (or with --server) each command goes through its API as the logged-in
  // chair, so the audit log names who did it; `status` asks it anonymously.
  const show = (v: { id: string; phase: string }, names: Record<string, string>, state: ContestState) => {
    out(`contest ${v.id}: ${v.phase}`);
    printContestTable(state, names);
  };
  const contestPath = (id: string, tail = '') => `/api/contests/${encodeURIComponent(id)}${tail}`;
  const after = async (id: string, server: string | null) => {
    if (server) {
      const v = await apiCall<ContestPublicView & { names: Record<string, string> }>(server, 'GET', contestPath(id), undefined, { auth: 'optional' });
      show(v, v.names, displayStateOf(v));
      return;
    }
    await withRuntime(async ({ ctx }) => {
      const r = await contests.getContest(ctx.db, id);
      show(r.view, r.names, r.state);
    });
  };
  /** Runs a chair's step through the server when there is one (POST path with body), else on the data folder. */
  const step = async (flag: string | undefined, path: string, body: unknown, local: (ctx: AppContext) => Promise<unknown>) => {
    const server = resolveServer(flag);
    if (server) await apiCall(server, 'POST', path, body);
    else await withRuntime(({ ctx }) => local(ctx));
    return server;
  };
  const serverOption = '--server <url>';
  const serverHelp = 'a running Confidence server (default: the one serving this data folder)';
  const parseCounts = (v: string): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const part of v.split(',')) {
      const m = /^([a-z0-9][a-z0-9-]*)=(\d+)$/.exec(part.trim());
      if (!m) throw new AppError('VALIDATION_FAILED', `--counts is candidate=votes,… e.g. rishi-sunak=88,penny-mordaunt=67; got ${JSON.stringify(part)}`);
      counts[m[1]!] = Number(m[2]);
    }
    return counts;
  };
  const int = (v: string, flag: string) => {
    if (!/^\d+$/.test(v)) throw new AppError('VALIDATION_FAILED', `${flag} must be a whole number, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  contest
    .command('open')
    .description('open a contest (after a lost confidence vote, a resignation, or by the chair)')
    .requiredOption('--id <id>', 'contest id')
    .requiredOption('--rulebook <id>', 'contest rulebook')
    .requiredOption('--close <instant>', 'nominations close, e.g. 2022-07-12T17:00:00Z')
    .option('--reason <reason>', 'contest-required | resignation | chair', 'chair')
    .option('--procedure <id>', 'the procedure whose vote the leader lost (contest-required)')
    .option('--roster <id>', 'roster', 'uk-commons-2019')
    .option('--freeze <date>', "members' freeze date")
    .option(serverOption, serverHelp)
    .action(async (o: { id: string; rulebook: string; close: string; reason: string; procedure?: string; roster: string; freeze?: string; server?: string }) => {
      if (!['contest-required', 'resignation', 'chair'].includes(o.reason)) throw new AppError('VALIDATION_FAILED', '--reason is contest-required, resignation or chair');
      const req = { id: o.id, rulebookId: o.rulebook, reason: o.reason as 'chair', nominationsClose: o.close, procedureId: o.procedure, rosterId: o.procedure ? undefined : o.roster, freezeDate: o.freeze };
      const server = await step(o.server, '/api/contests', req, (ctx) => contests.openContest(ctx, CLI_ACTOR, { ...req, procedureId: req.procedureId ?? null, freezeDate: req.freezeDate ?? null }));
      await after(o.id, server);
    });
  contest
    .command('nominate')
    .description('record a paper nomination (the nominator is named; recorded as entered by the chair)')
    .requiredOption('--contest <id>', 'contest id')
    .requiredOption('--candidate <member>', 'candidate')
    .requiredOption('--nominator <member>', 'nominating MP')
    .option('--role <role>', 'proposer | seconder | supporter', 'supporter')
    .option(serverOption, serverHelp)
    .action(async (o: { contest: string; candidate: string; nominator: string; role: string; server?: string }) => {
      if (!['proposer', 'seconder', 'supporter'].includes(o.role)) throw new AppError('VALIDATION_FAILED', '--role is proposer, seconder or supporter');
      const input = { candidate: o.candidate, nominator: o.nominator, role: o.role as 'supporter' };
      const server = await step(o.server, contestPath(o.contest, '/nominations'), input, (ctx) => contests.nominate(ctx, CLI_ACTOR, o.contest, input));
      out(`${o.nominator} nominates ${o.candidate} (${o.role})${server ? ` (via ${server})` : ''}`);
    });
  contest
    .command('close <contest>')
    .description('close nominations at the deadline')
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { server?: string }) => {
      await after(id, await step(o.server, contestPath(id, '/close-nominations'), undefined, (ctx) => contests.closeNominations(ctx, CLI_ACTOR, id)));
    });
  contest
    .command('withdraw <contest> <candidate>')
    .description('withdraw a candidate: during nominations, between rounds, or between a tied count and its rerun (the tied count without them then decides, or the rerun goes ahead among those left), as the rulebook allows. The candidate signs it with their member key (--key); without it, it is the chair’s record of a paper letter, which cannot decide a tied ballot')
    .option('--key <file>', 'the candidate’s member key file (confidence member-key generate): signs the withdrawal as theirs over the contest, the candidate and the contest’s current stage')
    .option('--sign-only', 'with --key: print the signed withdrawal (one JSON line) for the chair to post, and send nothing')
    .option(serverOption, serverHelp)
    .action(async (id: string, candidate: string, o: { key?: string; signOnly?: boolean; server?: string }) => {
      if (o.signOnly && !o.key) throw new AppError('VALIDATION_FAILED', '--sign-only signs with the candidate’s member key: give --key');
      let signature: WithdrawalSignature | null = null;
      if (o.key) {
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(o.key, 'utf8'));
        } catch (e) {
          throw new AppError('VALIDATION_FAILED', `--key: cannot read ${o.key} as a member key file: ${(e as Error).message}`);
        }
        await initCrypto();
        const kf = parseMemberKeyFile(json);
        if (kf.memberId !== candidate) throw new AppError('VALIDATION_FAILED', `--key is ${kf.memberId}'s member key: only ${candidate} can sign ${candidate}'s withdrawal`);
        // The stage the signature covers is the contest's now (the server refuses it if the contest moves on first).
        const server = resolveServer(o.server);
        const view = server ? await apiCall<ContestPublicView>(server, 'GET', contestPath(id), undefined, { auth: 'optional' }) : await withRuntime(async ({ ctx }) => (await contests.getContest(ctx.db, id)).view);
        if (view.withdrawalStage === null) throw new AppError('CONTEST_WRONG_PHASE', `contest ${id} is ${view.phase}: nobody may withdraw`);
        signature = signWithdrawal(kf.key.secretKey, id, candidate, view.withdrawalStage);
        note(`signed ${candidate}'s withdrawal (${view.withdrawalStage}) with the key ${signature.publicKey.slice(0, 16)}…`);
        if (o.signOnly) {
          out(JSON.stringify(signature));
          return;
        }
      } else note(`no --key: recorded as the chair's unsigned record of ${candidate}'s letter (it cannot decide a tied ballot)`);
      const body = signature ? { candidate, signature } : { candidate };
      await after(id, await step(o.server, contestPath(id, '/withdrawals'), body, (ctx) => contests.withdrawCandidate(ctx, CLI_ACTOR, id, candidate, signature)));
    });
  contest
    .command('schedule <contest>')
    .description('schedule the next MP round')
    .requiredOption('--opens <instant>', 'when the ballot opens')
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { opens: string; server?: string }) => {
      await after(id, await step(o.server, contestPath(id, '/rounds'), { opensAt: o.opens }, (ctx) => contests.scheduleRound(ctx, CLI_ACTOR, id, o.opens)));
    });
  contest
    .command('resume <contest>')
    .description('resume paused MP rounds')
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { server?: string }) => {
      await after(id, await step(o.server, contestPath(id, '/resume'), undefined, (ctx) => contests.resumeRounds(ctx, CLI_ACTOR, id)));
    });
  contest
    .command('rerun <contest>')
    .description("run a tied ballot again (the rulebook's re-run tie policy): the same candidates vote on a new ballot (round-N-rerun-K or members-rerun-K); if the tied ballot ran on a board, the rerun gets its own board with the same trustees and credential authority")
    .option('--opens <instant>', 'when the rerun opens (default: the round’s opening time)')
    .option('--closes <instant>', 'when the rerun board closes')
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { opens?: string; closes?: string; server?: string }) => {
      const body = { ...(o.opens ? { opensAt: o.opens } : {}), ...(o.closes ? { closesAt: o.closes } : {}) };
      await after(id, await step(o.server, contestPath(id, '/rerun'), body, (ctx) => contests.rerunContestBallot(ctx, CLI_ACTOR, id, { opensAt: o.opens ?? null, closesAt: o.closes ?? null })));
    });
  contest
    .command('declare <contest>')
    .description("declare the last scheduled round (or, with --members, the members' ballot); the rulebook decides who is out")
    .requiredOption('--counts <list>', 'candidate=votes,…')
    .option('--spoilt <n>', 'spoilt (or rejected) ballots', '0')
    .option('--members <electorate>', "declare the members' ballot with this electorate")
    // No seed option: a tie the rulebook breaks by lot is drawn from the close record of the ballot's board. The old
    // --lot is kept hidden only to refuse it with the registry's code rather than commander's "unknown option".
    .addOption(new Option('--lot <seed>').hideHelp())
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { counts: string; spoilt: string; members?: string; lot?: string; server?: string }) => {
      refuseNamedSeed({ lotSeed: o.lot });
      const counts = parseCounts(o.counts);
      const spoilt = int(o.spoilt, '--spoilt');
      const electorate = o.members === undefined ? null : int(o.members, '--members');
      const server =
        electorate !== null
          ? await step(o.server, contestPath(id, '/members-result'), { counts, rejected: spoilt, electorate }, (ctx) => contests.declareMembers(ctx, CLI_ACTOR, id, { counts, rejected: spoilt, electorate }))
          : await step(o.server, contestPath(id, '/rounds/result'), { counts, spoilt }, (ctx) => contests.declareRound(ctx, CLI_ACTOR, id, { counts, spoilt }));
      await after(id, server);
    });
  contest
    .command('status <contest>')
    .description('the contest as the public sees it')
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { server?: string }) => after(id, resolveServer(o.server)));

  const roll = contest.command('roll').description("the members' ballot: the membership roll");
  roll
    .command('import')
    .description("validate a membership roll CSV (member_id, joined, left?, email?) and list the members eligible at the freeze date; with --credentials, one credential per eligible member (the credential authority's step, offline)")
    .requiredOption('--csv <file>', 'the roll')
    .requiredOption('--freeze <date>', 'freeze date YYYY-MM-DD')
    .option('--months <n>', 'minimum membership at the freeze date, in months', '3')
    .option('--credentials', 'also generate credentials: DIR/credentials-secret.jsonl (member id → secret, for mailing) and DIR/credentials-public.json (sorted public keys, for the board)')
    .option('--out <dir>', 'output directory', '.')
    .action(async (o: { csv: string; freeze: string; months: string; credentials?: boolean; out: string }) => {
      requireIsoDate(o.freeze, '--freeze');
      await initCrypto();
      if (!/^\d{1,3}$/.test(o.months)) throw new AppError('VALIDATION_FAILED', `--months must be a whole number of months, got ${JSON.stringify(o.months)}`);
      const t0 = performance.now();
      const r = importMembershipRoll(readText(o.csv), { freezeDate: o.freeze, minMembershipMonths: Number(o.months) });
      mkdirSync(o.out, { recursive: true });
      writeFileSync(join(o.out, 'eligible.txt'), r.eligible.join('\n') + '\n');
      out(`roll: ${r.members.length} members, ${r.eligible.length} eligible (joined on or before ${r.joinedBy}, still members on ${r.freezeDate}) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${join(o.out, 'eligible.txt')}`);
      if (!o.credentials) return;
      const bar = progressBar('credentials');
      const t1 = performance.now();
      const secrets: string[] = [];
      const publics: string[] = [];
      r.eligible.forEach((id, i) => {
        const c = generateCredential();
        secrets.push(JSON.stringify({ member: id, credential: c.secret }));
        publics.push(c.public);
        if (i % 1000 === 999 || i === r.eligible.length - 1) bar.update(i + 1, r.eligible.length);
      });
      bar.stop();
      writeFileSync(join(o.out, 'credentials-secret.jsonl'), secrets.join('\n') + '\n', { mode: 0o600 });
      writeFileSync(join(o.out, 'credentials-public.json'), JSON.stringify({ credentials: publics.sort() }) + '\n');
      out(`credentials: ${publics.length} in ${((performance.now() - t1) / 1000).toFixed(1)} s → credentials-secret.jsonl (keep offline; mail one per member), credentials-public.json (for the board)`);
    });
  contest
    .command('mp-credentials')
    .description("the credential authority's step for an MP ballot (a contest round or the confidence vote), offline: one credential per MP of a list (CSV member_id, email?), written as credentials-secret.jsonl (MP → secret, 0600: mail it with `contest mail-credentials --addresses`) and credentials-public.json (sorted public keys: the list the authority signs for the board). The server never learns which credential is whose")
    .requiredOption('--mps <file>', 'the MPs: CSV member_id, email (an MP without an address gets a printed letter)')
    .option('--out <dir>', 'output directory', '.')
    .action(async (o: { mps: string; out: string }) => {
      await initCrypto();
      const addresses = readAddresses(readText(o.mps));
      const secrets: string[] = [];
      const publics: string[] = [];
      for (const member of addresses.keys()) {
        const c = generateCredential();
        secrets.push(JSON.stringify({ member, credential: c.secret }));
        publics.push(c.public);
      }
      mkdirSync(o.out, { recursive: true });
      writeFileSync(join(o.out, 'credentials-secret.jsonl'), secrets.join('\n') + '\n', { mode: 0o600 });
      writeFileSync(join(o.out, 'credentials-public.json'), JSON.stringify({ credentials: publics.sort() }) + '\n');
      const withAddress = [...addresses.values()].filter((e) => e !== null).length;
      out(`credentials: ${publics.length} MPs (${withAddress} with an email address) → credentials-secret.jsonl (keep offline; mail with \`contest mail-credentials --addresses ${o.mps}\`), credentials-public.json (for the board)`);
    });
  contest
    .command('roll-record <contest>')
    .description("the chair records the membership roll for the contest's members' ballot: validated all or nothing, eligibility at the contest's freeze date with the rulebook's minimum membership; the eligible count becomes the members' electorate (only counts and a digest of the eligible ids are kept)")
    .requiredOption('--csv <file>', 'the roll (member_id, joined, left?, email?)')
    .option('--freeze <date>', "freeze date YYYY-MM-DD, if the contest's rulebook has none")
    .option(serverOption, serverHelp)
    .action(async (id: string, o: { csv: string; freeze?: string; server?: string }) => {
      if (o.freeze) requireIsoDate(o.freeze, '--freeze');
      const csv = readText(o.csv);
      const server = resolveServer(o.server);
      const v = server
        ? await apiCall<ContestPublicView>(server, 'POST', contestPath(id, '/roll'), { csv, freezeDate: o.freeze })
        : await withRuntime(({ ctx }) => contests.importContestRoll(ctx, CLI_ACTOR, id, { csv, freezeDate: o.freeze ?? null }));
      const r = v.members?.roll;
      if (r) out(`roll recorded: ${r.eligible} of ${r.members} members eligible at ${r.freezeDate} (joined by ${r.joinedBy}); eligible ids digest ${r.digest}${server ? ` (via ${server})` : ''}`);
      await after(id, server);
    });
  contest
    .command('print-credentials')
    .description("print files of postal credentials: one letter per page, one PDF per batch (the credential authority's step, offline; the files hold secrets)")
    .requiredOption('--secrets <file>', 'credentials-secret.jsonl from `contest roll import --credentials`')
    .requiredOption('--title <text>', 'the ballot, as printed on every letter')
    .option('--url <url>', 'where members vote online (omit for a postal-only ballot)')
    .option('--fingerprint <fp>', 'the signed credential list’s fingerprint, printed for members to compare with the booth')
    .option('--batch <n>', 'letters per PDF', '1000')
    .option('--out <dir>', 'output directory', '.')
    .action(async (o: { secrets: string; title: string; url?: string; fingerprint?: string; batch: string; out: string }) => {
      if (!/^\d{1,6}$/.test(o.batch) || Number(o.batch) < 1) throw new AppError('VALIDATION_FAILED', `--batch must be a positive whole number, got ${JSON.stringify(o.batch)}`);
      if (o.fingerprint && !/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/.test(o.fingerprint)) throw new AppError('VALIDATION_FAILED', '--fingerprint is the short form: 8 groups of 4 lowercase hex digits (xxxx-xxxx-…)');
      const letters = parseCredentialLetters(readText(o.secrets));
      const parts = batches(letters, Number(o.batch));
      mkdirSync(o.out, { recursive: true });
      const t0 = performance.now();
      const bar = progressBar('letters');
      let done = 0;
      for (const [i, part] of parts.entries()) {
        const file = join(o.out, `letters-${String(i + 1).padStart(4, '0')}.pdf`);
        writeFileSync(file, await credentialLettersPdf(part, { title: o.title, url: o.url ?? null, fingerprint: o.fingerprint ?? null }), { mode: 0o600 });
        done += part.length;
        bar.update(done, letters.length);
      }
      bar.stop();
      out(`letters: ${letters.length} in ${parts.length} PDF file(s) of at most ${o.batch} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${join(o.out, 'letters-0001.pdf')}… (secret: send to the print house, then delete)`);
    });
  contest
    .command('mail-credentials')
    .description("email each member their credential (the credential authority's step, with its own mailer: SMTP_URL, or the dev mailbox of this data folder in the demo) — rate-limited, retried, with a bounce report")
    .requiredOption('--secrets <file>', 'credentials-secret.jsonl from `contest roll import --credentials`')
    .option('--roll <file>', 'the membership roll CSV (its email column)')
    .option('--freeze <date>', 'the freeze date the roll was imported with (YYYY-MM-DD)')
    .option('--addresses <file>', 'instead of --roll and --freeze: a CSV member_id, email (the MPs, from `contest mp-credentials`)')
    .requiredOption('--title <text>', 'the ballot, as named in every mail')
    .option('--url <url>', 'where members vote online')
    .option('--fingerprint <fp>', 'the signed credential list’s fingerprint (short form)')
    .option('--rate <n>', 'mails per second at most', '10')
    .option('--retries <n>', 'further attempts after a temporary failure', '3')
    .option('--bounces <file>', 'bounce report CSV (member_id, email, attempts, permanent, error; never a credential)', 'bounces.csv')
    .option('--journal <file>', 'the queue’s journal (JSON lines, 0600; never a credential): a run that stopped resumes from it without sending a mail twice (default: the secrets file + .mail-journal.jsonl)')
    .option('--resend-in-doubt', 'also resend the mails that were being handed to the mailer when an earlier run stopped')
    .action(async (o: { secrets: string; roll?: string; freeze?: string; addresses?: string; title: string; url?: string; fingerprint?: string; rate: string; retries: string; bounces: string; journal?: string; resendInDoubt?: boolean }) => {
      if (o.addresses ? o.roll || o.freeze : !(o.roll && o.freeze)) throw new AppError('VALIDATION_FAILED', 'give either --roll and --freeze (members) or --addresses (member_id, email: the MPs)');
      if (o.freeze) requireIsoDate(o.freeze, '--freeze');
      if (!/^\d+(\.\d+)?$/.test(o.rate) || !(Number(o.rate) > 0)) throw new AppError('VALIDATION_FAILED', '--rate must be a positive number of mails per second');
      if (!/^\d{1,2}$/.test(o.retries)) throw new AppError('VALIDATION_FAILED', '--retries must be a whole number from 0 to 99');
      const letters = parseCredentialLetters(readText(o.secrets));
      // Which mailer, before anything is written: the credentials go to a mail server, never to the voting server.
      const mailer = credentialMailer();
      const emails = o.addresses ? readAddresses(readText(o.addresses)) : new Map(importMembershipRoll(readText(o.roll!), { freezeDate: o.freeze!, minMembershipMonths: 0 }).members.map((m) => [m.memberId, m.email]));
      const { items, noAddress } = credentialQueue(letters, emails, { title: o.title, url: o.url ?? null, fingerprint: o.fingerprint ?? null });
      // The journal makes the queue restart-proof: each mail's `sending` line is on disk (synced) before the mailer
      // gets it, its outcome after; a later run skips what was sent or bounced and never resends a mail in doubt unasked.
      const journalFile = o.journal ?? `${o.secrets}.mail-journal.jsonl`;
      let resumed: ReturnType<typeof resumeFromJournal>;
      const journalBytes = existsSync(journalFile) ? readFileSync(journalFile) : Buffer.alloc(0);
      try {
        resumed = resumeFromJournal(items, journalBytes.toString('utf8'), { resendInDoubt: o.resendInDoubt });
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `${journalFile}: ${(e as Error).message}`);
      }
      // A torn last line (the crash came mid-write) is cut before appending, so the journal stays whole.
      if (journalBytes.length > 0 && journalBytes[journalBytes.length - 1] !== 0x0a) truncateSync(journalFile, journalBytes.lastIndexOf(0x0a) + 1);
      if (resumed.sent.length + resumed.bounces.length + resumed.inDoubt.length > 0 || (o.resendInDoubt && resumed.pending.length < items.length)) {
        out(`resuming from ${journalFile}: ${resumed.sent.length} already sent, ${resumed.bounces.length} bounced before, ${resumed.inDoubt.length} in doubt${resumed.inDoubt.length ? ' (not resent: pass --resend-in-doubt once you know they did not arrive)' : ''}, ${resumed.pending.length} to send`);
      }
      const fd = openSync(journalFile, 'a', 0o600);
      const bar = progressBar('mails');
      const t0 = performance.now();
      let r: Awaited<ReturnType<typeof runMailQueue>>;
      try {
        const queue = (send: (m: Mail) => Promise<void>) =>
          runMailQueue(resumed.pending, send, {
            ratePerSecond: Number(o.rate),
            retries: Number(o.retries),
            backoffMs: 2000,
            onProgress: (d, t) => bar.update(d, t),
            journal: (e) => {
              writeSync(fd, JSON.stringify(e) + '\n');
              fsyncSync(fd);
            },
          });
        r = mailer.smtp ? await queue((m) => mailer.smtp!.send(m)) : await withRuntime((rt) => queue((m) => rt.ctx.mailer.send(m)));
      } finally {
        bar.stop();
        closeSync(fd);
      }
      const csv = (x: string) => (/[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);
      const bounces = [...resumed.bounces, ...r.bounces];
      const lines = [
        'member_id,email,attempts,permanent,error',
        ...bounces.map((b) => [b.member, b.to, String(b.attempts), String(b.permanent), b.error].map(csv).join(',')),
        ...resumed.inDoubt.map((i) => `${csv(i.member)},${csv(i.mail.to)},1,false,in doubt: the run stopped while this mail was being sent; not resent`),
        ...noAddress.map((m) => `${csv(m)},,0,true,no email address on the roll: print a letter`),
      ];
      writeFileSync(o.bounces, lines.join('\n') + '\n');
      out(`mails: ${r.sent} sent${resumed.sent.length ? ` (${resumed.sent.length} more in an earlier run)` : ''}, ${bounces.length} bounced, ${resumed.inDoubt.length ? `${resumed.inDoubt.length} in doubt, ` : ''}${noAddress.length} without an address, in ${((performance.now() - t0) / 1000).toFixed(1)} s → bounce report ${o.bounces}`);
    });
  contest
    .command('postal-batch')
    .description("enter a batch of postal ballots (the counting officers' CSV envelope, member_id, choice; an empty choice is a blank paper) on the members' board, under the rulebook's reconciliation: the credential authority's tool, run where its key and the credential secrets are; checked whole before anything is posted")
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', "the members' ballot's election (contest-ID-members)")
    .requiredOption('--batch <file>', 'the papers: CSV envelope, member_id, choice')
    .requiredOption('--secrets <file>', 'credentials-secret.jsonl (member → credential)')
    .requiredOption('--authority-key <file>', 'the credential authority key file (signs the revocations under "postal overrides online")')
    .requiredOption('--email <email>', 'the chair or officer account that posts the batch (a one-time code is mailed)')
    .option('--at <instant>', "the batch's recording instant (ISO-8601 UTC; default now): R18 holds it within the voting window, and the server refuses one more than 5 minutes from its clock")
    .option('--fingerprint <fp>', 'the fingerprint the authority signed (8 groups of 4 hex digits, as in the letters): the batch is not encrypted unless the key and list the server gave have this fingerprint')
    .action(async (o: { server?: string; election: string; batch: string; secrets: string; authorityKey: string; email: string; at?: string; fingerprint?: string }) => {
      if (o.at !== undefined && parseInstant(o.at) === null) throw new AppError('VALIDATION_FAILED', '--at takes an ISO-8601 UTC instant, e.g. 2024-07-21T09:00:00.000Z');
      checkFingerprintOption(o.fingerprint);
      await initCrypto();
      const base = serverBase(o.server);
      const eid = encodeURIComponent(o.election);
      const e = (await call<{ electionHash: string; manifest: ContestBallotManifest; publicKey: string | null; credentialsListDigest?: string | null; contestId: string | null; ballot: string | null }>(base, 'GET', `/api/elections/${eid}`)).value;
      if (!e.contestId || !isMembersBallot(e.ballot ?? '') || !e.publicKey) throw new AppError('ELECTION_WRONG_STAGE', `${o.election} is not an open members' ballot of a contest`);
      // The papers are encrypted under the API's key: the fingerprint of that key is computed here (ballot-spec
      // §4a) and, given the one the authority signed, a mismatch stops the batch before anything is encrypted.
      const computed = boothKeyCheck({ ...e, publicKey: e.publicKey }, o.fingerprint, "the members' postal votes");
      out(`fingerprint ${fingerprintLine(computed).replace('your letter', 'the letters').replace('give it with --fingerprint', 'give the signed one with --fingerprint')}`);
      // The reconciliation is the one the manifest binds into the election hash (R4, R18), not the server's word.
      const policy = e.manifest.reconciliation;
      if (!policy) throw new AppError('POSTAL_BATCH_INVALID', `the manifest of ${o.election} names no reconciliation of online and postal votes: this ballot has no postal channel`);
      const key = JSON.parse(readText(o.authorityKey)) as { secret?: string; public?: string };
      if (typeof key.secret !== 'string' || credentialPublicKey(key.secret) !== e.manifest.authority) throw new AppError('AUTHORITY_NOT_IN_MANIFEST', 'this authority key is not the one the ballot’s manifest names');
      const papers = parsePostalBatch(readText(o.batch));
      const secrets = new Map(parseCredentialLetters(readText(o.secrets)).map((l) => [l.member, l.credential]));
      const states = new Map<string, CredentialState>();
      for (const p of papers) {
        const secret = secrets.get(p.member);
        if (!secret) continue;
        const X = credentialPublicKey(secret);
        const r = await fetch(`${base}/api/elections/${eid}/credentials/${X}`);
        const v = (await r.json().catch(() => null)) as { status?: CredentialState['status']; ballots?: number } | null;
        states.set(X, { status: v?.status ?? 'unknown', ballots: v?.ballots ?? 0 });
      }
      const board = (await call<{ batches: { batch: number; chain: string }[] }>(base, 'GET', `/api/elections/${eid}/postal-batches`)).value;
      const previous = board.batches.at(-1) ?? null;
      const { batch, entries } = preparePostalBatch({ manifest: e.manifest, electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey), authoritySecret: key.secret, policy, papers, secrets, states, previous: previous && { batch: previous.batch, chain: previous.chain }, at: o.at ?? new Date().toISOString() });
      const session = await login(base, o.email);
      // One request, one transaction: the batch record and its entries go on the board whole or not at all (R18).
      const r = (await call<{ batch: number; seq: number; digest: string; chain: string }>(base, 'POST', `/api/elections/${eid}/postal-batches`, { batch, entries: entries.map((x) => ({ revocation: x.revocation, ballot: x.ballot })) }, session)).value;
      const entered = entries.length;
      out(`batch ${r.batch} at record ${r.seq}: digest ${r.digest} (the counting officers' envelope list), chain ${r.chain} (keep it: \`confidence verify BOARD --postal-chain\` checks the board ends there)`);
      out(`postal ballots: ${entered} entered under "${policy}"${policy === 'postal-overrides-online' ? ' (each member’s online credential revoked: their online ballots no longer count)' : ''}`);
    });
  contest
    .command('postal-digest')
    .description("the counting officers' own digest of a postal batch's envelope list (CSV with an envelope column): compare it with the batch on the board (`confidence verify BOARD` lists each batch's digest)")
    .requiredOption('--batch <file>', 'the batch: CSV envelope, member_id, choice (only the envelope ids are hashed)')
    .action((o: { batch: string }) => {
      const papers = parsePostalBatch(readText(o.batch));
      out(`${postalPapersDigest(papers.map((p) => p.envelope))}  ${papers.length} envelope(s)`);
    });
  contest
    .command('rulebooks')
    .description('list the contest rulebook presets')
    .option('--json', 'print the rulebooks as JSON')
    .action((o: { json?: boolean }) => {
      if (o.json) {
        out(JSON.stringify(CONTEST_RULEBOOK_PRESETS, null, 2));
        return;
      }
      for (const r of CONTEST_RULEBOOK_PRESETS) {
        out(`${r.id} — ${r.name}`);
        for (const l of summariseContestRulebook(r)) out(`  ${l}`);
        out('');
      }
    });
}

/**
 * The credential authority's mailer for `contest mail-credentials`. With SMTP_URL it is that mail server, and no
 * database is opened: the command runs beside a running server, and the credentials go only to the mail server
 * (the voting server must never learn which credential is whose). Without SMTP_URL the mails go to the demo's dev
 * mailbox, a table of the database; while a server holds a PGlite data folder that table can only be reached
 * through the server, which would hand it the credentials, so the command refuses and says what to do instead.
 */
function credentialMailer(): { smtp: Mailer | null } {
  const config = loadConfig();
  if (config.smtpUrl) return { smtp: smtpMailer(config.smtpUrl, config.mailFrom, createLogger(process.env.LOG_LEVEL ?? 'warn')) };
  if (config.database.driver === 'pglite' && config.database.dataDir) {
    const holder = readLock(config.database.dataDir);
    if (holder && holder.pid !== process.pid) {
      throw new AppError(
        'DATA_DIR_LOCKED',
        `without SMTP_URL the credential mails go to the dev mailbox in the data folder ${config.database.dataDir}, which is in use by ${describeHolder(holder)}. ` +
          'This command never sends credentials through the server. Either set SMTP_URL (and MAIL_FROM) to the credential authority’s own mail server and run it again ' +
          '(it then opens no database and runs beside the server), or stop the server, run this command, and start the server again.',
        { holder },
      );
    }
  }
  return { smtp: null };
}
