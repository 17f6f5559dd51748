/**
 * Receipts on contest boards (R16 trustee receipts, R17 cast receipts; docs/contest.md §4). Each attack is a whole
 * forged board a server can publish — records dropped or moved, the chain re-hashed, the election key, tally,
 * trustees' partial decryptions and result recomputed so that R1–R15 pass — and the receipt its victim holds makes
 * the verifier reject it with the numbered check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Point, ciphertextToJSON, generateKeyPair, initCrypto, scalarToHex } from '../crypto';
import { generateCredential } from '../ballot/booth';
import { computeElectionKey, trusteeDeal, trusteeFinalize, trusteeRegister } from '../ballot/trustee';
import { boardKeyOf, signReceipt, type CastReceipt } from '../ballot/receipt';
import { messageDigest, signTrusteeReceipt, type TrusteeMessageType, type TrusteeReceipt } from '../ballot/trustee-receipt';
import type { DkgDealingBody } from '../ballot/records';
import { ContestBoard, ceremonyManifest, contestPartialDecrypt, prepareContestBallot, selectContestCounted, tallyContestBallots, CONTEST_BALLOT_VERSION, type ContestBallotBody, type ContestBallotManifest, type ContestBoardEvent } from './board';
import { contestTracker } from './receipts';
import { simulateContestBallot } from './simulate';
import { combineContestResult, verifyContestBoard } from './verify';

const BOARD_SECRET = scalarToHex(generateKeyPair().secretKey);
let m: ContestBallotManifest;

beforeAll(async () => {
  await initCrypto();
  m = {
    version: CONTEST_BALLOT_VERSION,
    contestId: 'receipts',
    nonce: '00112233445566778899aabbccddeeff',
    ballot: 'round-1',
    title: 'Round 1',
    candidates: [
      { id: 'ada', name: 'Ada' },
      { id: 'bea', name: 'Bea' },
    ],
    blankAllowed: true,
    counting: 'last',
    electorate: 5,
    trustees: { threshold: 2, count: 3, names: ['T1', 'T2', 'T3'] },
    opensAt: '2024-09-04T13:00:00.000Z',
    closesAt: '2024-09-04T15:00:00.000Z',
    boardKey: boardKeyOf(BOARD_SECRET),
  };
});

interface Run {
  board: ContestBoard;
  trusteeReceipts: TrusteeReceipt[];
  castReceipts: CastReceipt[];
}

/**
 * Runs a round as the server does and signs a receipt for every trustee message and ballot it appends. `skip`
 * leaves out a dealing or a ballot the server had receipted in the honest run (the forger's board, everything after
 * re-hashed and recomputed: key, tally, partial decryptions by the trustees, result). `swap` moves two ballots.
 */
function runRound(skip: { dealer?: number; ballot?: number; swap?: [number, number] } = {}, shared = fixed()): Run {
  const board = new ContestBoard();
  const trusteeReceipts: TrusteeReceipt[] = [];
  const castReceipts: CastReceipt[] = [];
  let minute = 0;
  const at = () => new Date(Date.parse('2024-09-04T12:00:00.000Z') + 60_000 * minute++).toISOString();
  board.append('setup', { manifest: m });
  const eh = board.electionHash;
  const trusteeMsg = (type: TrusteeMessageType, body: unknown) => {
    const r = board.append(type as never, body as never);
    trusteeReceipts.push(signTrusteeReceipt(BOARD_SECRET, { election: eh, seq: r.seq, type, digest: messageDigest(body), head: r.hash, at: at() }));
  };
  const { regs, deals, creds } = shared(eh);
  for (const r of regs) trusteeMsg('trustee_key', r.body);
  for (const d of deals) trusteeMsg('dkg_commitment', d.commitment);
  for (const d of deals) if (d.dealing.dealing.dealer !== skip.dealer) trusteeMsg('dkg_dealing', d.dealing);
  const dealings: DkgDealingBody[] = board.ofType('dkg_dealing').map((r) => r.body);
  const cm = ceremonyManifest(m);
  const ek = computeElectionKey(cm, eh, { trusteeKeys: regs.map((r) => r.body), commitments: deals.map((d) => d.commitment), dealings });
  board.append('election_key', ek);
  board.append('credentials', { credentials: creds.map((c) => c.public).sort() });
  minute = 61;
  board.append('open', { at: at() });
  const Y = Point.fromHex(ek.publicKey);
  let ballots: ContestBallotBody[] = shared.ballots(eh, Y);
  if (skip.ballot !== undefined) ballots = ballots.filter((_, i) => i !== skip.ballot);
  if (skip.swap) {
    const [a, b] = skip.swap;
    [ballots[a], ballots[b]] = [ballots[b]!, ballots[a]!];
  }
  const events: ContestBoardEvent[] = [];
  for (const body of ballots) {
    const r = board.append('ballot', body);
    events.push({ kind: 'ballot', seq: r.seq, credential: body.credential });
    castReceipts.push(signReceipt(BOARD_SECRET, { election: eh, seq: r.seq, tracker: contestTracker(body), head: r.hash, at: at() }));
  }
  // As the server closes: at the end of the manifest's window (R12), casts after it having been refused.
  board.append('close', { at: m.closesAt!, ballots: events.length });
  const sel = selectContestCounted(events, m.counting);
  const tally = tallyContestBallots(2, board.ofType('ballot').filter((r) => sel.status.get(r.seq) === 'counted').map((r) => r.body));
  board.append('tally', { ciphertexts: tally.map(ciphertextToJSON), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  const secrets = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, ek)).filter((s) => ek.qualified.includes(s.trustee)).slice(0, 2);
  const partials = secrets.map((s) => contestPartialDecrypt(eh, board.closeHash, { index: s.trustee, secretShare: s.secretShare!, verificationKey: ek.verificationKeys.find((v) => v.trustee === s.trustee)!.key }, tally));
  for (const p of partials) board.append('partial_decryption', p);
  board.append('result', combineContestResult(m, eh, board.closeHash, ek, tally, sel.counted, partials));
  return { board, trusteeReceipts, castReceipts };
}

/** The trustees' and voters' own messages, made once so the honest and the forged boards carry the same ones. */
function fixed() {
  let cache: { eh: string; regs: ReturnType<typeof trusteeRegister>[]; deals: ReturnType<typeof trusteeDeal>[]; creds: ReturnType<typeof generateCredential>[] } | null = null;
  const ballots = new Map<string, ContestBallotBody[]>();
  const f = (eh: string) => {
    if (cache && cache.eh === eh) return cache;
    const regs = [1, 2, 3].map((t) => trusteeRegister(eh, t));
    const deals = regs.map((r) => trusteeDeal(ceremonyManifest(m), eh, r.secret, regs.map((x) => x.body)));
    cache = { eh, regs, deals, creds: Array.from({ length: m.electorate }, () => generateCredential()) };
    return cache;
  };
  // Voters encrypt to the key on the board they see (a board whose key the server chose gets ballots under that key).
  f.ballots = (eh: string, Y: Point) => {
    if (!ballots.has(Y.toHex())) ballots.set(Y.toHex(), [0, 1, 0, null].map((c, i) => prepareContestBallot(m, eh, Y, f(eh).creds[i]!.secret, c).body));
    return [...ballots.get(Y.toHex())!];
  };
  return f;
}

describe('receipts on a contest board', () => {
  it('the honest board passes R16 and R17 with every receipt the server signed', async () => {
    const honest = runRound();
    const r = await verifyContestBoard(honest.board.toJSONLines(), { receipts: [...honest.trusteeReceipts, ...honest.castReceipts] });
    expect(r.failure).toBeNull();
    expect(r.summary.receiptsChecked).toEqual({ trustee: 9, cast: 4 });
    expect(r.passed).toEqual(expect.arrayContaining(['R15', 'R16', 'R17']));
    expect(r.summary.result?.counts).toEqual({ ada: 2, bea: 1 });
  });

  it('a server that drops a trustee’s accepted dealing and makes the key from the others: the board alone verifies, the trustee’s receipt fails R16', async () => {
    const shared = fixed();
    const honest = runRound({}, shared);
    const forged = runRound({ dealer: 3 }, shared);
    const lines = forged.board.toJSONLines();
    const plain = await verifyContestBoard(lines);
    expect(plain.failure).toBeNull(); // what this attack would have allowed without receipts: a key chosen by the server
    expect(plain.summary.qualifiedTrustees).toEqual([1, 2]);
    const dealing3 = honest.trusteeReceipts.find((x) => x.type === 'dkg_dealing' && x.digest === messageDigest(shared(honest.board.electionHash).deals[2]!.dealing))!;
    const r = await verifyContestBoard(lines, { receipts: [dealing3] });
    expect(r.failure?.check).toBe('R16');
    expect(r.failure?.message).toMatch(/missing from the board/);
    // Trustee 3's check before computing its share (a board that ends at its election key) already fails.
    const upToKey = lines.split('\n').slice(0, 11).join('\n');
    expect((await verifyContestBoard(upToKey, { receipts: [dealing3] })).failure?.check).toBe('R16');
  });

  it('a server that drops an MP’s receipted ballot and re-counts without it: the board alone verifies, the MP’s receipt fails R17', async () => {
    const shared = fixed();
    const honest = runRound({}, shared);
    const forged = runRound({ ballot: 1 }, shared);
    const plain = await verifyContestBoard(forged.board.toJSONLines());
    expect(plain.failure).toBeNull();
    expect(plain.summary.result?.counts).toEqual({ ada: 2, bea: 0 }); // Bea's vote is gone
    const r = await verifyContestBoard(forged.board.toJSONLines(), { receipts: [honest.castReceipts[1]] });
    expect(r.failure?.check).toBe('R17');
    expect(r.failure?.message).toMatch(/not the receipted ballot/);
    // A later voter's receipt sees that the board before their ballot changed.
    const later = await verifyContestBoard(forged.board.toJSONLines(), { receipts: [honest.castReceipts[3]] });
    expect(later.failure?.check).toBe('R17');
  });

  it('a server that moves receipted ballots (reorders them, re-hashing the chain): the board alone verifies, the receipt fails R17', async () => {
    const shared = fixed();
    const honest = runRound({}, shared);
    const forged = runRound({ swap: [0, 2] }, shared);
    expect((await verifyContestBoard(forged.board.toJSONLines())).failure).toBeNull();
    const r = await verifyContestBoard(forged.board.toJSONLines(), { receipts: [honest.castReceipts[0]] });
    expect(r.failure?.check).toBe('R17');
  });

  it('a receipt signed by any key but the board’s accuses nobody; a receipt from another board is refused; a board without a board key takes none', async () => {
    const honest = runRound();
    const lines = honest.board.toJSONLines();
    const other = scalarToHex(generateKeyPair().secretKey);
    const c = honest.castReceipts[0]!;
    const fakeCast = signReceipt(other, { election: c.election, seq: c.seq, tracker: c.tracker, head: 'f'.repeat(64), at: c.at });
    expect((await verifyContestBoard(lines, { receipts: [fakeCast] })).failure).toMatchObject({ check: 'R17', message: expect.stringMatching(/not signed by this board's key/) });
    const t = honest.trusteeReceipts[0]!;
    const fakeTrustee = signTrusteeReceipt(other, { election: t.election, seq: t.seq, type: t.type, digest: 'e'.repeat(64), head: t.head, at: t.at });
    expect((await verifyContestBoard(lines, { receipts: [fakeTrustee] })).failure?.check).toBe('R16');
    const elsewhere = runRound();
    expect((await verifyContestBoard(lines, { receipts: [elsewhere.castReceipts[0]] })).failure?.check).toBe('R17');
    expect((await verifyContestBoard(lines, { receipts: [{ ...c, seq: 'one' }] })).failure?.message).toMatch(/seq/);
    // A board with no board key in its manifest (a simulation) signed no receipt: any receipt offered fails.
    const { boardKey: _k, ...unkeyed } = m;
    void _k;
    const plain = simulateContestBallot({ manifest: unkeyed, counts: { ada: 1, bea: 0 }, blank: 0 });
    expect((await verifyContestBoard(plain.toJSONLines(), { receipts: [c] })).failure).toMatchObject({ check: 'R17', message: expect.stringMatching(/names no board key/) });
    expect((await verifyContestBoard(plain.toJSONLines(), { receipts: [t] })).failure?.check).toBe('R16');
  });

  it('a receipt stamped outside the voting window fails R17 (a late ballot under a back-dated close)', async () => {
    const honest = runRound();
    const lines = honest.board.toJSONLines();
    const c = honest.castReceipts[0]!;
    const late = signReceipt(BOARD_SECRET, { election: c.election, seq: c.seq, tracker: c.tracker, head: c.head, at: '2024-09-05T00:00:00.000Z' });
    expect((await verifyContestBoard(lines, { receipts: [late] })).failure?.message).toMatch(/outside the voting window/);
  });
});
