/**
 * A server that verifies on one reading and computes on another: `confidence trustee share` checked the board
 * (fetched once) and then computed the trustee's share of the election secret from the dealings, answers and
 * election key of separate API calls (`…/records/dkg_dealing`, the election view). A server serving an honest board
 * to the check and another transcript to the computation (here: an election key whose qualified set leaves a dealer
 * out) made an honest trustee's share computation fail on a board that verifies — the trustee cannot decrypt, and is
 * told the posted key is wrong when it is not. (`trusteeFinalize` checks its result against the key it is given, so
 * the other transcript gave a refusal, not a silently wrong share.) Now the share is computed from the key-ceremony
 * records of the board the trustee just verified, in the same reading. The test runs the CLI against a hostile server.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateElection, type Simulation } from '../../src/ballot';
import { initCrypto } from '../../src/crypto';
import { confidenceInProcess } from '../support/cli';

let sim: Simulation;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 3, yes: 1, no: 1, threshold: 2, trustees: 3 });
  dir = mkdtempSync(join(tmpdir(), 'two-readings-'));
  const electionKey = sim.board.ofType('election_key')[0]!.body;
  const dealings = sim.board.ofType('dkg_dealing').map((r) => r.body);
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    // The second answer: an election key whose qualified set leaves dealer 3 out, and the dealings without its own.
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: sim.board.electionHash, manifest: sim.manifest, electionKey: { ...electionKey, qualified: [1, 2] }, tally: null, contestId: null }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/board.jsonl') return res.end(sim.board.toJSONLines());
    if (req.method === 'GET' && req.url === '/api/elections/e1/records/dkg_dealing') return res.end(JSON.stringify({ records: dealings.slice(0, 2) }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/records/dkg_answer') return res.end(JSON.stringify({ records: [] }));
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  mkdirSync(join(dir, 'confidence'), { recursive: true });
  const { secretShare: _s, ...before } = sim.trusteeSecrets[1]!;
  writeFileSync(join(dir, 'trustee-2.json'), JSON.stringify(before));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe('a server that serves the ceremony transcript differently to the check and to the computation', () => {
  it('cannot give the trustee a wrong share: it is computed from the board just verified', async () => {
    const r = await confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'trustee', 'share', '--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-2.json'), '--receipts-dir', dir);
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'trustee-2.json'), 'utf8')).secretShare).toBe(sim.trusteeSecrets[1]!.secretShare);
  });
});
