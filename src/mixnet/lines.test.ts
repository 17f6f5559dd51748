import { describe, expect, it } from 'vitest';
import { streamLines } from './lines';

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    yield bytes.subarray(at, c);
    at = c;
  }
}
const collect = async (g: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const l of g) out.push(l);
  return out;
};

/** A board's bytes become lines whatever the chunking: characters cut between chunks, invalid UTF-8 refused. */
describe('streamLines', () => {
  const text = '{"a":"é€😀"}\n\ufeffx\n{"b":"ascii"}\r\nlast';
  const bytes = new TextEncoder().encode(text);

  it('gives the same lines for every place a chunk can end, a character cut in two included', async () => {
    const expected = text.split('\n');
    for (let i = 1; i < bytes.length; i++) {
      for (const j of [i + 1, i + 2, i + 3]) {
        const cuts = j < bytes.length ? [i, j] : [i];
        expect(await collect(streamLines(chunked(bytes, cuts))), `cuts ${cuts}`).toEqual(expected);
      }
    }
  });

  it('refuses invalid UTF-8, and a character left unfinished at the end', async () => {
    const bad = new Uint8Array([0x61, 0xff, 0x0a]);
    await expect(collect(streamLines(chunked(bad, [1])))).rejects.toThrow();
    const cutShort = bytes.subarray(0, bytes.indexOf(0xf0) + 2);
    await expect(collect(streamLines(chunked(cutShort, [1])))).rejects.toThrow();
  });
});
