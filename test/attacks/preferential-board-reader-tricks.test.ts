/**
 * The preferential board is read line by line (src/mixnet/lines.ts, src/mixnet/board.ts `PreferentialBoardReader`):
 * from a string in the CLI's tests, from a byte stream in the CLI and the browser. Whoever serves the board chooses
 * its bytes: a record repeated, a record after the count, CRLF line ends, a byte-order mark, lines split anywhere
 * across chunks (also inside a multi-byte character), an endless line. Each must give the same reading on every path
 * (so no reader accepts a board another refuses), never two different record lists under one head, and no
 * record that M13 did not check. The chain here is made of records whose bodies are placeholders: the reader checks
 * the chain, the canonical form and the record order (M13); the later checks are not reached.
 */
import { describe, expect, it } from 'vitest';
import { recordHash, ZERO_HASH } from '../../src/ballot/records';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { readPreferentialBoard, readPreferentialBoardText, type PreferentialBoardRead } from '../../src/mixnet/board';
import { LineTooLong, streamLines } from '../../src/mixnet/lines';
import { byteChunks } from '../support/preferential-stream';

const TYPES = ['setup', 'trustee_key', 'dkg_commitment', 'dkg_dealing', 'election_key', 'credentials', 'open', 'ballot', 'ballot', 'close', 'mix', 'decryption_share', 'count'] as const;

/** Canonical, chained lines for these types (bodies carry a non-ASCII name, so chunks can cut a character). */
function chain(types: readonly string[]): string[] {
  let prev = ZERO_HASH;
  return types.map((type, seq) => {
    const body = { n: seq, who: 'Ysgrifennydd — ŵ' };
    const hash = recordHash(seq, prev, type as never, body as never);
    const line = canonicalJson({ seq, prev, type, body, hash });
    prev = hash;
    return line;
  });
}
const lines = chain(TYPES);
const text = lines.join('\n') + '\n';

/** The same bytes read as a string and as a byte stream cut every `size` bytes: both readings must be equal. */
async function readBoth(t: string, size = 7): Promise<PreferentialBoardRead> {
  const fromText = readPreferentialBoardText(t);
  for (const s of [1, 2, 3, size, 4096]) expect(await readPreferentialBoard(streamLines(byteChunks(t, s)))).toEqual(fromText);
  return fromText;
}

describe('the preferential board reader, on bytes the server chooses', () => {
  it('reads the honest board whole on every path, cut at every byte', async () => {
    const r = await readBoth(text);
    expect(r.failure).toBeNull();
    expect(r.recs.map((x) => x.type)).toEqual([...TYPES]);
  });

  it('a record repeated (to count a ballot twice) breaks the chain at the copy: M13', async () => {
    const dup = [...lines.slice(0, 8), lines[7]!, ...lines.slice(8)].join('\n');
    const r = await readBoth(dup);
    expect(r.failure).toMatchObject({ check: 'M13', seq: 8 });
    expect(r.recs).toHaveLength(8);
  });

  it('a record after the count (a late ballot or mix kept past the final record) fails M13 even when chained', async () => {
    const more = chain([...TYPES, 'ballot']).join('\n');
    const r = await readBoth(more);
    expect(r.failure).toMatchObject({ check: 'M13', seq: TYPES.length, message: expect.stringMatching(/a ballot record cannot follow count/) });
  });

  it('CRLF line ends (a board that one reader would trim and another not) fail M13 on every path', async () => {
    const r = await readBoth(lines.join('\r\n') + '\r\n');
    expect(r.failure).toMatchObject({ check: 'M13', seq: 0 });
  });

  it('a byte-order mark before the board (accepted by a byte reader that drops it, refused by the text reader) fails on every path', async () => {
    const r = await readBoth('\uFEFF' + text);
    expect(r.failure).toMatchObject({ check: 'M13', seq: 0 });
  });

  it('blank lines between records change no record: the same records and head, never another board under the same head', async () => {
    const spaced = await readBoth(lines.join('\n\n') + '\n\n\n');
    expect(spaced).toEqual(readPreferentialBoardText(text));
  });

  it('a line longer than the reader’s cap stops the reading with an error, not a shorter board that verifies', async () => {
    const long = lines[0]! + '\n' + '{"x":"' + 'a'.repeat(5000) + '"}\n' + lines.slice(1).join('\n');
    await expect(readPreferentialBoard(streamLines(byteChunks(long, 512), { maxLineChars: 4096 }))).rejects.toBeInstanceOf(LineTooLong);
  });
});
