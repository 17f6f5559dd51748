/**
 * One shuffle proof checked as a server or verifier checks it: rows and proof from JSON, strict decoding, then
 * CheckShuffleProof. NOT a test: numbers only.   node --import tsx bench/mixnet-verify-json.ts [rows]
 */
import { loadavg } from 'node:os';
import { initCrypto } from '../src/crypto';
import { systemRng } from '../src/crypto/random';
import { RISTRETTO } from '../src/mixnet/group-ristretto';
import { encryptRankings, trusteeCeremony } from '../src/mixnet/pipeline';
import { checkShuffleProof, genShuffle, genShuffleProof } from '../src/mixnet/shuffle';
import { proofFromJSON, proofToJSON, rowsFromJSON, rowsToJSON } from '../src/mixnet/contest';
import { Point } from '../src/crypto/group';
await initCrypto();
const N = Number(process.argv[2] ?? 2000);
const { publicKey } = trusteeCeremony('b', 2, 3, systemRng);
const input = encryptRankings(publicKey, Array.from({ length: N }, (_, i) => [i % 3, (i + 1) % 3, (i + 2) % 3]), 3, 3, systemRng);
const sh = genShuffle(RISTRETTO, input, publicKey);
const proof = genShuffleProof(RISTRETTO, { electionHash: 'e', mixer: 1, publicKey, input, output: sh.output }, sh.witness);
const j = { i: rowsToJSON(input), o: rowsToJSON(sh.output), p: proofToJSON(proof), pk: publicKey.toHex() };
for (let rep = 0; rep < 2; rep++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const st = { electionHash: 'e', mixer: 1, publicKey: Point.fromHex(j.pk), input: rowsFromJSON(j.i, 'i'), output: rowsFromJSON(j.o, 'o') };
  const c1 = process.cpuUsage(c0);
  const v = checkShuffleProof(RISTRETTO, st, proofFromJSON(j.p, 'p'));
  const c = process.cpuUsage(c0);
  console.log(`verify from JSON ${N} rows: ok=${v.ok} ${((performance.now() - t0) / N).toFixed(3)} ms/row wall, ${((c.user + c.system) / 1000 / N).toFixed(3)} ms CPU/row (rows decode ${((c1.user + c1.system) / 1000 / N).toFixed(3)}) load ${loadavg()[0]!.toFixed(1)}`);
}
