/**
 * What a prover worker thread runs (./prove-parallel.ts): batches of independent group operations of one mixer's
 * shuffle and proof, on hex encodings. Secret exponents go through the constant-time paths (libsodium's
 * crypto_scalarmult_ristretto255 and _base); only the multi-exponentiation over the one-time masks ω' is variable
 * time, as in the single-threaded prover (docs/mixnet-spec.md §6).
 */
import { initCrypto } from '../crypto/sodium';
import { IDENTITY, mulBase, Point, scalarFromHex } from '../crypto/group';
import { RISTRETTO } from './group-ristretto';

export const ready = initCrypto();

export type ProveJob =
  /** Re-encrypt cells (α, β packed, 64 bytes a cell) with exponents r: (α·g^r, β·pk^r). */
  | { kind: 'reencrypt'; publicKey: Uint8Array; cells: Uint8Array; exps: string[] }
  /** g^a · B^b · P for each item (b, B and P optional; P packed, 32 bytes an item). */
  | { kind: 'combine'; base: Uint8Array | null; a: string[]; b: string[] | null; P: Uint8Array | null }
  /** ∏ points[i]^{scalars[i]} (one partial multi-exponentiation; points packed). */
  | { kind: 'msm'; points: Uint8Array; scalars: string[] };

/** Points packed as 32-byte canonical encodings (the threads exchange only what the main thread decoded strictly). */
export function pack(points: readonly Point[]): Uint8Array {
  const out = new Uint8Array(points.length * 32);
  points.forEach((p, i) => out.set(p.encoded, i * 32));
  return out;
}
export function unpack(buf: Uint8Array): Point[] {
  const out: Point[] = new Array(buf.length / 32);
  for (let i = 0; i < out.length; i++) out[i] = Point.fromTrustedBytes(buf.slice(i * 32, i * 32 + 32));
  return out;
}

export function runProveJob(job: ProveJob): Uint8Array {
  switch (job.kind) {
    case 'reencrypt': {
      const pk = Point.fromTrustedBytes(job.publicKey);
      const cells = unpack(job.cells);
      const out: Point[] = [];
      job.exps.forEach((e, i) => {
        const r = scalarFromHex(e, { field: 'r' });
        out.push(cells[2 * i]!.add(mulBase(r)), cells[2 * i + 1]!.add(pk.mulSecret(r)));
      });
      return pack(out);
    }
    case 'combine': {
      const B = job.base ? Point.fromTrustedBytes(job.base) : null;
      const Ps = job.P ? unpack(job.P) : null;
      return pack(
        job.a.map((a, i) => {
          let x = mulBase(scalarFromHex(a, { field: 'a' }));
          if (job.b && B) x = x.add(B.mulSecret(scalarFromHex(job.b[i]!, { field: 'b' })));
          if (Ps) x = x.add(Ps[i]!);
          return x;
        }),
      );
    }
    case 'msm': {
      const pts = unpack(job.points);
      if (pts.length === 0) return pack([IDENTITY]);
      return pack([RISTRETTO.msm(pts, job.scalars.map((s) => scalarFromHex(s, { field: 'k' })))]);
    }
  }
}
