/**
 * Attacks on a preferential (ranked, mixnet-counted) ballot by those who run it: the server that writes the board
 * and the credential authority that signs the credential list and revocations (docs/mixnet-spec.md §6, checks M12
 * and M15). Every forged board is built whole with the project's own functions: the records re-hashed into a
 * chain, the mixers' shuffles proven, the trustees' partial decryptions proven and the round table counted from
 * them, so everything but the attacked check passes.
 *
 *  - The server drops a receipted ballot while the vote runs (before anyone mixes): the board is a perfect board of
 *    the other ballots; only the voter's receipt shows it (M15).
 *  - The authority revokes a voter's credential after the ballot was receipted and hands the replacement to
 *    someone else: a well-signed revocation, so M12 passes; the voter's receipt shows the ballot no longer counts
 *    (M15).
 *  - The authority revokes one credential twice (two replacements for one voter: one ballot stuffed), or a ballot
 *    is cast under a replacement before its revocation: M12 follows the revocations record by record.
 *  - The server keeps a revoked credential's ballot in the mixnet's input: mixer 1's proof is not over the rows
 *    the verifier derives (M1/M3).
 *  - The server drops a trustee's receipted dealing and recomputes the election key from the others: M14 passes;
 *    the trustee's receipt fails M15.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import { initCrypto, Point } from '../../src/crypto';
import { generateCredential, recordHash, signCredentialList, signRevocation, ZERO_HASH, type Manifest } from '../../src/ballot';
import { computeElectionKey } from '../../src/ballot/trustee';
import { canonicalJson } from '../../src/domain/audit/canonical-json';
import { combineShares, countProgress, mixChainInputs, mixerStep, prepareRankedBallot, preferentialStateFromBoard, trusteeDecryptionShare } from '../../src/mixnet/board';
import { streamedChecks, verifyBoth } from '../support/preferential-stream';
import { proofToJSON, rowsFromJSON, rowsToJSON } from '../../src/mixnet/contest';
import { mix } from '../../src/mixnet/pipeline';
import { verifyMixChainParallel } from '../../src/mixnet/verify-parallel';
import { rankedBallotFromJSON } from '../../src/mixnet/ranked-ballot';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { boardText, closeElection, revokeCredential } from '../../src/services/elections';
import { castRankedBallot } from '../../src/services/preferential';
import { TEST_DRIVERS, testContext } from '../support/db';
import { countPreferential, openedPreferential, signedAsMixer, type PreferentialCeremony } from '../support/preferential';

interface Rec {
  seq: number;
  prev: string;
  type: string;
  body: any;
  hash: string;
}
const parse = (text: string): Rec[] => text.trim().split('\n').map((l) => JSON.parse(l) as Rec);
/** The records as a board: seq, prev and hash recomputed (what a server that rewrites its board publishes). */
function rehash(recs: readonly Pick<Rec, 'type' | 'body'>[]): string {
  let prev = ZERO_HASH;
  return (
    recs
      .map((r, i) => {
        const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type as never, r.body as never) };
        prev = rec.hash;
        return canonicalJson(rec);
      })
      .join('\n') + '\n'
  );
}
const append = (text: string, type: string, body: unknown) => rehash([...parse(text), { type, body }]);

/** After the close: every mixer shuffles (proven), the trustees decrypt what the count needs (proven), the count is posted. */
function finish(text: string, c: PreferentialCeremony): string {
  for (let k = 0; k < c.manifest.mixers; k++) {
    const s = preferentialStateFromBoard(text);
    text = append(text, 'mix', mixerStep(s, c.trustees[s.mixes.length]!));
  }
  for (;;) {
    let posted = 0;
    for (const t of c.trustees.slice(0, c.manifest.trustees.threshold)) {
      const share = trusteeDecryptionShare(preferentialStateFromBoard(text), t);
      if (share) {
        text = append(text, 'decryption_share', share);
        posted++;
      }
    }
    if (!posted) break;
  }
  const s = preferentialStateFromBoard(text);
  const last = rowsFromJSON(s.mixes.at(-1)!.output, 'output');
  const p = countProgress(s.manifest, s.electionHash, last.length, combineShares(last, s.shares, s.manifest.trustees.threshold));
  if (!p.done) throw new Error('the count still needs cells');
  return append(text, 'count', { count: p.count });
}

describe('insiders attack a preferential ballot', () => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    await initCrypto();
    database = await TEST_DRIVERS[0]!.open();
    ctx = testContext(database);
  });
  afterAll(async () => database?.close());
  // every board verified here is also verified line by line from a byte stream: the same report (support/preferential-stream.ts)
  afterEach(async () => void (await streamedChecks()));

  const setUp = (title: string) => openedPreferential(ctx, { title, candidates: ['Ash', 'Birch', 'Cedar'], rankCap: 2, electorate: 4, trustees: 2, threshold: 2, mixers: 2 });
  const vote = (c: PreferentialCeremony, secret: string, ranking: number[]) => castRankedBallot(ctx, c.eid, prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, secret, ranking));

  it('a server that drops a receipted ballot before the mix publishes a board that verifies, until the voter’s receipt fails M15', async () => {
    const c = await setUp('Dropped ballot');
    const victim = await vote(c, c.credentials[0]!.secret, [0]);
    const other = await vote(c, c.credentials[1]!.secret, [1, 0]);
    await vote(c, c.credentials[2]!.secret, [1]);
    await closeElection(ctx, SYSTEM_ACTOR, c.eid);
    const honest = finish(await boardText(ctx, c.eid), c);
    expect(verifyBoth(honest, { receipts: [victim.receipt, other.receipt] }).failures).toEqual([]);

    // The server's board: the victim's ballot gone, the close record's count lowered, the chain re-hashed; the
    // mixers and trustees (honest, working from the published board) mix, decrypt and count what is left.
    const recs = parse(await boardText(ctx, c.eid)).filter((r) => r.seq !== victim.seq);
    recs.find((r) => r.type === 'close')!.body.ballots -= 1;
    const forged = finish(rehash(recs), c);
    const blind = verifyBoth(forged);
    expect(blind.failures).toEqual([]);
    expect(blind.complete).toBe(true);
    expect(blind.count!.rounds[0]!.votes).toEqual(['0', '2', '0']);

    const seen = verifyBoth(forged, { receipts: [victim.receipt] });
    expect(seen.ok).toBe(false);
    expect(seen.failures.map((f) => f.check)).toEqual(['M15']);
    expect(seen.failures[0]!.message).toMatch(/removed or moved/);
    // the other voter's receipt, for a ballot after the dropped one: it moved up a place
    const later = verifyBoth(forged, { receipts: [other.receipt] });
    expect(later.failures.map((f) => f.check)).toEqual(['M15']);
    expect(later.failures[0]!.message).toMatch(new RegExp(`record ${other.seq} is not the receipted ballot`));
  }, 60_000);

  it('an authority that revokes a receipted voter’s credential and votes with the replacement: M12 passes, the receipt fails M15', async () => {
    const c = await setUp('Revoked after the receipt');
    const victim = await vote(c, c.credentials[0]!.secret, [0]);
    const other = await vote(c, c.credentials[1]!.secret, [1]);
    // the authority (with the server) signs a revocation nobody asked for and casts the replacement's ballot
    const replacement = generateCredential();
    await revokeCredential(ctx, SYSTEM_ACTOR, c.eid, signRevocation(c.electionHash, c.authority.secret, c.credentials[0]!.public, replacement.public));
    await vote(c, replacement.secret, [1]);
    await countPreferential(ctx, c);
    const text = await boardText(ctx, c.eid);
    const blind = verifyBoth(text, { receipts: [other.receipt] });
    expect(blind.failures).toEqual([]);
    expect(blind.receipts).toEqual({ trustee: 0, cast: 1, mix: 0 });
    const seen = verifyBoth(text, { receipts: [victim.receipt] });
    expect(seen.failures.map((f) => f.check)).toEqual(['M15']);
    expect(seen.failures[0]!.message).toMatch(/not counted: its credential was revoked at record \d+/);
  }, 60_000);

  it('a credential revoked twice (one voter, two replacements: a stuffed ballot) fails M12', async () => {
    const c = await setUp('Revoked twice');
    await vote(c, c.credentials[0]!.secret, [0]);
    await vote(c, c.credentials[1]!.secret, [1]);
    const first = generateCredential();
    await revokeCredential(ctx, SYSTEM_ACTOR, c.eid, signRevocation(c.electionHash, c.authority.secret, c.credentials[0]!.public, first.public));
    await vote(c, first.secret, [2]);
    // The server refuses a second revocation of the same credential; a board writer adds one itself, signed by the
    // authority, and a ballot of the second replacement, then mixes, decrypts and counts everything.
    const second = generateCredential();
    await expect(revokeCredential(ctx, SYSTEM_ACTOR, c.eid, signRevocation(c.electionHash, c.authority.secret, c.credentials[0]!.public, second.public))).rejects.toMatchObject({ code: expect.any(String) });
    await closeElection(ctx, SYSTEM_ACTOR, c.eid);
    const recs = parse(await boardText(ctx, c.eid));
    const close = recs.findIndex((r) => r.type === 'close');
    recs.splice(close, 0, { type: 'revocation', body: signRevocation(c.electionHash, c.authority.secret, c.credentials[0]!.public, second.public) } as Rec, { type: 'ballot', body: prepareRankedBallot(c.manifest, c.electionHash, c.publicKey, second.secret, [2]) } as Rec);
    recs.at(-1)!.body.ballots += 1;
    const forged = finish(rehash(recs), c);
    const r = verifyBoth(forged);
    expect(r.ok).toBe(false);
    expect(r.failures[0]!.check).toBe('M12');
    expect(r.failures[0]!.message).toMatch(/not of an active credential/);
  }, 60_000);

  it('a ballot under a replacement credential placed before its revocation fails M12', async () => {
    const c = await setUp('Replacement votes early');
    await vote(c, c.credentials[0]!.secret, [0]);
    const replacement = generateCredential();
    await revokeCredential(ctx, SYSTEM_ACTOR, c.eid, signRevocation(c.electionHash, c.authority.secret, c.credentials[0]!.public, replacement.public));
    await vote(c, replacement.secret, [1]);
    await closeElection(ctx, SYSTEM_ACTOR, c.eid);
    const recs = parse(await boardText(ctx, c.eid));
    const rev = recs.findIndex((r) => r.type === 'revocation');
    const [ballot] = recs.splice(rev + 1, 1);
    recs.splice(rev, 0, ballot!); // the replacement's ballot now comes before the revocation that issued it
    const r = verifyBoth(finish(rehash(recs), c));
    expect(r.failures.map((f) => f.check)).toEqual(['M12']);
    expect(r.failures[0]!.message).toMatch(/was not active when it was cast/);
  }, 60_000);

  it('a server that keeps a revoked credential’s ballot in the mixnet’s input fails mixer 1’s check', async () => {
    const c = await setUp('Revoked ballot mixed');
    await vote(c, c.credentials[0]!.secret, [0]);
    await vote(c, c.credentials[1]!.secret, [1]);
    const replacement = generateCredential();
    await revokeCredential(ctx, SYSTEM_ACTOR, c.eid, signRevocation(c.electionHash, c.authority.secret, c.credentials[0]!.public, replacement.public));
    await vote(c, replacement.secret, [0]);
    await closeElection(ctx, SYSTEM_ACTOR, c.eid);
    const text = await boardText(ctx, c.eid);
    // mixer 1 (the server's own) shuffles every ballot on the board, the revoked one included, with a valid proof
    const s = preferentialStateFromBoard(text);
    const rows = s.ballots.map((b, i) => rankedBallotFromJSON(b, `ballots[${i}]`).row);
    const step = mix(s.electionHash, 1, Point.fromHex(c.publicKey), rows);
    // signed by mix server 1 (trustee 1) itself: a colluding mixer, so only the shuffle checks can catch it
    const forged = finish(append(text, 'mix', signedAsMixer(c, { mixer: 1, output: rowsToJSON(step.output), proof: proofToJSON(step.proof) })), { ...c, manifest: { ...c.manifest, mixers: 1 } });
    const r = verifyBoth(forged);
    expect(r.ok).toBe(false);
    expect(r.failures[0]!.check).toMatch(/^M(1|3)$/);
    expect(r.counted).toBe(2);
    // `confidence verify` checks the shuffles of a large board on worker threads: the same verdict
    const chain = mixChainInputs(forged)!;
    const parallel = await verifyMixChainParallel(chain.electionHash, chain.publicKey, chain.rows, chain.mixes, chain.mixers, 2);
    expect(verifyBoth(forged, { mixChainFailures: parallel }).failures).toEqual(r.failures);
  }, 60_000);

  it('a server that drops a trustee’s dealing and recomputes the key from the rest fails M12 alone; with the authority re-signing the list it passes M14, and the trustee’s receipt fails M15', async () => {
    const c = await openedPreferential(ctx, { title: 'Dropped dealing', candidates: ['Ash', 'Birch'], rankCap: 1, electorate: 2, trustees: 3, threshold: 2, mixers: 1 });
    const honest = await boardText(ctx, c.eid);
    const all = verifyBoth(honest, { receipts: c.trusteeReceipts });
    expect(all.failures).toEqual([]);
    expect(all.receipts).toEqual({ trustee: 9, cast: 0, mix: 0 });
    // Trustee 3's dealing goes; the election key is recomputed, with the project's own function, from what is left
    // (trustee 3 no longer qualifies); the credential list and the opening follow as before; the chain is re-hashed.
    const recs = parse(honest).filter((r) => !(r.type === 'dkg_dealing' && r.body.dealing.dealer === 3));
    const of = (t: string) => recs.filter((r) => r.type === t).map((r) => r.body);
    const key = computeElectionKey(c.manifest as unknown as Manifest, c.electionHash, { trusteeKeys: of('trustee_key'), commitments: of('dkg_commitment'), dealings: of('dkg_dealing'), complaints: of('dkg_complaint'), answers: of('dkg_answer') });
    recs.find((r) => r.type === 'election_key')!.body = key;
    // Alone, the server cannot: the authority signed the credential list over the real election key (ADR 0416).
    const alone = verifyBoth(rehash(recs));
    expect(alone.failures.map((f) => f.check)).toEqual(['M12']);
    // With the credential authority re-signing the list over the recomputed key, only the trustee's receipt is left.
    const list = recs.find((r) => r.type === 'credentials')!;
    const { fingerprint: _f, ...resigned } = signCredentialList(c.electionHash, c.authority.secret, (list.body as { credentials: string[] }).credentials, key.publicKey);
    list.body = resigned;
    const forged = rehash(recs);
    const blind = verifyBoth(forged, { receipts: c.trusteeReceipts.slice(0, 8) });
    expect(blind.failures).toEqual([]);
    const seen = verifyBoth(forged, { receipts: c.trusteeReceipts });
    expect(seen.failures.map((f) => f.check)).toEqual(['M15']);
    expect(seen.failures[0]!.message).toMatch(/trustee receipt: .*dkg_dealing receipted as record \d+ is missing from the board/);
  }, 60_000);

  it('the streamed verifier gave the same report as the text verifier on every board above', async () => {
    expect(await streamedChecks()).toBeGreaterThanOrEqual(13);
  });
});
