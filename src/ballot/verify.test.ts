import { beforeAll, describe, expect, it } from 'vitest';
import { Point, initCrypto, mulBase, randomScalar, sign, signatureToJSON, sigmaProofToJSON, proveZeroOne, encrypt, ciphertextToJSON } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { ballotContext, ballotSigningMessage, generateCredential, prepareBallot } from './booth';
import { recordHash, ZERO_HASH, type BallotBody } from './records';
import { simulateElection, type Simulation } from './simulate';
import { verifyBoard } from './verify';

/** A malicious server can recompute the whole chain after editing: the checks below must still catch it. */
function rechain(lines: string[]): string[] {
  let prev = ZERO_HASH;
  return lines.map((line, seq) => {
    const r = JSON.parse(line) as { type: string; body: unknown };
    const hash = recordHash(seq, prev, r.type, r.body);
    const out = canonicalJson({ seq, prev, type: r.type, body: r.body, hash });
    prev = hash;
    return out;
  });
}

type Mut = (rec: { type: string; body: any }) => void;
function edit(lines: string[], pred: (r: { type: string; body: any }, i: number) => boolean, mut: Mut, chain = true): string[] {
  let done = false;
  const out = lines.map((line, i) => {
    const r = JSON.parse(line);
    if (done || !pred(r, i)) return line;
    done = true;
    mut(r);
    return canonicalJson(r);
  });
  expect(done).toBe(true);
  return chain ? rechain(out) : out;
}

const flipHex = (h: string) => (h[0] === 'a' ? 'b' : 'a') + h.slice(1);
let sim: Simulation;
let lines: string[];

beforeAll(async () => {
  await initCrypto();
  sim = simulateElection({ eligible: 12, yes: 6, no: 4, threshold: 2, trustees: 3, revoters: 2 });
  lines = sim.board.toJSONLines().trim().split('\n');
});

function decodes(hex: string): boolean {
  try {
    Point.fromHex(hex);
    return true;
  } catch {
    return false;
  }
}

async function failure(ls: string[]) {
  const r = await verifyBoard(ls);
  expect(r.ok).toBe(false);
  return r.failure!;
}

describe('verifier on an honest board', () => {
  it('passes every check and reports the result, revotes and trustees', async () => {
    const r = await verifyBoard(lines);
    expect(r.failure).toBeNull();
    expect(r.ok).toBe(true);
    expect(r.passed).toEqual(['B1', 'B2', 'B3', 'B3a', 'B4', 'B5', 'B6', 'B7', 'B7a', 'B8', 'B8a', 'B9a', 'B9b', 'B9c', 'B9', 'B10', 'B11', 'B12', 'B13', 'B14', 'B15']);
    expect(r.summary.result).toMatchObject({ yes: 6, no: 4, counted: 10, electorate: 12, trustees: [2, 3] });
    expect(r.summary.superseded).toBe(2);
    expect(r.summary.complete).toBe(true);
    expect(r.summary.head).toBe(sim.board.head);
  });

  it('gives the same report from a stream of lines (the CLI reads files line by line), superseded ballots subtracted', async () => {
    async function* stream(ls: readonly string[]) {
      for (const l of ls) yield l;
      yield '';
    }
    const r = await verifyBoard(stream(lines), { collectCounted: true });
    expect(r).toEqual(await verifyBoard(lines, { collectCounted: true }));
    expect(r.summary.result).toMatchObject({ yes: 6, no: 4, counted: 10 });
    expect(r.summary.countedTrackers).toHaveLength(10);
    // A forged ballot met mid-stream is still named with its check and seq.
    const i = lines.findIndex((l) => l.includes('"type":"ballot"'));
    const forged = edit(lines, (_r, j) => j === i, (rec) => (rec.body.ciphertext.beta = JSON.parse(lines[i + 1]!).body.ciphertext.beta));
    expect((await verifyBoard(stream(forged))).failure).toMatchObject({ check: 'B10', seq: i });
  });

  it('verifies a board in progress as far as it goes', async () => {
    const upTo = lines.findIndex((l) => l.includes('"type":"close"'));
    const r = await verifyBoard(lines.slice(0, upTo));
    expect(r.ok).toBe(true);
    expect(r.summary.complete).toBe(false);
    expect(r.summary.stage).toBe('open');
  });

  it('uses a missing trustee path: any k of n decrypt', async () => {
    const s = simulateElection({ eligible: 3, yes: 1, no: 2, threshold: 2, trustees: 3, tallyTrustees: [1, 3] });
    const r = await verifyBoard(s.board.toJSONLines());
    expect(r.ok).toBe(true);
    expect(r.summary.trusteesTookPart).toEqual([1, 3]);
  });
});

describe('tampering is detected and named', () => {
  const isBallot = (r: { type: string }) => r.type === 'ballot';

  it('an edited record without re-chaining breaks the chain (B2)', async () => {
    const f = await failure(edit(lines, isBallot, (r) => (r.body.ciphertext.beta = flipHex(r.body.ciphertext.beta)), false));
    expect(f.check).toBe('B2');
    expect(f.type).toBe('ballot');
    expect(f.message).toMatch(/edited/);
  });

  it('a deleted record breaks the chain (B2)', async () => {
    const ls = [...lines];
    ls.splice(20, 1);
    const f = await failure(ls);
    expect(f.check).toBe('B2');
    expect(f.seq).toBe(20);
  });

  it('a non-canonical line is named (B1)', async () => {
    const ls = [...lines];
    ls[3] = ls[3]!.replace('{', '{ ');
    expect((await failure(ls)).check).toBe('B1');
  });

  it('an edited ballot ciphertext, re-chained, fails its signature (B10)', async () => {
    const f = await failure(edit(lines, isBallot, (r) => (r.body.ciphertext.beta = sim.board.ofType('ballot')[3]!.body.ciphertext.beta)));
    expect(f.check).toBe('B10');
    expect(f.type).toBe('ballot');
  });

  it('an edited proof, re-chained, is caught (B10: the signature covers the proof)', async () => {
    const f = await failure(edit(lines, isBallot, (r) => (r.body.proof.responses[0] = r.body.proof.responses[1])));
    expect(f.check).toBe('B10');
  });

  it('a voter-signed ballot with a false 0/1 proof is caught (B11) and named by seq', async () => {
    // The voter encrypts 2 and proves "0 or 1" with a proof for another ciphertext, then signs it all.
    const cred = sim.credentials[11]!;
    const Y = Point.fromHex(sim.board.ofType('election_key')[0]!.body.publicKey);
    const eh = sim.board.electionHash;
    const X = Point.fromHex(cred.public);
    const honest = encrypt(Y, 1);
    const proof = proveZeroOne({ publicKey: Y, ciphertext: honest.ciphertext, value: 1, randomness: honest.randomness, context: ballotContext(eh, X) });
    const evil = encrypt(Y, 2);
    const ct = ciphertextToJSON(evil.ciphertext);
    const pj = sigmaProofToJSON(proof);
    const { scalarFromHex } = await import('../crypto');
    const sig = sign(scalarFromHex(cred.secret), ballotSigningMessage(eh, cred.public, ct, pj, 1));
    const body: BallotBody = { credential: cred.public, ciphertext: ct, proof: pj, revision: 1, signature: signatureToJSON(sig) };
    const at = lines.findIndex((l) => l.includes('"type":"close"'));
    const ls = [...lines.slice(0, at), canonicalJson({ seq: 0, prev: ZERO_HASH, type: 'ballot', body, hash: ZERO_HASH }), ...lines.slice(at)];
    const f = await failure(rechain(ls));
    expect(f).toMatchObject({ check: 'B11', seq: at, type: 'ballot' });
  });

  it('a ballot stuffed with an unknown credential is caught (B9)', async () => {
    const eh = sim.board.electionHash;
    const Y = Point.fromHex(sim.board.ofType('election_key')[0]!.body.publicKey);
    const stuffed = prepareBallot({ electionHash: eh, publicKey: Y }, generateCredential().secret, 1);
    const at = lines.findIndex((l) => l.includes('"type":"close"'));
    const ls = [...lines.slice(0, at), canonicalJson({ seq: 0, prev: ZERO_HASH, type: 'ballot', body: stuffed.body, hash: ZERO_HASH }), ...lines.slice(at)];
    const f = await failure(rechain(ls));
    expect(f).toMatchObject({ check: 'B9', seq: at });
    expect(f.message).toMatch(/not on the list/);
  });

  it('a replayed ballot is caught (B9)', async () => {
    const at = lines.findIndex((l) => l.includes('"type":"close"'));
    const ls = [...lines.slice(0, at), lines[at - 1]!, ...lines.slice(at)];
    const f = await failure(rechain(ls));
    expect(f).toMatchObject({ check: 'B9', seq: at });
    expect(f.message).toMatch(/replay/);
  });

  it('a dropped ballot (re-chained) is caught by the revisions (B9a) or the closing count (B12)', async () => {
    // The first ballots are the revoters' first (revision 1) ballots: dropping one leaves its revision 2 alone.
    const i = lines.findIndex((l) => l.includes('"type":"ballot"'));
    const ls = [...lines];
    ls.splice(i, 1);
    expect((await failure(rechain(ls))).check).toBe('B9a');
    // The last ballot is some credential's latest: only the closing count says one is missing.
    const j = lines.findLastIndex((l) => l.includes('"type":"ballot"'));
    const ls2 = [...lines];
    ls2.splice(j, 1);
    expect((await failure(rechain(ls2))).check).toBe('B12');
  });

  it('an extra credential is caught (B7)', async () => {
    const f = await failure(edit(lines, (r) => r.type === 'credentials', (r) => (r.body.credentials = [...r.body.credentials, 'f'.repeat(63) + '0'].sort())));
    expect(f.check).toBe('B7');
  });

  it('a credential that is not a point is caught (B7), also when the list was decoded while the ballots were read', async () => {
    let bad = '';
    const f = await failure(
      edit(lines, (r) => r.type === 'credentials', (r) => {
        // Same list order: only the last hex digit of credentials[3] changes, to a value that does not decode.
        const c: string = r.body.credentials[3];
        bad = [...'0123456789abcdef'].map((d) => c.slice(0, 63) + d).find((x) => x !== c && !decodes(x))!;
        r.body.credentials[3] = bad;
      }),
    );
    expect(bad).not.toBe('');
    expect(f).toMatchObject({ check: 'B7', type: 'credentials' });
    expect(f.message).toContain('credentials[3]');
  });

  it('a trustee dealing changed on the board no longer carries its dealer’s signature (B6, step B6.2)', async () => {
    // (A dealer who itself signs a dealing that differs from its digest is disqualified: src/ballot/dkg-attacks.test.ts.)
    const other = mulBase(randomScalar()).toHex();
    const f = await failure(edit(lines, (r) => r.type === 'dkg_dealing', (r) => (r.body.dealing.commitments[1] = other)));
    expect(f).toMatchObject({ check: 'B6', step: 'B6.2', type: 'dkg_dealing' });
    expect(f.message).toMatch(/not signed by that trustee/);
  });

  it('a substituted election key is caught (B6)', async () => {
    const f = await failure(edit(lines, (r) => r.type === 'election_key', (r) => (r.body.publicKey = mulBase(randomScalar()).toHex())));
    expect(f).toMatchObject({ check: 'B6', type: 'election_key' });
  });

  it('a wrong encrypted tally is caught (B13)', async () => {
    const b = sim.board.ofType('ballot')[0]!.body.ciphertext;
    const f = await failure(edit(lines, (r) => r.type === 'tally', (r) => (r.body.ciphertext = b)));
    expect(f.check).toBe('B13');
  });

  it('a trustee’s false partial decryption is caught and the trustee named (B14)', async () => {
    const f = await failure(edit(lines, (r) => r.type === 'partial_decryption', (r) => (r.body.partial.share = mulBase(randomScalar()).toHex())));
    expect(f).toMatchObject({ check: 'B14', type: 'partial_decryption' });
    expect(f.message).toMatch(/trustee 2/);
  });

  it('a falsified result is caught (B15)', async () => {
    const f = await failure(edit(lines, (r) => r.type === 'result', (r) => {
      r.body.yes = 4;
      r.body.no = 6;
    }));
    expect(f.check).toBe('B15');
    expect(f.message).toMatch(/4–6 is posted but the decryption gives 6–4/);
  });

  it('a falsified decision is caught (B15)', async () => {
    const f = await failure(edit(lines, (r) => r.type === 'result', (r) => (r.body.decision.result = 'lost')));
    expect(f.check).toBe('B15');
  });

  it('a forged trustee key proof is caught (B5)', async () => {
    const f = await failure(edit(lines, (r) => r.type === 'trustee_key', (r) => (r.body.publicKey = mulBase(randomScalar()).toHex())));
    expect(f.check).toBe('B5');
  });

  it('a record appended after the result is caught (B3)', async () => {
    const f = await failure(rechain([...lines, lines.find((l) => l.includes('"type":"ballot"'))!]));
    expect(f).toMatchObject({ check: 'B3', seq: lines.length });
  });

  it('records out of protocol order are caught (B3)', async () => {
    const i = lines.findIndex((l) => l.includes('"type":"open"'));
    const ls = [...lines];
    const [open] = ls.splice(i, 1);
    ls.splice(i + 2, 0, open!);
    expect((await failure(rechain(ls))).check).toBe('B3');
  });

  it('a revoked credential’s ballots stop counting, and its replacement can vote', async () => {
    const s = simulateElection({ eligible: 5, yes: 3, no: 2, threshold: 1, trustees: 1, lostCredentials: 2 });
    const r = await verifyBoard(s.board.toJSONLines());
    expect(r.failure).toBeNull();
    expect(r.summary).toMatchObject({ revoked: 2, revocations: 2, counted: 5, result: { yes: 3, no: 2 } });
    // A ballot by the revoked credential after its revocation is refused.
    const ls = s.board.toJSONLines().trim().split('\n');
    const revoked = s.board.ofType('revocation')[0]!.body.revoked;
    const firstBallotByRevoked = ls.findIndex((l) => l.includes('"type":"ballot"') && l.includes(revoked));
    const at = ls.findIndex((l) => l.includes('"type":"close"'));
    const moved = [...ls.slice(0, firstBallotByRevoked), ...ls.slice(firstBallotByRevoked + 1, at), ls[firstBallotByRevoked]!, ...ls.slice(at)];
    const f = await failure(rechain(moved));
    expect(f.check).toBe('B9');
  });
});
