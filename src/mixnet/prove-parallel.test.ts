import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { mulBase, randomScalar } from '../crypto/group';
import { systemRng } from '../crypto/random';
import { encryptRankings } from './pipeline';
import { RISTRETTO } from './group-ristretto';
import { mixParallel, ProverPool } from './prove-parallel';
import { checkShuffleProof } from './shuffle';

/**
 * The parallel prover (closed-form commitment chain, work on worker threads) produces proofs the one verifier
 * accepts, and the same attacks on its output are caught (a swapped row, a changed cell).
 */
describe('mixParallel', { timeout: 60_000 }, () => {
  let pool: ProverPool;
  beforeAll(async () => {
    await initCrypto();
    pool = await ProverPool.start(2);
  });
  afterAll(() => pool?.close());

  it('proves a shuffle that CheckShuffleProof accepts; swapped or changed rows are rejected', async () => {
    const x = randomScalar(systemRng);
    const pk = mulBase(x);
    const input = encryptRankings(pk, Array.from({ length: 25 }, (_, i) => [i % 4, (i + 1) % 4]), 4, 3);
    const step = await mixParallel(pool, 'eh-parallel', 1, pk, input);
    const st = { electionHash: 'eh-parallel', mixer: 1, publicKey: pk, input, output: step.output };
    expect(checkShuffleProof(RISTRETTO, st, step.proof)).toEqual({ ok: true });
    // the output holds the same plaintexts (decrypted with the key), in another order
    const dec = (rows: typeof input) => rows.map((row) => row.map((c) => c.beta.sub(c.alpha.mul(x)).toHex()).join()).sort();
    expect(dec(step.output)).toEqual(dec(input));
    const swapped = [step.output[1]!, step.output[0]!, ...step.output.slice(2)];
    expect(checkShuffleProof(RISTRETTO, { ...st, output: swapped }, step.proof)).toMatchObject({ ok: false, check: 'M3' });
    // a cell replaced after proving
    const changed = step.output.map((r) => [...r]);
    changed[3]![1] = input[0]![1]!;
    expect(checkShuffleProof(RISTRETTO, { ...st, output: changed }, step.proof).ok).toBe(false);
    // another mixer's index: a replayed proof
    expect(checkShuffleProof(RISTRETTO, { ...st, mixer: 2 }, step.proof)).toMatchObject({ ok: false, check: 'M3' });
  });
});
