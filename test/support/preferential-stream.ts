/**
 * The preferential verifier on both inputs: the board as one string (`verifyPreferentialBoard`) and the same board
 * read line by line from a byte stream cut at awkward places (`verifyPreferentialBoardLines` over `streamLines`),
 * which must give the same report. `verifyBoth` returns the string's report at once and queues the streamed
 * comparison; `streamedChecks()` (in an afterEach) awaits them, so existing assertions need no change.
 */
import { expect } from 'vitest';
import { verifyPreferentialBoard, verifyPreferentialBoardLines, type PreferentialBoardReport, type PreferentialVerifyOptions } from '../../src/mixnet/board';
import { streamLines } from '../../src/mixnet/lines';

/** A text as a stream of byte chunks of `size` (cutting lines, and multi-byte characters, anywhere). */
export async function* byteChunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

export function verifyStreamed(text: string, opts: PreferentialVerifyOptions = {}, chunk = 997, maxLineChars?: number): Promise<PreferentialBoardReport> {
  return verifyPreferentialBoardLines(streamLines(byteChunks(text, chunk), maxLineChars === undefined ? {} : { maxLineChars }), opts);
}

const pending: Promise<void>[] = [];
let compared = 0;

export function verifyBoth(text: string, opts: PreferentialVerifyOptions = {}): PreferentialBoardReport {
  const fromText = verifyPreferentialBoard(text, opts);
  pending.push(
    verifyStreamed(text, opts).then((streamed) => {
      expect(streamed).toEqual(fromText);
      compared++;
    }),
  );
  return fromText;
}

/** Awaits the queued comparisons; returns how many have been compared so far in this file. */
export async function streamedChecks(): Promise<number> {
  await Promise.all(pending.splice(0));
  return compared;
}
