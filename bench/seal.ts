/**
 * Sealed-count benchmark: `npm run bench:seal` (options: --n 650 --keyed 400 --rounds 3 --json).
 * Publishes and verifies a seal for an electorate of n (default 650, the whole House) on one core, and
 * times the member's own check (keyed: find the slot + designated-verifier proof; keyless: binding proof +
 * opening). The median round is reported. The target: publish and verify each under 5 s for n = 650.
 */
import { activeBackend, initCrypto } from '../src/crypto';
import { FIXTURE_SECRET, expectationsOf, scenario, sealOf } from '../src/domain/seal/fixtures';
import { answerMember, verifyKeyedSlot, verifyKeylessSlot, type KeyedSlotAnswer, type KeylessSlotAnswer } from '../src/domain/seal/member-check';
import { deriveSealSecrets, verifySeal } from '../src/domain/seal/seal';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const n = opt('n', 650);
const keyed = opt('keyed', Math.round(n * 0.6));
const rounds = opt('rounds', 3);
const threshold = Math.ceil(0.15 * n);

await initCrypto();
const sc = scenario({ n, keyed, writers: threshold - 1, threshold, seed: 'bench' });
const exp = expectationsOf(sc);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};

const publish: number[] = [];
const verify: number[] = [];
const keyedCheck: number[] = [];
const keylessCheck: number[] = [];
let size = 0;
for (let r = 0; r < rounds; r++) {
  const [seal, tp] = time(() => sealOf(sc));
  const [v, tv] = time(() => verifySeal(seal, exp));
  if (!v.ok) throw new Error(`seal failed verification: ${JSON.stringify(v.checks.filter((c) => !c.ok))}`);
  size = JSON.stringify(seal).length;
  publish.push(tp);
  verify.push(tv);
  const secrets = deriveSealSecrets(FIXTURE_SECRET, sc.procedureId, 1);
  const km = sc.electorate[0]!;
  const [, tk] = time(() => {
    const a = answerMember(seal, secrets, km) as KeyedSlotAnswer;
    if (!verifyKeyedSlot(seal, sc.keys.get(km.memberId)!, a, 1).ok) throw new Error('keyed check failed');
  });
  keyedCheck.push(tk);
  const lm = sc.electorate[n - 1]!;
  const [, tl] = time(() => {
    const a = answerMember(seal, secrets, lm) as KeylessSlotAnswer;
    if (!verifyKeylessSlot(seal, lm.memberId, a, 0).ok) throw new Error('keyless check failed');
  });
  keylessCheck.push(tl);
}
const result = {
  backend: activeBackend(),
  n,
  keyed,
  threshold,
  rounds,
  publishMs: Math.round(median(publish)),
  verifyMs: Math.round(median(verify)),
  memberCheckKeyedMs: Math.round(median(keyedCheck)),
  memberCheckKeylessMs: Math.round(median(keylessCheck)),
  sealBytes: size,
};
if (args.includes('--json')) console.log(JSON.stringify(result));
else {
  console.log(`sealed count, n = ${n} (${keyed} with keys), t = ${threshold}, backend ${result.backend}, median of ${rounds}`);
  console.log(`  publish (build + prove)        ${result.publishMs} ms`);
  console.log(`  verify (S1–S9)                 ${result.verifyMs} ms`);
  console.log(`  member check, keyed (M1–M3)    ${result.memberCheckKeyedMs} ms (server answer + member's check)`);
  console.log(`  member check, keyless (F1–F3)  ${result.memberCheckKeylessMs} ms`);
  console.log(`  seal size                      ${(size / 1024).toFixed(0)} KiB`);
  const ok = result.publishMs < 5000 && result.verifyMs < 5000;
  console.log(`  target (publish and verify < 5 s each): ${ok ? 'met' : 'NOT met'}`);
}
