/**
 * Where the server runs the cast-time checks (./cast-check.ts `checkCastJob`: decoding, the batched proof and
 * signature check, the tracker): in its own thread, or in worker threads, so that on a machine with a second core the
 * crypto of one group of casts runs while the main thread parses HTTP requests and commits the previous group.
 *
 * The casts handed over in one turn of the event loop go to a worker as one message (the worker checks them as one
 * batch, as the in-thread path does), to the worker with the fewest casts in flight. The worker answers with each
 * cast's own outcome; nothing is written before the answer, so the group commit, the hash chain and the "committed
 * before acknowledged" rule are the same on both paths. If a worker fails (it crashed or could not start), its
 * casts in flight and every later one are checked in the server's thread instead: slower, never lost or doubled.
 *
 * `confidence serve` starts one worker when the machine has more than one core (CONFIDENCE_CAST_WORKERS=N sets the
 * number; 0 keeps the checks in the main thread). Tests and the in-process app use the main thread unless they
 * start workers themselves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkCastJob, type CastJob, type CastOutcome } from './cast-check';

interface Waiting {
  job: CastJob;
  resolve: (o: CastOutcome) => void;
}

interface PoolWorker {
  worker: Worker;
  /** Batches sent and not yet answered, by message id. */
  inFlight: Map<number, Waiting[]>;
  casts: number;
  dead: boolean;
}

const MAX_THREADS = 16;
let workers: PoolWorker[] = [];
let nextId = 0;
let queued: Waiting[] = [];
let scheduled = false;
let answeredByWorkers = 0;

function inThread(batch: Waiting[]): void {
  for (const w of batch) void checkCastJob(w.job).then(w.resolve);
}

function startWorker(): PoolWorker {
  const worker = new Worker(new URL('./cast-check-worker.mjs', import.meta.url));
  worker.unref();
  const pw: PoolWorker = { worker, inFlight: new Map(), casts: 0, dead: false };
  worker.on('message', (m: { id: number; outcomes?: CastOutcome[]; error?: string }) => {
    const batch = pw.inFlight.get(m.id);
    if (!batch) return;
    pw.inFlight.delete(m.id);
    pw.casts -= batch.length;
    // A batch the worker could not check (an unexpected error) is checked here, so its callers get their verdicts.
    if (!m.outcomes) return inThread(batch);
    answeredByWorkers += batch.length;
    batch.forEach((w, i) => w.resolve(m.outcomes![i]!));
  });
  const fail = () => {
    if (pw.dead) return;
    pw.dead = true;
    workers = workers.filter((x) => x !== pw);
    const left = [...pw.inFlight.values()];
    pw.inFlight.clear();
    for (const batch of left) inThread(batch);
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  return pw;
}

function flush(): void {
  scheduled = false;
  const batch = queued;
  queued = [];
  const live = workers.filter((w) => !w.dead);
  if (live.length === 0) return inThread(batch);
  const w = live.reduce((a, b) => (b.casts < a.casts ? b : a));
  const id = nextId++;
  w.inFlight.set(id, batch);
  w.casts += batch.length;
  try {
    w.worker.postMessage({ id, jobs: batch.map((x) => x.job) });
  } catch {
    w.inFlight.delete(id);
    w.casts -= batch.length;
    inThread(batch);
  }
}

/** Checks one cast: in a worker if any runs, otherwise in this thread. Never rejects. */
export function castCheck(job: CastJob): Promise<CastOutcome> {
  if (workers.length === 0) return checkCastJob(job);
  return new Promise((resolve) => {
    queued.push({ job, resolve });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

/** Starts `threads` cast-check workers (replacing any running ones); 0 stops them. */
export async function startCastCheckWorkers(threads: number): Promise<void> {
  await stopCastCheckWorkers();
  workers = Array.from({ length: Math.min(threads, MAX_THREADS) }, startWorker);
}

export async function stopCastCheckWorkers(): Promise<void> {
  const old = workers;
  workers = [];
  // Casts in flight in a stopped worker are checked here instead (its exit handler does it).
  await Promise.all(old.map((w) => w.worker.terminate()));
}

/** How many casts workers have answered since the process started (for tests and diagnostics). */
export function castsCheckedByWorkers(): number {
  return answeredByWorkers;
}

/** The number of workers `confidence serve` starts: CONFIDENCE_CAST_WORKERS, or 1 when there is a second core. */
export function castWorkerCount(env: Record<string, string | undefined>): number {
  const raw = env.CONFIDENCE_CAST_WORKERS;
  if (raw === undefined || raw === '') return availableParallelism() > 1 ? 1 : 0;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > MAX_THREADS) throw new Error(`CONFIDENCE_CAST_WORKERS must be a whole number from 0 to ${MAX_THREADS}`);
  return Number(raw);
}
