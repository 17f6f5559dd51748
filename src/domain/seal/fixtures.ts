import { seededRng, type Rng } from '../../crypto';
import { generateMemberKey, type MemberKeyPair } from './member-key';
import { buildSeal, deriveSealSecrets, expectedMemberKeys, type ElectorateMember, type PublicSeal, type SealExpectations } from './seal';

/**
 * Deterministic sealed-count scenarios for tests and benchmarks (never used by the product): an electorate
 * of n members of whom the first `keyed` hold a key, the first `writers` have written, and a chain of seals.
 */
export const FIXTURE_SECRET = new TextEncoder().encode('fixture seal secret: tests and benches only!!');

export interface SealScenario {
  rosterId: string;
  procedureId: string;
  electorate: ElectorateMember[];
  keys: Map<string, MemberKeyPair>;
  writers: Set<string>;
  threshold: number;
}

export function scenario(opts: { n: number; keyed: number; writers: number; threshold: number; seed?: string }): SealScenario {
  const rng: Rng = seededRng(opts.seed ?? 'seal-scenario');
  const keys = new Map<string, MemberKeyPair>();
  const electorate: ElectorateMember[] = Array.from({ length: opts.n }, (_, i) => {
    const memberId = `mp-${String(i).padStart(3, '0')}`;
    if (i < opts.keyed) {
      const k = generateMemberKey(rng);
      keys.set(memberId, k);
      return { memberId, publicKey: k.publicKey.toHex() };
    }
    return { memberId, publicKey: null };
  });
  return {
    rosterId: 'roster-test',
    procedureId: 'proc-test',
    electorate,
    keys,
    writers: new Set(electorate.slice(0, opts.writers).map((m) => m.memberId)),
    threshold: opts.threshold,
  };
}

export function sealOf(sc: SealScenario, opts: { seq?: number; prevHash?: string; on?: string; writers?: Set<string>; rng?: Rng } = {}): PublicSeal {
  const seq = opts.seq ?? 1;
  return buildSeal({
    procedureId: sc.procedureId,
    rosterId: sc.rosterId,
    seq,
    keyRegistrySeq: sc.keys.size,
    on: opts.on ?? '2022-06-05',
    electorate: sc.electorate,
    inForce: opts.writers ?? sc.writers,
    threshold: sc.threshold,
    prevHash: opts.prevHash ?? '',
    secrets: deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, seq),
    rng: opts.rng ?? seededRng(`seal-${seq}`),
  });
}

export function expectationsOf(sc: SealScenario, previous: PublicSeal | null = null): SealExpectations {
  return { denominator: sc.electorate.length, threshold: sc.threshold, previous, memberKeys: expectedMemberKeys(sc.rosterId, sc.electorate) };
}
