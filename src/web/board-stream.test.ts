import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { simulateElection } from '../ballot/simulate';
import { verifyBoard } from '../ballot/verify';
import { verifyContestBoard } from '../contest/verify';
import { verifyContest } from '../contest/verify-contest';
import { simulateHistoricContest, type ContestSimulation } from '../contest/simulate';
import { TINY_CONTEST } from '../contest/fixtures.test-helpers';
import { blobBoard, lastLine, linesOf } from './board-stream';

/**
 * The browser verifiers' door: a board read from a byte stream in small chunks (a slow download, a file read piece by
 * piece) must give exactly the report the whole text gives, on an honest board and on a forged one.
 */

/** A text as a byte stream in chunks of `size` bytes (cutting lines and multi-byte characters anywhere). */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** Flips one hex digit inside the `n`th ballot record's ciphertext, leaving the chain as the server wrote it. */
function forgeBallot(text: string, n = 1): { text: string; seq: number } {
  const lines = text.split('\n');
  const seq = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('"type":"ballot"'))[n]![1];
  lines[seq] = lines[seq]!.replace(/"alpha":"(.)/, (_m, c: string) => `"alpha":"${c === 'a' ? 'b' : 'a'}`);
  return { text: lines.join('\n'), seq };
}

let confidence: string;
let contest: ContestSimulation;
beforeAll(async () => {
  await initCrypto();
  confidence = simulateElection({ eligible: 12, yes: 6, no: 4, threshold: 2, trustees: 3, revoters: 2 }).board.toJSONLines();
  contest = simulateHistoricContest(TINY_CONTEST, { rng: undefined });
});

describe('the confidence vote board read as a stream', () => {
  it('verifies in 61-byte chunks with the same report as the whole text', async () => {
    const whole = await verifyBoard(confidence);
    expect(whole.ok).toBe(true);
    expect(await verifyBoard(linesOf(chunked(confidence, 61)))).toEqual(whole);
  });
  it('a forged ballot fails the same numbered check at the same record, streamed or whole', async () => {
    const forged = forgeBallot(confidence);
    const whole = await verifyBoard(forged.text);
    expect(whole.ok).toBe(false);
    expect(whole.failure!.seq).toBe(forged.seq);
    const streamed = await verifyBoard(linesOf(chunked(forged.text, 61)));
    expect(streamed.failure).toEqual(whole.failure);
    expect(streamed.passed).toEqual(whole.passed);
  });
});

describe('a contest board read as a stream, as often as the verifier needs', () => {
  const members = () => contest.boards.find((b) => b.ballot === 'members')!.board.toJSONLines();
  it('verifies in 97-byte chunks (each reading a new stream) with the same report as the whole text', async () => {
    const text = members();
    const whole = await verifyContestBoard(text);
    expect(whole.ok).toBe(true);
    let readings = 0;
    const streamed = await verifyContestBoard({ lines: () => (readings++, linesOf(chunked(text, 97))) });
    expect(readings).toBeGreaterThanOrEqual(2); // R1–R8, then the ballots' lines again for R9–R11
    expect(streamed).toEqual(whole);
    expect(await verifyContestBoard(blobBoard(new Blob([text])))).toEqual(whole);
  });
  it('a forged ballot fails the same numbered check at the same record, streamed or whole', async () => {
    const forged = forgeBallot(members(), 2);
    const whole = await verifyContestBoard(forged.text);
    expect(whole.ok).toBe(false);
    expect(whole.failure!.seq).toBe(forged.seq);
    const streamed = await verifyContestBoard({ lines: () => linesOf(chunked(forged.text, 97)) });
    expect(streamed.failure).toEqual(whole.failure);
  });
  it('a board that changes between two readings fails R2, never verifies two boards', async () => {
    const text = members();
    const forged = forgeBallot(text, 2).text;
    let readings = 0;
    const r = await verifyContestBoard({ lines: () => linesOf(chunked(readings++ === 0 ? text : forged, 97)) });
    expect(r.failure?.check).toBe('R2');
  });
  it('a whole contest from blobs (the files a visitor chooses) verifies as from texts; its heads are read from the ends', async () => {
    const texts = new Map(contest.boards.map((b) => [b.file, b.board.toJSONLines()]));
    const blobs = new Map([...texts].map(([f, t]) => [f, blobBoard(new Blob([t]))]));
    for (const b of contest.boards) expect(await blobs.get(b.file)!.head()).toBe(b.board.head);
    const summary = JSON.stringify(contest.summary);
    const whole = await verifyContest(summary, (f) => texts.get(f) ?? null);
    expect(whole.failure).toBeNull();
    expect(await verifyContest(summary, (f) => blobs.get(f) ?? null)).toEqual(whole);
  });
});

describe('lastLine', () => {
  it('finds the last record past a window that holds no line break, and ignores trailing newlines', async () => {
    const long = 'x'.repeat(70 * 1024);
    expect(await lastLine(new Blob([`a\n${long}\n\n`]))).toBe(long);
    expect(await lastLine(new Blob(['only'])),).toBe('only');
    expect(await lastLine(new Blob(['']))).toBeUndefined();
  });
});
