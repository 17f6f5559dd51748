/**
 * The embedded database's own thread (the worker side of pglite-thread.ts).
 *
 * PGlite runs PostgreSQL compiled to WebAssembly, synchronously, in the thread that calls it. In the server's main
 * thread every statement of a write transaction therefore held up every HTTP request, including the public reads
 * served from memory. Here it runs in a worker thread instead; the main thread sends each statement over a message
 * port and is free while it runs. One PGlite instance, one connection, as before: statements outside a transaction
 * wait for the open transaction exactly as they did in the main thread (PGlite's own lock), so the isolation the
 * services rely on is PGlite's, unchanged.
 *
 * Protocol (one message per request, each answered once by id): `query` (optionally inside transaction `txn`),
 * `begin` (answers with a transaction number once BEGIN has run), `end` (COMMIT or ROLLBACK, answered when it has
 * run), `close`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { ThreadReply, ThreadRequest } from './pglite-thread';

/**
 * drizzle's PGlite driver passes these parsers with every query: dates, times and intervals stay as the text
 * PostgreSQL sent (drizzle maps them itself). Functions cannot cross a message port, so they are applied here.
 */
const RAW = (value: string) => value;
const DRIZZLE_PARSERS = {
  [types.TIMESTAMP]: RAW,
  [types.TIMESTAMPTZ]: RAW,
  [types.INTERVAL]: RAW,
  [types.DATE]: RAW,
  1231: RAW, // numeric[]
  1115: RAW, // timestamp[]
  1185: RAW, // timestamptz[]
  1187: RAW, // interval[]
  1182: RAW, // date[]
};

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string | null };
const reply = (m: ThreadReply) => port.postMessage(m);
const fail = (id: number, e: unknown) => reply({ id, ok: false, error: serialiseError(e) });

/** What crosses back of a database error: its message and its primitive fields (code, detail, constraint…). */
function serialiseError(e: unknown): { message: string; fields: Record<string, string | number | boolean> } {
  const err = e instanceof Error ? e : new Error(String(e));
  const fields: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(err)) if (['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v as string | number | boolean;
  fields.name = err.name;
  return { message: err.message, fields };
}

const ROLLBACK = Symbol('rollback');
const open = new Map<number, { tx: Transaction; end(commit: boolean, id: number): void }>();
let lastTxn = 0;

function begin(pg: PGlite, id: number): void {
  const txn = ++lastTxn;
  let begun = false;
  let endId = -1;
  pg.transaction(async (tx) => {
    begun = true;
    const commit = await new Promise<boolean>((resolve) => {
      open.set(txn, { tx, end: (c, eid) => ((endId = eid), resolve(c)) });
      reply({ id, ok: true, value: txn });
    });
    if (!commit) throw ROLLBACK; // PGlite rolls back when the callback throws
  }).then(
    () => {
      open.delete(txn);
      reply({ id: endId, ok: true, value: null });
    },
    (e) => {
      open.delete(txn);
      if (!begun) fail(id, e);
      else if (e === ROLLBACK) reply({ id: endId, ok: true, value: null });
      else fail(endId, e); // the COMMIT failed
    },
  );
}

async function main(): Promise<void> {
  let pg: PGlite;
  try {
    pg = dataDir ? new PGlite(dataDir) : new PGlite();
    await pg.waitReady;
  } catch (e) {
    reply({ id: 0, ok: false, error: serialiseError(e) });
    return;
  }
  reply({ id: 0, ok: true, value: null });
  port.on('message', (m: ThreadRequest) => {
    switch (m.op) {
      case 'query': {
        const on = m.txn === undefined ? pg : open.get(m.txn)?.tx;
        if (!on) return fail(m.id, new Error(`transaction ${m.txn} has ended`));
        on.query(m.text, m.params, { rowMode: m.rowMode, ...(m.drizzleParsers ? { parsers: DRIZZLE_PARSERS } : {}) }).then(
          (r) => reply({ id: m.id, ok: true, value: { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows } }),
          (e) => fail(m.id, e),
        );
        return;
      }
      case 'begin':
        return begin(pg, m.id);
      case 'end': {
        const t = open.get(m.txn);
        if (!t) return fail(m.id, new Error(`transaction ${m.txn} has ended`));
        open.delete(m.txn);
        return t.end(m.commit, m.id);
      }
      case 'close':
        pg.close().then(
          () => {
            reply({ id: m.id, ok: true, value: null });
            port.close();
          },
          (e) => fail(m.id, e),
        );
        return;
    }
  });
}

void main();
