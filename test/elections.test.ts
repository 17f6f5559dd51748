import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { initCrypto, mulBase, randomScalar, Point, encrypt, ciphertextToJSON, scalarFromHex, sign, signatureToJSON } from '../src/crypto';
import { prepareBallot, generateCredential, verifyBoard, trusteePartialDecrypt, ballotSigningMessage, signRevocation, signCredentialList, generateAuthorityKey, receiptSignatureValid, formatFingerprint, signReschedule, type CastReceipt } from '../src/ballot';
import { AppError } from '../src/domain/errors';
import { SYSTEM_ACTOR, type AppContext } from '../src/services/context';
import { assertProcedureMayReschedule, boardText, castBallot, closeElection, computeTally, credentialStatus, declareResult, electionView, lookupTracker, openElection, postPartialDecryption, publicRecords, rescheduleElection, revokeCredential } from '../src/services/elections';
import { accounts, devMailbox } from '../src/db/schema';
import { loadProcedure } from '../src/services/procedures';
import { ciphertextFromJSON } from '../src/crypto';
import { TEST_DRIVERS, testContext } from './support/db';
import { openedElection, scheduledProcedure, trusteesDecrypt, type Ceremony } from './support/elections';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'OK';
}

describe.each(TEST_DRIVERS)('elections on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  let c: Ceremony;
  const params = () => ({ electionHash: c.electionHash, publicKey: c.publicKey });

  beforeAll(async () => {
    await initCrypto();
    database = await driver.open();
    ctx = testContext(database, () => new Date('2026-11-23T18:30:00Z'));
    await scheduledProcedure(ctx, 'vote-test', 8);
    c = await openedElection(ctx, 'vote-test', { threshold: 2, trustees: 3 });
  });
  afterAll(async () => database?.close());

  it('rejects bad ballots with clear codes and changes nothing', async () => {
    const before = (await electionView(ctx, c.electionId)).records;
    const good = prepareBallot(params(), c.credentials[0]!.secret, 1);
    // Unknown credential (a ballot stuffed by someone without a credential on the list).
    expect(await code(castBallot(ctx, c.electionId, prepareBallot(params(), generateCredential().secret, 1).body))).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    // Bad proof: proof of another ballot (still signed properly by the voter? no: the signature covers the proof).
    const other = prepareBallot(params(), c.credentials[0]!.secret, 0);
    expect(await code(castBallot(ctx, c.electionId, { ...good.body, proof: other.body.proof }))).toBe('BALLOT_INVALID_SIGNATURE');
    // A voter-signed ballot whose 0/1 proof is false (it encrypts 2: a double vote).
    const evil = encrypt(c.publicKey, 2);
    const ct = ciphertextToJSON(evil.ciphertext);
    const sk = scalarFromHex(c.credentials[0]!.secret);
    const signed = { credential: c.credentials[0]!.public, ciphertext: ct, proof: good.body.proof, revision: 1, signature: signatureToJSON(sign(sk, ballotSigningMessage(c.electionHash, c.credentials[0]!.public, ct, good.body.proof, 1))) };
    expect(await code(castBallot(ctx, c.electionId, signed))).toBe('BALLOT_INVALID_PROOF');
    // Malformed bodies.
    for (const bad of [null, 42, {}, { ...good.body, extra: 1 }, { ...good.body, credential: 'x' }, { ...good.body, revision: 0 }, { ...good.body, revision: '1' }, { ...good.body, ciphertext: { alpha: good.body.ciphertext.alpha.toUpperCase(), beta: good.body.ciphertext.beta } }]) {
      expect(await code(castBallot(ctx, c.electionId, bad))).toBe('BALLOT_MALFORMED');
    }
    // A ballot for another election (proof and signature bound to its election hash).
    const foreign = prepareBallot({ electionHash: 'a'.repeat(64), publicKey: c.publicKey }, c.credentials[0]!.secret, 1);
    expect(await code(castBallot(ctx, c.electionId, foreign.body))).toBe('BALLOT_INVALID_SIGNATURE');
    expect((await electionView(ctx, c.electionId)).records).toBe(before);
  });

  it('casts, returns a tracker and a board-signed receipt, refuses a replay; revisions must follow 1, 2, …; the highest counts', async () => {
    const first = prepareBallot(params(), c.credentials[1]!.secret, 0);
    const r1 = await castBallot(ctx, c.electionId, first.body);
    expect(r1.tracker).toBe(first.tracker);
    const view = await electionView(ctx, c.electionId);
    expect(r1.receipt).toMatchObject({ election: c.electionHash, seq: r1.seq, tracker: first.tracker, head: r1.head, at: '2026-11-23T18:30:00.000Z' });
    expect(receiptSignatureValid(view.manifest.boardKey, r1.receipt)).toBe(true);
    expect(receiptSignatureValid(view.manifest.boardKey, { ...r1.receipt, seq: r1.seq + 1 } as CastReceipt)).toBe(false);
    expect(await code(castBallot(ctx, c.electionId, first.body))).toBe('BALLOT_REPLAYED');
    // A second "revision 1" (the one a reordering server would like to choose between) and a skipped revision are refused.
    expect(await code(castBallot(ctx, c.electionId, prepareBallot(params(), c.credentials[1]!.secret, 1).body))).toBe('BALLOT_REVISION_INVALID');
    expect(await code(castBallot(ctx, c.electionId, prepareBallot(params(), c.credentials[1]!.secret, 1, undefined, 3).body))).toBe('BALLOT_REVISION_INVALID');
    expect(await credentialStatus(ctx, c.electionId, c.credentials[1]!.public)).toMatchObject({ status: 'active', ballots: 1, nextRevision: 2 });
    const second = prepareBallot(params(), c.credentials[1]!.secret, 1, undefined, 2);
    await castBallot(ctx, c.electionId, second.body);
    expect((await lookupTracker(ctx, c.electionId, first.tracker)).status).toBe('superseded');
    expect((await lookupTracker(ctx, c.electionId, second.tracker)).status).toBe('counted');
    expect(await code(lookupTracker(ctx, c.electionId, 'f'.repeat(64)))).toBe('NOT_FOUND');
  });

  it('a large credential list is uploaded in batches and published as one sorted record, signed by the authority', async () => {
    const { uploadCredentials, createElection, finishKeyCeremony, postTrusteeKey, postDkgCommitment, postDkgDealing, publicRecords: pr } = await import('../src/services/elections');
    const { trusteeRegister, trusteeDeal } = await import('../src/ballot');
    await scheduledProcedure(ctx, 'vote-batches', 5);
    const auth = generateAuthorityKey();
    const v = await createElection(ctx, SYSTEM_ACTOR, 'vote-batches', { authority: auth.public, threshold: 1, trustees: 1 });
    const reg = trusteeRegister(v.electionHash, 1);
    await postTrusteeKey(ctx, v.id, reg.body);
    const d = trusteeDeal(v.manifest, v.electionHash, reg.secret, await pr(ctx, v.id, 'trustee_key'));
    await postDkgCommitment(ctx, v.id, d.commitment);
    await postDkgDealing(ctx, v.id, d.dealing);
    const vk = (await finishKeyCeremony(ctx, SYSTEM_ACTOR, v.id)).publicKey;
    const creds = Array.from({ length: 5 }, () => generateCredential().public);
    const signedList = signCredentialList(v.electionHash, auth.secret, creds, vk);
    const sig = { authority: signedList.authority, signature: signedList.signature };
    expect(await uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(0, 2), { more: true })).toEqual({ count: 0, staged: 2 });
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, [creds[0]!], { more: true }))).toBe('CREDENTIALS_INVALID'); // duplicate across batches
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2, 4), sig))).toBe('CREDENTIALS_INVALID'); // 4 of 5
    // Unsigned, or signed for a list with one key swapped (the ballot-stuffing server), or for another election: refused.
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2)))).toBe('AUTHORITY_SIGNATURE_INVALID');
    const swapped = signCredentialList(v.electionHash, auth.secret, [...creds.slice(0, 4), generateCredential().public], vk);
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2), { authority: swapped.authority, signature: swapped.signature }))).toBe('AUTHORITY_SIGNATURE_INVALID');
    // Signed by the authority over another election key (a key ceremony the server replaced): refused.
    const otherKey = signCredentialList(v.electionHash, auth.secret, creds, generateCredential().public);
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2), { authority: otherKey.authority, signature: otherKey.signature }))).toBe('AUTHORITY_SIGNATURE_INVALID');
    const foreign = signCredentialList(c.electionHash, auth.secret, creds, vk);
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2), { authority: foreign.authority, signature: foreign.signature }))).toBe('AUTHORITY_SIGNATURE_INVALID');
    expect(await uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2), sig)).toEqual({ count: 5, staged: 0, fingerprint: formatFingerprint(signedList.fingerprint) });
    const [list] = await pr(ctx, v.id, 'credentials');
    expect(list!.credentials).toEqual([...creds].sort());
    expect((await electionView(ctx, v.id)).credentialsFingerprint).toBe(signedList.fingerprint);
  });

  it('concurrent casts are all kept, each exactly once', async () => {
    const ballots = [2, 3, 4, 5].map((i) => prepareBallot(params(), c.credentials[i]!.secret, i % 2 === 0 ? 1 : 0));
    const receipts = await Promise.all(ballots.map((b) => castBallot(ctx, c.electionId, b.body)));
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(4);
    // The same ballot posted twice at once: one is kept, one is a replay.
    const dup = prepareBallot(params(), c.credentials[6]!.secret, 0);
    // (credentials 2..5 each cast revision 1 above)
    const codes = await Promise.all([code(castBallot(ctx, c.electionId, dup.body)), code(castBallot(ctx, c.electionId, dup.body))]);
    expect(codes.sort()).toEqual(['BALLOT_REPLAYED', 'OK']);
  });

  it('a lost credential is revoked on the record and replaced, only with the authority’s signature; the voter is told', async () => {
    const old = c.credentials[7]!;
    const lost = prepareBallot(params(), old.secret, 0);
    await castBallot(ctx, c.electionId, lost.body);
    const replacement = generateCredential();
    // The server or the chair alone (no authority signature, or one by another key) cannot revoke: the vote-flip attack.
    expect(await code(revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, { revoked: old.public, replacement: replacement.public }))).toBe('AUTHORITY_SIGNATURE_INVALID');
    expect(await code(revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, signRevocation(c.electionHash, generateAuthorityKey().secret, old.public, replacement.public)))).toBe('AUTHORITY_SIGNATURE_INVALID');
    await ctx.db.insert(accounts).values({ id: 'acct-m8', email: 'm8@example.org', displayName: 'Member 8', role: 'member', rosterId: 'roster-vote-test', memberId: 'm8' });
    const r = await revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, { ...signRevocation(c.electionHash, c.authority.secret, old.public, replacement.public), memberId: 'm8' });
    expect(r.notified).toBe(true);
    const mail = (await ctx.db.select().from(devMailbox)).filter((m) => m.to === 'm8@example.org');
    expect(mail.at(-1)?.subject).toMatch(/revoked/);
    expect(mail.at(-1)?.text).toMatch(new RegExp(`record ${r.seq} `));
    expect((await lookupTracker(ctx, c.electionId, lost.tracker)).status).toBe('revoked');
    expect(await credentialStatus(ctx, c.electionId, old.public)).toMatchObject({ status: 'revoked', revokedAt: r.seq });
    expect(await credentialStatus(ctx, c.electionId, replacement.public)).toMatchObject({ status: 'active', nextRevision: 1 });
    expect((await credentialStatus(ctx, c.electionId, generateCredential().public)).status).toBe('unknown');
    expect(await code(castBallot(ctx, c.electionId, prepareBallot(params(), old.secret, 0, undefined, 2).body))).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    await castBallot(ctx, c.electionId, prepareBallot(params(), replacement.secret, 1).body);
    expect(await code(revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, signRevocation(c.electionHash, c.authority.secret, old.public, generateCredential().public)))).toBe('CREDENTIALS_INVALID');
  });

  it('closes; refuses late ballots; tallies with 2 of 3 trustees, rejects a cheating trustee, and the result flows into the procedure', async () => {
    await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
    expect(await code(castBallot(ctx, c.electionId, prepareBallot(params(), c.credentials[0]!.secret, 1).body))).toBe('ELECTION_CLOSED');
    const tally = await computeTally(ctx, SYSTEM_ACTOR, c.electionId);
    // counted: cred1 (yes), 2..5 (yes,no,yes,no), 6 (no), replacement (yes) = 7; superseded 1; revoked 1
    expect(tally).toMatchObject({ counted: 7, superseded: 1, revoked: 1 });
    // Trustee 1 tries to post a partial decryption made with a wrong share: refused, nothing posted.
    const [key] = await publicRecords(ctx, c.electionId, 'election_key');
    const fake = { ...c.trustees[0]!, secretShare: c.trustees[1]!.secretShare };
    const bad = trusteePartialDecrypt(c.electionHash, fake, key!, ciphertextFromJSON(tally.ciphertext));
    expect(await code(postPartialDecryption(ctx, c.electionId, bad))).toBe('TRUSTEE_MESSAGE_INVALID');
    expect(await code(declareResult(ctx, SYSTEM_ACTOR, c.electionId))).toBe('ELECTION_WRONG_STAGE');
    await trusteesDecrypt(ctx, c, [1, 3]); // trustee 2 is missing
    const result = await declareResult(ctx, SYSTEM_ACTOR, c.electionId);
    expect(result).toMatchObject({ yes: 4, no: 3, counted: 7, electorate: 8, trustees: [1, 3] });
    const p = await loadProcedure(ctx, 'vote-test');
    expect(p.status.outcome).toMatchObject({ yes: 4, no: 3 });
    const view = await electionView(ctx, c.electionId);
    const report = await verifyBoard(await boardText(ctx, c.electionId), { expect: { electionHash: c.electionHash, head: view.head, credentialsFingerprint: formatFingerprint(c.fingerprint) } });
    expect(report.failure).toBeNull();
    expect(report.summary).toMatchObject({ complete: true, head: view.head, result: { yes: 4, no: 3 }, trusteesTookPart: [1, 3] });
    void mulBase;
    void randomScalar;
    void Point;
  });
});

/**
 * A live vote (a procedure on the real calendar): the manifest binds the voting window. The server refuses to open
 * before it and to take ballots after it; only the credential authority can move it, by a signed reschedule.
 */
describe('the voting window of a live vote (pglite)', () => {
  let database: Database;
  let ctx: AppContext;
  let now = new Date('2026-11-23T10:00:00.000Z');
  const at = (iso: string) => (now = new Date(iso));

  beforeAll(async () => {
    await initCrypto();
    database = await TEST_DRIVERS[0]!.open();
    ctx = testContext(database, () => now);
  });
  afterAll(async () => database?.close());

  it('opens only inside the window, moved only by the authority’s signed reschedule; refuses casts after it; the board verifies', async () => {
    await scheduledProcedure(ctx, 'vote-live', 4, { opensAt: '2026-11-23T12:00:00.000Z', closesAt: '2026-11-23T14:00:00.000Z' });
    const c = await openedElection(ctx, 'vote-live', { threshold: 1, trustees: 1, open: false });
    const v0 = await electionView(ctx, c.electionId);
    expect(v0.manifest).toMatchObject({ opensAt: '2026-11-23T12:00:00.000Z', closesAt: '2026-11-23T14:00:00.000Z', authority: c.authority.public });
    expect(await code(openElection(ctx, SYSTEM_ACTOR, c.electionId))).toBe('VOTE_NOT_YET_DUE');
    // The chair's own "Change the voting times" (the procedure's reschedule) is refused for a bound window …
    expect(await code(assertProcedureMayReschedule(ctx, 'vote-live'))).toBe('ELECTION_WRONG_STAGE');
    // … and the chair (or the server) alone cannot move it: a reschedule signed by any other key is refused.
    const opensAt = '2026-11-23T11:00:00.000Z';
    const closesAt = '2026-11-23T13:00:00.000Z';
    const forged = signReschedule(c.electionHash, generateAuthorityKey().secret, opensAt, closesAt, 1);
    expect(await code(rescheduleElection(ctx, SYSTEM_ACTOR, c.electionId, forged))).toBe('AUTHORITY_SIGNATURE_INVALID');
    const signed = signReschedule(c.electionHash, c.authority.secret, opensAt, closesAt, 1);
    expect(await rescheduleElection(ctx, SYSTEM_ACTOR, c.electionId, signed)).toMatchObject({ revision: 1 });
    expect(await code(rescheduleElection(ctx, SYSTEM_ACTOR, c.electionId, signed))).toBe('CONFLICT'); // a replay
    expect((await electionView(ctx, c.electionId)).window).toEqual({ opensAt, closesAt, reschedules: 1 });
    expect((await loadProcedure(ctx, 'vote-live')).status.ballot).toEqual({ opensAt, closesAt }); // the procedure follows
    at('2026-11-23T10:59:59.000Z');
    expect(await code(openElection(ctx, SYSTEM_ACTOR, c.electionId))).toBe('VOTE_NOT_YET_DUE');
    at('2026-11-23T11:30:00.000Z');
    await openElection(ctx, SYSTEM_ACTOR, c.electionId);
    expect(await code(rescheduleElection(ctx, SYSTEM_ACTOR, c.electionId, signReschedule(c.electionHash, c.authority.secret, opensAt, '2026-11-24T13:00:00.000Z', 2)))).toBe('ELECTION_WRONG_STAGE');
    const params = { electionHash: c.electionHash, publicKey: c.publicKey };
    const cast = await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[0]!.secret, 1).body);
    at('2026-11-23T13:00:00.001Z');
    const before = (await electionView(ctx, c.electionId)).records;
    const late = await castBallot(ctx, c.electionId, prepareBallot(params, c.credentials[1]!.secret, 0).body).catch((e: AppError) => e);
    expect(late).toMatchObject({ code: 'VOTING_WINDOW_CLOSED', status: 409 });
    expect((await electionView(ctx, c.electionId)).records).toBe(before);
    // The chair presses "Close" two hours late: the record says when ballots stopped being accepted.
    at('2026-11-23T15:00:00.000Z');
    await closeElection(ctx, SYSTEM_ACTOR, c.electionId);
    const board = await boardText(ctx, c.electionId);
    expect(board).toContain('"type":"close"');
    const r = await verifyBoard(board, { expect: { electionHash: c.electionHash, receipts: [cast.receipt] } });
    expect(r.failure).toBeNull();
    expect(r.summary).toMatchObject({ openedAt: '2026-11-23T11:30:00.000Z', closedAt: closesAt, window: { opensAt, closesAt, reschedules: 1 }, receiptsChecked: 1 });
  });

  it('a re-enactment on a fixed day binds no window: its manifest has none, and no reschedule record can be posted', async () => {
    await scheduledProcedure(ctx, 'vote-reenact', 3);
    const c = await openedElection(ctx, 'vote-reenact', { threshold: 1, trustees: 1, open: false });
    expect((await electionView(ctx, c.electionId)).manifest).toMatchObject({ opensAt: null, closesAt: null });
    const s = signReschedule(c.electionHash, c.authority.secret, '2026-11-23T16:00:00.000Z', '2026-11-23T18:00:00.000Z', 1);
    expect(await code(rescheduleElection(ctx, SYSTEM_ACTOR, c.electionId, s))).toBe('VALIDATION_FAILED');
    expect(await code(assertProcedureMayReschedule(ctx, 'vote-reenact'))).toBe('OK'); // the procedure's reschedule applies
  });
});
