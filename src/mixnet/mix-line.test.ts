import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../crypto';
import { seededRng } from '../crypto/random';
import { recordHash } from '../ballot/records';
import { canonicalJson, isCanonicalLine } from '../domain/audit/canonical-json';
import { proofToJSON, rowsToJSON, type MixStepJSON } from './contest';
import { encryptRankings, mix, trusteeCeremony } from './pipeline';
import { packProofFromJSON, packRowsFromJSON } from './shuffle-packed';
import { PackedMixBody, readMixLine } from './mix-line';
import { mixDigest, signMix } from './mix-signature';

/**
 * The verifier reads a mix record's line straight into packed form: it must accept exactly the canonical mix lines
 * (everything else goes back to the general reader, which names the problem), give the values the JSON packers give,
 * and the record hash `recordHash` gives; and it must do so in memory that does not hold the record as objects.
 */
describe('a mix record read from its line', () => {
  const rng = seededRng('mix-line');
  const EH = 'mix-line-test';
  let body: MixStepJSON & { signature: { R: string; s: string } };
  let line: string;
  let hash: string;
  const prev = 'ab'.repeat(32);
  beforeAll(async () => {
    await initCrypto();
    const pk = trusteeCeremony(EH, 2, 3, rng).publicKey;
    const input = encryptRankings(pk, Array.from({ length: 7 }, (_, i) => [i % 3, (i + 1) % 3]), 3, 3, rng);
    const step = mix(EH, 2, pk, input, rng);
    const output = rowsToJSON(step.output);
    const proof = proofToJSON(step.proof);
    body = { mixer: 2, output, proof, signature: signMix(EH, 2, mixDigest(output, proof), { trustee: 2, transportSecret: '07'.padEnd(64, '0') }, rng) };
    hash = recordHash(41, prev, 'mix', body as never);
    line = canonicalJson({ seq: 41, prev, type: 'mix', body, hash });
  });

  it('reads a canonical mix line to the packers’ values and the record hash', () => {
    const r = readMixLine(line)!;
    expect(r).not.toBeNull();
    expect(r.body).toBeInstanceOf(PackedMixBody);
    expect({ seq: r.seq, prev: r.prev, hash: r.hash, recordHash: r.recordHash, mixer: r.body.mixer }).toEqual({ seq: 41, prev, hash, recordHash: hash, mixer: 2 });
    expect(r.body.output).toEqual(packRowsFromJSON(body.output, 'output'));
    expect(r.body.proof).toEqual(packProofFromJSON(body.proof, 'proof'));
    // the signature as written, and the digest it must sign computed from the line's text (M16)
    expect(r.body.signature).toEqual(body.signature);
    expect(r.body.digest).toBe(mixDigest(body.output, body.proof));
    // a wrong hash is read as written (the reader compares it with recordHash: M13)
    const other = line.replace(hash, 'cd'.repeat(32));
    expect(readMixLine(other)!.recordHash).toBe(hash);
  });

  it('leaves every other line to the general reader', () => {
    const cell = (body.output[0]![0]![0] as string);
    const variants: Record<string, string> = {
      whitespace: line.replace('"output":', '"output": '),
      'keys out of order': line.replace(/^\{"body":\{"mixer":2,/, '{"body":{').replace('"proof":', '"mixer":2,"proof":'),
      'an escaped character': line.replace(cell, `\\u00${cell.charCodeAt(0).toString(16)}${cell.slice(1)}`),
      'upper-case hex': line.replace(cell, cell.toUpperCase()),
      'an extra proof key': line.replace('"proof":{', '"proof":{"a":1,'),
      'a leading zero': line.replace('"mixer":2', '"mixer":02'),
      'a negative mixer': line.replace('"mixer":2', '"mixer":-2'),
      'a trailing character': `${line} `,
      'an empty output': line.replace(/"output":\[.*?\]\]\],"proof"/, '"output":[],"proof"'),
      'rows of two widths': line.replace(/\]\]\],"proof"/, ']],[["' + cell + '","' + cell + '"]]],"proof"'),
      'another type': line.replace('"type":"mix"', '"type":"miz"'),
      'no signature': line.replace(/,"signature":\{[^}]*\}/, ''),
      'upper-case signature': line.replace(body.signature.R, body.signature.R.toUpperCase()),
      'an identity alpha': line.replace(cell, '0'.repeat(64)),
    };
    for (const [name, v] of Object.entries(variants)) {
      expect(v, name).not.toBe(line);
      expect(readMixLine(v), name).toBeNull();
    }
    // and the general reader agrees the first three are not canonical lines of the record
    for (const name of ['whitespace', 'keys out of order', 'an escaped character']) expect(isCanonicalLine(JSON.parse(variants[name]!), variants[name]!), name).toBe(false);
  });

  it('reads a 100,000-row mix line under a heap cap its parsed form would not fit in', () => {
    // About 75 MB of text. Parsed (JSON.parse) and re-serialised for the canonical-form check, it does not fit in
    // a 256 MB heap (measured); read straight into packed form it fits in 128 MB. The child's heap is capped at 160 MB.
    const child = fileURLToPath(new URL('../../test/support/mix-line-under-cap.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--max-old-space-size=160', '--import', 'tsx', child, '100000'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/heap out of memory/);
    expect(r.stdout.trim()).toBe('ok 100000 rows');
    expect(r.status).toBe(0);
  }, 70_000);
});
