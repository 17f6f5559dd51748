/**
 * Benchmark of the verifiable confidence vote (issue 4). NOT a test: numbers only.
 *
 *   npm run bench:ballot -- --voters 10000 [--peer] [--concurrency 8] [--database-url postgres://…] [--http [--client raw]]
 *                           [--cast-only] [--warmup W] [--json]
 *
 * Reports, for N voters:
 *   - ballot generation per second on the voter's side (encrypt + 0/1 proof + signature; one core)
 *   - ballots cast per second through the HTTP API (in-process `app.request()`; PGlite in memory, or a fresh
 *     database on the PostgreSQL server given by --database-url): each cast is checked (signature, proof,
 *     credential on the list, open); concurrent casts are group-committed (one transaction per batch). With --http
 *     the casts go over real HTTP on loopback to `confidence serve` in its own process, on that PostgreSQL database,
 *     or without --database-url on its embedded PGlite (a fresh folder), and the server's own CPU per cast (by
 *     thread) and PostgreSQL's are read from /proc
 *   - tally time: encrypted tally + k partial decryptions (with proofs) + combination and result
 *   - board verification per second, single-threaded and with worker threads (both cores), and the
 *     projected time to verify a 200,000-voter board
 *   - with --peer: runs ../shared/peers/belenios-bench.sh N (belenios-tool 2.0) and prints the ratios, of wall times
 *     and of CPU per verified ballot (belenios-tool's `election verify` of the finished board, timed again here)
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { promisify } from 'node:util';
import { initCrypto, activeBackend, ciphertextFromJSON } from '../src/crypto';
import { prepareBallot, trusteePartialDecrypt, verifyBoard, type BallotBody } from '../src/ballot';
import { parallelChecker } from '../src/ballot/verify-parallel';
import { openDatabase } from '../src/db';
import { createApp } from '../src/server/app';
import { createLogger } from '../src/services/logger';
import { devMailer } from '../src/services/mailer';
import type { AppContext } from '../src/services/context';
import { SYSTEM_ACTOR } from '../src/services/context';
import { boardText, closeElection, computeTally, declareResult, postPartialDecryption, publicRecords } from '../src/services/elections';
import { openedElection, scheduledProcedure } from '../test/support/elections';
import { throwawayPostgres } from '../test/support/db';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const N = Number(opt('voters', '10000'));
const concurrency = Number(opt('concurrency', '8'));
const peer = args.includes('--peer');
// --cast-only: stop after the casting phase (no tally, no verification): for measuring casts alone.
const castOnly = args.includes('--cast-only');
// --warmup W: the first W of the N ballots are cast before the clocks start (the server's JIT and caches warm up), so
// the rates and CPU per cast are those of the remaining N − W casts: the steady state of a long-running server.
const warmup = Number(opt('warmup', '0'));
if (!Number.isSafeInteger(warmup) || warmup < 0 || warmup >= N) throw new Error('--warmup must be a whole number below --voters');
const asJson = args.includes('--json');
const log = (s: string) => process.stderr.write(`${s}\n`);
const secs = (t0: number) => (performance.now() - t0) / 1000;

await initCrypto();
log(`bench:ballot — ${N} voters, Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, crypto back end ${activeBackend()}`);

// ---- set-up: organisation, procedure, election, key ceremony (3 of 5), credentials, open --------------------
const databaseUrl = opt('database-url', '');
const pgDb = databaseUrl ? await throwawayPostgres(databaseUrl, 'confidence_bench') : null;
const http = args.includes('--http');
// --http without --database-url: PGlite in a fresh folder, which the server process opens once the set-up is done (the
// embedded database of `confidence serve` without DATABASE_URL; one process at a time holds the folder).
const pgliteDir = http && !pgDb ? mkdtempSync(join(tmpdir(), 'confidence-bench-')) : null;
let database = pgDb ? await openDatabase({ driver: 'postgres', url: pgDb.url }) : await openDatabase({ driver: 'pglite', dataDir: pgliteDir });
log(`database: ${pgDb ? 'PostgreSQL (fresh database on --database-url)' : pgliteDir ? `PGlite in ${pgliteDir} (the server's own after the set-up)` : 'PGlite in memory'}`);
const ctx: AppContext = {
  db: database.db,
  clock: () => new Date('2026-11-23T18:30:00Z'),
  mailer: devMailer(database.db, () => {}),
  logger: createLogger('silent'),
  config: { secureCookies: false, publicUrl: null, env: 'test', loginMaxPerIp: 50 },
};
let t0 = performance.now();
await scheduledProcedure(ctx, 'bench', 10);
const c = await openedElection(ctx, 'bench', { threshold: 3, trustees: 5, electorate: N });
const setupS = secs(t0);
log(`set-up (roster, procedure, key ceremony 3/5, ${N} credentials): ${setupS.toFixed(1)} s`);

// ---- voters' devices: generate ballots -------------------------------------------------------------------------
const params = { electionHash: c.electionHash, publicKey: c.publicKey };
const yes = Math.round(N * 0.588);
t0 = performance.now();
const ballots: BallotBody[] = [];
for (let i = 0; i < N; i++) {
  ballots.push(prepareBallot(params, c.credentials[i]!.secret, i < yes ? 1 : 0).body);
  if ((i + 1) % 2000 === 0) log(`  generated ${i + 1}/${N}`);
}
const genS = secs(t0);
log(`ballot generation: ${(N / genS).toFixed(0)} ballots/s (${((genS * 1000) / N).toFixed(2)} ms each, one core)`);

// ---- cast through the API ------------------------------------------------------------------------------------
/** `confidence serve` on the bench's database, in its own process (real HTTP on loopback). */
async function startServer(dbEnv: Record<string, string>): Promise<{ base: string; stop: () => Promise<void>; cpuMs: () => number; mainCpuMs: () => number; threadCpuMs: () => Map<string, number> }> {
  // BENCH_CPU_PROF=DIR writes the server's CPU profile there (node --cpu-prof) when it stops.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const proc = spawn(process.execPath, [...prof, join(import.meta.dirname, '..', 'bin', 'confidence.js'), 'serve'], {
    env: { ...process.env, ...dbEnv, PORT: '0', HOST: '127.0.0.1', CONFIDENCE_DEMO: 'on', LOG_LEVEL: 'warn', CONFIDENCE_READS_PER_MINUTE: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let seen = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /running on (http:\/\/[^\s]+)/.exec(seen);
      if (m) resolve(m[1]!.replace(/\/$/, ''));
    });
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
  const ticks = (file: string) => {
    const f = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  };
  const cpuMs = () => ticks(`/proc/${proc.pid}/stat`);
  /** The main thread's CPU alone (the HTTP loop and the group commit; the cast-check workers run beside it). */
  const mainCpuMs = () => ticks(`/proc/${proc.pid}/task/${proc.pid}/stat`);
  /** CPU (ms) per thread of the server, keyed "tid name" (the main thread, the cast-check workers, V8's and libuv's). */
  const threadCpuMs = () => {
    const out = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${proc.pid}/task`)) {
      try {
        const name = readFileSync(`/proc/${proc.pid}/task/${tid}/comm`, 'utf8').trim();
        out.set(`${tid} ${tid === String(proc.pid) ? 'main' : name}`, ticks(`/proc/${proc.pid}/task/${tid}/stat`));
      } catch {
        /* the thread ended */
      }
    }
    return out;
  };
  const stop = () => new Promise<void>((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  return { base, stop, cpuMs, mainCpuMs, threadCpuMs };
}
if (pgliteDir) await database.close(); // the server takes the folder
const server = http ? await startServer(pgDb ? { DATABASE_URL: pgDb.url } : { DATABASE_URL: '', CONFIDENCE_DATA_DIR: pgliteDir! }) : null;
const app = createApp(ctx, { serveWeb: false });
const post = (b: BallotBody) =>
  server
    ? fetch(`${server.base}/api/elections/${c.electionId}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) })
    : app.request(`/api/elections/${c.electionId}/ballots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
/**
 * CPU (ms) of the PostgreSQL processes that serve the bench's database (keys "backend PID"), and of the cluster's
 * shared WAL writer, checkpointer and background writer (keys "shared PID"), which other databases of the same
 * server also use (same machine only).
 */
async function postgresCpu(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!pgDb) return out;
  const client = new pg.Client({ connectionString: pgDb.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; shared: boolean }>(`select pid, backend_type in ('walwriter', 'checkpointer', 'background writer') as shared from pg_stat_activity where (datname = current_database() and pid <> pg_backend_pid()) or backend_type in ('walwriter', 'checkpointer', 'background writer')`);
    for (const { pid, shared } of rows) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        out.set(`${shared ? 'shared' : 'backend'} ${pid}`, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
      } catch {
        /* not on this machine, or gone */
      }
    }
  } finally {
    await client.end();
  }
  return out;
}
// --client raw: the load generator writes pre-built HTTP/1.1 requests on keep-alive sockets and reads only the status
// line and Content-Length of each reply, so it takes far less CPU than fetch (the generator shares the 2 cores).
const rawClient = opt('client', 'fetch') === 'raw';
if (rawClient && !server) throw new Error('--client raw needs --http');
const path = `/api/elections/${c.electionId}/ballots`;
const requests = rawClient
  ? ballots.map((b) => {
      const body = Buffer.from(JSON.stringify(b));
      return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`), body]);
    })
  : [];
/** One keep-alive connection that sends a request, waits for its whole reply, and returns the status and body. */
function rawConnection(base: string): Promise<{ send: (req: Buffer) => Promise<{ status: number; body: string }>; close: () => void }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host: u.hostname, port: Number(u.port) }, () => {
      sock.setNoDelay(true);
      resolve({ send, close: () => sock.destroy() });
    });
    sock.once('error', reject);
    let buf: Buffer = Buffer.alloc(0);
    let waiting: ((r: { status: number; body: string }) => void) | null = null;
    sock.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const len = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      const status = Number(head.slice(9, 12));
      const body = buf.subarray(end + 4, end + 4 + len).toString();
      buf = buf.subarray(end + 4 + len);
      const w = waiting;
      waiting = null;
      w?.({ status, body });
    });
    function send(req: Buffer) {
      return new Promise<{ status: number; body: string }>((res) => {
        waiting = res;
        sock.write(req);
      });
    }
  });
}
const conns = rawClient ? await Promise.all(Array.from({ length: concurrency }, () => rawConnection(server!.base))) : [];
let done = 0;
let rejected = 0;
let firstRejection = '';
/** Casts ballots[from..to) with `concurrency` clients. */
async function castRange(from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, k) => {
      while (next < to) {
        const i = next++;
        let status: number;
        let text = '';
        if (rawClient) {
          const r = await conns[k]!.send(requests[i]!);
          status = r.status;
          text = r.body;
        } else {
          const res = await post(ballots[i]!);
          status = res.status;
          if (status !== 200) text = await res.text();
          else await res.arrayBuffer();
        }
        if (status !== 200) {
          rejected++;
          firstRejection ||= `${status} ${text}`;
        }
        if (++done % 2000 === 0) log(`  cast ${done}/${N}`);
      }
    }),
  );
}
if (warmup > 0) {
  await castRange(0, warmup);
  log(`warm-up: ${warmup} casts (not counted below)`);
}
const M = N - warmup; // the casts measured
t0 = performance.now();
const castCpu0 = process.cpuUsage();
const serverCpu0 = server?.cpuMs() ?? 0;
const serverMain0 = server?.mainCpuMs() ?? 0;
const serverThreads0 = server?.threadCpuMs() ?? new Map<string, number>();
const pgCpu0 = server ? await postgresCpu() : new Map<string, number>();
await castRange(warmup, N);
const castS = secs(t0);
const castCpu = process.cpuUsage(castCpu0);
const serverCpuMs = server ? (server.cpuMs() - serverCpu0) / M : null;
const serverMainMs = server ? (server.mainCpuMs() - serverMain0) / M : null;
// The server's CPU per cast by thread (all Node's threads are named "node": the main thread, then the others by
// their CPU; the cast-check worker is the busiest of them). Threads under 0.005 ms per cast are left out.
const serverThreads: Record<string, number> = {};
if (server) {
  const rows = [...server.threadCpuMs()].map(([k, ms]) => [k, (ms - (serverThreads0.get(k) ?? 0)) / M] as const).filter(([, v]) => v >= 0.005);
  rows.sort((a, b) => (a[0].endsWith(' main') ? -1 : b[0].endsWith(' main') ? 1 : b[1] - a[1]));
  for (const [k, v] of rows) serverThreads[k] = v;
  log(`server CPU per cast by thread: ${Object.entries(serverThreads).map(([k, v]) => `${k} ${v.toFixed(3)} ms`).join(', ')}`);
}
const pgCpu1 = server ? await postgresCpu() : new Map<string, number>();
const pgSum = (kind: string) => [...pgCpu1].filter(([k]) => k.startsWith(kind)).reduce((s, [k, ms]) => s + ms - (pgCpu0.get(k) ?? 0), 0) / M;
const pgCpuMs = server && pgDb ? pgSum('') : null;
// The shared processes also work for the other databases of the cluster: on a shared server, part of their CPU is not ours.
const pgSharedMs = server && pgDb ? pgSum('shared') : null;
for (const k of conns) k.close();
await server?.stop();
if (pgliteDir) {
  database = await openDatabase({ driver: 'pglite', dataDir: pgliteDir });
  ctx.db = database.db;
  ctx.mailer = devMailer(database.db, () => {});
}
if (rejected) throw new Error(`${rejected} ballots rejected; first: ${firstRejection}`);
// CPU of this process per cast (HTTP handling, the full crypto check, the group-committed writes' client side); the
// database server's own CPU is not included. On a loaded machine this, not the wall clock, is the comparable figure.
const castCpuMs = (castCpu.user + castCpu.system) / 1000 / M;
log(`casting through the API${server ? ` (real HTTP, server in its own process, ${rawClient ? 'raw' : 'fetch'} client)` : ''}: ${(M / castS).toFixed(0)} ballots/s (${warmup ? `${M} casts after a warm-up of ${warmup}, ` : ''}${concurrency} concurrent clients; each checked and committed); ${castCpuMs.toFixed(3)} ms CPU per cast in this process${serverCpuMs === null ? '' : `, ${serverCpuMs.toFixed(3)} ms in the server (${serverMainMs!.toFixed(3)} ms of it in its main thread)${pgCpuMs === null ? ', PGlite inside it' : `, ${pgCpuMs.toFixed(3)} ms in PostgreSQL (${pgSharedMs!.toFixed(3)} ms of it in the cluster's shared WAL writer, checkpointer and background writer)`}`}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
if (castOnly) {
  if (asJson) process.stdout.write(JSON.stringify({ ours: { voters: N, castPerS: M / castS, warmup, castCpuMsPerBallot: castCpuMs, http, client: rawClient ? 'raw' : 'fetch', serverCpuMsPerCast: serverCpuMs, serverMainThreadCpuMsPerCast: serverMainMs, serverThreadCpuMsPerCast: serverThreads, postgresCpuMsPerCast: pgCpuMs, postgresSharedCpuMsPerCast: pgSharedMs, database: pgDb ? 'postgres' : 'pglite', loadAverage: loadavg()[0] } }, null, 2) + '\n');
  await database.close();
  await pgDb?.drop();
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  process.exit(0);
}

// ---- tally: encrypted tally, partial decryptions by trustees 3, 4, 5, result -----------------------------------
await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
t0 = performance.now();
const tally = await computeTally(ctx, SYSTEM_ACTOR, c.electionId);
const encTallyS = secs(t0);
const [key] = await publicRecords(ctx, c.electionId, 'election_key');
for (const t of [3, 4, 5]) await postPartialDecryption(ctx, c.electionId, trusteePartialDecrypt(c.electionHash, c.trustees[t - 1]!, key!, ciphertextFromJSON(tally.ciphertext)));
const result = await declareResult(ctx, SYSTEM_ACTOR, c.electionId); // the 10-member procedure keeps its own count
const tallyS = secs(t0);
if (result.yes !== yes || result.no !== N - yes) throw new Error(`wrong result ${result.yes}–${result.no}`);
log(`tally: ${tallyS.toFixed(2)} s (encrypted tally ${encTallyS.toFixed(2)} s; result ${result.yes}–${result.no})`);

// ---- verification of the exported board ---------------------------------------------------------------------------
t0 = performance.now();
const text = await boardText(ctx, c.electionId);
const exportS = secs(t0);
await database.close();
await pgDb?.drop();
if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
const phases: Record<string, number> = {};
const cpu: Record<string, number> = {};
const timeVerify = async (checker?: ReturnType<typeof parallelChecker>) => {
  const start = performance.now();
  const c0 = process.cpuUsage();
  let last = start;
  let lastPhase = '';
  const r = await verifyBoard(text, {
    checker,
    sha256Hex: (x) => createHash('sha256').update(x).digest('hex'),
    onProgress: (p) => {
      if (p.phase !== lastPhase) {
        const now = performance.now();
        if (lastPhase) phases[lastPhase] = (now - last) / 1000;
        last = now;
        lastPhase = p.phase;
      }
    },
  });
  if (!r.ok || !r.summary.complete) throw new Error(`verification failed: ${JSON.stringify(r.failure)}`);
  phases[lastPhase] = (performance.now() - last) / 1000;
  const cu = process.cpuUsage(c0);
  cpu[checker ? 'parallel' : 'single'] = (cu.user + cu.system) / 1000 / N; // ms CPU per ballot, all threads
  return secs(start);
};
const verify1S = await timeVerify();
const phases1 = { ...phases };
const threads = availableParallelism();
const verifyNS = await timeVerify(parallelChecker({ threads }));
log(`verification, 1 thread: ${(N / verify1S).toFixed(0)} ballots/s (${verify1S.toFixed(2)} s; records ${phases1.records?.toFixed(2)} s, ballots ${phases1.ballots?.toFixed(2)} s)`);
log(`verification, ${threads} threads: ${(N / verifyNS).toFixed(0)} ballots/s (${verifyNS.toFixed(2)} s)`);
log(`verification CPU time: ${cpu.single?.toFixed(3)} ms/ballot single-threaded, ${cpu.parallel?.toFixed(3)} ms/ballot summed over threads (load average now ${loadavg()[0]!.toFixed(1)})`);
const best = Math.min(verify1S, verifyNS);
const project200k = (best * 200_000) / N;
log(`projected verification of a 200,000-voter board: ${project200k.toFixed(0)} s`);

const ours = {
  voters: N,
  genPerS: N / genS,
  castPerS: M / castS,
  castCpuMsPerBallot: castCpuMs,
  http,
  serverCpuMsPerCast: serverCpuMs,
  database: pgDb ? 'postgres' : 'pglite',
  tallyS,
  verify1PerS: N / verify1S,
  verifyNPerS: N / verifyNS,
  verifyMsPerBallot: (best * 1000) / N,
  verifyCpuMsPerBallot: cpu.single,
  loadAverage: loadavg()[0],
  projected200kS: project200k,
  exportS,
  boardBytes: text.length,
};

// ---- peer: belenios-tool on the same N ------------------------------------------------------------------------
let belenios: Record<string, string> | null = null;
if (peer) {
  const script = join(import.meta.dirname, '..', '..', 'shared', 'peers', 'belenios-bench.sh');
  log(`running ${script} ${N} (this takes a while: belenios-tool needs ~13 ms per ballot to verify)…`);
  // KEEP=1: the script keeps its work directory, so the finished board can be verified once more below, for its CPU.
  const { stdout, stderr } = await promisify(execFile)(script, [String(N)], { maxBuffer: 16 * 1024 * 1024, timeout: 6 * 3600 * 1000, env: { ...process.env, KEEP: '1' } });
  const line = stdout.trim().split('\n').find((l) => l.startsWith('belenios ')) ?? '';
  belenios = Object.fromEntries(line.split(/\s+/).slice(1).map((kv) => kv.split('=') as [string, string]));
  log(line);
  // The script reports wall times only, which on a loaded machine measure the load. `belenios-tool election verify`
  // is one single-threaded process: its user + system CPU per ballot is the figure to set against ours.
  const kept = /# work dir kept: (\S+)/.exec(stderr)?.[1];
  if (kept) {
    try {
      const { stderr: t } = await promisify(execFile)('bash', ['-c', 'TIMEFORMAT="%U %S"; time belenios-tool election verify --dir "$1/pub" > /dev/null', 'bash', kept], { env: { ...process.env, LC_ALL: 'C' } });
      const [u, sy] = t.trim().split('\n').at(-1)!.split(' ').map(Number);
      belenios.verify_cpu_ms_per_ballot = (((u! + sy!) * 1000) / N).toFixed(3);
      log(`belenios-tool election verify (the finished board, one process): ${belenios.verify_cpu_ms_per_ballot} ms CPU per ballot`);
    } finally {
      rmSync(kept, { recursive: true, force: true });
    }
  }
}

if (asJson) {
  process.stdout.write(JSON.stringify({ ours, belenios }, null, 2) + '\n');
} else {
  const row = (k: string, v: string) => process.stdout.write(`${k.padEnd(44)} ${v}\n`);
  row('voters', String(N));
  row('ballot generation (voter device, 1 core)', `${ours.genPerS.toFixed(0)} ballots/s`);
  row('casting through the API (checked, committed)', `${ours.castPerS.toFixed(0)} ballots/s`);
  row('tally (encrypted tally + 3 partials + result)', `${ours.tallyS.toFixed(2)} s`);
  row('verification, 1 thread', `${ours.verify1PerS.toFixed(0)} ballots/s`);
  row(`verification, ${threads} threads`, `${ours.verifyNPerS.toFixed(0)} ballots/s (${ours.verifyMsPerBallot.toFixed(3)} ms/ballot)`);
  row('verification CPU per ballot (1 thread)', `${ours.verifyCpuMsPerBallot?.toFixed(3)} ms`);
  row('projected verification, 200,000 voters', `${ours.projected200kS.toFixed(0)} s wall; ${((ours.verifyCpuMsPerBallot ?? 0) * 200).toFixed(0)} s CPU (÷2 on two idle cores)`);
  row('load average during the run', `${ours.loadAverage?.toFixed(1)} (2 cores shared with other jobs)`);
  if (belenios) {
    const bv = Number(belenios.verify_ms_per_ballot);
    const bt = Number(belenios.tally_s);
    const bg = Number(belenios.gen_ms_per_ballot);
    row('belenios-tool verify', `${bv} ms/ballot → ratio ${(bv / ours.verifyMsPerBallot).toFixed(1)}× (wall: under load, this measures the load)`);
    if (belenios.verify_cpu_ms_per_ballot) {
      const bc = Number(belenios.verify_cpu_ms_per_ballot);
      row('belenios-tool verify, CPU', `${bc} ms/ballot → ratio ${(bc / (ours.verifyCpuMsPerBallot ?? NaN)).toFixed(1)}× (against our 1-thread CPU per ballot)`);
    }
    row('belenios-tool tally', `${bt} s → ratio ${(bt / ours.tallyS).toFixed(1)}×`);
    row('belenios-tool ballot generation', `${bg} ms/ballot → ratio ${((bg * ours.genPerS) / 1000).toFixed(1)}×`);
  }
}
