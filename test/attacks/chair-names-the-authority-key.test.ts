/**
 * Attack on the manifest-pinned credential authority key (ADR 0414, checks B3a, B7a, B7b, B8a) by whoever builds
 * the manifest: the chair, who types the authority's public key when creating the election, or the server, which
 * builds the manifest from what the chair sent.
 *
 * ADR 0414 puts the authority key into the manifest "so the election hash pins it". It pins whatever key the
 * manifest was created with. The chair names a key of ITS OWN at creation; every election hash anyone holds is then
 * the hash of that manifest. The real authority generates the credentials offline (`confidence credentials
 * generate --election-hash E` never reads the manifest) and hands the signed list to the chair, who uploads it
 * (`/credentials` is a chair step) after re-signing the same list with its own key — the server accepts it, since
 * it matches the manifest. From then on the chair signs revocations: it revokes a Yes voter after they cast,
 * registers a replacement it holds, and casts No (attack 1 of the trust issue, the vote flip).
 *
 * Whole records are built with the project's own functions (simulateElection with the chair's key as "authority",
 * signRevocation, the booth, honest trustees decrypting the tally they are shown) and the chain is re-hashed.
 *
 * What stops it: the real authority reads the election's board before it issues anything (`confidence credentials
 * generate --board …`, `manifestProblemForAuthority`), recomputes the election hash from the setup record and refuses
 * when the manifest names another key (AUTHORITY_NOT_IN_MANIFEST) — so the chair never gets a list to re-sign.
 * A chair who bypasses the authority altogether must then issue the members' credentials itself: the authority
 * (who was never asked) and the fingerprint it did not publish (B7b) expose that outside the server. The board alone
 * cannot: a verifier holding only the election hash still accepts the manifest the chair wrote (the control below).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Point, ciphertextToJSON, initCrypto } from '../../src/crypto';
import { formatFingerprint, generateAuthorityKey, manifestProblemForAuthority, signCredentialList, signRevocation } from '../../src/ballot/authority';
import { Board } from '../../src/ballot/board';
import { generateCredential, prepareBallot } from '../../src/ballot/booth';
import type { CredentialsBody, RecordBodies, RecordType } from '../../src/ballot/records';
import { simulateElection, type Simulation } from '../../src/ballot/simulate';
import { selectCounted, sumCiphertexts, type BoardEvent } from '../../src/ballot/tally';
import { combineResult, trusteePartialDecrypt } from '../../src/ballot/trustee';
import { verifyBoard } from '../../src/ballot/verify';

type Rec = { type: RecordType; body: unknown };
const YES = 5;
const NO = 4;
let sim: Simulation;
/** The key the chair made and typed in as "the authority's" when creating the election. */
let chairKey: { public: string; secret: string };
/** The fingerprint the REAL credential authority published (letters, notice board) for the list it issued. */
let publishedFingerprint: string;
/** The real credential authority's key. */
let realAuthority: { public: string; secret: string };

beforeAll(async () => {
  await initCrypto();
  chairKey = generateAuthorityKey();
  // The manifest names the chair's key; the list on the board is the real one, re-signed by the chair.
  sim = simulateElection({ eligible: 12, yes: YES, no: NO, threshold: 2, trustees: 3, authority: chairKey });
  realAuthority = generateAuthorityKey();
  const issued = (sim.board.ofType('credentials')[0]!.body as CredentialsBody).credentials;
  publishedFingerprint = formatFingerprint(signCredentialList(sim.board.electionHash, realAuthority.secret, issued, (sim.board.ofType('election_key')[0]!.body as { publicKey: string }).publicKey).fingerprint);
});

/** The chair's board: a counted Yes voter revoked after casting, a replacement it holds casts No; re-tallied, re-hashed. */
function flipped(): { lines: string[]; eh: string } {
  const eh = sim.board.electionHash;
  const revoked = new Set(sim.board.ofType('revocation').map((r) => r.body.revoked));
  const v = [...Array(YES).keys()].find((i) => sim.trackers[i] && !revoked.has(sim.credentials[i]!.public))!;
  const records: Rec[] = [];
  for (const r of sim.board.records) {
    if (r.type === 'close') break;
    records.push({ type: r.type, body: structuredClone(r.body) });
  }
  const replacement = generateCredential();
  const key = Point.fromHex(sim.board.ofType('election_key')[0]!.body.publicKey);
  records.push({ type: 'revocation', body: signRevocation(eh, chairKey.secret, sim.credentials[v]!.public, replacement.public) });
  records.push({ type: 'ballot', body: prepareBallot({ electionHash: eh, publicKey: key }, replacement.secret, 0).body });
  const board = new Board();
  for (const r of records) board.append(r.type, r.body as RecordBodies[typeof r.type]);
  const events: BoardEvent[] = [];
  for (const r of board.records) {
    if (r.type === 'ballot') events.push({ kind: 'ballot', seq: r.seq, credential: r.body.credential, revision: r.body.revision });
    if (r.type === 'revocation') events.push({ kind: 'revocation', seq: r.seq, revoked: r.body.revoked, replacement: r.body.replacement });
  }
  const sel = selectCounted(events);
  board.append('close', { at: sim.manifest.closesAt!, ballots: events.filter((e) => e.kind === 'ballot').length });
  const tally = sumCiphertexts(board.ofType('ballot').filter((r) => sel.status.get(r.seq) === 'counted').map((r) => r.body.ciphertext));
  board.append('tally', { ciphertext: ciphertextToJSON(tally), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  const ek = board.ofType('election_key')[0]!.body;
  const partials = [2, 3].map((t) => trusteePartialDecrypt(eh, sim.trusteeSecrets[t - 1]!, ek, tally));
  for (const p of partials) board.append('partial_decryption', p);
  board.append('result', combineResult(sim.manifest, eh, ek, tally, sel.counted, partials).result);
  return { lines: board.toJSONLines().trim().split('\n'), eh };
}

describe('a chair who names its own key as the credential authority when creating the election', () => {
  it('cannot get the real authority to issue the list it would re-sign: the authority’s pre-issue check refuses the manifest', () => {
    const setup = JSON.parse(sim.board.toJSONLines().split('\n', 1)[0]!);
    expect(manifestProblemForAuthority(setup, sim.board.electionHash, realAuthority.public)).toMatch(/names the credential authority key .* not yours/);
    // the check passes only for the key the manifest names, and only for this election's setup record
    expect(manifestProblemForAuthority(setup, sim.board.electionHash, chairKey.public)).toBeNull();
    expect(manifestProblemForAuthority(setup, 'f'.repeat(64), chairKey.public)).toMatch(/another election/);
  });

  it('why the authority must check: a board whose manifest the chair wrote passes B3a, B7a and B8a with the election hash; only the published fingerprint (B7b) refuses it', async () => {
    const f = flipped();
    const withHash = await verifyBoard(f.lines, { expect: { electionHash: f.eh } });
    expect(withHash.failure).toBeNull();
    expect(withHash.passed).toEqual(expect.arrayContaining(['B3a', 'B7a', 'B8a']));
    expect(withHash.summary.result).toMatchObject({ yes: YES - 1, no: NO + 1 });
    expect(withHash.summary.credentialAuthority).toBe(chairKey.public); // the manifest's key, which the chair chose
    const withFingerprint = await verifyBoard(f.lines, { expect: { electionHash: f.eh, credentialsFingerprint: publishedFingerprint } });
    expect(withFingerprint.failure?.check).toBe('B7b');
  });
});
