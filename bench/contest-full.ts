/**
 * The 2022 members' ballot at full scale, end to end through the CLI: `npm run bench:contest-full -- --out DIR`.
 * NOT a test: it takes tens of minutes on 2 cores and writes ≈ 400 MB to DIR.
 *
 * Steps, each a `confidence` command run under GNU time (/usr/bin/time -v) for its wall time, CPU time and peak
 * memory (maximum resident set size):
 *   1. roll     a synthetic membership roll of --rows rows (default 180,000), 172,437 of them eligible at the
 *               2022 freeze date: `confidence contest roll import --credentials` validates it, lists the eligible
 *               members and generates one credential per eligible member (the credential authority's offline step);
 *   2. simulate `confidence simulate leadership-contest --rulebook conservative-2022-summer`: the five MP rounds and
 *               the members' ballot with the published electorate (172,437) and counts (Truss 81,326, Sunak 60,399,
 *               654 rejected), i.e. 142,379 encrypted ballots with their proofs, the encrypted tally, the trustees'
 *               partial decryptions and the result, one board per ballot;
 *   3. verify   `confidence verify DIR`: every board (R1–R15) and the contest (C1–C7), the members' board streamed.
 * Options: --out DIR (default a new temporary directory), --members-scale X (default 1), --rows N,
 * --skip-simulate (verify an existing DIR/contest again), --verify-heap MB (run the verify step with
 * node --max-old-space-size=MB: V8 then collects before growing the heap; 320 keeps the full run under 512 MB), --json.
 *
 * The simulation makes its own credentials for the board (the in-memory credential authority of the simulator), so
 * step 1 measures the roll and credential step at full scale but its credentials are not the ones on the board.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const out = opt('out', '') || mkdtempSync(join(tmpdir(), 'confidence-contest-full-'));
const scale = opt('members-scale', '1');
const rows = Number(opt('rows', '180000'));
const ELECTORATE_2022 = 172_437;
const asJson = args.includes('--json');
const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');
const log = (s: string) => process.stderr.write(`${s}\n`);
mkdirSync(out, { recursive: true });

interface Step {
  step: string;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  output: string;
}

/** Runs `confidence ARGS` under GNU time; returns its wall time, CPU time (user + system) and peak RSS. */
function timed(step: string, cliArgs: string[], nodeFlags: string[] = []): Step {
  const timeFile = join(out, `${step}.time`);
  log(`[${step}] confidence ${cliArgs.join(' ')}  (load ${loadavg()[0]!.toFixed(1)})`);
  const r = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, process.execPath, ...nodeFlags, BIN, ...cliArgs], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${step} failed (exit ${r.status}): ${r.stdout}`);
  const t = readFileSync(timeFile, 'utf8');
  const num = (re: RegExp) => Number(re.exec(t)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(t)!;
  const wallSeconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const s: Step = { step, wallSeconds, cpuSeconds: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/), maxRssMB: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024, output: r.stdout };
  log(`[${step}] ${s.wallSeconds.toFixed(1)} s wall, ${s.cpuSeconds.toFixed(1)} s CPU, ${s.maxRssMB.toFixed(0)} MB peak`);
  return s;
}

const steps: Step[] = [];

// 1. The roll: rows joined before the cut-off (2022-06-02, three months before the freeze date) are eligible unless
// they left before the freeze date; the rest joined too late. Exactly ELECTORATE_2022 rows are eligible.
const csv = join(out, 'roll.csv');
if (!existsSync(csv)) {
  const lines = ['member_id,joined,left,email'];
  const late = rows - ELECTORATE_2022;
  const day = (i: number) => new Date(Date.UTC(1990, 0, 1) + (i % 11_800) * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < rows; i++) {
    const joined = i < ELECTORATE_2022 ? day(i * 7919) : `2022-0${7 + (i % 2)}-1${i % 10}`;
    lines.push(`M${String(i).padStart(7, '0')},${joined},,member${i}@example.org`);
  }
  writeFileSync(csv, lines.join('\n') + '\n');
  log(`roll: ${rows} rows (${late} joined after the cut-off) → ${csv}`);
}
steps.push(timed('roll', ['contest', 'roll', 'import', '--csv', csv, '--freeze', '2022-09-02', '--months', '3', '--credentials', '--out', join(out, 'roll')]));
const eligible = readFileSync(join(out, 'roll', 'eligible.txt'), 'utf8').trim().split('\n').length;
if (eligible !== ELECTORATE_2022) throw new Error(`the roll gives ${eligible} eligible members, not ${ELECTORATE_2022}`);

// 2. Simulate the contest (the members' ballot is ≈ 99 % of the work).
const dir = join(out, 'contest');
if (!args.includes('--skip-simulate')) steps.push(timed('simulate', ['simulate', 'leadership-contest', '--rulebook', 'conservative-2022-summer', '--members-scale', scale, '--out', dir]));
const boardMB = statSync(join(dir, 'members.jsonl')).size / 1e6;

// 3. Verify every board and the contest.
const heap = opt('verify-heap', '');
const v = timed('verify', ['verify', dir], heap ? [`--max-old-space-size=${Number(heap)}`] : []);
steps.push(v);
if (!/VERIFIED: \d+ boards pass R1–R15/.test(v.output)) throw new Error(`the contest did not verify:\n${v.output}`);
const members = /board members\s+R1–R15 ok\s+(\d+) ballots, (\d+) credentials/.exec(v.output);

const result = { out, membersScale: Number(scale), rollRows: rows, eligible, membersBallots: Number(members?.[1]), membersCredentials: Number(members?.[2]), membersBoardMB: Math.round(boardMB), loadAverage: loadavg(), steps: steps.map(({ output: _o, ...s }) => s) };
if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`\nthe 2022 members' ballot, end to end (${args.includes('--skip-simulate') ? 'existing boards' : `scale ${scale}`}; ${result.membersBallots.toLocaleString('en-GB')} ballots of ${result.membersCredentials.toLocaleString('en-GB')} electors; members' board ${result.membersBoardMB} MB)`);
  console.log(`${'step'.padEnd(10)}${'wall s'.padStart(10)}${'CPU s'.padStart(10)}${'peak MB'.padStart(10)}`);
  for (const s of steps) console.log(`${s.step.padEnd(10)}${s.wallSeconds.toFixed(1).padStart(10)}${s.cpuSeconds.toFixed(1).padStart(10)}${s.maxRssMB.toFixed(0).padStart(10)}`);
  console.log(`\nload average now ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores shared: CPU seconds are the comparable figures)`);
  console.log(v.output.split('\n').filter((l) => /^(board|VERIFIED|contest)/.test(l)).join('\n'));
}
