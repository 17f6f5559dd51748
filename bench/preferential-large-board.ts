/**
 * Writes a complete preferential board of --rows ballots (width 3, 3 mixers, 2 of 3 trustees (mix servers 1–3 are trustees 1–3), IRV) to --out, for
 * measuring `confidence verify` on a large board. NOT a test. The key ceremony and the credential list go through
 * the service (PGlite in memory); the ballots, the close, the mixes (proven on worker threads), the trustees'
 * partial decryptions and the count are then appended as the server would write them (hash chain, canonical
 * lines), without the server's per-request checks: the verifier checks everything anyway.
 *
 * Memory: records go to the file as they are made and are not kept. What later steps need is kept in its smallest
 * useful form: the ballots' rows as JSON (mixer 1's input), one mix's output as points (the next mixer's input, and
 * the last one the trustees decrypt) and the decryption shares. A mix record (about 150 MB of text at 200,000 rows)
 * is written and hashed piece by piece, never built as one string.
 *
 *   node --import tsx bench/preferential-large-board.ts --rows 50000 --out /tmp/board-50k.jsonl
 *   /usr/bin/time -v node --import tsx src/cli/index.ts verify /tmp/board-50k.jsonl
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { openDatabase } from '../src/db';
import { initCrypto } from '../src/crypto';
import { Point, scalarFromHex } from '../src/crypto/group';
import { partialDecrypt } from '../src/crypto/dkg';
import { partialDecryptionToJSON } from '../src/crypto/serialize';
import { recordHash } from '../src/ballot/records';
import { canonicalJson } from '../src/domain/audit/canonical-json';
import { combineShares, countProgress, prepareRankedBallot, type DecryptionShareBody, type PreferentialRecordType } from '../src/mixnet/board';
import { proofToJSON, rowsFromJSON, type RowJSON } from '../src/mixnet/contest';
import { signMix } from '../src/mixnet/mix-signature';
import { cellContext } from '../src/mixnet/pipeline';
import { mixParallel, ProverPool } from '../src/mixnet/prove-parallel';
import type { Row } from '../src/mixnet/shuffle';
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
const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB RSS`;
const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s} (load ${loadavg()[0]!.toFixed(1)}, ${mb()})\n`);

await initCrypto();
const database = await openDatabase({ driver: 'pglite', dataDir: null });
const ctx = testContext(database);
const c = await openedPreferential(ctx, { title: 'Large board', candidates: ['A', 'B', 'C'], rankCap: 3, electorate: ROWS, trustees: 3, threshold: 2, mixers: 3 });
log(`key ceremony and ${ROWS} credentials done`);

const file = createWriteStream(OUT);
const write = (s: string) => new Promise<void>((res) => (file.write(s) ? res() : file.once('drain', () => res())));
let prev = '';
let seq = 0;
for await (const chunk of exportBoard(ctx, c.eid)) {
  for (const line of chunk.split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line) as { seq: number; hash: string };
    if (o.seq !== seq) throw new Error('the exported board is out of order');
    seq++;
    prev = o.hash;
    await write(`${line}\n`);
  }
}
async function append(type: PreferentialRecordType, body: unknown): Promise<void> {
  const hash = recordHash(seq, prev, type as never, body as never);
  await write(`${canonicalJson({ seq, prev, type, body, hash })}\n`);
  seq++;
  prev = hash;
}
/**
 * A record whose body is given as canonical JSON pieces (`{"body":…}` sorts first, so the line is the body's pieces
 * then the rest): each piece goes to the file and to the record hash (SHA-256 of the canonical {body, prev, seq,
 * type}) as it comes.
 */
async function appendPieces(type: PreferentialRecordType, pieces: Iterable<string>): Promise<void> {
  const h = createHash('sha256');
  h.update('{"body":');
  await write('{"body":');
  let buf = '';
  const flush = async () => {
    h.update(buf);
    await write(buf);
    buf = '';
  };
  for (const p of pieces) {
    buf += p;
    if (buf.length > 1 << 20) await flush();
  }
  await flush();
  const rest = `"prev":${JSON.stringify(prev)},"seq":${seq},"type":${JSON.stringify(type)}}`;
  h.update(`,${rest}`);
  const hash = h.digest('hex');
  await write(`,"hash":${JSON.stringify(hash)},${rest}\n`);
  seq++;
  prev = hash;
}
/** canonicalJson of a value, in pieces (an array's elements one by one), so a 150 MB body is never one string. */
function* canonicalPieces(x: unknown): Generator<string> {
  if (Array.isArray(x)) {
    yield '[';
    for (let i = 0; i < x.length; i++) {
      if (i) yield ',';
      yield* canonicalPieces(x[i]);
    }
    yield ']';
  } else if (x !== null && typeof x === 'object') {
    const keys = Object.keys(x).sort();
    yield '{';
    for (const [i, k] of keys.entries()) yield* [i ? ',' : '', JSON.stringify(k), ':', ...canonicalPieces((x as Record<string, unknown>)[k])];
    yield '}';
  } else yield canonicalJson(x);
}

const t0 = process.cpuUsage();
const ballotRows: RowJSON[] = [];
for (let i = 0; i < ROWS; i++) {
  const cred = c.credentials[i]!;
  // a spread of first preferences (A 45 %, B 35 %, C 20 %) so IRV needs a second round
  const first = i % 20 < 9 ? 0 : i % 20 < 16 ? 1 : 2;
  const ranking = i % 3 === 0 ? [first] : [first, (first + 1 + (i % 2)) % 3];
  const b = prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, cred.secret, ranking);
  ballotRows.push(b.row);
  await append('ballot', b);
  if (i % 10000 === 9999) log(`${i + 1} ballots`);
}
await append('close', { at: new Date().toISOString(), ballots: ROWS });
const pool = await ProverPool.start(availableParallelism());
const publicKey = Point.fromHex(c.publicKey, { field: 'publicKey' });
let input: Row<Point>[] = rowsFromJSON(ballotRows, 'ballots');
ballotRows.length = 0;
for (let k = 1; k <= 3; k++) {
  const step = await mixParallel(pool, c.electionHash, k, publicKey, input);
  input = step.output;
  const proof = proofToJSON(step.proof);
  const rows = step.output;
  const rowText = (i: number) => `[${rows[i]!.map((cell) => `["${cell.alpha.toHex()}","${cell.beta.toHex()}"]`).join(',')}]`;
  // Mix server k is trustee k and signs its mix (M16): the digest is SHA-256 of canonicalJson({output, proof}),
  // fed piece by piece here exactly as mixDigest does row by row.
  const digest = createHash('sha256');
  digest.update('{"output":[');
  for (let i = 0; i < rows.length; i++) digest.update(`${i ? ',' : ''}${rowText(i)}`);
  digest.update('],"proof":');
  for (const piece of canonicalPieces(proof)) digest.update(piece);
  digest.update('}');
  const signature = signMix(c.electionHash, k, digest.digest('hex'), c.trustees[k - 1]!);
  await appendPieces('mix', (function* () {
    yield `{"mixer":${k},"output":[`;
    for (let i = 0; i < rows.length; i++) yield `${i ? ',' : ''}${rowText(i)}`;
    yield '],"proof":';
    yield* canonicalPieces(proof);
    yield `,"signature":${canonicalJson(signature)}}`;
  })());
  log(`mixer ${k} done`);
}
await pool.close();

// The trustees' devices (board.ts trusteeDecryptionShare), on the last output kept as points.
const last = input;
const shares: DecryptionShareBody[] = [];
const progress = () => countProgress(c.manifest, c.electionHash, last.length, combineShares(last, shares, 2));
for (;;) {
  const p = progress();
  if (p.done) break;
  let posted = 0;
  for (const t of c.trustees) {
    const mine = new Set(shares.filter((x) => x.trustee === t.index).flatMap((x) => x.cells.map((cl) => `${cl.row}:${cl.rank}`)));
    const key = { index: t.index, secretShare: scalarFromHex(t.secretShare, { field: 'secretShare' }), verificationKey: Point.fromHex(t.verificationKey, { field: 'verificationKey' }) };
    const cells = p.cells.filter((cl) => !mine.has(`${cl.row}:${cl.rank}`)).map((cl) => ({ row: cl.row, rank: cl.rank, partial: partialDecryptionToJSON(partialDecrypt(key, last[cl.row]![cl.rank]!, cellContext(c.electionHash, cl.row, cl.rank))) }));
    if (!cells.length) continue;
    for (let i = 0; i < cells.length; i += 400) {
      const body = { trustee: t.index, cells: cells.slice(i, i + 400) };
      shares.push(body);
      await append('decryption_share', body);
    }
    posted++;
  }
  log(`decryption round: ${posted} trustee(s) posted`);
  if (!posted) throw new Error('the count needs cells no trustee can give');
}
const p = progress();
if (!p.done) throw new Error('the count still needs cells');
await append('count', { count: p.count });
await new Promise<void>((res) => file.end(res));
const cpu = process.cpuUsage(t0);
log(`wrote ${OUT}: ${seq} records; ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU after the ceremony (main thread)`);
await database.close();
