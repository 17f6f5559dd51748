/**
 * What a prover worker thread runs (./prove-parallel.ts): batches of independent group operations of one mixer's
 * shuffle and proof, on hex encodings. Secret exponents go through the constant-time paths (libsodium's
 * crypto_scalarmult_ristretto255 and _base); only the multi-exponentiation over the one-time masks ω' is variable
 * time, as in the single-threaded prover (docs/mixnet-spec.md §6).
 */
import { initCrypto } from '../crypto/sodium';
import { IDENTITY, mulBase, Point, scalarFromHex, scalarToHex } from '../crypto/group';
import { RISTRETTO } from './group-ristretto';

export const ready = initCrypto();

export type ProveJob =
  /** Re-encrypt cells [α, β] with exponents r: (α·g^r, β·pk^r). */
  | { kind: 'reencrypt'; publicKey: string; cells: [string, string][]; exps: string[] }
  /** g^a · B^b · P for each item (b, B and P optional). */
  | { kind: 'combine'; base: string | null; items: { a: string; b?: string; P?: string }[] }
  /** ∏ points[i]^{scalars[i]} (one partial multi-exponentiation). */
  | { kind: 'msm'; points: string[]; scalars: string[] };

const pt = (h: string) => Point.fromHex(h, { allowIdentity: true });

export function runProveJob(job: ProveJob): unknown {
  switch (job.kind) {
    case 'reencrypt': {
      const pk = pt(job.publicKey);
      return job.cells.map(([a, b], i) => {
        const r = scalarFromHex(job.exps[i]!, { field: 'r' });
        return [pt(a).add(mulBase(r)).toHex(), pt(b).add(pk.mulSecret(r)).toHex()];
      });
    }
    case 'combine': {
      const B = job.base ? pt(job.base) : null;
      return job.items.map((it) => {
        let x = mulBase(scalarFromHex(it.a, { field: 'a' }));
        if (it.b !== undefined && B) x = x.add(B.mulSecret(scalarFromHex(it.b, { field: 'b' })));
        if (it.P !== undefined) x = x.add(pt(it.P));
        return x.toHex();
      });
    }
    case 'msm': {
      if (job.points.length === 0) return IDENTITY.toHex();
      return RISTRETTO.msm(job.points.map(pt), job.scalars.map((s) => scalarFromHex(s, { field: 'k' }))).toHex();
    }
  }
}

export { scalarToHex };
