/**
 * A server that forges complaints against a dealer to collect its shares. An answer to an upheld complaint reveals
 * the disputed share f_i(j). `confidence trustee answer` (and the ceremony page) judged the complaints on the
 * transcript the API served: trustee keys, dealings, complaints. A server that showed dealer 1 keys of its own for
 * trustees 2 and 3, and complaints it signed with them (each "upheld": the dealer's share does not open under the
 * server's key), got the answers — f_1(2) and f_1(3), so f_1(0) — whatever it then did with them. Done to every
 * dealer, that is the election secret. Nothing of it need ever reach the public board.
 *
 * Now the dealer's file keeps the keys it dealt to (`dealtTo`, written by `trusteeDeal`) and its own dealing, and
 * complaints are judged against those (src/ballot/trustee.ts `trusteeAnswerComplaints`): a complaint signed by a key
 * the dealer did not deal to gets no answer. (A server that already faked the keys when the dealer dealt is the open
 * item of server-shows-a-dealer-its-own-trustee-keys.test.ts.) The test runs the CLI against a hostile server.
 */
import type { Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, buildManifest, dkgParams, generateAuthorityKey, generateCredential, parseSignedDealings, trusteeDeal, trusteeRegister, type DkgAnswerBody, type TrusteeKeyBody, type TrusteeSecretFile } from '../../src/ballot';
import { CONFIDENCE_RULES } from '../../src/ballot/simulate';
import { initCrypto, scalarFromHex } from '../../src/crypto';
import { dkgComplain } from '../../src/crypto/dkg-accountable';
import { dkgSignedComplaintToJSON } from '../../src/crypto/serialize';
import { confidenceInProcess } from '../support/cli';
import { lyingServer } from '../support/lying-server';

let dir: string;
let server: Server;
let base: string;
let m: ReturnType<typeof buildManifest>;
let eh: string;
const answers: DkgAnswerBody[] = [];
/** What the server shows the dealer for `…/records/TYPE`. */
let view: Record<string, unknown[]>;

beforeAll(async () => {
  await initCrypto();
  m = buildManifest({ boardKey: generateCredential().public, authority: generateAuthorityKey().public, procedureId: 'p', title: 't', rulebook: CONFIDENCE_RULES, leaderName: 'L', electorate: 3, threshold: 2, trustees: 3, opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' });
  const b = new Board();
  b.append('setup', { manifest: m });
  eh = b.electionHash;
  const real = [1, 2, 3].map((j) => trusteeRegister(eh, j));
  const realKeys = real.map((r) => r.body);
  // Dealer 1 deals honestly, to the real keys: its file keeps the polynomial (and now the keys it dealt to).
  const d1 = trusteeDeal(m, eh, real[0]!.secret, realKeys);
  const dealer: TrusteeSecretFile & { pendingDealing: unknown } = { ...d1.secret, pendingDealing: d1.dealing };
  // The server's keys for trustees 2 and 3, and "their" complaints against dealer 1: the shares do not open under them.
  const fake = [2, 3].map((j) => trusteeRegister(eh, j));
  const fakeKeys: TrusteeKeyBody[] = [realKeys[0]!, ...fake.map((f) => f.body)];
  // (Signed by the server's keys: a dealing's signature covers the real keys, so the server makes them directly.)
  const [signed1] = parseSignedDealings(m, [d1.dealing]);
  const complaints = fake.map((f) => ({ complaint: dkgSignedComplaintToJSON(dkgComplain(dkgParams(m, eh), f.secret.trustee, scalarFromHex(f.secret.transportSecret), signed1!)) }));
  expect(complaints).toHaveLength(2);
  view = { trustee_key: fakeKeys, dkg_dealing: [d1.dealing], dkg_complaint: complaints, dkg_answer: [] };
  dir = mkdtempSync(join(tmpdir(), 'forged-complaints-'));
  ({ server, base } = await lyingServer(dir, (req, res) => {
    res.setHeader('content-type', 'application/json');
    const rec = /^\/api\/elections\/e1\/records\/(\w+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: eh, manifest: m, electionKey: null, tally: null, contestId: null }));
    if (req.method === 'GET' && rec) return res.end(JSON.stringify({ records: view[rec[1]!] ?? [] }));
    if (req.method === 'POST' && req.url === '/api/elections/e1/dkg/answers') {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => {
        answers.push(JSON.parse(s) as DkgAnswerBody);
        res.end('{"valid":true}');
      });
      return;
    }
    res.statusCode = 404;
    res.end('{"error":{"code":"ROUTE_NOT_FOUND","message":"no"}}');
  }));
  writeFileSync(join(dir, 'trustee-1.json'), JSON.stringify(dealer));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe('a server that forges complaints against a dealer under keys of its own', () => {
  it('gets no answer: the complaints are judged against the keys the dealer dealt to', async () => {
    const r = await confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'trustee', 'answer', '--yes', '--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-1.json'), '--receipts-dir', dir);
    expect(r.stdout).toMatch(/complaint by trustee 2: invalid/);
    expect(r.stdout).toMatch(/nothing to answer/);
    expect(answers).toHaveLength(0);
  });
});
