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
 * the dealer did not deal to gets no answer. And the complaints themselves come from a board the dealer verified (with
 * its receipts), not from `…/records/dkg_complaint`: complaints shown in an API answer only are never seen, and a
 * forked board holding the server's keys fails (the dealer's dealing is signed over the real keys, B6.2), so nothing
 * on it is answered. The test runs the CLI against a hostile server.
 */
import type { Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, buildManifest, complaintStatuses, dealerView, dkgParams, generateAuthorityKey, generateCredential, parseSignedDealings, trusteeAnswerComplaints, trusteeDeal, trusteeRegister, type DkgAnswerBody, type DkgComplaintBody, type DkgDealingBody, type TrusteeKeyBody, type TrusteeSecretFile } from '../../src/ballot';
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
/** The board the server serves: the real one (no complaint on it), or a fork with its keys and complaints. */
let boards: { real: string; forked: string };
let serves: keyof typeof boards = 'real';

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
  const others = [1, 2].map((i) => trusteeDeal(m, eh, real[i]!.secret, realKeys));
  const realBoard = new Board();
  realBoard.append('setup', { manifest: m });
  for (const k of realKeys) realBoard.append('trustee_key', k);
  for (const d of [d1, ...others]) realBoard.append('dkg_commitment', d.commitment);
  for (const d of [d1, ...others]) realBoard.append('dkg_dealing', d.dealing);
  const forked = new Board();
  forked.append('setup', { manifest: m });
  for (const k of fakeKeys) forked.append('trustee_key', k);
  forked.append('dkg_commitment', d1.commitment);
  forked.append('dkg_dealing', d1.dealing);
  for (const c of complaints) forked.append('dkg_complaint', c);
  boards = { real: realBoard.toJSONLines(), forked: forked.toJSONLines() };
  dir = mkdtempSync(join(tmpdir(), 'forged-complaints-'));
  ({ server, base } = await lyingServer(dir, (req, res) => {
    res.setHeader('content-type', 'application/json');
    const rec = /^\/api\/elections\/e1\/records\/(\w+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && req.url === '/api/elections/e1') return res.end(JSON.stringify({ id: 'e1', electionHash: eh, manifest: m, electionKey: null, tally: null, contestId: null }));
    if (req.method === 'GET' && req.url === '/api/elections/e1/board.jsonl') return res.end(boards[serves]);
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
  const answer = () => confidenceInProcess({ ...process.env, XDG_CONFIG_HOME: dir, CONFIDENCE_SERVER: '' }, 'trustee', 'answer', '--yes', '--server', base, '--election', 'e1', '--secret', join(dir, 'trustee-1.json'), '--receipts-dir', dir);

  it('in API answers only: the dealer reads the complaints of the board it verified, and there are none', async () => {
    serves = 'real';
    const r = await answer();
    expect(r.stdout).toMatch(/board checked up to its complaints/);
    expect(r.stdout).toMatch(/no complaint against you/);
    expect(answers).toHaveLength(0);
  });

  it('on a forked board with its keys and complaints: the board fails B6.2, so nothing is answered', async () => {
    serves = 'forked';
    const r = await answer();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/the board does not verify, so no complaint on it is answered: check B6 failed/);
    expect(answers).toHaveLength(0);
  });

  it('and judged on its own: a complaint under a key the dealer did not deal to is invalid and gets no answer', () => {
    // The dealer's file, not the board, decides (dealerView): on any transcript with the server's keys the
    // complaints are invalid, so even a board that verified could not make this dealer reveal a share.
    const dealer = JSON.parse(readFileSync(join(dir, 'trustee-1.json'), 'utf8')) as TrusteeSecretFile & { pendingDealing: DkgDealingBody };
    const t = { trusteeKeys: view.trustee_key as TrusteeKeyBody[], dealings: view.dkg_dealing as DkgDealingBody[], complaints: view.dkg_complaint as DkgComplaintBody[], answers: [] };
    expect(complaintStatuses(m, eh, dealerView(dealer, t, dealer.pendingDealing)).map((c) => c.verdict)).toEqual(['invalid', 'invalid']);
    expect(trusteeAnswerComplaints(m, eh, dealer, t, { ownDealing: dealer.pendingDealing })).toHaveLength(0);
  });
});
