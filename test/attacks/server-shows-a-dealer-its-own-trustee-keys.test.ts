/**
 * OPEN (a protocol decision): a server that shows a dealer transport keys of its own learns the dealer's secret.
 *
 * `confidence trustee deal` (and the web ceremony page) encrypts each share to the transport key that the API's
 * `GET …/records/trustee_key` names for its recipient. A server that answers a dealer with keys of its own for the
 * other trustees (a split view: each of them sees its own key on its board, and holds a receipt for it) decrypts
 * the shares of that dealing: with k of them it has the dealer's polynomial, and doing this to every dealer it has
 * the election secret, so it can decrypt every ballot. Nothing on the public board shows it: a share's encryption
 * cannot be checked against the recipient's key by anyone but the recipient, and the dealing's signature does not
 * cover the keys it was made for. The honest recipients do see shares that do not open and complain (B6.3), which
 * forces the dealer to answer — too late: the server already has the shares.
 *
 * Fix needing a decision (docs/threats.md "Open"): the dealing's signed message covers the digest of the transport
 * keys it was encrypted to (the dealer's device reads them from the board), and B6 checks that digest against the
 * board's trustee_key records, so a dealing made to other keys fails publicly; a dealer's device also verifies the
 * board up to the keys (B1–B6.1) before dealing. The test passes (`it.fails`) while the server learns the secret.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, buildManifest, generateAuthorityKey, generateCredential, trusteeRegister, type DkgDealingBody, type TrusteeKeyBody, type TrusteeSecretFile } from '../../src/ballot';
import { CONFIDENCE_RULES } from '../../src/ballot/simulate';
import { initCrypto, mulBase, scalarFromHex } from '../../src/crypto';
import { GROUP_ORDER } from '../../src/crypto/group';
import { decryptShare, lagrangeCoefficients } from '../../src/crypto/dkg';
import { dkgDealingFromJSON, encryptedShareFromJSON } from '../../src/crypto/serialize';
import { dkgParams } from '../../src/ballot/trustee';
import { confidenceInProcess } from '../support/cli';

let dir: string;
let server: Server;
let base: string;
let m: ReturnType<typeof buildManifest>;
let eh: string;
/** The keys the server made for trustees 2 and 3, shown to dealer 1 only. */
let fake: { secret: TrusteeSecretFile; body: TrusteeKeyBody }[];
let dealer: { secret: TrusteeSecretFile; body: TrusteeKeyBody };
let revealed: DkgDealingBody | null = null;

beforeAll(async () => {
  await initCrypto();
  m = buildManifest({ boardKey: generateCredential().public, authority: generateAuthorityKey().public, procedureId: 'p', title: 't', rulebook: CONFIDENCE_RULES, leaderName: 'L', electorate: 3, threshold: 2, trustees: 3, opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' });
  const b = new Board();
  b.append('setup', { manifest: m });
  eh = b.electionHash;
  dealer = trusteeRegister(eh, 1);
  fake = [trusteeRegister(eh, 2), trusteeRegister(eh, 3)];
  dir = mkdtempSync(join(tmpdir(), 'dealer-keys-'));
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const body = () => new Promise<string>((r) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => r(s));
    });
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: eh, manifest: m, electionKey: null, tally: null, contestId: null }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/records/trustee_key') return res.end(JSON.stringify({ records: [dealer.body, ...fake.map((f) => f.body)] }));
    if (req.method === 'POST' && req.url === '/api/elections/e1/dkg/commitments') return void body().then(() => res.end('{}'));
    if (req.method === 'POST' && req.url === '/api/elections/e1/dkg/dealings') return void body().then((s) => ((revealed = JSON.parse(s) as DkgDealingBody), res.end('{}')));
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  mkdirSync(join(dir, 'confidence'), { recursive: true });
  writeFileSync(join(dir, 'confidence', 'credentials.json'), JSON.stringify({ [base]: { token: 't', email: null, savedAt: '2026-12-03T00:00:00Z' } }));
  writeFileSync(join(dir, 'trustee-1.json'), JSON.stringify(dealer.secret));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe('a server that shows a dealer transport keys of its own for the other trustees', () => {
  it.fails('cannot learn the dealer’s secret contribution to the election key', async () => {
    const env = { ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' };
    const common = ['--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-1.json'), '--receipts-dir', dir];
    // The fake server signs no receipts, so each step ends with an error after it has written its file or posted.
    await confidenceInProcess(env, 'trustee', 'deal', ...common);
    expect(JSON.parse(readFileSync(join(dir, 'trustee-1.json'), 'utf8'))).toHaveProperty('pendingDealing');
    await confidenceInProcess(env, 'trustee', 'reveal', ...common);
    expect(revealed).not.toBeNull();
    // The server opens the shares sent to "trustees 2 and 3" with its own keys and interpolates f(0).
    const params = dkgParams(m, eh);
    const shares = revealed!.encryptedShares.map((x, i) => encryptedShareFromJSON(x, `s${i}`)).filter((s) => s.recipient !== 1);
    const opened = shares.map((s) => decryptShare(params, s, scalarFromHex(fake[s.recipient - 2]!.secret.transportSecret)));
    const lambdas = lagrangeCoefficients(opened.map((s) => s.recipient));
    const f0 = opened.reduce((acc, s, i) => (acc + s.share * lambdas[i]!) % GROUP_ORDER, 0n);
    const c0 = dkgDealingFromJSON(revealed!.dealing, 'dealing').commitments[0]!;
    expect(mulBase(f0).equals(c0)).toBe(false);
  });
});
