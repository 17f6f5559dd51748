/**
 * Contest benchmark: `npm run bench:contest` (options: --roll 200000 --credentials 200000 --ballots 200 --json).
 * On one core: import a synthetic membership roll of --roll rows (CSV → validated rows → eligibility at the freeze
 * date), generate --credentials member credentials (secret + public key, public list sorted), and time one 1-of-k
 * contest ballot (encrypt, k + 1 proofs, signature) and its batch verification for k = 2 (members) and k = 8 (a
 * first MP round), over --ballots ballots; then extrapolates the full 2022 members' ballot (142,379 ballots).
 * Targets: roll import of 200,000 rows < 30 s; 200,000 credentials < 60 s. Wall and CPU seconds are both printed:
 * on the shared machine the wall clock mostly measures the other jobs.
 */
import { BatchVerifier, Point, activeBackend, generateKeyPair, initCrypto } from '../src/crypto';
import { generateCredential } from '../src/ballot/booth';
import { addContestBallotToBatch, decodeContestBallot, prepareContestBallot, CONTEST_BALLOT_VERSION, type ContestBallotManifest } from '../src/contest/board';
import { importMembershipRoll } from '../src/contest/roll';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rollN = opt('roll', 200_000);
const credN = opt('credentials', 200_000);
const ballotsN = opt('ballots', 200);
const asJson = args.includes('--json');
await initCrypto();

const secs = (t0: number) => (performance.now() - t0) / 1000;
// CPU seconds of this process: on a shared, overloaded machine the wall clock mostly measures other jobs.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const day = (i: number) => new Date(Date.UTC(2000, 0, 1) + (i % 8000) * 86_400_000).toISOString().slice(0, 10);

// Roll import.
const lines = ['member_id,joined,left,email'];
for (let i = 0; i < rollN; i++) lines.push(`M${String(i).padStart(7, '0')},${day(i * 7919)},${i % 50 === 0 ? '2022-08-01' : ''},member${i}@example.org`);
const csv = lines.join('\n') + '\n';
let t0 = performance.now();
let c0 = cpu();
const roll = importMembershipRoll(csv, { freezeDate: '2022-09-02', minMembershipMonths: 3 });
const rollSeconds = secs(t0);
const rollCpu = cpu() - c0;

// Credentials.
t0 = performance.now();
c0 = cpu();
const creds = Array.from({ length: credN }, () => generateCredential());
const publicList = creds.map((c) => c.public).sort();
const credSeconds = secs(t0);
const credCpu = cpu() - c0;
void publicList;

// Ballots.
const Y = generateKeyPair().publicKey;
function ballots(k: number) {
  const m: ContestBallotManifest = {
    version: CONTEST_BALLOT_VERSION,
    contestId: 'bench',
    nonce: '0'.repeat(32),
    ballot: 'members',
    title: 'bench',
    candidates: Array.from({ length: k }, (_, i) => ({ id: `c${i}`, name: `C${i}` })),
    blankAllowed: true,
    counting: 'first',
    electorate: ballotsN,
    trustees: { threshold: 1, count: 1, names: ['T'] },
    opensAt: null,
    closesAt: null,
  };
  const eh = 'e'.repeat(64);
  const voters = Array.from({ length: ballotsN }, () => generateCredential());
  let t = cpu();
  const bs = voters.map((v, i) => prepareContestBallot(m, eh, Y, v.secret, i % k));
  const prepareMs = ((cpu() - t) * 1000) / ballotsN;
  t = cpu();
  const bv = new BatchVerifier<number>();
  bs.forEach((b, i) => addContestBallotToBatch(bv, eh, Y, true, JSON.parse(JSON.stringify(b.body)), decodeContestBallot(JSON.parse(JSON.stringify(b.body)), k, true), i));
  if (!bv.verify().valid) throw new Error('bench ballots must verify');
  const verifyMs = ((cpu() - t) * 1000) / ballotsN;
  return { k, prepareMs, verifyMs };
}
const k2 = ballots(2);
const k8 = ballots(8);
const members2022 = 142_379;
const result = {
  backend: activeBackend(),
  roll: { rows: rollN, eligible: roll.eligible.length, seconds: rollSeconds, cpuSeconds: rollCpu, target: 30 },
  credentials: { count: credN, seconds: credSeconds, cpuSeconds: credCpu, target: 60 },
  ballot: [k2, k8],
  extrapolated2022Members: { ballots: members2022, simulateSeconds: (members2022 * k2.prepareMs) / 1000, verifySeconds: (members2022 * k2.verifyMs) / 1000 },
};
if (asJson) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`crypto back end: ${result.backend}`);
  console.log(`roll import        ${rollN.toLocaleString('en-GB')} rows, ${roll.eligible.length.toLocaleString('en-GB')} eligible: ${rollSeconds.toFixed(2)} s wall, ${rollCpu.toFixed(2)} s CPU (target < 30 s)`);
  console.log(`credentials        ${credN.toLocaleString('en-GB')}: ${credSeconds.toFixed(2)} s wall, ${credCpu.toFixed(2)} s CPU (target < 60 s)`);
  for (const b of result.ballot) console.log(`1-of-${b.k} ballot      prepare ${b.prepareMs.toFixed(2)} ms, batch-verify ${b.verifyMs.toFixed(2)} ms CPU per ballot (${ballotsN} ballots)`);
  const x = result.extrapolated2022Members;
  console.log(`2022 members' ballot (${x.ballots.toLocaleString('en-GB')} ballots of 2): simulate ≈ ${x.simulateSeconds.toFixed(0)} s of ballot generation, verify ≈ ${x.verifySeconds.toFixed(0)} s single-threaded, CPU (extrapolated)`);
}
