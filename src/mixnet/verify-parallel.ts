/**
 * Checks the shuffles of a contest record on worker threads, one shuffle per job (they are independent: mixer k's
 * statement names its input and output rows, which are in the record). Node only; the result is identical to the
 * in-thread verifyMixChain (tested), and verifyContest takes it through its `mixChainFailures` option.
 */
import { jobWorker } from '../workers/start-job-worker';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MixStepJSON, RowJSON } from './contest';
import type { MixnetFailure } from './pipeline';
import type { ShuffleVerdict } from './shuffle';
import type { ShuffleJob } from './verify-worker-impl';
import type { PackedShuffleJob } from './shuffle-packed';

/** One job on a worker: its answer, or a rejection if the worker fails or stops first (never a promise left pending). */
function runOn(worker: Worker, job: ShuffleJob, transfer: ArrayBuffer[] = []): Promise<ShuffleVerdict> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: { ready?: boolean; result?: ShuffleVerdict; error?: string }) => {
      if (m.ready) return;
      done();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.result!);
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`a shuffle-checking worker stopped (exit code ${code}) before answering`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id: 0, job }, transfer);
  });
}

/**
 * The buffers of a packed job the worker may take over instead of a copy: the input rows and the proof's N-long
 * vectors (whole buffers only, each once). The streaming verifier never reads a job's input or proof again (the
 * output stays with it, as the next mix's input), so at 200,000 rows about 57 MB a running job is not held twice.
 */
function transferable(job: PackedShuffleJob): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const b of [job.input.bytes, job.proof.permutationCommitment, job.proof.commitmentChain, job.proof.tHat]) {
    if (b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer !== job.output.bytes.buffer) out.add(b.buffer);
  }
  return [...out];
}


/** A worker thread that checks one shuffle per job (./verify-worker-impl.ts). */
const shuffleWorker = () => jobWorker(new URL('./verify-worker-impl.ts', import.meta.url), 'runShuffleJob');

export async function verifyMixChainParallel(electionHash: string, publicKey: string, ballots: RowJSON[], mixes: MixStepJSON[], expectedMixers: number, threads = availableParallelism()): Promise<MixnetFailure[]> {
  const failures: MixnetFailure[] = [];
  if (mixes.length !== expectedMixers) failures.push({ check: 'M9', message: `${mixes.length} mix steps published, the election names ${expectedMixers} mixers` });
  mixes.forEach((m, i) => {
    if (m.mixer !== i + 1) failures.push({ check: 'M9', message: `step ${i + 1} is labelled mixer ${m.mixer}`, mixer: m.mixer });
  });
  const jobs: ShuffleJob[] = mixes.map((m, i) => ({ electionHash, mixer: m.mixer, publicKey, input: i === 0 ? ballots : mixes[i - 1]!.output, output: m.output, proof: m.proof }));
  const verdicts: ShuffleVerdict[] = new Array(jobs.length);
  // Three proofs on two threads would leave one thread idle for the last third (wall = 2 proofs' time); with up to
  // two jobs a thread, one worker per proof lets the OS share the cores (wall = 1.5 proofs' time on 2 cores), at the
  // cost of one more worker's decoded rows in memory.
  const workers = threads <= 1 ? 1 : jobs.length <= 2 * threads ? jobs.length : threads;
  const pool = Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, () => shuffleWorker());
  try {
    let next = 0;
    await Promise.all(
      pool.map(async (w) => {
        for (;;) {
          const i = next++;
          if (i >= jobs.length) return;
          verdicts[i] = await runOn(w, jobs[i]!);
        }
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  verdicts.forEach((v, i) => {
    if (!v.ok) failures.push({ check: v.check, message: `mixer ${jobs[i]!.mixer}: ${v.message}`, mixer: jobs[i]!.mixer, ...(v.row === undefined ? {} : { row: v.row }) });
  });
  return failures;
}

/**
 * One shuffle's check (M1–M8) on a worker thread of its own, from its JSON records: what a server does with a large
 * mix, so the minutes of CPU it takes do not stop it answering other requests. A record that does not decode is
 * reported as M2 with `malformed` set.
 */
export async function checkShuffleOnWorker(job: ShuffleJob): Promise<ShuffleVerdict & { malformed?: boolean }> {
  const worker = shuffleWorker();
  try {
    return await new Promise((resolve, reject) => {
      worker.once('error', reject);
      runOn(worker, job).then(resolve, reject);
    });
  } finally {
    await worker.terminate();
  }
}

/**
 * Worker threads for the streaming verifier (./board-verify.ts `shuffleChecker`): each mix's packed check goes to a
 * free thread as soon as the mix has been read, so checking overlaps reading the rest of the board; a job holds its
 * packed rows and proof only while it runs. At most `threads` checks run at once, the others wait their turn.
 * The job's input rows and proof vectors are handed over to the thread (the caller must not read them again).
 */
export class PackedShufflePool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  /**
   * `heapMb` caps each thread's heap (V8 otherwise gives a thread the process's limit, and a thread that allocates as
   * fast as a shuffle check collects late): a check keeps about 0.5 KB a row (generators, challenges, weights, the
   * proof's scalars) on its heap; its rows and the proof's points are outside it.
   */
  constructor(threads: number, opts: { heapMb?: number } = {}) {
    for (let i = 0; i < Math.max(1, threads); i++) {
      const w = jobWorker(new URL('./verify-worker-impl.ts', import.meta.url), 'runPackedShuffleJob', opts.heapMb ? { maxOldGenerationSizeMb: opts.heapMb } : undefined);
      this.all.push(w);
      this.idle.push(w);
    }
  }
  readonly check = async (job: PackedShuffleJob): Promise<ShuffleVerdict> => {
    const w = this.idle.pop() ?? (await new Promise<Worker>((res) => this.waiting.push(res)));
    try {
      return await runOn(w, job as unknown as ShuffleJob, transferable(job));
    } finally {
      const next = this.waiting.shift();
      if (next) next(w);
      else this.idle.push(w);
    }
  };
  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
