import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { seededRng } from '../crypto/random';
import { Point } from '../crypto/group';
import { proofToJSON, rowsToJSON } from './contest';
import { RISTRETTO } from './group-ristretto';
import { encryptRankings, mix, trusteeCeremony } from './pipeline';
import { checkShuffleProof } from './shuffle';
import { checkShufflePacked, packedCheckStats, packProofFromJSON, packRowsFromJSON } from './shuffle-packed';

/**
 * The streaming verifier's shuffle check on packed encodings (one random linear combination of M4–M8) must accept
 * exactly what the reference CheckShuffleProof accepts, and name a forged shuffle with the reference's check.
 */
describe('CheckShuffleProof on packed rows', () => {
  const rng = seededRng('packed');
  const EH = 'packed-test';
  let pk: Point;
  let input: ReturnType<typeof encryptRankings>;
  let step: ReturnType<typeof mix>;
  beforeAll(async () => {
    await initCrypto();
    pk = trusteeCeremony(EH, 2, 3, rng).publicKey;
    input = encryptRankings(pk, Array.from({ length: 40 }, (_, i) => [i % 3, (i + 1) % 3]), 3, 2, rng);
    step = mix(EH, 1, pk, input, rng);
  });
  const packed = (inRows: unknown, outRows: unknown, proof: unknown, opts: { key?: Point; mixer?: number } = {}) =>
    checkShufflePacked({ electionHash: EH, mixer: opts.mixer ?? 1, publicKey: opts.key ?? pk, input: packRowsFromJSON(inRows, 'in'), output: packRowsFromJSON(outRows, 'out') }, packProofFromJSON(proof, 'proof'));
  const reference = (inRows: typeof input, outRows: typeof input, proof = step.proof, opts: { key?: Point; mixer?: number } = {}) =>
    checkShuffleProof(RISTRETTO, { electionHash: EH, mixer: opts.mixer ?? 1, publicKey: opts.key ?? pk, input: inRows, output: outRows }, proof);

  it('accepts an honest shuffle on the packed path itself (no fallback)', () => {
    const before = packedCheckStats.reference;
    expect(packed(rowsToJSON(input), rowsToJSON(step.output), proofToJSON(step.proof))).toEqual({ ok: true });
    expect(packedCheckStats.reference).toBe(before);
  });

  it('rejects swapped rows, a changed ciphertext, another key, another mixer, a dropped row and a changed response as the reference does', () => {
    const out = step.output;
    const swapped = [out[1]!, out[0]!, ...out.slice(2)];
    const changed = out.map((r, i) => (i === 5 ? [{ alpha: r[0]!.alpha, beta: r[0]!.beta.add(pk) }, r[1]!] : r));
    const otherKey = trusteeCeremony(EH, 2, 3, rng).publicKey;
    const json = proofToJSON(step.proof) as Record<string, string[]>;
    const badResponse = { ...json, sHat: json.sHat!.map((s, i) => (i === 3 ? json.sHat![4]! : s)) };
    const cases: [string, () => ReturnType<typeof packed>, () => ReturnType<typeof reference>][] = [
      ['swapped', () => packed(rowsToJSON(input), rowsToJSON(swapped), json), () => reference(input, swapped)],
      ['changed', () => packed(rowsToJSON(input), rowsToJSON(changed), json), () => reference(input, changed)],
      ['key', () => packed(rowsToJSON(input), rowsToJSON(out), json, { key: otherKey }), () => reference(input, out, step.proof, { key: otherKey })],
      ['mixer', () => packed(rowsToJSON(input), rowsToJSON(out), json, { mixer: 2 }), () => reference(input, out, step.proof, { mixer: 2 })],
      ['dropped', () => packed(rowsToJSON(input.slice(1)), rowsToJSON(out.slice(1)), json), () => reference(input.slice(1), out.slice(1))],
      ['response', () => packed(rowsToJSON(input), rowsToJSON(out), badResponse), () => ({ ok: false, check: 'M8' }) as never],
    ];
    for (const [name, p, r] of cases) {
      const v = p();
      expect(v.ok, name).toBe(false);
      expect(v.ok ? null : v.check, name).toBe((r() as { check?: string }).check);
    }
  });

  it('an output element that is not a point fails M2, as the JSON parser reports it', () => {
    const out = rowsToJSON(step.output);
    out[7]![1]![1] = 'ff'.repeat(32);
    const v = packed(rowsToJSON(input), out, proofToJSON(step.proof));
    expect(v).toMatchObject({ ok: false, check: 'M2' });
  });
});
