/**
 * PGlite in a worker thread, seen from the main thread: the part of PGlite's client API that drizzle's PGlite
 * driver uses (`query` and `transaction`), each statement sent to the worker (pglite-worker.ts) and answered there.
 *
 * Why: PGlite executes every statement synchronously in the calling thread. In the server, a letter group's
 * transaction then held the event loop, and the public reads, served from memory, waited for it (p99 of a public
 * GET during a write burst 0.2–4 s, against 36–90 ms on PostgreSQL, where the same work runs in another process).
 * With the database in its own thread the main thread only parses, routes and answers (docs/decisions/0014).
 *
 * Semantics are PGlite's: one instance, one connection; a statement outside a transaction waits for the open one.
 * A transaction's COMMIT has run in the worker before `transaction()` resolves, so a caller that updates a cache
 * after it never shows a state that is not committed.
 */
import { Worker } from 'node:worker_threads';

export type ThreadRequest =
  | { id: number; op: 'query'; txn?: number; text: string; params: unknown[]; rowMode?: 'array' | 'object'; drizzleParsers: boolean }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; txn: number; commit: boolean }
  | { id: number; op: 'close' };

type SerialisedError = { message: string; fields: Record<string, string | number | boolean> };
export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerialisedError };

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}
export interface ThreadResults {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}
interface Queryable {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResults>;
}

/** A database error from the worker, with its fields (code, detail, constraint…) as PGlite gave them. */
function revive(e: SerialisedError): Error {
  const err = new Error(e.message);
  Object.assign(err, e.fields);
  return err;
}

export class PgliteThread implements Queryable {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #next = 1;
  #stopped: Error | null = null;

  #closing = false;

  private constructor(worker: Worker, onLost?: (e: Error) => void) {
    this.#worker = worker;
    worker.on('message', (m: ThreadReply) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(revive(m.error));
    });
    const stop = (e: Error) => {
      const first = this.#stopped === null;
      this.#stopped ??= e;
      for (const p of this.#pending.values()) p.reject(this.#stopped);
      this.#pending.clear();
      // Not asked to close: the database is gone for good in this process (every later statement would fail).
      if (first && !this.#closing) onLost?.(e);
    };
    worker.on('error', (e) => stop(new Error(`the database thread failed: ${e.message}`)));
    worker.on('exit', (code) => stop(new Error(`the database thread has stopped (exit code ${code})`)));
  }

  /**
   * Starts the worker and opens the database in it (`dataDir` null: in memory). `onLost` is called once if the
   * thread dies without being closed (an uncaught error or a crash in PGlite): the server then stops rather than
   * answer every request with a 500 (ADR 0014).
   */
  static async open(dataDir: string | null, onLost?: (e: Error) => void): Promise<PgliteThread> {
    return PgliteThread.start(PgliteThread.spawn(dataDir), onLost);
  }

  /** The worker thread itself (the TypeScript worker's boot file registers tsx before importing it). */
  static spawn(dataDir: string | null): Worker {
    return new Worker(new URL('./pglite-worker-boot.mjs', import.meta.url), { workerData: { dataDir } });
  }

  /** Waits for a spawned worker's database to be ready. */
  static async start(worker: Worker, onLost?: (e: Error) => void): Promise<PgliteThread> {
    const thread = new PgliteThread(worker, onLost);
    try {
      await thread.#call(0, () => {}); // the worker answers id 0 once PGlite is ready (or failed to open)
    } catch (e) {
      thread.#closing = true;
      await worker.terminate();
      throw e;
    }
    return thread;
  }

  #call(id: number, send: () => void): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      send();
    });
  }

  #request(req: ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never): Promise<unknown> {
    const id = this.#next++;
    return this.#call(id, () => this.#worker.postMessage({ ...req, id }));
  }

  #query(txn: number | undefined, text: string, params: unknown[] = [], options: QueryOptions = {}): Promise<ThreadResults> {
    return this.#request({ op: 'query', txn, text, params, rowMode: options.rowMode, drizzleParsers: options.parsers !== undefined }) as Promise<ThreadResults>;
  }

  /** A statement outside any transaction. drizzle's parsers (dates as text) are applied in the worker. */
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResults> {
    return this.#query(undefined, text, params, options);
  }

  /** BEGIN, `fn` on the transaction, then COMMIT (ROLLBACK if `fn` throws); resolves once the COMMIT has run. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const txn = (await this.#request({ op: 'begin' })) as number;
    let ended = false;
    const tx: Queryable = {
      query: (text, params, options) => (ended ? Promise.reject(new Error('this transaction has ended')) : this.#query(txn, text, params, options)),
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (e) {
      ended = true;
      await this.#request({ op: 'end', txn, commit: false }).catch(() => {});
      throw e;
    }
    ended = true;
    await this.#request({ op: 'end', txn, commit: true });
    return result;
  }

  async close(): Promise<void> {
    this.#closing = true;
    if (!this.#stopped) await this.#request({ op: 'close' });
    await this.#worker.terminate();
  }
}
