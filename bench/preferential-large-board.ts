/**
 * Writes a complete preferential board of --rows ballots (width 3, 3 mixers, 2 of 2 trustees, IRV) to --out, for
 * measuring `confidence verify` on a large board. NOT a test. The key ceremony and the credential list go through
 * the service (PGlite in memory); the ballots, the close, the mixes (proven on worker threads), the trustees'
 * partial decryptions and the count are then appended as the server would write them (hash chain, canonical
 * lines), without the server's per-request checks: the verifier checks everything anyway.
 *
 *   node --import tsx bench/preferential-large-board.ts --rows 50000 --out /tmp/board-50k.jsonl
 *   /usr/bin/time -v node --import tsx src/cli/index.ts verify /tmp/board-50k.jsonl
 */
import { createWriteStream } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { openDatabase } from '../src/db';
import { initCrypto } from '../src/crypto';
import { recordHash } from '../src/ballot/records';
import { canonicalJson } from '../src/domain/audit/canonical-json';
import { combineShares, countProgress, preferentialStateOf, prepareRankedBallot, trusteeDecryptionShare, type PreferentialRecordType } from '../src/mixnet/board';
import { rowsFromJSON } from '../src/mixnet/contest';
import { mixerStepParallel, ProverPool } from '../src/mixnet/prove-parallel';
import { exportBoard } from '../src/services/elections';
import { testContext } from '../test/support/db';
import { openedPreferential } from '../test/support/preferential';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const ROWS = Number(opt('rows', '2000'));
const OUT = opt('out', `/tmp/preferential-${ROWS}.jsonl`);
const log = (s: string) => process.stderr.write(`${s} (load ${loadavg()[0]!.toFixed(1)})\n`);

await initCrypto();
const database = await openDatabase({ driver: 'pglite', dataDir: null });
const ctx = testContext(database);
const c = await openedPreferential(ctx, { title: 'Large board', candidates: ['A', 'B', 'C'], rankCap: 3, electorate: ROWS, trustees: 2, threshold: 2, mixers: 3 });
log(`key ceremony and ${ROWS} credentials done`);

type Rec = { seq: number; type: PreferentialRecordType; body: unknown; hash: string };
const recs: Rec[] = [];
const file = createWriteStream(OUT);
const write = (s: string) => new Promise<void>((res) => (file.write(s) ? res() : file.once('drain', () => res())));
let prev = '';
for await (const chunk of exportBoard(ctx, c.eid)) {
  for (const line of chunk.split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line) as Rec & { prev: string };
    recs.push({ seq: o.seq, type: o.type, body: o.body, hash: o.hash });
    prev = o.hash;
    await write(`${line}\n`);
  }
}
async function append(type: PreferentialRecordType, body: unknown): Promise<void> {
  const seq = recs.length;
  const hash = recordHash(seq, prev, type as never, body as never);
  await write(`${canonicalJson({ seq, prev, type, body, hash })}\n`);
  recs.push({ seq, type, body, hash });
  prev = hash;
}
const t0 = process.cpuUsage();
for (let i = 0; i < ROWS; i++) {
  const cred = c.credentials[i]!;
  // a spread of first preferences (A 45 %, B 35 %, C 20 %) so IRV needs a second round
  const first = i % 20 < 9 ? 0 : i % 20 < 16 ? 1 : 2;
  const ranking = i % 3 === 0 ? [first] : [first, (first + 1 + (i % 2)) % 3];
  await append('ballot', prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, cred.secret, ranking));
  if (i % 10000 === 9999) log(`${i + 1} ballots`);
}
await append('close', { at: new Date().toISOString(), ballots: ROWS });
const pool = await ProverPool.start(availableParallelism());
for (let k = 1; k <= 3; k++) {
  await append('mix', await mixerStepParallel(pool, preferentialStateOf(recs)));
  log(`mixer ${k} done`);
}
await pool.close();
for (;;) {
  let posted = 0;
  for (const t of c.trustees) {
    const share = trusteeDecryptionShare(preferentialStateOf(recs), t);
    if (!share) continue;
    for (let i = 0; i < share.cells.length; i += 400) await append('decryption_share', { trustee: share.trustee, cells: share.cells.slice(i, i + 400) });
    posted++;
  }
  log(`decryption round: ${posted} trustee(s) posted`);
  if (!posted) break;
}
const s = preferentialStateOf(recs);
const last = rowsFromJSON(s.mixes.at(-1)!.output, 'output');
const p = countProgress(s.manifest, s.electionHash, last.length, combineShares(last, s.shares, 2));
if (!p.done) throw new Error('the count still needs cells');
await append('count', { count: p.count });
await new Promise<void>((res) => file.end(res));
const cpu = process.cpuUsage(t0);
log(`wrote ${OUT}: ${recs.length} records; ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU after the ceremony`);
await database.close();
