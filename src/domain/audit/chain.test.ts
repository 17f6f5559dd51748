import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { chainEntry, verifyChain, type AuditEntry } from './chain';

function build(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      chainEntry(out[i - 1] ?? null, {
        at: new Date(Date.UTC(2022, 5, 5, 12, i)).toISOString(),
        actor: `account:${i % 3}`,
        kind: 'procedure',
        action: 'letter_submitted',
        procedureId: 'p1',
        payload: canonicalJson({ memberId: `m${i}`, effectiveFrom: '2022-06-05' }),
      }),
    );
  }
  return out;
}

describe('hash-chained audit log', () => {
  it('verifies an untouched chain and reports its head', () => {
    const chain = build(20);
    expect(verifyChain(chain)).toEqual({ ok: true, entries: 20, head: chain[19]!.hash });
  });

  it('detects an edit to any field of any row', () => {
    const fields = ['at', 'actor', 'kind', 'action', 'procedureId', 'payload'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...fields), (row, field) => {
        const chain = build(10);
        chain[row] = { ...chain[row]!, [field]: `${chain[row]![field]}x` };
        const v = verifyChain(chain);
        expect(v.ok).toBe(false);
        if (!v.ok) expect(v.seq).toBe(row + 1);
      }),
    );
  });

  it('detects a deleted row and a re-hashed row that no longer links', () => {
    const chain = build(10);
    const deleted = [...chain.slice(0, 4), ...chain.slice(5)];
    expect(verifyChain(deleted)).toMatchObject({ ok: false, seq: 6 });
    const rehashed = build(10);
    const forged = chainEntry(rehashed[2]!, { ...rehashed[3]!, payload: '{"forged":true}' });
    rehashed[3] = forged;
    expect(verifyChain(rehashed)).toMatchObject({ ok: false, seq: 5, reason: expect.stringMatching(/does not link/) });
  });

  it('canonical JSON sorts keys and is independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});
