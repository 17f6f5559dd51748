/**
 * Attacks on the members' ballot's postal channel (docs/contest.md §4, checks R17–R19; threat table §4a).
 *
 * The credential authority alone knows member → credential, so it alone can turn a paper into a ballot — and under
 * "postal overrides online" revoke the member's online credential to do it. Each attack builds WHOLE records with the
 * project's own functions (the authority's signing functions and batch preparation, the booth, the board key's
 * receipts, an honest trustee who decrypts whatever tally it is shown), re-hashes the whole chain in a fresh board and
 * asks the public verifier — with the member's cast receipt and, where the attack is on a batch, the chain value the
 * counting officers kept. Each test is named after what the attack would have allowed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Point, ciphertextFromJSON, ciphertextToJSON, generateKeyPair, initCrypto, scalarToHex } from '../../src/crypto';
import { generateAuthorityKey, signCredentialList, signRevocation } from '../../src/ballot/authority';
import { generateCredential } from '../../src/ballot/booth';
import { boardKeyOf, signReceipt, type CastReceipt } from '../../src/ballot/receipt';
import { computeElectionKey, trusteeDeal, trusteeFinalize, trusteeRegister } from '../../src/ballot/trustee';
import type { ElectionKeyBody } from '../../src/ballot/records';
import { ContestBoard, ceremonyManifest, contestPartialDecrypt, prepareContestBallot, tallyContestBallots, CONTEST_BALLOT_VERSION, type ContestBallotManifest, type ContestRecordBodies, type ContestRecordType, type PostalBatchBody } from '../../src/contest/board';
import { parsePostalBatch, preparePostalBatch, signPostalBatch, type CredentialState, type PostalEntry, type Reconciliation } from '../../src/contest/postal';
import { contestTracker } from '../../src/contest/receipts';
import { contestTallyOf } from '../../src/contest/postal-check';
import { combineContestResult, verifyContestBoard, type RoundVerifyOptions } from '../../src/contest/verify';

const AUTHORITY = generateAuthorityKey();
const BOARD_SECRET = scalarToHex(generateKeyPair().secretKey);
const MEMBERS = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];
type Rec = { type: ContestRecordType; body: unknown };

let m: ContestBallotManifest;
let base: Rec[];
let eh: string;
let ek: ElectionKeyBody;
let Y: Point;
let secretShare: string;
let secrets: Map<string, string>;
/** The members' receipts for their online ballots (m0 Ada, m1 Bea, m2 Ada), signed by the board key when cast. */
const receipt = new Map<string, CastReceipt>();

beforeAll(async () => {
  await initCrypto();
  build('postal-overrides-online');
});

/** The members' board up to three receipted online ballots, under a manifest that binds `reconciliation` (R4, R18). */
function build(reconciliation: Reconciliation | null): void {
  receipt.clear();
  m = {
    version: CONTEST_BALLOT_VERSION,
    contestId: 'postal-attacks',
    nonce: '0123456789abcdef0123456789abcdef',
    ballot: 'members',
    title: 'Members’ ballot',
    candidates: [
      { id: 'ada', name: 'Ada' },
      { id: 'bea', name: 'Bea' },
    ],
    blankAllowed: false,
    counting: 'last',
    electorate: MEMBERS.length,
    trustees: { threshold: 1, count: 1, names: ['T1'] },
    opensAt: '2024-09-01T08:00:00.000Z',
    closesAt: '2024-09-30T17:00:00.000Z',
    boardKey: boardKeyOf(BOARD_SECRET),
    authority: AUTHORITY.public,
    ...(reconciliation ? { reconciliation, counting: reconciliation === 'first-valid-counts' ? ('first' as const) : ('last' as const) } : {}),
  };
  const board = new ContestBoard();
  board.append('setup', { manifest: m });
  eh = board.electionHash;
  const cm = ceremonyManifest(m);
  const reg = trusteeRegister(eh, 1);
  board.append('trustee_key', reg.body);
  const deal = trusteeDeal(cm, eh, reg.secret, [reg.body]);
  board.append('dkg_commitment', deal.commitment);
  board.append('dkg_dealing', deal.dealing);
  ek = computeElectionKey(cm, eh, { trusteeKeys: [reg.body], commitments: [deal.commitment], dealings: [deal.dealing] });
  board.append('election_key', ek);
  secretShare = trusteeFinalize(cm, eh, deal.secret, [deal.dealing], ek).secretShare!;
  const creds = MEMBERS.map(() => generateCredential());
  secrets = new Map(MEMBERS.map((id, i) => [id, creds[i]!.secret]));
  const { fingerprint: _f, ...list } = signCredentialList(eh, AUTHORITY.secret, creds.map((c) => c.public), ek.publicKey);
  board.append('credentials', list as never);
  board.append('open', { at: '2024-09-01T08:00:00.000Z' });
  Y = Point.fromHex(ek.publicKey);
  ([['m0', 0], ['m1', 1], ['m2', 0]] as const).forEach(([member, choice], i) => {
    const body = prepareContestBallot(m, eh, Y, secrets.get(member)!, choice).body;
    const r = board.append('ballot', body);
    receipt.set(member, signReceipt(BOARD_SECRET, { election: eh, seq: r.seq, tracker: contestTracker(body), head: r.hash, at: `2024-09-0${2 + i}T12:00:00.000Z` }));
  });
  base = board.records.map((r) => ({ type: r.type, body: r.body }));
}

/** The credential states the authority's tool looks up on the board (as the public credential lookup gives them). */
function states(records: readonly Rec[]): Map<string, CredentialState> {
  const out = new Map<string, CredentialState>();
  for (const r of records) {
    if (r.type === 'credentials') for (const c of (r.body as { credentials: string[] }).credentials) out.set(c, { status: 'active', ballots: 0 });
    if (r.type === 'revocation') {
      const b = r.body as { revoked: string; replacement: string };
      out.set(b.revoked, { ...out.get(b.revoked)!, status: 'revoked' });
      out.set(b.replacement, { status: 'active', ballots: 0 });
    }
    if (r.type === 'ballot') out.get((r.body as { credential: string }).credential)!.ballots++;
  }
  return out;
}

/** The authority's tool: a batch of papers (CSV envelope, member_id, choice) prepared against the records so far. */
function batchOf(records: readonly Rec[], csv: string, at: string, policy: Reconciliation = m.reconciliation ?? 'postal-overrides-online'): { batch: PostalBatchBody; entries: PostalEntry[] } {
  const last = records.filter((r) => r.type === 'postal_batch').at(-1)?.body as PostalBatchBody | undefined;
  return preparePostalBatch({ manifest: m, electionHash: eh, publicKey: Y, authoritySecret: AUTHORITY.secret, policy, papers: parsePostalBatch(csv), secrets, states: states(records), previous: last ? { batch: last.batch, chain: last.chain } : null, at });
}

/** What the server appends for a batch, in one transaction: the batch record, then each entry. */
function entered(b: { batch: PostalBatchBody; entries: PostalEntry[] }): Rec[] {
  return [{ type: 'postal_batch', body: b.batch }, ...b.entries.flatMap((e): Rec[] => [...(e.revocation ? [{ type: 'revocation' as const, body: e.revocation }] : []), { type: 'ballot', body: e.ballot }])];
}

/**
 * A whole board from records: re-hashed from record 0, then closed, tallied over what it now counts, decrypted by the
 * honest trustee (it decrypts the tally it is shown) and the result posted — so R1–R15 pass on every forged board.
 */
function publish(records: readonly Rec[]): string {
  const board = new ContestBoard();
  for (const r of records) board.append(r.type, r.body as ContestRecordBodies[typeof r.type]);
  const ballots = board.records.filter((r) => r.type === 'ballot').length;
  board.append('close', { at: '2024-09-30T17:00:00.000Z', ballots });
  // The tally of what the board now counts, per candidate and (with batches) for the postal channel: as the server does.
  const t = contestTallyOf(board.records, 2, m.counting);
  board.append('tally', t);
  const tally = t.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }));
  const p = contestPartialDecrypt(eh, board.closeHash, { index: 1, secretShare, verificationKey: ek.verificationKeys[0]!.key }, tally);
  board.append('partial_decryption', p);
  board.append('result', combineContestResult(m, eh, board.closeHash, ek, tally, t.counted, [p], t.postal));
  return board.toJSONLines();
}

/**
 * Every board here is verified twice, as text and streamed line by line (as `confidence contest verify` reads a
 * members' ballot's file): both readings must reach the same verdict, summary and result.
 */
async function verify(lines: string, opts: RoundVerifyOptions = {}) {
  const whole = await verifyContestBoard(lines, opts);
  const streamed = await verifyContestBoard({ lines: async function* () { yield* lines.split('\n'); } }, opts);
  expect(streamed.failure).toEqual(whole.failure);
  expect(streamed.passed).toEqual(whole.passed);
  expect(streamed.summary.result).toEqual(whole.summary.result);
  expect(streamed.summary.postalBatches).toEqual(whole.summary.postalBatches);
  return whole;
}

/** The officers' batch 1: m3's and m0's papers (m0 voted online before and sends a paper: that one overrides). */
function honestBatch1() {
  return batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\nENV-0002,m0,bea\n', '2024-09-10T09:00:00.000Z');
}

describe('postal batches and receipts that no longer count (R18, R19)', () => {
  it('the honest board: a member whose paper overrode their online ballot is told so in plain words (R19), and the batch verifies (R18)', async () => {
    const b1 = honestBatch1();
    const lines = publish([...base, ...entered(b1)]);
    const r = await verify(lines, { receipts: [receipt.get('m0'), receipt.get('m1')], postalChain: b1.batch.chain });
    expect(r.failure).toBeNull();
    expect(r.passed).toEqual(expect.arrayContaining(['R15', 'R17', 'R18', 'R19']));
    expect(r.summary.result?.counts).toEqual({ ada: 1, bea: 3 });
    // The result per channel, decrypted by the trustees from the board's own postal sums (R13–R15).
    expect(r.summary.result?.channels).toEqual({ online: { counts: { ada: 1, bea: 1 }, blank: 0, counted: 2 }, postal: { counts: { ada: 0, bea: 2 }, blank: 0, counted: 2 }, replacedByPostal: 1 });
    expect(r.summary.postalBatches).toEqual([expect.objectContaining({ batch: 1, papers: 2, digest: b1.batch.digest, chain: b1.batch.chain, at: '2024-09-10T09:00:00.000Z' })]);
    // Before R19 the member's check said only "your ballot is on the board" (R17 passes: it is there). Now:
    expect(r.summary.receiptsNotCounted).toHaveLength(1);
    const f = r.summary.receiptsNotCounted![0]!;
    expect(f).toMatchObject({ receipt: 1, status: 'revoked', channel: 'online', because: { kind: 'revocation', postal: { batch: 1, at: '2024-09-10T09:00:00.000Z' } } });
    expect(f.message).toMatch(/your online ballot was replaced by a postal ballot recorded at 2024-09-10T09:00:00\.000Z in batch 1/);
  });

  it('an authority that replaces a receipted online vote with a “postal” ballot outside any batch: the board verifies, the member’s check says the replacement belongs to no postal batch (R19)', async () => {
    const b1 = honestBatch1();
    // The forger: a signed revocation of m1's credential and a ballot for Ada under the fresh replacement, after batch 1.
    const fresh = generateCredential();
    const m1Public = base.find((r) => r.type === 'ballot' && (r.body as { credential: string }).credential !== undefined && contestTracker(r.body) === receipt.get('m1')!.tracker)!.body as { credential: string };
    const silent: Rec[] = [
      { type: 'revocation', body: signRevocation(eh, AUTHORITY.secret, m1Public.credential, fresh.public) },
      { type: 'ballot', body: prepareContestBallot(m, eh, Y, fresh.secret, 0).body },
    ];
    const lines = publish([...base, ...entered(b1), ...silent]);
    const plain = await verify(lines, { receipts: [receipt.get('m1')] });
    expect(plain.failure).toBeNull(); // the board alone is valid: a revocation signed by the authority is all R8 asks
    expect(plain.passed).toContain('R17'); // and the receipted ballot is where the receipt says: R17 alone said "all is well"
    expect(plain.passed).toContain('R19');
    expect(plain.summary.receiptsNotCounted).toEqual([expect.objectContaining({ status: 'revoked', because: expect.objectContaining({ kind: 'revocation', postal: null }) })]);
    expect(plain.summary.receiptsNotCounted![0]!.message).toMatch(/no longer counts: the credential authority revoked your credential at record \d+, and that revocation belongs to no postal batch/);
  });

  it('an authority that adds a batch of its own after the officers’ last one: signed and chained, but it does not end at the officers’ chain value (R18); the member sees “batch 2”', async () => {
    const b1 = honestBatch1();
    const afterB1 = [...base, ...entered(b1)];
    const extra = batchOf(afterB1, 'envelope,member_id,choice\nENV-9999,m1,ada\n', '2024-09-20T09:00:00.000Z');
    const lines = publish([...afterB1, ...entered(extra)]);
    const withoutOfficers = await verify(lines, { receipts: [receipt.get('m1')] });
    expect(withoutOfficers.failure).toBeNull();
    expect(withoutOfficers.summary.receiptsNotCounted![0]!.message).toMatch(/replaced by a postal ballot recorded at 2024-09-20T09:00:00\.000Z in batch 2/);
    const r = await verify(lines, { postalChain: b1.batch.chain });
    expect(r.failure).toMatchObject({ check: 'R18', type: 'postal_batch', message: expect.stringMatching(/1 batch\(es\) after the counting officers' last one \(batch 1\): batch 2 at record \d+ did not come from them/) });
  });

  it('an authority that re-signs an officers’ batch with one more paper in it (the board re-hashed): the chain value changes and the officers’ one is on no batch (R18)', async () => {
    const b1 = honestBatch1();
    const forged = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\nENV-0002,m0,bea\nENV-0003,m1,ada\n', '2024-09-10T09:00:00.000Z');
    const lines = publish([...base, ...entered(forged)]);
    expect((await verify(lines)).failure).toBeNull(); // alone, the forged batch is a well-formed signed batch
    const r = await verify(lines, { postalChain: b1.batch.chain, receipts: [receipt.get('m1')] });
    expect(r.failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/no batch on the board has the chain value the counting officers kept/) });
  });

  it('a tied members’ ballot has one officers’ value per board: among several, this board’s is the one on its batches, and the same forgeries fail (R18)', async () => {
    const b1 = honestBatch1();
    const otherBoards = 'ab'.repeat(32); // the value the officers kept for the other members' board
    const honest = await verify(publish([...base, ...entered(b1)]), { postalChain: [otherBoards, b1.batch.chain] });
    expect(honest.failure).toBeNull();
    expect(honest.passed).toContain('R18');
    const afterB1 = [...base, ...entered(b1)];
    const extra = batchOf(afterB1, 'envelope,member_id,choice\nENV-9999,m1,ada\n', '2024-09-20T09:00:00.000Z');
    const added = await verify(publish([...afterB1, ...entered(extra)]), { postalChain: [otherBoards, b1.batch.chain] });
    expect(added.failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/batch\(es\) after the counting officers' last one/) });
    const forged = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\nENV-0002,m0,bea\nENV-0003,m1,ada\n', '2024-09-10T09:00:00.000Z');
    const changed = await verify(publish([...base, ...entered(forged)]), { postalChain: [otherBoards, b1.batch.chain] });
    expect(changed.failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/none of the 2 chain value\(s\) the counting officers kept is a batch of this board/) });
  });

  it('a server that drops a postal ballot from a batch and re-counts: the batch names a ballot that is not there (R18)', async () => {
    const b1 = honestBatch1();
    const records = [...base, ...entered(b1)];
    records.pop(); // m0's paper (its revocation stays): the last entry
    const r = await verify(publish(records));
    expect(r.failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/has 2 papers, but only 1 followed it/) });
  });

  it('a server that slips an online ballot into a batch (to pass it off as postal, or to push a postal ballot out): the batch’s signed trackers do not match (R18)', async () => {
    const b1 = honestBatch1();
    const online = prepareContestBallot(m, eh, Y, secrets.get('m4')!, 0).body;
    const [batchRec, ...rest] = entered(b1);
    const r = await verify(publish([...base, batchRec!, { type: 'ballot', body: online }, ...rest]));
    expect(r.failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/not the ballot the batch names/) });
  });

  it('a server that re-dates a batch (or changes its digest) without the authority: the chain value no longer matches (R18); re-signed with any other key, the signature fails (R18)', async () => {
    const b1 = honestBatch1();
    const [batchRec, ...rest] = entered(b1);
    const redated = { ...(batchRec!.body as PostalBatchBody), at: '2024-09-05T09:00:00.000Z' };
    expect((await verify(publish([...base, { type: 'postal_batch', body: redated }, ...rest]))).failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/chain value/) });
    const serverKey = scalarToHex(generateKeyPair().secretKey);
    const b = batchRec!.body as PostalBatchBody;
    const resigned = signPostalBatch(eh, serverKey, '0'.repeat(64), { batch: 1, papers: b.papers, digest: 'f'.repeat(64), trackers: b.trackers, at: b.at });
    expect((await verify(publish([...base, { type: 'postal_batch', body: resigned }, ...rest]))).failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/not signed by the credential authority/) });
  });

  it('an authority and a server that back-date a batch to before receipted online ballots it follows (or forward-date one a receipted ballot follows): the board alone verifies; the member’s receipt fails R17', async () => {
    // Dated 3 September 09:00, inside the window and after the opening, but the board puts the batch after m2's
    // ballot, receipted on 4 September at 12:00: the server appended it after that, so its date is false.
    const back = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\n', '2024-09-03T09:00:00.000Z');
    const lines = publish([...base, ...entered(back)]);
    expect((await verify(lines)).failure).toBeNull();
    const r = await verify(lines, { receipts: [receipt.get('m2')] });
    expect(r.failure).toMatchObject({ check: 'R17', type: 'postal_batch', message: expect.stringMatching(/postal batch 1 .* is dated 2024-09-03T09:00:00\.000Z, but the board places it after the receipted ballot .*back-dated/) });
    // Within the clock skew the server allows (5 minutes) it passes: a device clock a little behind the server's.
    const late = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\n', '2024-09-04T11:56:00.000Z');
    expect((await verify(publish([...base, ...entered(late)]), { receipts: [receipt.get('m2')] })).failure).toBeNull();
    // Forward-dated: a batch dated 20 September before an online ballot receipted on 10 September.
    const fwd = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\n', '2024-09-20T09:00:00.000Z');
    const records = [...base, ...entered(fwd)];
    const board = new ContestBoard();
    for (const rec of records) board.append(rec.type, rec.body as ContestRecordBodies[typeof rec.type]);
    const body = prepareContestBallot(m, eh, Y, secrets.get('m4')!, 1).body;
    const rec = board.append('ballot', body);
    const m4 = signReceipt(BOARD_SECRET, { election: eh, seq: rec.seq, tracker: contestTracker(body), head: rec.hash, at: '2024-09-10T12:00:00.000Z' });
    const lines2 = publish([...records, { type: 'ballot', body }]);
    expect((await verify(lines2)).failure).toBeNull();
    expect((await verify(lines2, { receipts: [m4] })).failure).toMatchObject({ check: 'R17', type: 'postal_batch', message: expect.stringMatching(/places it before the receipted ballot .*forward-dated/) });
  });

  it('a batch signed by the same authority for another election, replayed on this board: its chain value is not this board’s (R18); chained again here, its signature is not (R18)', async () => {
    const b1 = honestBatch1();
    const [batchRec, ...rest] = entered(b1);
    const b = batchRec!.body as PostalBatchBody;
    const otherElection = 'ab'.repeat(32);
    const replayed = signPostalBatch(otherElection, AUTHORITY.secret, '0'.repeat(64), { batch: 1, papers: b.papers, digest: b.digest, trackers: b.trackers, at: b.at });
    expect((await verify(publish([...base, { type: 'postal_batch', body: replayed }, ...rest]))).failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/chain value/) });
    const rechained = { ...replayed, chain: b.chain };
    expect((await verify(publish([...base, { type: 'postal_batch', body: rechained }, ...rest]))).failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/not signed by the credential authority/) });
  });

  it('a server that shows a postal vote as an online one (postal sums without it, re-decrypted by the honest trustee): R13', async () => {
    const b1 = honestBatch1();
    const board = new ContestBoard();
    for (const r of [...base, ...entered(b1)]) board.append(r.type, r.body as ContestRecordBodies[typeof r.type]);
    board.append('close', { at: '2024-09-30T17:00:00.000Z', ballots: board.records.filter((r) => r.type === 'ballot').length });
    const honest = contestTallyOf(board.records, 2, m.counting);
    // The forger's postal column counts only m3's paper (m0's goes to "online"): the last postal ballot dropped from the sum.
    const postalOnly = board.records.filter((r) => r.type === 'ballot').slice(-2, -1).map((r) => r.body as unknown as { choices: never[] });
    const forgedPostal = tallyContestBallots(2, postalOnly).map(ciphertextToJSON);
    const t = { ...honest, ciphertexts: [...honest.ciphertexts.slice(0, 2), ...forgedPostal], postal: { counted: 1, replaced: 1 } };
    board.append('tally', t);
    const tally = t.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }));
    const p = contestPartialDecrypt(eh, board.closeHash, { index: 1, secretShare, verificationKey: ek.verificationKeys[0]!.key }, tally);
    board.append('partial_decryption', p);
    board.append('result', combineContestResult(m, eh, board.closeHash, ek, tally, t.counted, [p], t.postal));
    const r = await verify(board.toJSONLines());
    expect(r.failure).toMatchObject({ check: 'R13', message: expect.stringMatching(/postal channel/) });
    // With the honest count of postal ballots but the short sum: the sum itself is caught.
    const board2 = new ContestBoard();
    for (const rec of board.records.slice(0, -3)) board2.append(rec.type, rec.body as never);
    const t2 = { ...t, postal: honest.postal! };
    board2.append('tally', t2);
    const p2 = contestPartialDecrypt(eh, board2.closeHash, { index: 1, secretShare, verificationKey: ek.verificationKeys[0]!.key }, tally);
    board2.append('partial_decryption', p2);
    board2.append('result', board.records.at(-1)!.body as never); // any result: the tally already fails
    expect((await verify(board2.toJSONLines())).failure).toMatchObject({ check: 'R13', message: expect.stringMatching(/encrypted postal tally of Ada is not the sum of the counted postal ballots/) });
  });

  it('an authority that dates a batch outside the voting window (before the opening, or after the close, to slip papers in late): R18', async () => {
    const early = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\n', '2024-08-31T09:00:00.000Z');
    expect((await verify(publish([...base, ...entered(early)]))).failure).toMatchObject({ check: 'R18', type: 'postal_batch', message: expect.stringMatching(/before the vote opened/) });
    const late = batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\n', '2024-10-02T09:00:00.000Z');
    expect((await verify(publish([...base, ...entered(late)]))).failure).toMatchObject({ check: 'R18', type: 'postal_batch', message: expect.stringMatching(/after the vote closed/) });
  });

  it('an authority that enters papers in the revoting form under a manifest that binds “postal overrides online” (no revocation, so the online ballot is not replaced as the rulebook says): R18', async () => {
    // The forger's tool told a different policy (the project's own preparation, its manifest check side-stepped).
    const b = preparePostalBatch({ manifest: { ...m, reconciliation: 'revoting' }, electionHash: eh, publicKey: Y, authoritySecret: AUTHORITY.secret, policy: 'revoting', papers: parsePostalBatch('envelope,member_id,choice\nENV-0001,m3,bea\n'), secrets, states: states(base), previous: null, at: '2024-09-10T09:00:00.000Z' });
    const r = await verify(publish([...base, ...entered(b)]));
    expect(r.failure).toMatchObject({ check: 'R18', type: 'ballot', message: expect.stringMatching(/postal-overrides-online.*follows no revocation/) });
  });

  it('the authority’s own tool refuses a policy the manifest does not bind', () => {
    expect(() => batchOf(base, 'envelope,member_id,choice\nENV-0001,m3,bea\n', '2024-09-10T09:00:00.000Z', 'revoting')).toThrow(/binds the reconciliation postal-overrides-online, not revoting/);
  });

  it('a manifest whose reconciliation disagrees with its counting rule, or names one on an MP round: R4', async () => {
    const setupOnly = (manifest: unknown) => {
      const board = new ContestBoard();
      board.append('setup', { manifest } as never);
      return board.toJSONLines();
    };
    expect((await verify(setupOnly({ ...m, reconciliation: 'first-valid-counts', counting: 'last' }))).failure).toMatchObject({ check: 'R4', message: expect.stringMatching(/first-valid-counts needs counting first/) });
    expect((await verify(setupOnly({ ...m, ballot: 'round-1' }))).failure).toMatchObject({ check: 'R4', message: expect.stringMatching(/only the members’ ballot/) });
    expect((await verify(setupOnly({ ...m, reconciliation: 'postal-wins' }))).failure).toMatchObject({ check: 'R4', message: expect.stringMatching(/reconciliation must be/) });
    expect((await verify(setupOnly(m))).failure).toBeNull();
  });

  it('a batch removed whole (its record and ballots) and a later one kept: the numbering and the chain break (R18)', async () => {
    const b1 = honestBatch1();
    const afterB1 = [...base, ...entered(b1)];
    const b2 = batchOf(afterB1, 'envelope,member_id,choice\nENV-0100,m5,ada\n', '2024-09-12T09:00:00.000Z');
    const r = await verify(publish([...base, ...entered(b2)]));
    expect(r.failure).toMatchObject({ check: 'R18', message: expect.stringMatching(/this is batch 2, but it is batch 1 on the board/) });
  });

});

describe('under a manifest that binds revoting', () => {
  beforeAll(() => build('revoting'));

  it('revoting: a member’s paper cast under their own credential supersedes their online ballot, and their check names the batch (R19)', async () => {
    const b = batchOf(base, 'envelope,member_id,choice\nENV-0001,m2,bea\n', '2024-09-11T09:00:00.000Z');
    const r = await verify(publish([...base, ...entered(b)]), { receipts: [receipt.get('m2')] });
    expect(r.failure).toBeNull();
    // The same paper entered as a revocation (the "postal overrides online" form) would override the member's online
    // votes, which the bound rule (revoting) does not allow: R18 refuses the revocation inside the batch.
    const forged = preparePostalBatch({ manifest: { ...m, reconciliation: 'postal-overrides-online' }, electionHash: eh, publicKey: Y, authoritySecret: AUTHORITY.secret, policy: 'postal-overrides-online', papers: parsePostalBatch('envelope,member_id,choice\nENV-0001,m2,bea\n'), secrets, states: states(base), previous: null, at: '2024-09-11T09:00:00.000Z' });
    expect((await verify(publish([...base, ...entered(forged)]))).failure).toMatchObject({ check: 'R18', type: 'revocation', message: expect.stringMatching(/under the manifest's reconciliation \(revoting\).*holds no revocation/) });
    expect(r.failure).toBeNull();
    expect(r.summary.receiptsNotCounted![0]).toMatchObject({ status: 'superseded', because: { kind: 'counted-instead', postal: { batch: 1 } } });
    expect(r.summary.receiptsNotCounted![0]!.message).toMatch(/your online ballot was replaced by a postal ballot recorded at 2024-09-11T09:00:00\.000Z in batch 1/);
  });
});

describe('under a manifest that names no reconciliation (a ballot without a postal channel)', () => {
  beforeAll(() => build(null));

  it('an authority that puts a postal batch (revoking online credentials) on a ballot with no postal channel: R18', async () => {
    const b = preparePostalBatch({ manifest: { ...m, reconciliation: 'postal-overrides-online' }, electionHash: eh, publicKey: Y, authoritySecret: AUTHORITY.secret, policy: 'postal-overrides-online', papers: parsePostalBatch('envelope,member_id,choice\nENV-0001,m0,bea\n'), secrets, states: states(base), previous: null, at: '2024-09-10T09:00:00.000Z' });
    const r = await verify(publish([...base, ...entered(b)]));
    expect(r.failure).toMatchObject({ check: 'R18', type: 'postal_batch', message: expect.stringMatching(/names no reconciliation/) });
    expect((await verify(publish(base))).failure).toBeNull(); // the same board without the batch verifies
  });
});
