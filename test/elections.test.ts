import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { initCrypto, mulBase, randomScalar, Point, encrypt, ciphertextToJSON, scalarFromHex, sign, signatureToJSON } from '../src/crypto';
import { prepareBallot, generateCredential, verifyBoard, trusteePartialDecrypt, ballotSigningMessage } from '../src/ballot';
import { AppError } from '../src/domain/errors';
import { SYSTEM_ACTOR, type AppContext } from '../src/services/context';
import { boardText, castBallot, closeElection, computeTally, declareResult, electionView, lookupTracker, postPartialDecryption, publicRecords, revokeCredential } from '../src/services/elections';
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
    const signed = { credential: c.credentials[0]!.public, ciphertext: ct, proof: good.body.proof, signature: signatureToJSON(sign(sk, ballotSigningMessage(c.electionHash, c.credentials[0]!.public, ct, good.body.proof))) };
    expect(await code(castBallot(ctx, c.electionId, signed))).toBe('BALLOT_INVALID_PROOF');
    // Malformed bodies.
    for (const bad of [null, 42, {}, { ...good.body, extra: 1 }, { ...good.body, credential: 'x' }, { ...good.body, ciphertext: { alpha: good.body.ciphertext.alpha.toUpperCase(), beta: good.body.ciphertext.beta } }]) {
      expect(await code(castBallot(ctx, c.electionId, bad))).toBe('BALLOT_MALFORMED');
    }
    // A ballot for another election (proof and signature bound to its election hash).
    const foreign = prepareBallot({ electionHash: 'a'.repeat(64), publicKey: c.publicKey }, c.credentials[0]!.secret, 1);
    expect(await code(castBallot(ctx, c.electionId, foreign.body))).toBe('BALLOT_INVALID_SIGNATURE');
    expect((await electionView(ctx, c.electionId)).records).toBe(before);
  });

  it('casts, returns a tracker that is on the board, refuses a replay; the last ballot of a credential counts', async () => {
    const first = prepareBallot(params(), c.credentials[1]!.secret, 0);
    const r1 = await castBallot(ctx, c.electionId, first.body);
    expect(r1.tracker).toBe(first.tracker);
    expect(await code(castBallot(ctx, c.electionId, first.body))).toBe('BALLOT_REPLAYED');
    const second = prepareBallot(params(), c.credentials[1]!.secret, 1);
    await castBallot(ctx, c.electionId, second.body);
    expect((await lookupTracker(ctx, c.electionId, first.tracker)).status).toBe('superseded');
    expect((await lookupTracker(ctx, c.electionId, second.tracker)).status).toBe('counted');
    expect(await code(lookupTracker(ctx, c.electionId, 'f'.repeat(64)))).toBe('NOT_FOUND');
  });

  it('a large credential list is uploaded in batches and published as one sorted record', async () => {
    const { uploadCredentials, createElection, finishKeyCeremony, postTrusteeKey, postDkgCommitment, postDkgDealing, publicRecords: pr } = await import('../src/services/elections');
    const { trusteeRegister, trusteeDeal } = await import('../src/ballot');
    await scheduledProcedure(ctx, 'vote-batches', 5);
    const v = await createElection(ctx, SYSTEM_ACTOR, 'vote-batches', { threshold: 1, trustees: 1 });
    const reg = trusteeRegister(v.electionHash, 1);
    await postTrusteeKey(ctx, v.id, reg.body);
    const d = trusteeDeal(v.manifest, v.electionHash, reg.secret, await pr(ctx, v.id, 'trustee_key'));
    await postDkgCommitment(ctx, v.id, d.commitment);
    await postDkgDealing(ctx, v.id, d.dealing);
    await finishKeyCeremony(ctx, SYSTEM_ACTOR, v.id);
    const creds = Array.from({ length: 5 }, () => generateCredential().public);
    expect(await uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(0, 2), { more: true })).toEqual({ count: 0, staged: 2 });
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, [creds[0]!], { more: true }))).toBe('CREDENTIALS_INVALID'); // duplicate across batches
    expect(await code(uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2, 4)))).toBe('CREDENTIALS_INVALID'); // 4 of 5
    expect(await uploadCredentials(ctx, SYSTEM_ACTOR, v.id, creds.slice(2))).toEqual({ count: 5, staged: 0 });
    const [list] = await pr(ctx, v.id, 'credentials');
    expect(list!.credentials).toEqual([...creds].sort());
  });

  it('concurrent casts are all kept, each exactly once', async () => {
    const ballots = [2, 3, 4, 5].map((i) => prepareBallot(params(), c.credentials[i]!.secret, i % 2 === 0 ? 1 : 0));
    const receipts = await Promise.all(ballots.map((b) => castBallot(ctx, c.electionId, b.body)));
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(4);
    // The same ballot posted twice at once: one is kept, one is a replay.
    const dup = prepareBallot(params(), c.credentials[6]!.secret, 0);
    const codes = await Promise.all([code(castBallot(ctx, c.electionId, dup.body)), code(castBallot(ctx, c.electionId, dup.body))]);
    expect(codes.sort()).toEqual(['BALLOT_REPLAYED', 'OK']);
  });

  it('a lost credential is revoked on the record and replaced', async () => {
    const old = c.credentials[7]!;
    const lost = prepareBallot(params(), old.secret, 0);
    await castBallot(ctx, c.electionId, lost.body);
    const replacement = generateCredential();
    await revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, { revoked: old.public, replacement: replacement.public });
    expect((await lookupTracker(ctx, c.electionId, lost.tracker)).status).toBe('revoked');
    expect(await code(castBallot(ctx, c.electionId, prepareBallot(params(), old.secret, 0).body))).toBe('BALLOT_UNKNOWN_CREDENTIAL');
    await castBallot(ctx, c.electionId, prepareBallot(params(), replacement.secret, 1).body);
    expect(await code(revokeCredential(ctx, SYSTEM_ACTOR, c.electionId, { revoked: old.public, replacement: generateCredential().public }))).toBe('CREDENTIALS_INVALID');
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
    const report = await verifyBoard(await boardText(ctx, c.electionId));
    expect(report.failure).toBeNull();
    expect(report.summary).toMatchObject({ complete: true, head: view.head, result: { yes: 4, no: 3 }, trusteesTookPart: [1, 3] });
    void mulBase;
    void randomScalar;
    void Point;
  });
});
