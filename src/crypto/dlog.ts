/**
 * Discrete logarithm of small integers by baby-step giant-step (spec §5.3).
 *
 * Only ever applied to public values (tally results g^m after threshold decryption), so variable time is
 * fine. The baby-step table {j·G ↦ j : 0 ≤ j < b} is keyed by canonical encodings and cached per size;
 * giant steps subtract b·G. Cost: b encodings once, then at most ⌈bound/b⌉ steps per logarithm.
 */
import { bytesToHex } from './bytes';
import { CryptoError } from './errors';
import { G, IDENTITY, Point, mulBasePublic, type Scalar } from './group';

/** Default bound: values in [0, 2^24). */
export const DEFAULT_DLOG_BOUND = 2 ** 24;

interface Table {
  babySteps: number;
  map: Map<string, number>;
  giant: Point;
}

const tables = new Map<number, Table>();

function getTable(babySteps: number): Table {
  let t = tables.get(babySteps);
  if (t) return t;
  const map = new Map<string, number>();
  let p: Point = IDENTITY;
  for (let j = 0; j < babySteps; j++) {
    map.set(bytesToHex(p.encoded), j);
    p = p.add(G);
  }
  t = { babySteps, map, giant: mulBasePublic(BigInt(babySteps) as Scalar) };
  tables.set(babySteps, t);
  return t;
}

/** Drops cached tables (tests, memory pressure). */
export function clearDlogTables(): void {
  tables.clear();
}

/**
 * Finds m in [0, bound) with m·G = M, or throws CRYPTO_DECRYPTION_OUT_OF_RANGE.
 * `babySteps` defaults to ⌈√bound⌉ capped at 2^14 (the table is reused across calls).
 */
export function discreteLog(M: Point, bound: number = DEFAULT_DLOG_BOUND, babySteps?: number): number {
  if (!Number.isSafeInteger(bound) || bound < 1) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `discreteLog: bound ${bound} must be a positive safe integer`);
  const b = babySteps ?? Math.min(Math.ceil(Math.sqrt(bound)), 1 << 14);
  if (!Number.isSafeInteger(b) || b < 1) throw new CryptoError('CRYPTO_INVALID_PARAMETER', `discreteLog: babySteps ${b} invalid`);
  const table = getTable(b);
  let gamma = M;
  for (let i = 0; i * b < bound; i++) {
    const j = table.map.get(bytesToHex(gamma.encoded));
    if (j !== undefined) {
      const m = i * b + j;
      if (m < bound) return m;
      break;
    }
    gamma = gamma.sub(table.giant);
  }
  throw new CryptoError('CRYPTO_DECRYPTION_OUT_OF_RANGE', `discreteLog: plaintext is not in [0, ${bound})`);
}
