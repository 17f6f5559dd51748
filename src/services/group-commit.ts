/**
 * Group commit, shared by the write paths that take it (letters per procedure, casts per election).
 *
 * Items for one key that arrive while that key's previous group is committing wait in its queue; when the commit
 * ends, the next group takes up to `maxGroup` of them, in arrival order, and commits them together (one transaction,
 * one lock, one COMMIT, in the caller's `commit`). One group per key at a time; different keys run side by side.
 * `commit` answers its items itself (only after its COMMIT), and may hand some back to go first in the next group
 * (an item that cannot share a transaction with the ones before it). If it throws, `fail` answers the whole group.
 * A key's queue is dropped once it is empty, so the map holds only keys with items in flight.
 */
export interface GroupCommit<T> {
  /** Queues `item` under `key` (per `scope`: one database); starts a drain with `commit` and `fail` if none runs. */
  enqueue(scope: object, key: string, item: T, commit: (batch: T[]) => Promise<T[] | void>, fail: (batch: T[], error: unknown) => void): void;
  /** The keys of `scope` with a queue (items waiting or a group committing): for tests and diagnostics. */
  activeKeys(scope: object): string[];
}

export function groupCommit<T>(maxGroup: number): GroupCommit<T> {
  if (!Number.isSafeInteger(maxGroup) || maxGroup < 1) throw new RangeError('maxGroup must be a positive integer');
  const scopes = new WeakMap<object, Map<string, { waiting: T[]; running: boolean }>>();
  const drain = async (byKey: Map<string, { waiting: T[]; running: boolean }>, key: string, queue: { waiting: T[]; running: boolean }, commit: (batch: T[]) => Promise<T[] | void>, fail: (batch: T[], error: unknown) => void) => {
    queue.running = true;
    try {
      while (queue.waiting.length > 0) {
        const batch = queue.waiting.splice(0, maxGroup);
        let back: T[] | void;
        try {
          back = await commit(batch);
        } catch (e) {
          fail(batch, e);
          continue;
        }
        if (back && back.length > 0) queue.waiting.unshift(...back);
      }
    } finally {
      queue.running = false;
      if (queue.waiting.length === 0 && byKey.get(key) === queue) byKey.delete(key);
    }
  };
  return {
    enqueue(scope, key, item, commit, fail) {
      let byKey = scopes.get(scope);
      if (!byKey) scopes.set(scope, (byKey = new Map()));
      let queue = byKey.get(key);
      if (!queue) byKey.set(key, (queue = { waiting: [], running: false }));
      queue.waiting.push(item);
      if (!queue.running) void drain(byKey, key, queue, commit, fail);
    },
    activeKeys(scope) {
      return [...(scopes.get(scope)?.keys() ?? [])];
    },
  };
}
