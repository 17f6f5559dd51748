/**
 * The attacks of the trust review, each built as a WHOLE forged board with the project's own functions (the same
 * booth, authority, board and tally code an honest run uses), the chain re-hashed and the tally re-run by honest
 * trustees (finishElection) — so the forged board is everything a malicious server could publish. Each test first
 * shows what the attack would have achieved (the result moves, or the verifier without outside knowledge accepts),
 * then that the verifier rejects it with the numbered check that catches it (docs/ballot-spec.md §0 and §8).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Point, initCrypto } from '../crypto';
import { formatFingerprint, generateAuthorityKey, signCredentialList, signRevocation } from './authority';
import { Board } from './board';
import { generateCredential, prepareBallot, type Credential } from './booth';
import { canonicalJson } from '../domain/audit/canonical-json';
import { buildManifest } from './manifest';
import { recordHash, ZERO_HASH, type CredentialsBody, type RecordBodies, type RecordType } from './records';
import { CONFIDENCE_RULES, finishElection, simulateElection, type Simulation } from './simulate';
import { verifyBoard, type VerifyOptions } from './verify';

type Body = { type: RecordType; body: unknown };

/** The voting part of an honest board (everything before `close`), as editable {type, body} pairs. */
function votingRecords(sim: Simulation): Body[] {
  const recs = sim.board.records;
  return recs.slice(0, recs.findIndex((r) => r.type === 'close')).map((r) => ({ type: r.type, body: structuredClone(r.body) }));
}

/** Re-appends the records (so every hash is recomputed) and lets honest trustees close, tally and decrypt. */
function publish(sim: Simulation, records: Body[]): Board {
  const b = new Board();
  for (const r of records) b.append(r.type, r.body as RecordBodies[typeof r.type]);
  finishElection(b, sim.trusteeSecrets);
  return b;
}

const resultOf = (b: Board) => b.ofType('result')[0]!.body;
const params = (sim: Simulation) => ({ electionHash: sim.board.electionHash, publicKey: Point.fromHex(sim.board.ofType('election_key')[0]!.body.publicKey) });

async function check(b: Board, opts: VerifyOptions = {}) {
  return verifyBoard(b.toJSONLines(), opts);
}

/** Index in `records` of the ballot with this credential and revision. */
function ballotIndex(records: Body[], credential: string, revision = 1): number {
  const i = records.findIndex((r) => r.type === 'ballot' && (r.body as { credential: string; revision: number }).credential === credential && (r.body as { revision: number }).revision === revision);
  expect(i).toBeGreaterThan(0);
  return i;
}

let sim: Simulation; // 14 electors: voters 0..5 vote Yes, 6..9 No, 10..13 abstain; two random voters revote.
let honest: { yes: number; no: number };

beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 14, yes: 6, no: 4, threshold: 2, trustees: 3, revoters: 2 });
  honest = resultOf(sim.board);
  expect(honest).toMatchObject({ yes: 6, no: 4 });
  expect((await check(sim.board, { expect: { credentialsFingerprint: formatFingerprint(sim.fingerprint), receipts: sim.receipts } })).failure).toBeNull();
});

/** A counted Yes voter who did not revote (voters are shuffled; revoters cast twice). */
function steadyYesVoter(): Credential {
  const counts = new Map<string, number>();
  for (const b of sim.board.ofType('ballot')) counts.set(b.body.credential, (counts.get(b.body.credential) ?? 0) + 1);
  const v = sim.credentials.slice(0, 6).find((c) => counts.get(c.public) === 1);
  expect(v).toBeDefined();
  return v!;
}

describe('attack 1: vote flip through a revocation the credential authority did not sign', () => {
  it('the server revokes a Yes voter after they cast and votes No with its own replacement: refused by B8a', async () => {
    const victim = steadyYesVoter();
    const server = generateAuthorityKey();
    const replacement = generateCredential();
    const recs = votingRecords(sim);
    recs.push({ type: 'revocation', body: signRevocation(sim.board.electionHash, server.secret, victim.public, replacement.public) });
    recs.push({ type: 'ballot', body: prepareBallot(params(sim), replacement.secret, 0).body });
    const forged = publish(sim, recs);
    expect(resultOf(forged)).toMatchObject({ yes: honest.yes - 1, no: honest.no + 1 }); // what it would have achieved
    const r = await check(forged);
    expect(r.failure).toMatchObject({ check: 'B8a', type: 'revocation' });
  });

  it('the server also re-signs the list with its own key: the manifest names the real authority key, so B7a refuses it with no outside knowledge', async () => {
    const victim = steadyYesVoter();
    const server = generateAuthorityKey();
    const replacement = generateCredential();
    const recs = votingRecords(sim);
    const ci = recs.findIndex((r) => r.type === 'credentials');
    const { fingerprint: serverFp, ...relisted } = signCredentialList(sim.board.electionHash, server.secret, (recs[ci]!.body as CredentialsBody).credentials, (sim.board.ofType('election_key')[0]!.body as { publicKey: string }).publicKey);
    recs[ci] = { type: 'credentials', body: relisted };
    recs.push({ type: 'revocation', body: signRevocation(sim.board.electionHash, server.secret, victim.public, replacement.public) });
    recs.push({ type: 'ballot', body: prepareBallot(params(sim), replacement.secret, 0).body });
    const forged = publish(sim, recs);
    expect(resultOf(forged)).toMatchObject({ yes: honest.yes - 1, no: honest.no + 1 });
    // The election hash pins the authority key (manifest.authority): a list signed by any other key is refused …
    const blind = await check(forged);
    expect(blind.failure).toMatchObject({ check: 'B7a', type: 'credentials' });
    // … and the published fingerprint, which covers the key, differs as well.
    expect(formatFingerprint(serverFp)).not.toBe(formatFingerprint(sim.fingerprint));
  });
});

describe('attack 2: ballot stuffing by swapping a credential in the list', () => {
  const stuff = (resign: 'keep' | 'server') => {
    const abstainer = sim.credentials[13]!;
    const mine = generateCredential();
    const recs = votingRecords(sim);
    const ci = recs.findIndex((r) => r.type === 'credentials');
    const list = (recs[ci]!.body as CredentialsBody).credentials.map((c) => (c === abstainer.public ? mine.public : c)).sort();
    recs[ci] = { type: 'credentials', body: resign === 'keep' ? { ...(recs[ci]!.body as CredentialsBody), credentials: list } : (({ fingerprint: _f, ...b }) => b)(signCredentialList(sim.board.electionHash, generateAuthorityKey().secret, list, (sim.board.ofType('election_key')[0]!.body as { publicKey: string }).publicKey)) };
    recs.push({ type: 'ballot', body: prepareBallot(params(sim), mine.secret, 0).body });
    return publish(sim, recs);
  };

  it('the swapped list under the authority’s signature: refused by B7a', async () => {
    const forged = stuff('keep');
    expect(resultOf(forged)).toMatchObject({ yes: honest.yes, no: honest.no + 1, counted: honest.yes + honest.no + 1 });
    expect((await check(forged)).failure).toMatchObject({ check: 'B7a', type: 'credentials' });
  });

  it('the swapped list re-signed by the server’s key: refused by B7a (not the manifest’s authority key), and by B7b against the published fingerprint', async () => {
    const forged = stuff('server');
    expect((await check(forged)).failure).toMatchObject({ check: 'B7a', type: 'credentials' });
    expect((await check(forged, { expect: { credentialsFingerprint: formatFingerprint(sim.fingerprint) } })).failure).toMatchObject({ check: 'B7a' });
  });
});

describe('attack 3: revote order decided by the board', () => {
  /**
   * A revoter: a Yes voter (0..5) first cast No (revision 1) then Yes (revision 2), a No voter the reverse. The
   * simulation picks the two revoters at random among the ten voters, so either kind may be the one found.
   */
  const revoter = () => sim.credentials.find((c) => sim.board.ofType('ballot').filter((b) => b.body.credential === c.public).length === 2)!;
  const votedYes = (c: Credential) => sim.credentials.indexOf(c) < 6;

  it('swapping a voter’s two ballots cannot change which counts (highest revision) and is refused by B9a', async () => {
    const v = revoter();
    const recs = votingRecords(sim);
    const i1 = ballotIndex(recs, v.public, 1);
    const i2 = ballotIndex(recs, v.public, 2);
    [recs[i1], recs[i2]] = [recs[i2]!, recs[i1]!];
    const forged = publish(sim, recs);
    // Under "last in board order counts" this flipped the voter back to No; the signed revision keeps their Yes.
    expect(resultOf(forged)).toMatchObject({ yes: honest.yes, no: honest.no });
    expect((await check(forged)).failure).toMatchObject({ check: 'B9a', type: 'ballot' });
  });

  it('two ballots with the same revision (who holds the credential twice over, e.g. a whip) are refused by B9a', async () => {
    const v = sim.credentials[12]!; // an abstainer's credential, handed to a coercer
    const recs = votingRecords(sim);
    recs.push({ type: 'ballot', body: prepareBallot(params(sim), v.secret, 1, undefined, 1).body });
    recs.push({ type: 'ballot', body: prepareBallot(params(sim), v.secret, 0, undefined, 1).body });
    const r = await check(publish(sim, recs));
    expect(r.failure).toMatchObject({ check: 'B9a' });
    expect(r.failure!.message).toMatch(/same revision/);
  });

  it('dropping the latest revision leaves a consistent board: the voter’s receipt catches it (B9c)', async () => {
    const v = revoter();
    const recs = votingRecords(sim);
    const i2 = ballotIndex(recs, v.public, 2);
    const tracker2 = sim.board.records.find((r) => r.type === 'ballot' && r.body.credential === v.public && r.body.revision === 2)!;
    recs.splice(i2, 1);
    const forged = publish(sim, recs);
    const flip = votedYes(v) ? 1 : -1;
    expect(resultOf(forged)).toMatchObject({ yes: honest.yes - flip, no: honest.no + flip });
    expect((await check(forged)).ok).toBe(true);
    const receipt = sim.receipts.find((x) => x.seq === tracker2.seq)!;
    expect((await check(forged, { expect: { receipts: [receipt] } })).failure).toMatchObject({ check: 'B9c' });
  });
});

describe('attack 4: a board that omits or moves a receipted ballot', () => {
  it('omitting a ballot (and re-tallying) passes blind; the receipt fails it (B9c)', async () => {
    const victim = steadyYesVoter();
    const recs = votingRecords(sim);
    const i = ballotIndex(recs, victim.public);
    const seq = i; // records are re-appended from 0, so index = seq
    recs.splice(i, 1);
    const forged = publish(sim, recs);
    expect(resultOf(forged)).toMatchObject({ yes: honest.yes - 1 });
    expect((await check(forged)).ok).toBe(true);
    const receipt = sim.receipts.find((r) => r.seq === seq)!;
    const r = await check(forged, { expect: { receipts: [receipt] } });
    expect(r.failure).toMatchObject({ check: 'B9c' });
    expect(r.failure!.message).toMatch(/removed or moved|differs/);
  });

  it('moving a ballot (two voters’ ballots swapped) passes blind; the receipt fails it (B9c); an expected head fails it (B3a)', async () => {
    const recs = votingRecords(sim);
    // Two voters who cast one ballot each (a revoter's two ballots would trip B9a instead).
    const single = (r: Body) => recs.filter((x) => x.type === 'ballot' && (x.body as { credential: string }).credential === (r.body as { credential: string }).credential).length === 1;
    const ballots = recs.map((r, i) => [r, i] as const).filter(([r]) => r.type === 'ballot' && single(r));
    const [a, b] = [ballots[0]![1], ballots.at(-1)![1]];
    [recs[a], recs[b]] = [recs[b]!, recs[a]!];
    const forged = publish(sim, recs);
    expect((await check(forged)).ok).toBe(true);
    const receipt = sim.receipts.find((r) => r.seq === a)!;
    expect((await check(forged, { expect: { receipts: [receipt] } })).failure).toMatchObject({ check: 'B9c', seq: a });
    expect((await check(forged, { expect: { head: sim.board.head } })).failure).toMatchObject({ check: 'B3a' });
  });

  it('a receipt forged by anyone without the board key, or for a record the board never signed, is refused (B9c)', async () => {
    const real = sim.receipts[0]!;
    const { signReceipt } = await import('./receipt');
    const fake = signReceipt(generateCredential().secret, { ...real, seq: real.seq + 1 });
    expect((await check(sim.board, { expect: { receipts: [fake] } })).failure).toMatchObject({ check: 'B9c' });
    expect((await check(sim.board, { expect: { receipts: [{ ...real, seq: real.seq + 1 }] } })).failure).toMatchObject({ check: 'B9c' });
  });
});

describe('attack 7 (ballot half): replay across two elections with equal manifests, and loose instants', () => {
  it('equal manifest inputs give different election hashes (random nonce), so a ballot replays nowhere (B10) and a receipt neither (B9c)', async () => {
    const input = { procedureId: 'p', title: 't', rulebook: CONFIDENCE_RULES, electorate: 3, threshold: 1, trustees: 1, boardKey: generateCredential().public, authority: generateCredential().public, opensAt: '2022-06-06T17:00:00.000Z', closesAt: '2022-06-06T19:00:00.000Z' };
    const m1 = buildManifest(input);
    const m2 = buildManifest(input);
    expect(m1.nonce).not.toBe(m2.nonce);
    expect(new Board().append('setup', { manifest: m1 }).hash).not.toBe(new Board().append('setup', { manifest: m2 }).hash);
    // Two elections for the same people with the same credentials: A's ballot put into B in place of B's.
    const a = simulateElection({ eligible: 4, yes: 2, no: 1, threshold: 1, trustees: 1 });
    const b = simulateElection({ eligible: 4, yes: 2, no: 1, threshold: 1, trustees: 1, credentials: a.credentials });
    const aBallot = a.board.ofType('ballot')[0]!.body;
    const recs = votingRecords(b);
    const i = recs.findIndex((r) => r.type === 'ballot' && (r.body as { credential: string }).credential === aBallot.credential);
    recs[i] = { type: 'ballot', body: structuredClone(aBallot) };
    // (Not tallied: A's ciphertext is under A's key, so B's trustees could not even decrypt the sum.)
    const replayed = new Board();
    for (const r of recs) replayed.append(r.type, r.body as never);
    expect((await check(replayed)).failure).toMatchObject({ check: 'B10', seq: i });
    expect((await check(b.board, { expect: { receipts: [a.receipts[0]] } })).failure).toMatchObject({ check: 'B9c' });
    expect((await check(b.board, { expect: { electionHash: a.board.electionHash } })).failure).toMatchObject({ check: 'B3a' });
  });

  it('a manifest without its nonce, or with free-text instants, is refused (B4); free-text opening or a close before the opening (B9b)', async () => {
    const recs = votingRecords(sim);
    const m = (recs[0]!.body as { manifest: Record<string, unknown> }).manifest;
    for (const bad of [{ nonce: undefined }, { nonce: 'x'.repeat(32) }, { opensAt: 'Monday 6pm' }, { closesAt: '2022-06-06T17:00:00.000Z' }, { opensAt: '2022-02-30T17:00:00.000Z' }]) {
      const r2 = structuredClone(recs);
      (r2[0]!.body as { manifest: Record<string, unknown> }).manifest = JSON.parse(JSON.stringify({ ...m, ...bad }));
      const lines = rehash(r2);
      expect((await verifyBoard(lines)).failure, JSON.stringify(bad)).toMatchObject({ check: 'B4' });
    }
    const loose = votingRecords(sim);
    (loose.find((r) => r.type === 'open')!.body as { at: string }).at = '6 June 2022, 6pm';
    expect((await check(publish(sim, loose))).failure).toMatchObject({ check: 'B9b' });
    const b = new Board();
    for (const r of votingRecords(sim)) b.append(r.type, r.body as never);
    finishElection(b, sim.trusteeSecrets, { closeAt: '2022-06-06T16:00:00.000Z' });
    expect((await check(b)).failure).toMatchObject({ check: 'B9b', type: 'close' });
  });
});

/** Re-hashes {type, body} pairs into board lines without Board's order check (for malformed manifests). */
function rehash(recs: Body[]): string[] {
  let prev = ZERO_HASH;
  return recs.map((r, seq) => {
    const hash = recordHash(seq, prev, r.type, r.body);
    const line = canonicalJson({ seq, prev, type: r.type, body: r.body, hash });
    prev = hash;
    return line;
  });
}
