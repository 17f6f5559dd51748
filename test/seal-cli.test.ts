import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceInProcess, confidenceProcess } from './support/cli';
import { initCrypto } from '../src/crypto';
import { FIXTURE_SECRET, scenario, sealOf } from '../src/domain/seal/fixtures';
import { answerMember } from '../src/domain/seal/member-check';
import { memberKeyFile } from '../src/domain/seal/member-key';
import { deriveSealSecrets } from '../src/domain/seal/seal';

const envFor = (dataDir: string) => ({ ...process.env, CONFIDENCE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', CONFIDENCE_DEMO: 'auto' });

/** The same program as bin/confidence.js, in this process (test/support/cli.ts); the first command runs the binary. */
async function confidence(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return confidenceInProcess(envFor(dataDir), ...args);
}

describe('sealed count and member keys from the CLI', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    await initCrypto();
    dir = mkdtempSync(join(tmpdir(), 'confidence-seal-cli-'));
    data = join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an MP generates a key offline and registers it; the chair publishes; seal verify computes n, t and the keys itself (S1–S9)', { timeout: 300_000 }, async () => {
    const key = join(dir, 'key.json');
    const gen = await confidenceProcess(envFor(data), 'member-key', 'generate', '--roster', 'uk-commons-2019', '--member', 'peter-aldous', '--out', key);
    expect(gen.code).toBe(0);
    expect(existsSync(key)).toBe(true);
    expect(JSON.parse(gen.stdout.split('\n')[1]!)).toHaveProperty('proof');
    expect((await confidence(data, 'member-key', 'generate', '--roster', 'r', '--member', 'm', '--out', key)).code).toBe(4);
    const reg = await confidence(data, 'member-key', 'register', key);
    expect(reg.stdout).toMatch(/registered key [0-9a-f]{16}… for peter-aldous \(registry entry 1\)/);
    expect((await confidence(data, 'seal', 'publish')).stdout).toMatch(/seal 1 on .*: threshold not reached \(threshold 54 of 359\)/);
    const v = await confidence(data, 'seal', 'verify');
    expect(v.code).toBe(0);
    for (const step of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9']) expect(v.stdout).toMatch(new RegExp(`ok {3}${step} `));
  });

  it('a seal file whose procedure this verifier cannot compute n, t and keys for FAILS S8 ("not checked"); --denominator and --threshold override S2 and S3', { timeout: 300_000 }, async () => {
    const sc = scenario({ n: 12, keyed: 6, writers: 2, threshold: 2, seed: 'cli' });
    const seal = sealOf(sc);
    const file = join(dir, 'foreign-seal.json');
    writeFileSync(file, JSON.stringify(seal));
    const r = await confidence(data, 'seal', 'verify', file, '--denominator', '12', '--threshold', '2');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/ok {3}S2 /);
    expect(r.stdout).toMatch(/FAIL S8 not checked/);
    expect(r.stdout).toMatch(/ok {3}S4 the first seal/);

    // The member's offline check with their key file, and the same answer against the wrong expectation.
    const m = sc.electorate[0]!;
    const answer = answerMember(seal, deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 1), m)!;
    const keyFile = join(dir, 'mp-000.json');
    writeFileSync(keyFile, JSON.stringify(memberKeyFile(sc.keys.get(m.memberId)!, sc.rosterId, m.memberId)));
    writeFileSync(join(dir, 'answer.json'), JSON.stringify(answer));
    const ok = await confidence(data, 'member-key', 'check', '--key', keyFile, '--seal', file, '--answer', join(dir, 'answer.json'), '--wrote', 'yes');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/convinces you only/);
    const wrong = await confidence(data, 'member-key', 'check', '--key', keyFile, '--seal', file, '--answer', join(dir, 'answer.json'), '--wrote', 'no');
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/FAIL M3/);
  });

  it('an MP audits the registry in their name: a key somebody else registered as them is named (member-key registry)', { timeout: 300_000 }, async () => {
    const key = join(dir, 'key.json'); // registered by peter-aldous in the first test
    const clean = await confidence(data, 'member-key', 'registry', key);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/ok {3}entry 1 .* is one of your keys/);
    // Whoever holds the data folder (or the login mail) registers a key of its own as peter-aldous: a valid proof
    // of possession, naming him. No verifier can tell it from his; his own key files can.
    const slipped = join(dir, 'slipped-key.json');
    expect((await confidence(data, 'member-key', 'generate', '--roster', 'uk-commons-2019', '--member', 'peter-aldous', '--out', slipped)).code).toBe(0);
    expect((await confidence(data, 'member-key', 'register', slipped)).code).toBe(0);
    const caught = await confidence(data, 'member-key', 'registry', key);
    expect(caught.code).toBe(2);
    expect(caught.stdout).toMatch(/FAIL entry 2 .* is NOT one of your key files/);
    // A member who rotated keys themselves passes every file they hold.
    expect((await confidence(data, 'member-key', 'registry', key, slipped)).code).toBe(0);
  });
});
