/**
 * A server that makes an honest trustee complain falsely: `confidence trustee complain` checked the shares sent to it
 * against dealings and keys from separate API answers. A server showing trustee 2 a forged "dealing of trustee 1"
 * (signed with a key of the server's, listed as trustee 1's in that answer) whose share does not open got an honest
 * complaint — which, against the real dealing on the board, is false, so B6.5 names trustee 2 as a false complainer.
 * Now the device verifies the board once (with its receipts) and checks the dealings and keys of that reading.
 * The test runs the CLI against a hostile server.
 */
import type { Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, simulateElection, trusteeDeal, trusteeRegister, type Simulation } from '../../src/ballot';
import { initCrypto } from '../../src/crypto';
import { confidenceInProcess } from '../support/cli';
import { lyingServer } from '../support/lying-server';

let sim: Simulation;
let dir: string;
let server: Server;
let base: string;
let complaints = 0;

beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 3, yes: 1, no: 1, threshold: 2, trustees: 3 });
  const eh = sim.board.electionHash;
  const recs = sim.board.records;
  const upToDealings = Board.fromRecords(recs.slice(0, recs.findIndex((r) => r.type === 'election_key')));
  const realKeys = sim.board.ofType('trustee_key').map((r) => r.body);
  const dealings = sim.board.ofType('dkg_dealing').map((r) => r.body);
  // The server's forged dealing "of trustee 1": signed with its own key for 1, trustee 2's share sent to another key.
  const fake1 = trusteeRegister(eh, 1);
  const elsewhere = trusteeRegister(eh, 2);
  const forged = trusteeDeal(sim.manifest, eh, fake1.secret, [fake1.body, elsewhere.body, realKeys[2]!]).dealing;
  dir = mkdtempSync(join(tmpdir(), 'false-complaint-'));
  ({ server, base } = await lyingServer(dir, (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: eh, manifest: sim.manifest, electionKey: null, tally: null, contestId: null }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/board.jsonl') return res.end(upToDealings.toJSONLines());
    if (req.method === 'GET' && req.url === '/api/elections/e1/records/dkg_dealing') return res.end(JSON.stringify({ records: [forged, ...dealings.slice(1)] }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/records/trustee_key') return res.end(JSON.stringify({ records: [fake1.body, ...realKeys.slice(1)] }));
    if (req.method === 'POST' && req.url === '/api/elections/e1/dkg/complaints') {
      complaints++;
      req.resume();
      return void req.on('end', () => res.end('{"verdict":"false"}'));
    }
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  }));
  writeFileSync(join(dir, 'trustee-2.json'), JSON.stringify(sim.trusteeSecrets[1]));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe('a server that shows a trustee a forged dealing', () => {
  it('gets no complaint: the shares are checked against the dealings of the board the trustee verified', async () => {
    const r = await confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'trustee', 'complain', '--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-2.json'), '--receipts-dir', dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/shares sent to you match their dealers' commitments: no complaint/);
    expect(complaints).toBe(0);
  });
});
