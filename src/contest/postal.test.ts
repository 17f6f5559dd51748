/**
 * Postal ballots under each reconciliation policy, end to end on a members' board: online ballots, a postal batch
 * prepared by the credential authority's tool, the tally and the public verifier, which recomputes which ballot
 * counts and which was superseded or revoked (R8, R13) — so the postal reconciliation needs no trust in the server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Point, ciphertextFromJSON, initCrypto } from '../crypto';
import { generateAuthorityKey, signCredentialList } from '../ballot/authority';
import { generateCredential } from '../ballot/booth';
import { computeElectionKey, trusteeDeal, trusteeFinalize, trusteeRegister } from '../ballot/trustee';
import { ContestBoard, ceremonyManifest, type PostalBatchBody, contestPartialDecrypt, prepareContestBallot, selectContestCounted, CONTEST_BALLOT_VERSION, type ContestBallotManifest, type ContestBoardEvent } from './board';
import { parsePostalBatch, preparePostalBatch, type CredentialState, type PostalEntry, type Reconciliation } from './postal';
import { combineContestResult, verifyContestBoard } from './verify';
import { explainContestBallots } from './ballot-status';
import { contestTallyOf } from './postal-check';

const AUTHORITY = generateAuthorityKey();
const MEMBERS = ['m0', 'm1', 'm2', 'm3', 'm4'];

beforeAll(async () => {
  await initCrypto();
});

/** A members' board up to its opening, with a signed list; the member → credential secrets the authority keeps. */
function openBoard(policy: Reconciliation) {
  const counting = policy === 'first-valid-counts' ? 'first' : 'last';
  const m: ContestBallotManifest = {
    version: CONTEST_BALLOT_VERSION,
    contestId: 'postal',
    nonce: 'abcdefabcdefabcdefabcdefabcdefab',
    ballot: 'members',
    title: 'Members’ ballot',
    candidates: [
      { id: 'ada', name: 'Ada' },
      { id: 'bea', name: 'Bea' },
    ],
    blankAllowed: false,
    counting,
    electorate: MEMBERS.length,
    trustees: { threshold: 1, count: 1, names: ['T1'] },
    opensAt: null,
    closesAt: null,
    authority: AUTHORITY.public,
    reconciliation: policy,
  };
  const board = new ContestBoard();
  board.append('setup', { manifest: m });
  const eh = board.electionHash;
  const cm = ceremonyManifest(m);
  const reg = trusteeRegister(eh, 1);
  board.append('trustee_key', reg.body);
  const deal = trusteeDeal(cm, eh, reg.secret, [reg.body]);
  board.append('dkg_commitment', deal.commitment);
  board.append('dkg_dealing', deal.dealing);
  const ek = computeElectionKey(cm, eh, { trusteeKeys: [reg.body], commitments: [deal.commitment], dealings: [deal.dealing] });
  board.append('election_key', ek);
  const share = trusteeFinalize(cm, eh, deal.secret, [deal.dealing], ek);
  const creds = MEMBERS.map(() => generateCredential());
  const { fingerprint: _f, ...list } = signCredentialList(eh, AUTHORITY.secret, creds.map((c) => c.public), ek.publicKey);
  board.append('credentials', list as never);
  board.append('open', { at: '2024-09-01T10:00:00.000Z' });
  const secrets = new Map(MEMBERS.map((id, i) => [id, creds[i]!.secret]));
  const Y = Point.fromHex(ek.publicKey);
  const events: ContestBoardEvent[] = [];
  const state = new Map<string, CredentialState>(creds.map((c) => [c.public, { status: 'active', ballots: 0 }]));
  const online = (member: string, choice: number) => {
    const b = prepareContestBallot(m, eh, Y, secrets.get(member)!, choice).body;
    const r = board.append('ballot', b);
    events.push({ kind: 'ballot', seq: r.seq, credential: b.credential });
    state.get(b.credential)!.ballots++;
    return r.seq;
  };
  /** What the server does with a batch, in one transaction: the batch record, then each entry's revocation (if any) and ballot. */
  let previous: { batch: number; chain: string } | null = null;
  const enter = ({ batch, entries }: { batch: PostalBatchBody; entries: readonly PostalEntry[] }) => {
    board.append('postal_batch', batch);
    previous = { batch: batch.batch, chain: batch.chain };
    for (const e of entries) {
      if (e.revocation) {
        const r = board.append('revocation', e.revocation);
        events.push({ kind: 'revocation', seq: r.seq, revoked: e.revocation.revoked });
        state.set(e.revocation.revoked, { ...state.get(e.revocation.revoked)!, status: 'revoked' });
        state.set(e.revocation.replacement, { status: 'active', ballots: 0 });
      }
      const r = board.append('ballot', e.ballot);
      events.push({ kind: 'ballot', seq: r.seq, credential: e.ballot.credential });
      state.get(e.ballot.credential)!.ballots++;
    }
  };
  const finish = async () => {
    board.append('close', { at: '2024-09-02T10:00:00.000Z', ballots: events.filter((e) => e.kind === 'ballot').length });
    const sel = selectContestCounted(events, m.counting);
    const t = contestTallyOf(board.records, 2, m.counting);
    board.append('tally', t);
    const tally = t.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }));
    const p = contestPartialDecrypt(eh, board.closeHash, { index: 1, secretShare: share.secretShare!, verificationKey: ek.verificationKeys[0]!.key }, tally);
    board.append('partial_decryption', p);
    board.append('result', combineContestResult(m, eh, board.closeHash, ek, tally, t.counted, [p], t.postal));
    return { report: await verifyContestBoard(board.toJSONLines()), status: sel.status, lines: board.toJSONLines().split('\n').filter((l) => l !== '') };
  };
  const prepare = (policy: Reconciliation, csv: string) => preparePostalBatch({ manifest: m, electionHash: eh, publicKey: Y, authoritySecret: AUTHORITY.secret, policy, papers: parsePostalBatch(csv), secrets, states: state, previous, at: `2024-09-01T1${previous ? 2 : 1}:00:00.000Z` });
  return { online, enter, finish, prepare, state, secrets };
}

describe('postal ballots entered by the credential authority’s tool, reconciled as the rulebook says', () => {
  it('postal overrides online: the member’s online ballot reads “revoked”, whenever it was cast; the paper counts; the board verifies', async () => {
    const b = openBoard('postal-overrides-online');
    const m0online = b.online('m0', 0); // Ada online…
    b.online('m1', 1);
    b.enter(b.prepare('postal-overrides-online', 'envelope,member_id,choice\nE1,m0,bea\nE2,m2,ada\n')); // …then Bea by post
    const { report, status, lines } = await b.finish();
    expect(report.failure).toBeNull();
    expect(report.summary.result?.counts).toEqual({ ada: 1, bea: 2 });
    expect(status.get(m0online)).toBe('revoked'); // the verifier says which ballot lost, and by which rule (R8 + R13)
    // …and which record decided it: the signed revocation that the postal paper brought.
    const why = explainContestBallots(lines, 'last');
    const revocationSeq = lines.findIndex((l) => l.endsWith('"type":"revocation"}'));
    expect(why.find((w) => w.seq === m0online)).toMatchObject({ status: 'revoked', because: { kind: 'revocation', seq: revocationSeq } });
    expect(why.filter((w) => w.status === 'counted')).toHaveLength(3);
    expect(report.summary).toMatchObject({ revocations: 2, revoked: 1, superseded: 0, counted: 3 }); // each paper replaces its member's credential
  });

  it('postal overrides online: a second paper for the same member is refused; an online ballot after the paper fails the verifier (R9)', async () => {
    const b = openBoard('postal-overrides-online');
    b.enter(b.prepare('postal-overrides-online', 'envelope,member_id,choice\nE3,m0,bea\n'));
    expect(() => b.prepare('postal-overrides-online', 'envelope,member_id,choice\nE4,m0,ada\n')).toThrow(/already voted by post/);
    // The server refuses the revoked credential (BALLOT_UNKNOWN_CREDENTIAL); a board that took it anyway is rejected.
    b.online('m0', 0);
    const { report } = await b.finish();
    expect(report.failure).toMatchObject({ check: 'R9', message: expect.stringMatching(/not active/) });
  });

  it('first valid counts: a member who voted online is refused at entry; a paper entered first counts over a later online ballot', async () => {
    const b = openBoard('first-valid-counts');
    b.online('m1', 1);
    expect(() => b.prepare('first-valid-counts', 'envelope,member_id,choice\nE5,m1,ada\n')).toThrow(/POSTAL_BATCH_INVALID|already voted online/);
    b.enter(b.prepare('first-valid-counts', 'envelope,member_id,choice\nE6,m2,ada\n'));
    const later = b.online('m2', 1);
    const { report, status, lines } = await b.finish();
    expect(report.failure).toBeNull();
    expect(report.summary.result?.counts).toEqual({ ada: 1, bea: 1 });
    expect(status.get(later)).toBe('superseded');
    expect(explainContestBallots(lines, 'first').find((w) => w.seq === later)).toMatchObject({ status: 'superseded', because: { kind: 'counted-instead', seq: later - 1, rule: 'first' } });
  });

  it('revoting: the paper is the member’s ballot like any other, and the last one counts', async () => {
    const b = openBoard('revoting');
    b.online('m3', 0);
    b.enter(b.prepare('revoting', 'envelope,member_id,choice\nE7,m3,bea\n'));
    const { report } = await b.finish();
    expect(report.summary.result?.counts).toEqual({ ada: 0, bea: 1 });
    expect(report.summary.superseded).toBe(1);
  });

  it('a bad batch is refused whole, naming every bad paper: unknown member, a member twice, unknown candidate, a blank where none is allowed', () => {
    const b = openBoard('postal-overrides-online');
    let error: unknown;
    try {
      b.prepare('postal-overrides-online', 'envelope,member_id,choice\nE8,m0,ada\nE9,nobody,ada\nE10,m0,bea\nE11,m1,cy\nE12,m2,\n');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'POSTAL_BATCH_INVALID' });
    const message = (error as Error).message;
    expect(message).toMatch(/^4 bad papers; nothing was entered/);
    expect(message).toMatch(/line 3: member "nobody" has no credential/);
    expect(message).toMatch(/line 4: member m0 is in the batch twice \(line 2\)/);
    expect(message).toMatch(/line 5: choice "cy" is not a candidate/);
    expect(message).toMatch(/line 6: a blank paper is not a valid ballot/);
    expect(() => parsePostalBatch('envelope,member_id,choice\n')).toThrow(/no papers/);
    expect(() => parsePostalBatch('envelope,member,vote\nE13,m0,ada\n')).toThrow();
  });
});
