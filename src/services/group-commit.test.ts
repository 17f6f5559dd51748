import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit';

/** A commit that records its batch and finishes when the test says so. */
function controlledCommits() {
  const groups: string[][] = [];
  const releases: (() => void)[] = [];
  const commit = (batch: string[]) => {
    groups.push([...batch]);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  const releaseNext = async () => {
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { groups, commit, releaseNext };
}

describe('group commit', () => {
  const noFail = () => {
    throw new Error('not expected to fail');
  };

  it('commits the first item at once, then what arrived meanwhile in groups of at most maxGroup, in order', async () => {
    const q = groupCommit<string>(3);
    const scope = {};
    const c = controlledCommits();
    q.enqueue(scope, 'p', 'a', c.commit, noFail);
    for (const x of ['b', 'c', 'd', 'e', 'f']) q.enqueue(scope, 'p', x, c.commit, noFail);
    expect(c.groups).toEqual([['a']]);
    await c.releaseNext();
    expect(c.groups).toEqual([['a'], ['b', 'c', 'd']]);
    q.enqueue(scope, 'p', 'g', c.commit, noFail);
    await c.releaseNext();
    expect(c.groups).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f', 'g']]);
    expect(q.activeKeys(scope)).toEqual(['p']);
    await c.releaseNext();
    expect(q.activeKeys(scope)).toEqual([]); // an idle key's queue is dropped
  });

  it('runs different keys and scopes side by side, one group per key at a time', async () => {
    const q = groupCommit<string>(10);
    const [s1, s2] = [{}, {}];
    const c = controlledCommits();
    q.enqueue(s1, 'p', 'a', c.commit, noFail);
    q.enqueue(s1, 'q', 'b', c.commit, noFail);
    q.enqueue(s2, 'p', 'c', c.commit, noFail);
    q.enqueue(s1, 'p', 'd', c.commit, noFail);
    expect(c.groups).toEqual([['a'], ['b'], ['c']]);
    expect(q.activeKeys(s1).sort()).toEqual(['p', 'q']);
    await c.releaseNext();
    expect(c.groups.at(-1)).toEqual(['d']);
    for (let i = 0; i < 3; i++) await c.releaseNext();
    expect([q.activeKeys(s1), q.activeKeys(s2)]).toEqual([[], []]);
  });

  it('puts the items a commit hands back first in the next group', async () => {
    const q = groupCommit<string>(4);
    const scope = {};
    const groups: string[][] = [];
    let gate!: () => void;
    const commit = async (batch: string[]) => {
      groups.push([...batch]);
      if (batch[0] === 'a') await new Promise<void>((r) => (gate = r));
      // 'x' must not share a transaction with what is before it: handed back with everything after it.
      const i = batch.indexOf('x');
      return i > 0 ? batch.slice(i) : [];
    };
    q.enqueue(scope, 'p', 'a', commit, noFail);
    for (const x of ['b', 'x', 'c', 'd']) q.enqueue(scope, 'p', x, commit, noFail);
    gate();
    await new Promise((r) => setImmediate(r));
    expect(groups).toEqual([['a'], ['b', 'x', 'c', 'd'], ['x', 'c', 'd']]);
  });

  it('a commit that throws fails its own group only; the next group still commits', async () => {
    const q = groupCommit<number>(2);
    const scope = {};
    const committed: number[] = [];
    const failed: { batch: number[]; error: string }[] = [];
    let gate!: () => void;
    const commit = async (batch: number[]) => {
      if (batch[0] === 1) await new Promise<void>((r) => (gate = r));
      if (batch.includes(3)) throw new Error('disk full');
      committed.push(...batch);
    };
    const fail = (batch: number[], e: unknown) => failed.push({ batch, error: (e as Error).message });
    for (const n of [1, 2, 3, 4, 5]) q.enqueue(scope, 'p', n, commit, fail);
    gate();
    await new Promise((r) => setImmediate(r));
    expect(committed).toEqual([1, 4, 5]);
    expect(failed).toEqual([{ batch: [2, 3], error: 'disk full' }]);
    expect(q.activeKeys(scope)).toEqual([]);
  });

  it('refuses a group size that is not a positive integer', () => {
    expect(() => groupCommit(0)).toThrow(RangeError);
    expect(() => groupCommit(1.5)).toThrow(RangeError);
  });
});
