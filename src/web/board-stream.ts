import { streamLines } from '../mixnet/lines';
import type { BoardSource } from '../contest/verify';

/**
 * A board read by the browser's verifiers as a stream of lines, never as one string. A members' ballot of 200,000
 * ballots is about 500 MB of JSON lines: held as text (and split into lines, and parsed) it does not fit a phone's
 * tab. Here the bytes of a download (a fetch response's body) or of a chosen file (`Blob.stream()`) go through the
 * same line splitter as the command-line verifier (`streamLines`, which decodes UTF-8 strictly), and the verifiers
 * (`verifyBoard`, `verifyContestBoard`) check each record as it comes and drop it, keeping only what later checks
 * need. This module is only the door: the checks are the verifiers' own.
 */

/** The lines of a byte stream (a fetch response's body, `File.stream()`), read as they arrive. */
export function linesOf(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  return streamLines(body);
}

/**
 * A board held by the browser as a Blob (a chosen file, or a download kept with `Response.blob()`, which Chromium
 * keeps outside the page's JavaScript heap and pages to disk when large), read as often as the verifier needs: the
 * contest verifier reads a board twice (R1–R8, then each ballot's line again for R9–R11, checked against the digest
 * of its first reading), and a third time for the few uncounted ballots.
 */
export interface BlobBoard extends BoardSource {
  readonly blob: Blob;
  /** The first record's line (the manifest), read without reading the rest. */
  firstLine(): Promise<string | undefined>;
  /** The last record's `hash` (the board's head), read from the end of the blob. */
  head(): Promise<string>;
}

export function blobBoard(blob: Blob): BlobBoard {
  return {
    blob,
    lines: () => streamLines(blob.stream() as ReadableStream<Uint8Array>),
    async firstLine() {
      for await (const line of streamLines(blob.stream() as ReadableStream<Uint8Array>)) if (line !== '') return line;
      return undefined;
    },
    async head() {
      const line = await lastLine(blob);
      try {
        return (JSON.parse(line ?? '{}') as { hash?: string }).hash ?? '';
      } catch {
        return '';
      }
    },
  };
}

/** The last non-empty line of a blob, read from its end (a tally or result record is a few KB; the window grows if not). */
export async function lastLine(blob: Blob): Promise<string | undefined> {
  for (let size = 64 * 1024; ; size *= 4) {
    const start = Math.max(0, blob.size - size);
    // Only the part after the last full line break is used, so a character cut at the window's start does not matter.
    const text = (await blob.slice(start).text()).replace(/\n+$/, '');
    const nl = text.lastIndexOf('\n');
    if (nl !== -1) return text.slice(nl + 1);
    if (start === 0) return text === '' ? undefined : text;
  }
}
