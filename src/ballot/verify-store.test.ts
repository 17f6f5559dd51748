import { describe, expect, it } from 'vitest';
import { BallotStore } from './verify-store';

const hex = (b: number) => b.toString(16).padStart(2, '0').repeat(32);
const ballot = (credential: string, alpha: unknown, beta: unknown, revision: unknown = 1) => ({ credential, ciphertext: { alpha, beta }, proof: 0, revision, signature: 0 });

describe('BallotStore', () => {
  it('gives back what the later checks read: seq, credential, revision, ciphertext, hash and tracker', () => {
    const s = new BallotStore(true);
    s.seedCredentials([hex(1), hex(2)]);
    s.add(7, ballot(hex(2), hex(3), hex(4), 2), hex(5), hex(6));
    expect([s.seq(0), s.credential(0), s.credId(0), s.revision(0)]).toEqual([7, hex(2), 1, 2]);
    expect(s.ciphertext(0)).toEqual({ alpha: hex(3), beta: hex(4) });
    expect([s.hash(0), s.tracker(0)]).toEqual([hex(5), hex(6)]);
    expect([s.indexOf(7), s.indexOf(8)]).toEqual([0, -1]);
  });

  it('finds the first replayed alpha in board order, and never equates a non-lowercase alpha with a lowercase one', () => {
    const s = new BallotStore(false);
    for (let i = 0; i < 3000; i++) s.add(i, ballot(hex(1), hex(i % 200 === 0 ? 9 : 10), hex(2)));
    // hex(10) repeats from the second ballot on; ballot 0 has hex(9), ballot 200 repeats it.
    expect(s.firstReplay()).toBe(2);
    const t = new BallotStore(false);
    t.add(0, ballot(hex(1), hex(171), hex(2)));
    t.add(1, ballot(hex(1), hex(171).toUpperCase(), hex(2)));
    expect(t.firstReplay()).toBe(-1);
    expect(t.ciphertext(1)).toEqual({ alpha: hex(171).toUpperCase(), beta: hex(2) }); // kept as parsed
    t.add(2, ballot(hex(1), hex(171).toUpperCase(), 'x'));
    expect(t.firstReplay()).toBe(2);
  });

  it('marks a ballot of the wrong shape, and stores a non-number revision as one that fails B9a', () => {
    const s = new BallotStore(false);
    s.add(0, { ...ballot(hex(1), hex(2), hex(3)), extra: 1 });
    s.add(1, ballot(hex(1), hex(2), hex(3), '1'));
    expect([s.wellFormed(0), s.wellFormed(1)]).toEqual([false, true]);
    expect(s.revision(1)).toBeNaN();
  });
});
