/**
 * A server that hands trustees one voter's ballot as "the tally": a trustee's `confidence trustee decrypt` took the
 * ciphertext to decrypt from the server's API view (GET /api/elections/ID), not from the board. k honest trustees
 * running it would post partial decryptions of whatever the server named — one voter's ballot, or Σ 2^i·ballot_i
 * over a few dozen voters — and the server (which learns the posted bodies whatever it answers) would read those
 * votes: the operator learns a vote, which docs/threats.md says it never does. The web ceremony pages did the same.
 *
 * Now the trustee decrypts the tally of a board that verifies up to it (B13: the tally is the sum of the counted
 * ballots) under the trustee's own election hash (src/ballot/tally-to-decrypt.ts, src/contest/tally-to-decrypt.ts).
 * The test runs the CLI against a small hostile HTTP server that serves a real board and lies in the API view.
 */
import type { Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, simulateElection, tallyContext, type AnyRecord, type Simulation } from '../../src/ballot';
import { Point, initCrypto, partialDecryptionFromJSON, ciphertextFromJSON, sumCiphertexts, ciphertextToJSON } from '../../src/crypto';
import { verifyPartialDecryption } from '../../src/crypto/dkg';
import { confidenceInProcess } from '../support/cli';
import { lyingServer } from '../support/lying-server';

let sim: Simulation;
let dir: string;
let server: Server;
let base: string;
/** What the hostile server serves: the API view's tally and the board text. */
let served: { tally: unknown; board: string };
const posted: unknown[] = [];

const upTo = (records: readonly AnyRecord[], type: string) => records.slice(0, records.findIndex((r) => r.type === type) + 1);

beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 6, yes: 3, no: 2, threshold: 2, trustees: 3 });
  dir = mkdtempSync(join(tmpdir(), 'decrypt-oracle-'));
  ({ server, base } = await lyingServer(dir, (req, res) => {
    const eh = sim.board.electionHash;
    if (req.method === 'GET' && req.url === '/api/elections/e1') {
      const electionKey = sim.board.ofType('election_key')[0]!.body;
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ id: 'e1', electionHash: eh, manifest: sim.manifest, electionKey, tally: served.tally, contestId: null }));
    }
    if (req.method === 'GET' && req.url === '/api/elections/e1/board.jsonl') return res.end(served.board);
    if (req.method === 'POST' && req.url === '/api/elections/e1/partial-decryptions') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
      return;
    }
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  }));
  writeFileSync(join(dir, 'trustee-2.json'), JSON.stringify(sim.trusteeSecrets[1]));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

const decrypt = () => confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'trustee', 'decrypt', '--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-2.json'));

describe('a server that asks the trustees to decrypt one voter’s ballot as the tally', () => {
  const victim = () => sim.board.ofType('ballot')[0]!.body.ciphertext;
  const realTally = () => sim.board.ofType('tally')[0]!.body;
  const vk = () => Point.fromHex(sim.board.ofType('election_key')[0]!.body.verificationKeys.find((v) => v.trustee === 2)!.key);

  it('the trustee decrypts the verified board’s tally, not the ballot the API names', async () => {
    served = { tally: { ...realTally(), ciphertext: victim() }, board: Board.fromRecords(upTo(sim.board.records, 'tally')).toJSONLines() };
    posted.length = 0;
    const r = await decrypt();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(posted).toHaveLength(1);
    const p = partialDecryptionFromJSON((posted[0] as { partial: unknown }).partial);
    const eh = sim.board.electionHash;
    expect(verifyPartialDecryption(vk(), ciphertextFromJSON(realTally().ciphertext, 'tally', { allowIdentityAlpha: true }), p, tallyContext(eh))).toBe(true);
    expect(verifyPartialDecryption(vk(), ciphertextFromJSON(victim(), 'ballot'), p, tallyContext(eh))).toBe(false);
  });

  it('a board whose tally record is the ballot (re-hashed chain) fails B13: nothing is decrypted', async () => {
    const forged = Board.fromRecords(upTo(sim.board.records, 'close'));
    forged.append('tally', { ...realTally(), ciphertext: victim() });
    served = { tally: { ...realTally(), ciphertext: victim() }, board: forged.toJSONLines() };
    posted.length = 0;
    const r = await decrypt();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/B13/);
    expect(posted).toHaveLength(0);
  });

  it('a Σ 2^i·ballot_i "tally" named by the API over a board with no tally yet: nothing is decrypted', async () => {
    const bs = sim.board.ofType('ballot').slice(0, 3).map((r) => ciphertextFromJSON(r.body.ciphertext, 'ballot'));
    const packed = sumCiphertexts([bs[0]!, bs[1]!, bs[1]!, bs[2]!, bs[2]!, bs[2]!, bs[2]!]);
    served = { tally: { ...realTally(), ciphertext: ciphertextToJSON(packed) }, board: Board.fromRecords(upTo(sim.board.records, 'close')).toJSONLines() };
    posted.length = 0;
    const r = await decrypt();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no verified tally/);
    expect(posted).toHaveLength(0);
  });
});
