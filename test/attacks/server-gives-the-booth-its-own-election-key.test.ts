/**
 * A server that gives the booth an election key of its own (to read the vote) is caught by the member's own check.
 *
 * The booth (`confidence vote`, `confidence preferential vote`, the authority's `confidence contest postal-batch`,
 * the web booths) encrypts under the `publicKey` and `electionHash` of the API's view
 * of the election. A server that answers with a key whose secret it holds would decrypt the ballot it is sent and
 * learn the vote. The credential authority signs its list after the key ceremony, over the board's election key
 * (ballot-spec §4a, ADR 0416), so the fingerprint in the member's letter covers the key; the booth computes the
 * fingerprint from the key it is about to encrypt under (and the list digest the server sends: the real one here,
 * the strongest server) and shows it. With the letter's fingerprint given (`--fingerprint`), it refuses to encrypt
 * at all; without it, the fingerprint it prints is not the letter's, which the letter tells the member to compare.
 * Checking the board in the booth would not be enough: the server can fork the board after its setup record with
 * a key ceremony of its own trustees; the list on that fork then fails B7a (signed over the real key).
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialListFingerprint, formatFingerprint, generateCredential, simulateElection, type CredentialsBody, type Simulation } from '../../src/ballot';
import { G, Point, initCrypto, scalarFromHex } from '../../src/crypto';
import { confidenceInProcess } from '../support/cli';

let sim: Simulation;
let dir: string;
let server: Server;
let base: string;
const serverKey = { secret: '', public: '' };
const posted: { ciphertext: { alpha: string; beta: string } }[] = [];

beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 3, yes: 1, no: 1, threshold: 2, trustees: 3 });
  Object.assign(serverKey, generateCredential());
  dir = mkdtempSync(join(tmpdir(), 'booth-key-'));
  // A voter who has not voted yet: the third credential.
  writeFileSync(join(dir, 'credential.txt'), sim.credentials[2]!.secret);
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const eh = sim.board.electionHash;
    // The real list's digest and the letter's fingerprint, with a key of the server's own.
    const list = sim.board.ofType('credentials')[0]!.body as CredentialsBody;
    const credentialsListDigest = credentialListFingerprint(eh, list.authority, list.credentials);
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: eh, publicKey: serverKey.public, stage: 'open', credentialsFingerprint: sim.fingerprint, credentialsListDigest, manifest: sim.manifest }));
    if (req.method === 'GET' && req.url?.startsWith('/api/elections/e1/credentials/')) return res.end(JSON.stringify({ credential: req.url.split('/').at(-1), status: 'active', ballots: 0, nextRevision: 1, revokedAt: null }));
    // The same key behind a ranked ballot's view and a contest members' ballot's (the postal batch's) view.
    if (req.method === 'GET' && req.url === '/api/preferential/p1') return res.end(JSON.stringify({ id: 'p1', electionHash: eh, publicKey: serverKey.public, lastType: 'open', credentialsListDigest, manifest: { candidates: ['Ann', 'Bob'] } }));
    if (req.method === 'GET' && req.url === '/api/elections/c1-members') return res.end(JSON.stringify({ id: 'c1-members', electionHash: eh, publicKey: serverKey.public, contestId: 'c1', ballot: 'members', credentialsListDigest, manifest: { reconciliation: 'online-only-if-no-postal', authority: sim.manifest.authority } }));
    if (req.method === 'POST' && req.url !== '/api/elections/e1/ballots') {
      posted.push({ ciphertext: { alpha: '', beta: '' }, url: req.url } as never);
      res.statusCode = 409;
      return res.end('{"error":{"code":"ELECTION_WRONG_STAGE","message":"try again later"}}');
    }
    if (req.method === 'POST' && req.url === '/api/elections/e1/ballots') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.statusCode = 409;
        res.end('{"error":{"code":"ELECTION_WRONG_STAGE","message":"try again later"}}');
      });
      return;
    }
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

/** What the server reads from each ballot it was sent: beta − x·alpha is g^vote. */
const read = () => {
  const x = scalarFromHex(serverKey.secret);
  return posted.map((b) => {
    const m = Point.fromHex(b.ciphertext.beta, { allowIdentity: true }).sub(Point.fromHex(b.ciphertext.alpha).mul(x));
    return m.equals(G) ? 'yes' : m.isIdentity() ? 'no' : 'unreadable';
  });
};

describe('a server that gives the booth an election key of its own', () => {
  const vote = (...extra: string[]) => confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'vote', '--server', base, '--election', 'e1', '--credential', join(dir, 'credential.txt'), '--yes', ...extra);

  it('is refused by a booth given the letter’s fingerprint: nothing is encrypted or sent', async () => {
    const r = await vote('--fingerprint', formatFingerprint(sim.fingerprint));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/FINGERPRINT_MISMATCH/);
    expect(r.stderr).toContain(formatFingerprint(sim.fingerprint));
    expect(posted).toHaveLength(0);
    expect(read()).not.toContain('yes');
  });

  it('shows a member who did not give the fingerprint another fingerprint than the letter’s', async () => {
    const r = await vote();
    expect(r.stderr).toMatch(/try again later/); // the booth did send its ballot (to the server that reads it)
    const shown = /fingerprint\s+([0-9a-f-]{39})/.exec(r.stdout)?.[1];
    expect(shown).toBeDefined();
    expect(shown).not.toBe(formatFingerprint(sim.fingerprint));
    expect(r.stdout).toMatch(/must match the one in your letter/);
  });

  it('is refused by the ranked booth given the letter’s fingerprint: nothing is encrypted or sent', async () => {
    const before = posted.length;
    const r = await confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'preferential', 'vote', '--server', base, '--election', 'p1', '--credential', join(dir, 'credential.txt'), '--rank', 'Bob,Ann', '--fingerprint', formatFingerprint(sim.fingerprint));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/FINGERPRINT_MISMATCH/);
    expect(r.stderr).toContain(formatFingerprint(sim.fingerprint));
    expect(posted).toHaveLength(before);
  });

  it('is refused by the authority’s postal batch given the signed fingerprint: no paper is encrypted or posted', async () => {
    // The batch files are read only after the check: the refusal comes first.
    const before = posted.length;
    const r = await confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'contest', 'postal-batch', '--server', base, '--election', 'c1-members', '--batch', join(dir, 'none.csv'), '--secrets', join(dir, 'none.jsonl'), '--authority-key', join(dir, 'none.json'), '--email', 'chair@example.org', '--fingerprint', formatFingerprint(sim.fingerprint));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/FINGERPRINT_MISMATCH/);
    expect(r.stderr).toMatch(/postal votes/);
    expect(posted).toHaveLength(before);
  });

  it('lets the member vote when the server gives the real key (the check is not a refusal of everything)', async () => {
    const real = sim.board.ofType('election_key')[0]!.body.publicKey;
    serverKey.public = real;
    serverKey.secret = '';
    const r = await vote('--fingerprint', formatFingerprint(sim.fingerprint));
    expect(r.stdout).toMatch(/matches your letter/);
    expect(r.stderr).toMatch(/try again later/); // encrypted and sent
  });
});
