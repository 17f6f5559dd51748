/**
 * The verifiers spread their per-ballot and per-shuffle checks over worker threads. A worker that stops before
 * answering (terminated, out of memory, an uncaught error, process.exit) must make the verification fail, never
 * leave it waiting for an answer that will not come — a verifier that never gives a verdict is one whose "not
 * valid" nobody hears, and an in-process caller (a server checking a mix) would hang on it. The pool primitive
 * (`startWorker`, used by the ballot and contest verifiers) used to reject pending jobs only on an 'error' event, so a
 * worker that exited without one left them pending forever; the shuffle checker's jobs listened to neither.
 */
import { describe, expect, it } from 'vitest';
import { startWorker } from '../../src/ballot/verify-parallel';

const DYING = new URL('../support/dying-job-worker.ts', import.meta.url);
const within = <T>(p: Promise<T>, ms = 20_000) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('still waiting: the job was never settled')), ms))]);

describe('a verification worker that dies mid-job', () => {
  it('a worker that exits without an error while checking a chunk would have left the verifier waiting forever: its job fails', async () => {
    const w = startWorker(DYING, 'exitInJob');
    await w.ready;
    await expect(within(w.run({}))).rejects.toThrow(/stopped \(exit code 0\) before answering/);
    // A job sent to the dead worker afterwards fails at once too.
    await expect(within(w.run({}))).rejects.toThrow(/stopped/);
  });

  it('a worker that crashes with an uncaught error after taking a chunk fails the job with that error', async () => {
    const w = startWorker(DYING, 'crashInJob');
    await w.ready;
    await expect(within(w.run({}))).rejects.toThrow(/worker crashed/);
  });

  it('a worker terminated under a pending chunk (the pool closed early) fails the job', async () => {
    const w = startWorker(DYING, 'hangInJob');
    await w.ready;
    const p = w.run({});
    await new Promise((r) => setTimeout(r, 50));
    await w.worker.terminate();
    await expect(within(p)).rejects.toThrow(/stopped/);
  });
});
