/**
 * A board (JSON lines) read line by line, never as one string: a 200,000-row preferential board with three mixes is
 * about 0.7 GB, over V8's largest string (about 512 MB), while its longest line (one mix record) is about 150 MB.
 * Pure and platform-neutral (Node, the browser, a Web Worker): a file, an HTTP response body or a string all become
 * the same iterable of lines, so every reader of a board (verifier, devices) has one entry point.
 *
 * Lines are split at '\n' exactly as `text.split('\n')` would (a '\r' stays in its line, where the canonical-form check
 * sees it); empty lines are yielded as they are (the board readers skip them, as they did on the split text).
 */

/** Lines of a board as the readers take them. */
export type LineSource = Iterable<string> | AsyncIterable<string>;

/** Thrown when a line exceeds the reader's cap (V8 cannot build a string past about 512 MB anyway). */
export class LineTooLong extends Error {
  constructor(readonly cap: number) {
    super(`a line of the board is longer than ${cap} characters`);
  }
}

/** Default cap on one line: under V8's string limit (2^29 − 24 characters), so a hostile board fails cleanly. */
export const MAX_LINE_CHARS = (1 << 29) - 64;

/** The lines of a string, without splitting it into an array first. */
export function* textLines(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    yield text.slice(at, end);
    at = end + 1;
  }
}

/**
 * The lines of a byte or text stream (a fetch Response's body, a Node stream, any async iterable of chunks). Only
 * the current line's pieces are held; each chunk is searched once, so a 150 MB line costs linear time.
 * `maxLineChars` may be a function, asked again for every line: a board reader's cap grows with what the board has
 * said (`PreferentialBoardReader.lineCap`), so a hostile line is refused before it is even assembled.
 */
export async function* streamLines(chunks: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>, opts: { maxLineChars?: number | (() => number) } = {}): AsyncGenerator<string> {
  const given = opts.maxLineChars;
  const capNow = typeof given === 'function' ? () => Math.min(given(), MAX_LINE_CHARS) : () => given ?? MAX_LINE_CHARS;
  // A byte-order mark is kept, as in a string read from the same bytes: the first record then fails its check on
  // every path, instead of verifying from a byte stream and failing as text (one board, one verdict).
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let parts: string[] = [];
  let held = 0;
  const finish = (tail: string): string => {
    // one join, so a long line is copied once (a join then `+ tail` would be copied again when first read)
    if (parts.length) parts.push(tail);
    const line = parts.length ? parts.join('') : tail;
    parts = [];
    held = 0;
    return line;
  };
  const take = function* (text: string): Generator<string> {
    let at = 0;
    for (;;) {
      const nl = text.indexOf('\n', at);
      if (nl === -1) break;
      const cap = capNow();
      if (held + (nl - at) > cap) throw new LineTooLong(cap);
      yield finish(text.slice(at, nl));
      at = nl + 1;
    }
    if (at < text.length) {
      held += text.length - at;
      const cap = capNow();
      if (held > cap) throw new LineTooLong(cap);
      parts.push(text.slice(at));
    }
  };
  const iterable: AsyncIterable<Uint8Array | string> = Symbol.asyncIterator in chunks ? (chunks as AsyncIterable<Uint8Array | string>) : readerIterable(chunks as ReadableStream<Uint8Array>);
  // Each chunk is decoded whole, not with {stream: true}: Node's streaming decoder returns two-byte strings, so a
  // 150 MB line of ASCII would take 300 MB. The bytes of a character cut at a chunk's end wait for the next chunk.
  let carry: Uint8Array | null = null;
  for await (const chunk of iterable) {
    if (typeof chunk === 'string') {
      yield* take(chunk);
      continue;
    }
    let bytes = chunk;
    if (carry) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
      carry = null;
    }
    const cut = completeUtf8(bytes);
    if (cut < bytes.length) carry = bytes.slice(cut);
    yield* take(decoder.decode(bytes.subarray(0, cut)));
  }
  // an unfinished character at the very end fails the fatal decoder, as the streaming decoder's flush did
  if (carry) yield* take(decoder.decode(carry));
  if (parts.length) yield finish('');
}

/** The length of the longest prefix of `b` that does not end inside a UTF-8 sequence (invalid bytes are left to the decoder). */
function completeUtf8(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const x = b[n - back]!;
    if ((x & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** A ReadableStream as an async iterable (older browsers' streams are not iterable); cancelled if the reader stops early. */
async function* readerIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
