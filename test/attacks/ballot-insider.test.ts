/**
 * Attacks on the confidence vote's trust anchors by insiders (docs/ballot-spec.md §8, checks B3a–B9c).
 *
 * Every attack builds WHOLE records with the project's own functions (the credential authority's and the board's
 * signing functions, the booth, honest trustees who decrypt whatever tally they are shown), re-hashes the whole
 * chain (a fresh Board), and then asks the public verifier. An attack the verifier accepts would be a hole: it is
 * named after what it would have allowed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, Point, ciphertextToJSON } from '../../src/crypto';
import { generateAuthorityKey, signCredentialList, signReschedule, signRevocation, formatFingerprint } from '../../src/ballot/authority';
import { Board } from '../../src/ballot/board';
import { generateCredential, prepareBallot } from '../../src/ballot/booth';
import { castReceiptProblem, signReceipt } from '../../src/ballot/receipt';
import { ballotTracker, type BallotBody, type RecordBodies, type RecordType, type RevocationBody } from '../../src/ballot/records';
import { simulateElection, type Simulation } from '../../src/ballot/simulate';
import { selectCounted, sumCiphertexts, type BoardEvent } from '../../src/ballot/tally';
import { combineResult, trusteePartialDecrypt } from '../../src/ballot/trustee';
import { verifyBoard, type VerifyOptions } from '../../src/ballot/verify';

type Rec = { type: RecordType; body: unknown };

let sim: Simulation;
const YES = 5;
const NO = 4;

beforeAll(async () => {
  await initCrypto();
  // 12 electors: 5 Yes, 4 No, 3 abstainers; 2 revoters; 1 lost credential. 2-of-3 trustees.
  sim = simulateElection({ eligible: 12, yes: YES, no: NO, threshold: 2, trustees: 3, revoters: 2, lostCredentials: 1 });
});

/** The records up to (not including) the close, as {type, body}. */
function prefix(s: Simulation): Rec[] {
  const out: Rec[] = [];
  for (const r of s.board.records) {
    if (r.type === 'close') break;
    out.push({ type: r.type, body: structuredClone(r.body) });
  }
  return out;
}

/**
 * What a dishonest server publishes: its edited records, then a close, the tally of what the board now counts,
 * partial decryptions by honest trustees of THAT tally (they decrypt what they are shown) and the result. The chain
 * is recomputed from record 0: no hash is left stale.
 */
function forge(s: Simulation, records: Rec[], closeAt = s.manifest.closesAt!): { lines: string[]; board: Board } {
  const board = new Board();
  for (const r of records) board.append(r.type, r.body as RecordBodies[typeof r.type]);
  const events: BoardEvent[] = [];
  for (const r of board.records) {
    if (r.type === 'ballot') events.push({ kind: 'ballot', seq: r.seq, credential: r.body.credential, revision: r.body.revision });
    if (r.type === 'revocation') events.push({ kind: 'revocation', seq: r.seq, revoked: r.body.revoked, replacement: r.body.replacement });
  }
  const sel = selectCounted(events);
  board.append('close', { at: closeAt, ballots: events.filter((e) => e.kind === 'ballot').length });
  const counted = board.ofType('ballot').filter((r) => sel.status.get(r.seq) === 'counted').map((r) => r.body.ciphertext);
  const tally = sumCiphertexts(counted);
  board.append('tally', { ciphertext: ciphertextToJSON(tally), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  const ek = board.ofType('election_key')[0]!.body;
  const eh = board.electionHash;
  const partials = [2, 3].map((t) => trusteePartialDecrypt(eh, s.trusteeSecrets[t - 1]!, ek, tally));
  for (const p of partials) board.append('partial_decryption', p);
  board.append('result', combineResult(s.manifest, eh, ek, tally, sel.counted, partials).result);
  return { lines: board.toJSONLines().trim().split('\n'), board };
}

const honestLines = () => sim.board.toJSONLines().trim().split('\n');
const eh = () => sim.board.electionHash;
const params = () => ({ electionHash: eh(), publicKey: Point.fromHex(sim.board.ofType('election_key')[0]!.body.publicKey) });

/** Credentials of the voters who abstained (no ballot on the board). */
function abstainers(): { index: number; cred: { public: string; secret: string } }[] {
  const cast = new Set(sim.board.ofType('ballot').map((r) => r.body.credential));
  return sim.credentials.map((cred, index) => ({ index, cred })).filter((x) => !cast.has(x.cred.public));
}

/** A counted Yes ballot's credential index (voter index < YES votes Yes in the simulation). */
function countedYesVoter(): number {
  const revoked = new Set(sim.board.ofType('revocation').map((r) => r.body.revoked));
  for (let v = 0; v < YES; v++) if (sim.trackers[v] && !revoked.has(sim.credentials[v]!.public)) return v;
  throw new Error('no Yes voter');
}

async function verify(lines: string[], expect_: VerifyOptions['expect'] = undefined) {
  return verifyBoard(lines, expect_ ? { expect: expect_ } : {});
}

describe('the honest board (baseline for every attack below)', () => {
  it('verifies with the published fingerprint, the election hash, the head and every receipt', async () => {
    const r = await verify(honestLines(), { electionHash: eh(), head: sim.board.head, credentialsFingerprint: formatFingerprint(sim.fingerprint), receipts: sim.receipts });
    expect(r.failure).toBeNull();
    expect(r.summary.result).toMatchObject({ yes: YES, no: NO });
    // forge() with no edit reproduces an honest board: the helper itself is not what makes attacks fail.
    const same = forge(sim, prefix(sim));
    expect((await verify(same.lines)).failure).toBeNull();
  });
});

describe('server operator with the credential list (ballot stuffing)', () => {
  /** Swaps one abstainer's credential for one the server holds, signs the new list with ITS OWN authority key. */
  function stuffedBoard() {
    const fake = generateAuthorityKey();
    const mine = generateCredential();
    const victim = abstainers()[0]!;
    const recs = prefix(sim);
    const credRec = recs.find((r) => r.type === 'credentials')!;
    const list = (credRec.body as { credentials: string[] }).credentials.map((c) => (c === victim.cred.public ? mine.public : c));
    const { fingerprint, ...body } = signCredentialList(eh(), fake.secret, list, sim.board.ofType('election_key')[0]!.body.publicKey);
    credRec.body = body;
    // The server casts No with the stolen slot (the revocation of the lost credential must now be re-signed by the
    // fake authority too, else B8a would catch the forgery for an unrelated reason).
    for (const r of recs) if (r.type === 'revocation') {
      const b = r.body as RevocationBody;
      r.body = signRevocation(eh(), fake.secret, b.revoked, b.replacement);
    }
    const closeIdx = recs.length;
    recs.splice(closeIdx, 0, { type: 'ballot', body: prepareBallot(params(), mine.secret, 0).body });
    return { ...forge(sim, recs), fingerprint };
  }

  it('a server that swaps the authority key and re-signs the list cannot stuff a ballot unseen by a verifier holding the election hash (B7a: not the manifest’s key)', async () => {
    const { lines, fingerprint } = stuffedBoard();
    // The verifier holds only the genuine election hash (no fingerprint): the board is this election's (B3a
    // passes), but the list is signed by a key the manifest does not name.
    const r = await verify(lines, { electionHash: eh() });
    expect(r.passed).toContain('B3a');
    expect(r.failure?.check).toBe('B7a');
    expect(r.failure?.message).toMatch(/not by the credential authority key the manifest names/);
    expect(r.summary.counted).toBeNull();
    // And with no outside knowledge at all: the manifest is on the board, so the swap is refused all the same.
    expect((await verify(lines)).failure?.check).toBe('B7a');
    expect(fingerprint).not.toBe(sim.fingerprint);
  });

  it('a server that also rewrites the manifest with its own authority key has made another election: the election hash (B3a) or the published fingerprint (B7b) shows it', async () => {
    // The whole election re-run under a manifest naming the server's key (its own trustees, its own list): the
    // only consistent board such a server can make. Its election hash and fingerprint both differ.
    const other = simulateElection({ eligible: 12, yes: YES, no: NO, threshold: 2, trustees: 3, revoters: 2, lostCredentials: 1 });
    const lines = other.board.toJSONLines().trim().split('\n');
    expect((await verify(lines)).ok).toBe(true);
    expect((await verify(lines, { electionHash: eh() })).failure?.check).toBe('B3a');
    expect((await verify(lines, { credentialsFingerprint: formatFingerprint(sim.fingerprint) })).failure?.check).toBe('B7b');
  });

  it('a server that re-signs the list with the real key it does not hold cannot: a list signature by another key under the real authority name fails B7a', async () => {
    const fake = generateAuthorityKey();
    const recs = prefix(sim);
    const credRec = recs.find((r) => r.type === 'credentials')!;
    const b = credRec.body as { authority: string; credentials: string[] };
    const victim = abstainers()[0]!;
    const mine = generateCredential();
    const list = b.credentials.map((c) => (c === victim.cred.public ? mine.public : c));
    const { fingerprint: _f, ...forged } = signCredentialList(eh(), fake.secret, list, sim.board.ofType('election_key')[0]!.body.publicKey);
    credRec.body = { ...forged, authority: sim.authority.public };
    const r = await verify(forge(sim, recs).lines);
    expect(r.failure?.check).toBe('B7a');
  });
});

describe('server operator casting a whole ballot of its own (the verifier checks well-formed ballots on a fast path)', () => {
  // Each forged ballot below is canonical and well formed in every field, so it reaches the verifier's fast ballot
  // path (one kernel call per chunk, ADR 0106); the fast path must give way and the general check name the failure.
  it('a server that casts for an abstainer — its own valid ballot, relabelled with the abstainer’s credential — cannot (B10: not signed by that credential)', async () => {
    const victim = abstainers()[0]!;
    const own = prepareBallot(params(), generateCredential().secret, 1).body;
    const recs = prefix(sim);
    recs.push({ type: 'ballot', body: { ...own, credential: victim.cred.public } });
    const r = await verify(forge(sim, recs).lines);
    expect(r.failure?.check).toBe('B10');
  });

  it('a server that replays, on this board, a ballot an abstainer signed for another election (same key, same credential) cannot (B10: the proofs and signature bind the election hash)', async () => {
    const victim = abstainers()[0]!;
    const other = prepareBallot({ ...params(), electionHash: 'ab'.repeat(32) }, victim.cred.secret, 1).body;
    const recs = prefix(sim);
    recs.push({ type: 'ballot', body: other });
    const r = await verify(forge(sim, recs).lines);
    expect(r.failure?.check).toBe('B10');
    // control: the same ballot prepared for this election verifies (the abstainer voting for real)
    const real = prefix(sim);
    real.push({ type: 'ballot', body: prepareBallot(params(), victim.cred.secret, 1).body });
    expect((await verify(forge(sim, real).lines)).failure).toBeNull();
  });
});

describe('server operator or chair revoking a voter (vote flip)', () => {
  /** Revokes a counted Yes voter's credential after they cast, registers a replacement, casts No with it. */
  function flip(signer: string, election = eh()) {
    const v = countedYesVoter();
    const replacement = generateCredential();
    const recs = prefix(sim);
    recs.push({ type: 'revocation', body: signRevocation(election, signer, sim.credentials[v]!.public, replacement.public) });
    recs.push({ type: 'ballot', body: prepareBallot(params(), replacement.secret, 0).body });
    return forge(sim, recs).lines;
  }

  it('a server that signs a revocation with a second authority key of its own cannot flip a Yes vote (B8a)', async () => {
    const r = await verify(flip(generateAuthorityKey().secret));
    expect(r.failure?.check).toBe('B8a');
  });

  it('a server that replays a revocation the real authority signed for another election cannot flip a vote (B8a)', async () => {
    // Same authority key, a genuine signature — but over another election hash.
    const r = await verify(flip(sim.authority.secret, 'f'.repeat(64)));
    expect(r.failure?.check).toBe('B8a');
  });

  it('control: the same flip signed by the real authority verifies (the authority is trusted with revocations; the voter is told)', async () => {
    const r = await verify(flip(sim.authority.secret));
    expect(r.ok).toBe(true);
    expect(r.summary.result).toMatchObject({ yes: YES - 1, no: NO + 1 });
  });

  it('a server cannot keep counting a ballot cast with a credential after its revocation (B9)', async () => {
    const recs = prefix(sim);
    const lost = recs.find((r) => r.type === 'revocation')!.body as RevocationBody;
    // The simulation replaced the lost credential in sim.credentials; the old secret is gone, so the server
    // re-uses a ballot the old credential signed earlier (a whole, validly signed ballot) after the revocation.
    const old = sim.board.ofType('ballot').find((r) => r.body.credential === lost.revoked)!;
    const idx = recs.findIndex((r) => r.type === 'ballot' && (r.body as BallotBody).credential === lost.revoked);
    const [moved] = recs.splice(idx, 1);
    expect((moved!.body as BallotBody).credential).toBe(old.body.credential);
    recs.push(moved!);
    const r = await verify(forge(sim, recs).lines);
    expect(r.failure?.check).toBe('B9');
  });
});

describe('server operator controlling board order and content (revotes, receipts)', () => {
  function revoterIndexes(recs: Rec[]): [number, number] {
    const seen = new Map<string, number>();
    for (const [i, r] of recs.entries()) {
      if (r.type !== 'ballot') continue;
      const c = (r.body as BallotBody).credential;
      if (seen.has(c)) return [seen.get(c)!, i];
      seen.set(c, i);
    }
    throw new Error('no revoter');
  }

  it("a server that swaps a revoter's two ballots cannot make the coerced first ballot count (B9a)", async () => {
    const recs = prefix(sim);
    const [a, b] = revoterIndexes(recs);
    [recs[a], recs[b]] = [recs[b]!, recs[a]!];
    const r = await verify(forge(sim, recs).lines);
    expect(r.failure?.check).toBe('B9a');
  });

  it("a server that drops a revoter's latest ballot and re-hashes cannot flip that vote unseen by the voter's receipt (B9c)", async () => {
    const recs = prefix(sim);
    const [, b] = revoterIndexes(recs);
    const dropped = recs[b]!.body as BallotBody;
    recs.splice(b, 1);
    const { lines } = forge(sim, recs);
    // Without the receipt this is a valid-looking board (revision 1 is legitimately the last one shown) …
    expect((await verify(lines)).ok).toBe(true);
    // … with the voter's receipt it is refused.
    const receipt = sim.receipts.find((x) => x.tracker === ballotTracker(dropped))!;
    expect(receipt).toBeDefined();
    const r = await verify(lines, { receipts: [receipt] });
    expect(r.failure?.check).toBe('B9c');
  });

  it('a server that removes an earlier ballot and re-hashes cannot keep a later receipt valid (B9c: the head moves)', async () => {
    const recs = prefix(sim);
    // A ballot whose credential cast only once and was never revoked: no revision gap betrays the removal.
    const creds = recs.filter((r) => r.type === 'ballot').map((r) => (r.body as BallotBody).credential);
    const revokedCreds = new Set(recs.filter((r) => r.type === 'revocation').map((r) => (r.body as RevocationBody).revoked));
    const single = recs.findIndex((r) => r.type === 'ballot' && creds.filter((c) => c === (r.body as BallotBody).credential).length === 1 && !revokedCreds.has((r.body as BallotBody).credential));
    recs.splice(single, 1);
    expect((await verify(forge(sim, recs).lines)).ok).toBe(true);
    // The remaining board may be valid; the last voter's receipt names a head the new board never had.
    const { lines } = forge(sim, recs);
    const last = sim.receipts.at(-1)!;
    const r = await verify(lines, { receipts: [last] });
    expect(r.failure?.check).toBe('B9c');
  });

  it('a server that rewrites history cannot pass off a board whose head differs from the one the verifier was given (B3a)', async () => {
    const recs = prefix(sim);
    recs.splice(recs.findIndex((r) => r.type === 'ballot'), 1);
    const r = await verify(forge(sim, recs).lines, { head: sim.board.head });
    expect(r.failure?.check).toBe('B3a');
  });

  it('a server that forges a receipt with its own key for a moved ballot cannot use it (B9c: not the manifest board key)', async () => {
    const last = sim.receipts.at(-1)!;
    const other = generateCredential();
    const fake = signReceipt(other.secret, { election: last.election, seq: last.seq, tracker: last.tracker, head: last.head, at: last.at });
    const r = await verify(honestLines(), { receipts: [fake] });
    expect(r.failure?.check).toBe('B9c');
  });

  it('a server that back-dates the close before a receipted ballot is caught by anyone (B9b: closed before the window’s end), not only by the receipt', async () => {
    const last = sim.receipts.at(-1)!;
    // Close one second before the last receipt's time (still after the opening).
    const closeAt = new Date(Date.parse(last.at) - 1000).toISOString();
    const { lines } = forge(sim, prefix(sim), closeAt);
    expect((await verify(lines)).failure?.check).toBe('B9b');
    const r = await verify(lines, { receipts: [last] });
    expect(r.failure?.check).toMatch(/^B9[bc]$/);
  });

  it("a server cannot pass a voter's receipt off as proof of presence on another election's board (B9c)", async () => {
    const other = simulateElection({ eligible: 12, yes: YES, no: NO, threshold: 2, trustees: 3 });
    const r = await verify(other.board.toJSONLines().trim().split('\n'), { receipts: [sim.receipts[0]!] });
    expect(r.failure?.check).toBe('B9c');
  });

  it('a server cannot serve another election with an equal manifest as this one: the nonce makes the election hash differ (B3a)', async () => {
    const other = simulateElection({ eligible: 12, yes: YES, no: NO, threshold: 2, trustees: 3 });
    expect(other.manifest.nonce).not.toBe(sim.manifest.nonce);
    const r = await verify(other.board.toJSONLines().trim().split('\n'), { electionHash: eh() });
    expect(r.failure?.check).toBe('B3a');
  });
});

describe('server operator and the voting window', () => {
  it('a server that closes before it opened cannot hide it (B9b)', async () => {
    const r = await verify(forge(sim, prefix(sim), '2022-06-06T16:00:00.000Z').lines);
    expect(r.failure?.check).toBe('B9b');
  });

  it('a server that opens the vote before the manifest opening cannot hide it (B9b)', async () => {
    const recs = prefix(sim);
    const open = recs.find((r) => r.type === 'open')!;
    open.body = { at: '2022-06-06T16:59:59.000Z' };
    const r = await verify(forge(sim, recs).lines, { electionHash: eh() });
    expect(r.failure?.check).toBe('B9b');
    expect(r.failure?.type).toBe('open');
  });

  it('a server that keeps the vote open past the manifest closing time and takes late ballots cannot hide it (B9b)', async () => {
    const recs = prefix(sim);
    const late = abstainers()[0]!;
    recs.push({ type: 'ballot', body: prepareBallot(params(), late.cred.secret, 0).body });
    const { lines, board } = forge(sim, recs, '2022-06-07T19:00:00.000Z');
    // The late ballot comes with a receipt the server signed at the time it took it.
    const ballot = board.ofType('ballot').at(-1)!;
    const receipt = signReceipt(sim.boardSecret, { election: eh(), seq: ballot.seq, tracker: ballotTracker(ballot.body), head: ballot.hash, at: '2022-06-07T18:00:00.000Z' });
    const r = await verify(lines, { electionHash: eh(), receipts: [receipt] });
    expect(r.failure?.check).toBe('B9b');
    expect(r.failure?.type).toBe('close');
    // Without any outside knowledge too: the window is in the manifest.
    expect((await verify(lines)).failure?.check).toBe('B9b');
  });

  it('a server that back-dates the close to the window but keeps a late ballot cannot keep the late receipt valid (B9c)', async () => {
    const recs = prefix(sim);
    const late = abstainers()[0]!;
    recs.push({ type: 'ballot', body: prepareBallot(params(), late.cred.secret, 0).body });
    const { lines, board } = forge(sim, recs, sim.manifest.closesAt!);
    const ballot = board.ofType('ballot').at(-1)!;
    const receipt = signReceipt(sim.boardSecret, { election: eh(), seq: ballot.seq, tracker: ballotTracker(ballot.body), head: ballot.hash, at: '2022-06-07T18:00:00.000Z' });
    expect((await verify(lines, { receipts: [receipt] })).failure?.check).toBe('B9c');
  });

  it("a server that takes a late ballot and back-dates its receipt into the window (so B9c would pass) is caught by the voter's device clock", async () => {
    const recs = prefix(sim);
    const late = abstainers()[0]!;
    recs.push({ type: 'ballot', body: prepareBallot(params(), late.cred.secret, 0).body });
    const { lines, board } = forge(sim, recs, sim.manifest.closesAt!);
    const ballot = board.ofType('ballot').at(-1)!;
    const tracker = ballotTracker(ballot.body);
    const inWindow = '2022-06-06T18:59:00.000Z';
    const backDated = signReceipt(sim.boardSecret, { election: eh(), seq: ballot.seq, tracker, head: ballot.hash, at: inWindow });
    // The whole forged board with the back-dated receipt passes the public verifier …
    expect((await verify(lines, { receipts: [backDated] })).failure).toBeNull();
    // … but the device that cast the ballot at 19:40 refuses the receipt at once and tells the voter.
    const castAt = Date.parse('2022-06-06T19:40:00.000Z');
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), tracker, backDated, castAt)).toMatch(/41 minutes before this device's clock/);
    // Control: stamped with the real time, the same receipt is accepted by the device (and then fails B9c later).
    const honest = signReceipt(sim.boardSecret, { election: eh(), seq: ballot.seq, tracker, head: ballot.hash, at: '2022-06-06T19:40:02.000Z' });
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), tracker, honest, castAt)).toBeNull();
    expect((await verify(lines, { receipts: [honest] })).failure?.check).toBe('B9c');
  });

  it("a server that returns a receipt for someone else's ballot, another election or its own key is caught by the voter's device at once", () => {
    const r = sim.receipts[0]!;
    const now = Date.parse(r.at);
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), r.tracker, r, now)).toBeNull();
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), sim.receipts[1]!.tracker, r, now)).toMatch(/another ballot/);
    expect(castReceiptProblem(sim.manifest.boardKey, 'ab'.repeat(32), r.tracker, r, now)).toMatch(/for election/);
    const other = generateCredential();
    const fake = signReceipt(other.secret, { election: r.election, seq: r.seq, tracker: r.tracker, head: r.head, at: r.at });
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), r.tracker, fake, now)).toMatch(/not signed by the board key/);
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), r.tracker, { ...r, at: '6 June 2022' }, now)).toMatch(/no valid receipt|not signed|strict timestamp/);
    expect(castReceiptProblem(sim.manifest.boardKey, eh(), r.tracker, null, now)).toMatch(/no valid receipt/);
  });

  /** The records with a reschedule (or several) inserted after the credentials record, before the opening. */
  function rescheduled(bodies: unknown[]): Rec[] {
    const recs = prefix(sim);
    const at = recs.findIndex((r) => r.type === 'credentials') + 1;
    recs.splice(at, 0, ...bodies.map((body) => ({ type: 'reschedule' as const, body })));
    return recs;
  }

  it('a server that widens the window with a reschedule signed by its own key cannot take late ballots (B9b)', async () => {
    const fake = generateAuthorityKey();
    const recs = rescheduled([signReschedule(eh(), fake.secret, '2022-06-06T17:00:00.000Z', '2022-06-08T19:00:00.000Z', 1)]);
    recs.push({ type: 'ballot', body: prepareBallot(params(), abstainers()[0]!.cred.secret, 0).body });
    const r = await verify(forge(sim, recs, '2022-06-07T19:00:00.000Z').lines);
    expect(r.failure?.check).toBe('B9b');
    expect(r.failure?.type).toBe('reschedule');
  });

  it('a server that replays the authority’s earlier, wider reschedule after its later one cannot use it (B9b: revisions)', async () => {
    const wide = signReschedule(eh(), sim.authority.secret, '2022-06-06T17:00:00.000Z', '2022-06-08T19:00:00.000Z', 1);
    const narrow = signReschedule(eh(), sim.authority.secret, '2022-06-06T17:00:00.000Z', '2022-06-06T19:00:00.000Z', 2);
    const recs = rescheduled([narrow, wide]);
    recs.push({ type: 'ballot', body: prepareBallot(params(), abstainers()[0]!.cred.secret, 0).body });
    const r = await verify(forge(sim, recs, '2022-06-07T19:00:00.000Z').lines);
    expect(r.failure?.check).toBe('B9b');
    expect(r.failure?.message).toMatch(/revision/);
  });

  it('control: a reschedule the real authority signed moves the window (a late close within it verifies)', async () => {
    const recs = rescheduled([signReschedule(eh(), sim.authority.secret, '2022-06-06T17:00:00.000Z', '2022-06-08T19:00:00.000Z', 1)]);
    recs.push({ type: 'ballot', body: prepareBallot(params(), abstainers()[0]!.cred.secret, 0).body });
    const r = await verify(forge(sim, recs, '2022-06-08T19:00:00.000Z').lines, { electionHash: eh() });
    expect(r.failure).toBeNull();
    expect(r.summary.window).toEqual({ opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-08T19:00:00.000Z', reschedules: 1 });
  });
});
