/**
 * Whoever serves a board puts a hostile mix line on it: far more rows than the board has ballots, or a mix-sized
 * line that is not in canonical form, so that the streaming verifier's fast mix reader (src/mixnet/mix-line.ts)
 * declines it and the general reader parses it whole. At 200,000 rows such a line is about 150 MB of text; parsed, an
 * object graph several times that, plus the copies the general checks make: the verifier ran out of memory before it
 * could say M13.
 *
 * Now every line is held to a cap derived from the board's own counts (`recordCharsCap`: from the close, a mix of the
 * ballots actually read, the server's streamed-mix bound), checked before the line is parsed and, from a byte stream,
 * before it is even assembled; and the streaming verifier parses no line past `PARSE_CHARS` other than as a
 * canonical mix record, naming where a longer one departs from that form. Tested at moderate size with the caps
 * lowered through the reader's `limits` parameter; no fixture is large.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ZERO_HASH, recordHash } from '../../src/ballot/records';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { mixLineBound, PreferentialBoardReader, recordCharsCap, verifyPreferentialBoard, verifyPreferentialBoardStream, type BoardCounts, type PreferentialRecord } from '../../src/mixnet/board';
import { PackedMixBody } from '../../src/mixnet/mix-line';

const W = 3;
const hex = () => randomBytes(32).toString('hex');
/** A scalar below the group order (little-endian: the top byte 0). */
const scalar = () => `${randomBytes(31).toString('hex')}00`;

/**
 * A chain of records up to the close with `ballots` ballot records, in the board's record order (the other bodies
 * are placeholders: only the reading, M13, is at stake; the record after the close is number ballots + 8).
 */
function boardUpToClose(ballots: number): { type: string; body: unknown }[] {
  const manifest = { version: 'confidence-preferential/1', rankCap: W, electorate: ballots, trustees: { threshold: 1, count: 2 }, mixers: 2 };
  const ceremony = ['trustee_key', 'dkg_commitment', 'dkg_dealing', 'election_key'].map((type) => ({ type, body: { placeholder: type } }));
  // a credential list of the electorate's size (67 characters a credential, as on a real board)
  ceremony.push({ type: 'credentials', body: { credentials: Array.from({ length: ballots }, hex) } as never });
  return [{ type: 'setup', body: { manifest } }, ...ceremony, { type: 'open', body: { at: '2026-12-03T10:00:00.000Z' } }, ...Array.from({ length: ballots }, (_, i) => ({ type: 'ballot', body: { credential: hex(), i } })), { type: 'close', body: { at: '2026-12-03T11:00:00.000Z', ballots } }];
}

/** The records as canonical, hash-chained lines. */
function chain(recs: { type: string; body: unknown }[]): string[] {
  let prev = ZERO_HASH;
  return recs.map((r, seq) => {
    const hash = recordHash(seq, prev, r.type as never, r.body as never);
    const line = canonicalJson({ seq, prev, type: r.type, body: r.body, hash });
    prev = hash;
    return line;
  });
}

/** A mix body of n rows in the record's exact shape (values random, so only its form is right). */
function mixBody(n: number) {
  const pts = () => Array.from({ length: n }, hex);
  const scs = () => Array.from({ length: n }, scalar);
  const row = Array.from({ length: W }, () => [hex(), hex()]);
  return {
    mixer: 1,
    output: Array.from({ length: n }, () => row),
    proof: { challenge: scalar(), commitmentChain: pts(), permutationCommitment: pts(), s1: scalar(), s2: scalar(), s3: scalar(), s4: Array.from({ length: W }, scalar), sHat: scs(), sPrime: scs(), t1: hex(), t2: hex(), t3: hex(), t4: Array.from({ length: W }, () => [hex(), hex()]), tHat: pts() },
    signature: { R: hex(), s: scalar() },
  };
}

/** The same record, with a space after each row: the same JSON value, not its canonical form. */
const spaced = (line: string) => line.replaceAll('],[[', '], [[');

/** Watches JSON.parse: the longest string it was given. */
function watchParse(): () => number {
  const real = JSON.parse;
  let longest = 0;
  vi.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    longest = Math.max(longest, text.length);
    return real(text, reviver);
  });
  return () => longest;
}
afterEach(() => vi.restoreAllMocks());

/** The lines as a byte stream in chunks, counting the bytes the reader pulled. */
function chunked(lines: string[], size: number): { stream: AsyncIterable<Uint8Array>; pulled: () => number; total: number } {
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  let pulled = 0;
  return {
    total: bytes.length,
    pulled: () => pulled,
    stream: (async function* () {
      for (let at = 0; at < bytes.length; at += size) {
        pulled += Math.min(size, bytes.length - at);
        yield bytes.subarray(at, at + size);
      }
    })(),
  };
}

describe('a hostile mix line', () => {
  it('the cap comes from the board’s own counts: 1 MB before the manifest; then the electorate and trustees; from the close a mix of the ballots read', () => {
    const c = (o: Partial<BoardCounts>): BoardCounts => ({ width: null, electorate: null, trustees: null, ballots: null, ...o });
    expect(recordCharsCap(c({}))).toBe(1 << 20);
    expect(recordCharsCap(c({ width: 3, electorate: 100_000, trustees: 3 }))).toBe((1 << 20) + 128 * 100_000 + 3 * 64 * 1024);
    // a 200,000-row mix of width 3 is about 150 MB: its bound is a little above
    expect(mixLineBound(200_000, 3)).toBe(64 * 1024 + 3 * 1024 + 200_000 * 880);
    expect(recordCharsCap(c({ width: 3, electorate: 200_000, trustees: 3, ballots: 200_000 }))).toBe(mixLineBound(200_000, 3));
    expect(recordCharsCap(c({ width: 3, electorate: 5, trustees: 3, ballots: 5 }))).toBe(1 << 20);
  });

  it('with more rows than the board has ballots is refused (M13) before it is parsed, from a string or a byte stream', async () => {
    const head = chain([...boardUpToClose(5), { type: 'mix', body: mixBody(3000) }]);
    const line = spaced(head.at(-1)!);
    const lines = [...head.slice(0, -1), line];
    expect(line.length).toBeGreaterThan(1 << 20);
    const longest = watchParse();
    const r = verifyPreferentialBoard(lines.join('\n') + '\n');
    expect(r.failures).toEqual([{ check: 'M13', seq: 13, message: `record 13: ${line.length} characters, longer than any record of this board can be (at most ${1 << 20} characters after the close: a mix of its 5 ballots of width 3); not read` }]);
    expect(longest()).toBeLessThan(10_000);
    // from a byte stream, the line is not even assembled: reading stops within a chunk of the cap
    const s = chunked(lines, 64 * 1024);
    const r2 = await verifyPreferentialBoardStream(s.stream);
    expect(r2.failures).toEqual([{ check: 'M13', seq: 13, message: `record 13: more than ${1 << 20} characters, longer than any record of this board can be (at most ${1 << 20} characters after the close: a mix of its 5 ballots of width 3); not read` }]);
    expect(s.pulled()).toBeLessThan(s.total);
    expect(s.pulled()).toBeLessThan((1 << 20) + 2 * 64 * 1024 + 5_000);
  });

  it('the row cap lowered through the reader’s limits: a line within it is read, one over it refused', () => {
    const head = chain([...boardUpToClose(40), { type: 'mix', body: mixBody(40) }]);
    const exact = { recordChars: (c: BoardCounts) => (c.ballots === null ? 1 << 20 : mixLineBound(c.ballots, c.width!)) };
    // the honest-sized mix of the 40 ballots passes the cap (the placeholder ballots fail later checks, not M13 here)
    const ok = verifyPreferentialBoard(head.join('\n') + '\n', { limits: exact });
    expect(ok.failures.some((f) => f.check === 'M13' && f.seq === 48)).toBe(false);
    // 400 rows on a board of 40 ballots: over the cap of its counts
    const big = chain([...boardUpToClose(40), { type: 'mix', body: mixBody(400) }]);
    expect(big.at(-1)!.length).toBeGreaterThan(mixLineBound(40, W));
    expect(big.at(-1)!.length).toBeLessThan(1 << 20);
    const r = verifyPreferentialBoard(big.join('\n') + '\n', { limits: exact });
    expect(r.failures).toEqual([expect.objectContaining({ check: 'M13', seq: 48 })]);
    expect(r.failures[0]!.message).toMatch(new RegExp(`longer than any record of this board can be \\(at most ${mixLineBound(40, W)} characters after the close: a mix of its 40 ballots of width 3\\)`));
  });

  it('not in canonical form and past the parse limit: named where it departs (M13), never parsed whole; under the limit the general reader says M13 too', () => {
    const head = chain([...boardUpToClose(300), { type: 'mix', body: mixBody(300) }]);
    const line = spaced(head.at(-1)!);
    const lines = [...head.slice(0, -1), line];
    const text = lines.join('\n') + '\n';
    expect(line.length).toBeLessThan(recordCharsCap({ width: W, electorate: 300, trustees: 2, ballots: 300 }));
    const longest = watchParse();
    const r = verifyPreferentialBoard(text, { limits: { parseChars: 50_000 } });
    const at = line.indexOf('], [[') + 2;
    expect(r.failures).toEqual([{ check: 'M13', seq: 308, message: `record 308: a line of ${line.length} characters, more than the 50000 read other than as a canonical mix record, and it is not a mix record in canonical form (sorted keys, no spaces, 64-digit hex values; it departs from that at character ${at})` }]);
    expect(longest()).toBeLessThan(50_000);
    // before the close the parse limit does not apply: a long credential list is read whole (held to its own cap)
    const long = chain(boardUpToClose(3000));
    expect(long[5]!.length).toBeGreaterThan(50_000);
    const early = verifyPreferentialBoard(long.join('\n') + '\n', { limits: { parseChars: 50_000 } });
    expect(early.failures.filter((f) => /characters/.test(f.message))).toEqual([]);
    expect(longest()).toBe(long[5]!.length);
    // at the default limit the same line is parsed by the general reader, which fails it as before
    const general = verifyPreferentialBoard(text);
    expect(general.failures).toEqual([expect.objectContaining({ check: 'M13', seq: 308 })]);
    expect(longest()).toBe(line.length);
  });

  it('a value that does not decode, past the parse limit, is M2; a canonical mix past it is read into packed rows', () => {
    const body = mixBody(300);
    body.proof.t1 = 'zz'.repeat(32);
    const bad = chain([...boardUpToClose(300), { type: 'mix', body }]);
    const r = verifyPreferentialBoard(bad.join('\n') + '\n', { limits: { parseChars: 50_000 } });
    expect(r.failures).toEqual([expect.objectContaining({ check: 'M2', seq: 308 })]);
    expect(r.failures[0]!.message).toMatch(/^record 308: a line of \d+ characters, more than the 50000 read other than as a canonical mix record, and a value does not decode/);
    // the canonical line of the same size goes through the fast reader, whatever the limit
    const good = chain([...boardUpToClose(300), { type: 'mix', body: mixBody(300) }]);
    const seen: PreferentialRecord[] = [];
    const reader = new PreferentialBoardReader((rec) => seen.push(rec), { parseChars: 50_000 });
    for (const l of good) expect(reader.push(l), reader.failure?.message).toBe(true);
    expect(seen.at(-1)!.body).toBeInstanceOf(PackedMixBody);
    expect((seen.at(-1)!.body as PackedMixBody).output.n).toBe(300);
  });
});
