import { describe, expect, it } from 'vitest';
import { RankingsSource } from '../count/types';
import type { CountMethod } from '../count/table';
import { countProgress, PREFERENTIAL_BOARD_VERSION, type PreferentialManifest } from './board';
import { runCount } from './contest';
import { encodeRanking } from './ranked';

/**
 * Prefix decryption in batches (docs/mixnet-spec.md §8), on plaintext cells so every method can be run many times:
 * the loop a board goes through (countProgress → the trustees decrypt the batch → again) must end in the count of
 * the rankings themselves, decrypt exactly the cells that count reads (M11 fails a board with any other), and
 * take one batch per round or stage for the methods with a stop point (IRV, Scottish and ERS97 STV).
 */
function profile(n: number, k: number, width: number, seed: number): number[][] {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => {
    const order = [...Array(k).keys()].sort(() => rnd() - 0.5);
    // skewed first preferences, and ballots of every length up to the cap
    if (rnd() < 0.4) order.unshift(...order.splice(order.indexOf(0), 1));
    return order.slice(0, 1 + Math.floor(rnd() * width));
  });
}

function run(method: CountMethod, rankings: number[][], k: number, seats: number, width: number) {
  const m = { version: PREFERENTIAL_BOARD_VERSION, method, seats, rankCap: width, tieBreak: 'forwards', candidates: Array.from({ length: k }, (_, i) => `C${i}`) } as unknown as PreferentialManifest;
  const cells = rankings.map((r) => encodeRanking(r, k, width));
  const decrypted: { row: number; rank: number; value: number }[] = [];
  const seen = new Set<string>();
  let batches = 0;
  for (;;) {
    const p = countProgress(m, 'ab'.repeat(32), rankings.length, decrypted);
    if (p.done) return { count: p.count, batches, decrypted: seen, expected: runCount(method, new RankingsSource(rankings, width), { candidates: m.candidates, seats, tieBreak: 'forwards', seed: 'ab'.repeat(32) }) };
    batches++;
    for (const c of p.cells) {
      const key = `${c.row}:${c.rank}`;
      expect(seen.has(key), `cell ${key} asked for twice`).toBe(false);
      seen.add(key);
      decrypted.push({ ...c, value: cells[c.row]![c.rank]! });
    }
    expect(batches).toBeLessThan(10_000);
  }
}

/** The cells a count reads when every cell is there (what M11 allows to be decrypted). */
function read(method: CountMethod, rankings: number[][], k: number, seats: number, width: number): Set<string> {
  const used = new Set<string>();
  const inner = new RankingsSource(rankings, width);
  const source = { size: inner.size, width, preference: (b: number, r: number) => { for (let j = 0; j <= r; j++) used.add(`${b}:${j}`); return inner.preference(b, r); } };
  runCount(method, source, { candidates: Array.from({ length: k }, (_, i) => `C${i}`), seats, tieBreak: 'forwards', seed: 'ab'.repeat(32) });
  return used;
}

describe('prefix decryption in batches', () => {
  for (const [method, seats] of [['irv', 1], ['stv-scottish', 3], ['stv-ers97', 3], ['stv-meek', 2]] as const) {
    it(`${method}: the count of the rankings, exactly the cells it reads${method === 'stv-meek' ? '' : ', one batch per stage'}`, () => {
      // Meek decrypts one cell per round trip: a smaller profile keeps this test fast
      for (const seed of method === 'stv-meek' ? [1] : [1, 2, 3]) {
        const rankings = profile(method === 'stv-meek' ? 40 : 120, 6, 4, seed);
        const r = run(method, rankings, 6, seats, 4);
        expect(r.count).toEqual(r.expected);
        expect([...r.decrypted].sort()).toEqual([...read(method, rankings, 6, seats, 4)].sort());
        if (method !== 'stv-meek') {
          // every stage's transfer is one batch (a ballot skipping an excluded candidate may need one more), never one cell at a time
          expect(r.batches).toBeLessThanOrEqual(r.count.rounds.length * 4);
          expect(r.batches).toBeLessThan(r.decrypted.size / 4);
        }
      }
    });
  }
});
