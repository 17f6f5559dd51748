/**
 * A server that shows a dealer transport keys of its own for the other trustees cannot make what it learns part of
 * the election key.
 *
 * `confidence trustee deal` encrypts each share to the transport key its recipient registered. A server that shows a
 * dealer keys of its own for the other trustees (a split view: each of them sees its own key on its board, and holds
 * a receipt for it) opens the shares of that dealing and learns the dealer's polynomial. The dealer's device now
 * takes the keys from a board it verified (B1–B6, with its receipts), so a server must show it a whole forked board,
 * not just other keys in an API answer; and the dealing's signature covers the recipients' keys (crypto §9.1,
 * ballot-spec B6.2). So the dealing the server opened fails B6.2 on the board the other trustees hold (and the
 * server's own check refuses it there): the polynomial it learned cannot be a contribution to the election key
 * (the dealer is left out of the qualified set, in public). What remains is that denial of service, which the
 * dealer's receipts make visible.
 */
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, buildManifest, generateAuthorityKey, generateCredential, trusteeRegister, verifyBoard, type DkgCommitmentBody, type DkgDealingBody, type TrusteeKeyBody, type TrusteeSecretFile } from '../../src/ballot';
import { CONFIDENCE_RULES } from '../../src/ballot/simulate';
import { initCrypto, mulBase, scalarFromHex } from '../../src/crypto';
import { GROUP_ORDER } from '../../src/crypto/group';
import { decryptShare, lagrangeCoefficients } from '../../src/crypto/dkg';
import { dkgDealingFromJSON, encryptedShareFromJSON } from '../../src/crypto/serialize';
import { dkgParams } from '../../src/ballot/trustee';
import { confidenceInProcess } from '../support/cli';
import { lyingServer } from '../support/lying-server';

let dir: string;
let server: Server;
let base: string;
let m: ReturnType<typeof buildManifest>;
let eh: string;
/** The keys the server made for trustees 2 and 3, shown to dealer 1 only. */
let fake: { secret: TrusteeSecretFile; body: TrusteeKeyBody }[];
let dealer: { secret: TrusteeSecretFile; body: TrusteeKeyBody };
/** The real keys of trustees 2 and 3, on the board they (and every verifier) hold. */
let real: { secret: TrusteeSecretFile; body: TrusteeKeyBody }[];
let revealed: DkgDealingBody | null = null;
let committed: DkgCommitmentBody | null = null;
/** Whether the server serves its forked board (the strong server) or only the API's list of keys. */
let servesBoard = true;

beforeAll(async () => {
  await initCrypto();
  m = buildManifest({ boardKey: generateCredential().public, authority: generateAuthorityKey().public, procedureId: 'p', title: 't', rulebook: CONFIDENCE_RULES, leaderName: 'L', electorate: 3, threshold: 2, trustees: 3, opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' });
  const b = new Board();
  b.append('setup', { manifest: m });
  eh = b.electionHash;
  dealer = trusteeRegister(eh, 1);
  fake = [trusteeRegister(eh, 2), trusteeRegister(eh, 3)];
  real = [trusteeRegister(eh, 2), trusteeRegister(eh, 3)];
  // The board shown to the dealer: the real setup and dealer's key, then the server's keys for trustees 2 and 3.
  const forked = new Board();
  forked.append('setup', { manifest: m });
  for (const k of [dealer.body, ...fake.map((f) => f.body)]) forked.append('trustee_key', k);
  const forkedText = forked.toJSONLines();
  dir = mkdtempSync(join(tmpdir(), 'dealer-keys-'));
  ({ server, base } = await lyingServer(dir, (req, res) => {
    res.setHeader('content-type', 'application/json');
    const body = () => new Promise<string>((r) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => r(s));
    });
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: eh, manifest: m, electionKey: null, tally: null, contestId: null }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/board.jsonl' && servesBoard) return res.end(forkedText);
    if (req.method === 'GET' && req.url === '/api/elections/e1/records/trustee_key') return res.end(JSON.stringify({ records: [dealer.body, ...fake.map((f) => f.body)] }));
    if (req.method === 'POST' && req.url === '/api/elections/e1/dkg/commitments') return void body().then((s) => ((committed = JSON.parse(s) as DkgCommitmentBody), res.end('{}')));
    if (req.method === 'POST' && req.url === '/api/elections/e1/dkg/dealings') return void body().then((s) => ((revealed = JSON.parse(s) as DkgDealingBody), res.end('{}')));
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  }));
  writeFileSync(join(dir, 'trustee-1.json'), JSON.stringify(dealer.secret));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe('a server that shows a dealer transport keys of its own for the other trustees', () => {
  const env = () => ({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' });
  const common = () => ['--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-1.json'), '--receipts-dir', dir];

  it('in an API answer only: the dealer’s device reads the keys from a board it verifies, and deals nothing without one', async () => {
    servesBoard = false;
    const r = await confidenceInProcess(env(), 'trustee', 'deal', ...common());
    servesBoard = true;
    expect(r.code).not.toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'trustee-1.json'), 'utf8'))).not.toHaveProperty('pendingDealing');
    expect(committed).toBeNull();
  });

  it('on a forked board: it opens the dealing, but that dealing fails B6.2 on the real board, so it is no part of the election key', async () => {
    // The fake server signs no receipts, so each step ends with an error after it has written its file or posted.
    const d = await confidenceInProcess(env(), 'trustee', 'deal', ...common());
    expect(d.stdout).toMatch(/board checked up to its trustee keys/);
    expect(JSON.parse(readFileSync(join(dir, 'trustee-1.json'), 'utf8'))).toHaveProperty('pendingDealing');
    await confidenceInProcess(env(), 'trustee', 'reveal', ...common());
    expect(revealed).not.toBeNull();
    // The server opens the shares sent to "trustees 2 and 3" with its own keys and interpolates f(0): it learns it.
    const params = dkgParams(m, eh);
    const shares = revealed!.encryptedShares.map((x, i) => encryptedShareFromJSON(x, `s${i}`)).filter((s) => s.recipient !== 1);
    const opened = shares.map((s) => decryptShare(params, s, scalarFromHex(fake[s.recipient - 2]!.secret.transportSecret)));
    const lambdas = lagrangeCoefficients(opened.map((s) => s.recipient));
    const f0 = opened.reduce((acc, s, i) => (acc + s.share * lambdas[i]!) % GROUP_ORDER, 0n);
    const c0 = dkgDealingFromJSON(revealed!.dealing, 'dealing').commitments[0]!;
    expect(mulBase(f0).equals(c0)).toBe(true);
    // But on the board the other trustees (and every verifier) hold, with their real keys, the dealing is refused:
    // it was signed over other recipients' keys.
    const board = new Board();
    board.append('setup', { manifest: m });
    for (const k of [dealer.body, ...real.map((r) => r.body)]) board.append('trustee_key', k);
    board.append('dkg_commitment', committed!);
    board.append('dkg_dealing', revealed!);
    const report = await verifyBoard(board.toJSONLines(), { expect: { electionHash: eh } });
    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ check: 'B6', step: 'B6.2' });
    expect(report.failure!.message).toMatch(/keys the board does not hold/);
  });
});
