import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../crypto/random';
import { initCrypto } from '../crypto/sodium';
import type { MixGroup } from './group';
import { RISTRETTO } from './group-ristretto';
import { TOY_64, TOY_TINY } from './group-toy';
import {
  _genShuffleProofUnchecked,
  checkShuffleProof,
  genShuffle,
  genShuffleProof,
  reencrypt,
  type Row,
  type ShuffleStatement,
} from './shuffle';

beforeAll(async () => {
  await initCrypto();
});

const ELECTION = 'e'.repeat(64);

function keys<E>(group: MixGroup<E>, seed: string) {
  const rng = seededRng(seed);
  const x = group.randomScalar(rng);
  return { x, pk: group.exp(group.generator, x), rng };
}

/** Rows of width w encrypting g^(small integers). */
function encryptRows<E>(group: MixGroup<E>, pk: E, plain: number[][], rng: ReturnType<typeof seededRng>): Row<E>[] {
  return plain.map((row) =>
    row.map((m) => {
      const r = group.randomScalar(rng);
      return { alpha: group.exp(group.generator, r), beta: group.mul(group.exp(group.generator, BigInt(m)), group.exp(pk, r)) };
    }),
  );
}

function decryptRows<E>(group: MixGroup<E>, x: bigint, rows: readonly Row<E>[], max = 20): number[][] {
  return rows.map((row) =>
    row.map((c) => {
      const M = group.mul(c.beta, group.inv(group.exp(c.alpha, x)));
      for (let m = 0; m <= max; m++) if (group.equals(M, group.exp(group.generator, BigInt(m)))) return m;
      throw new Error('plaintext out of range');
    }),
  );
}

function honest<E>(group: MixGroup<E>, n: number, w: number, seed: string) {
  const { x, pk, rng } = keys(group, seed);
  const plain = Array.from({ length: n }, (_, i) => Array.from({ length: w }, (_, k) => (i * 3 + k) % 7));
  const input = encryptRows(group, pk, plain, rng);
  const { output, witness } = genShuffle(group, input, pk, rng);
  const statement: ShuffleStatement<E> = { electionHash: ELECTION, mixer: 1, publicKey: pk, input, output };
  const proof = genShuffleProof(group, statement, witness, rng);
  return { x, pk, rng, plain, input, output, witness, statement, proof };
}

describe('shuffle vectors on the toy group (p = 2039, q = 1019, g = 4)', () => {
  it('re-encryption checks by hand', () => {
    // pk = 4^7 = 16384 = 8·2039 + 72; cell = Enc(g^2; r = 3) = (4^3, 4^2·72^3) = (64, 16·111 = 1776)
    // since 72^3 = 373248 = 183·2039 + 111
    const pk = TOY_TINY.exp(4n, 7n);
    expect(pk).toBe(72n);
    const cell = { alpha: 64n, beta: 1776n };
    const re = reencrypt(TOY_TINY, pk, cell, 5n);
    // α' = 64·4^5 = 65536 = 32·2039 + 288; β' = 1776·72^5, 72^5 = 111·72^2 = 111·5184 ≡ 111·1106 = 122766 ≡ 426
    expect(re.alpha).toBe(288n);
    expect(TOY_TINY.exp(72n, 5n)).toBe(426n);
    expect(re.beta).toBe((1776n * 426n) % 2039n);
    // decryption with x = 7 still gives g^2 = 16
    expect(TOY_TINY.mul(re.beta, TOY_TINY.inv(TOY_TINY.exp(re.alpha, 7n)))).toBe(16n);
  });

  it('an honest 3-row shuffle of width 2 verifies and permutes the plaintexts', () => {
    const s = honest(TOY_TINY, 3, 2, 'tiny');
    expect(checkShuffleProof(TOY_TINY, s.statement, s.proof, { rng: seededRng('v') })).toEqual({ ok: true });
    const out = decryptRows(TOY_TINY, s.x, s.output);
    expect(out).toEqual(s.witness.permutation.map((j) => s.plain[j]));
  });
});

describe('honest shuffles verify (property)', () => {
  it('toy 64-bit group, any N and width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }), fc.string(), (n, w, seed) => {
        const s = honest(TOY_64, n, w, seed);
        expect(checkShuffleProof(TOY_64, s.statement, s.proof)).toEqual({ ok: true });
        expect(decryptRows(TOY_64, s.x, s.output)).toEqual(s.witness.permutation.map((j) => s.plain[j]));
      }),
      { numRuns: 25 },
    );
  });

  it('ristretto255', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.string(), (n, w, seed) => {
        const s = honest(RISTRETTO, n, w, seed);
        expect(checkShuffleProof(RISTRETTO, s.statement, s.proof)).toEqual({ ok: true });
        expect(decryptRows(RISTRETTO, s.x, s.output)).toEqual(s.witness.permutation.map((j) => s.plain[j]));
      }),
      { numRuns: 6 },
    );
  });
});

/**
 * Attacks: whole fake records built with the module's own functions. "naive" tampering changes the published
 * rows after an honest proof; a "cheating mixer" recomputes every hash over its tampered statement.
 */
for (const [name, group] of [
  ['toy-64', TOY_64],
  ['ristretto255', RISTRETTO],
] as [string, MixGroup<unknown>][]) {
  describe(`attacks on a shuffle (${name})`, () => {
    const N = 5;
    const W = 3;

    it('swapping two output rows after the proof would let a mixer link ballots — rejected by M3', () => {
      const s = honest(group, N, W, 'swap');
      const output = [...s.output];
      [output[0], output[1]] = [output[1]!, output[0]!];
      const v = checkShuffleProof(group, { ...s.statement, output }, s.proof);
      expect(v).toMatchObject({ ok: false, check: 'M3' });
    });

    it('a cheating mixer who swaps rows and proves its own statement — rejected by M7', () => {
      const s = honest(group, N, W, 'swap-cheat');
      const output = [...s.output];
      [output[0], output[1]] = [output[1]!, output[0]!];
      const statement = { ...s.statement, output };
      const proof = _genShuffleProofUnchecked(group, statement, s.witness, W, s.rng);
      expect(checkShuffleProof(group, statement, proof)).toMatchObject({ ok: false, check: 'M7' });
    });

    it('a mixer that changes a ballot (a fresh encryption of another ranking) — rejected by M7', () => {
      const s = honest(group, N, W, 'change');
      const [forged] = encryptRows(group, s.pk, [[6, 6, 6]], s.rng);
      const output = s.output.map((r, i) => (i === 2 ? forged! : r));
      const statement = { ...s.statement, output };
      const proof = _genShuffleProofUnchecked(group, statement, s.witness, W, s.rng);
      expect(checkShuffleProof(group, statement, proof)).toMatchObject({ ok: false, check: 'M7' });
      // and naively, after the honest proof
      expect(checkShuffleProof(group, statement, s.proof)).toMatchObject({ ok: false, check: 'M3' });
    });

    it('a proof reused from another shuffle of the same rows — rejected by M3', () => {
      const s = honest(group, N, W, 'reuse');
      const other = genShuffle(group, s.input, s.pk, s.rng);
      const otherProof = genShuffleProof(group, { ...s.statement, output: other.output }, other.witness, s.rng);
      expect(checkShuffleProof(group, s.statement, otherProof)).toMatchObject({ ok: false, check: 'M3' });
      // the same proof presented as another mixer's, or for another election
      expect(checkShuffleProof(group, { ...s.statement, mixer: 2 }, s.proof)).toMatchObject({ ok: false, check: 'M3' });
      expect(checkShuffleProof(group, { ...s.statement, electionHash: 'f'.repeat(64) }, s.proof)).toMatchObject({ ok: false, check: 'M3' });
    });

    it('a mixer that re-encrypts under a key it knows — rejected by M3 (its key in the statement) or M7 (the election key)', () => {
      const s = honest(group, N, W, 'key');
      const mine = keys(group, 'mixer-own-key');
      const output = s.witness.permutation.map((j) => s.input[j]!.map((cell, k) => reencrypt(group, mine.pk, cell, s.witness.reencryption[j]![k]!)));
      // proving for its own key: the statement names another key
      const own = { ...s.statement, publicKey: mine.pk, output };
      const ownProof = genShuffleProof(group, own, s.witness, s.rng);
      expect(checkShuffleProof(group, own, ownProof)).toEqual({ ok: true });
      expect(checkShuffleProof(group, { ...s.statement, output }, ownProof)).toMatchObject({ ok: false, check: 'M3' });
      // proving for the election key over the wrongly re-encrypted rows
      const statement = { ...s.statement, output };
      const proof = _genShuffleProofUnchecked(group, statement, s.witness, W, s.rng);
      expect(checkShuffleProof(group, statement, proof)).toMatchObject({ ok: false, check: 'M7' });
    });

    it('a mixer that drops a row — rejected by M1', () => {
      const s = honest(group, N, W, 'drop');
      const v = checkShuffleProof(group, { ...s.statement, output: s.output.slice(1) }, s.proof);
      expect(v).toMatchObject({ ok: false, check: 'M1' });
    });

    it('a mixer that duplicates a row in place of another (a "permutation" with a repeat) — rejected by M4', () => {
      const s = honest(group, N, W, 'dup');
      const psi = [...s.witness.permutation];
      psi[1] = psi[0]!; // output rows 0 and 1 both come from the same input row; one input row disappears
      const output = psi.map((j) => s.input[j]!.map((cell, k) => reencrypt(group, s.pk, cell, s.witness.reencryption[j]![k]!)));
      const statement = { ...s.statement, output };
      expect(() => genShuffleProof(group, statement, { ...s.witness, permutation: psi }, s.rng)).toThrow(/not a permutation/);
      const proof = _genShuffleProofUnchecked(group, statement, { ...s.witness, permutation: psi }, W, s.rng);
      expect(checkShuffleProof(group, statement, proof)).toMatchObject({ ok: false, check: 'M4' });
    });

    it('a broken commitment chain link is named by its row — M8', () => {
      const s = honest(group, N, W, 'chain');
      const tHat = [...s.proof.tHat];
      tHat[3] = group.generator;
      // the challenge hashes t̂, so a consistent forgery must recompute it: use the cheater's path with a bad response
      const bad = { ...s.proof, sHat: s.proof.sHat.map((x, i) => (i === 3 ? (x + 1n) % group.order : x)) };
      expect(checkShuffleProof(group, s.statement, bad)).toMatchObject({ ok: false, check: 'M8', row: 3 });
      expect(checkShuffleProof(group, s.statement, { ...s.proof, tHat })).toMatchObject({ ok: false, check: 'M3' });
    });

    it('out-of-range responses and malformed shapes — M2 and M1', () => {
      const s = honest(group, 2, 1, 'shape');
      expect(checkShuffleProof(group, s.statement, { ...s.proof, s1: group.order })).toMatchObject({ ok: false, check: 'M2' });
      expect(checkShuffleProof(group, s.statement, { ...s.proof, s4: [] })).toMatchObject({ ok: false, check: 'M1' });
    });
  });
}
