import { beforeAll, describe, expect, it } from 'vitest';
import { Point, initCrypto, rerandomize, ciphertextFromJSON, ciphertextToJSON } from '../crypto';
import { checkChallenge, decodeBallot, checkBallotProof, checkBallotSignature, generateCredential, prepareBallot, credentialPublicKey } from './booth';
import { ballotTracker, shortTracker } from './records';
import { simulateElection } from './simulate';

let params: { electionHash: string; publicKey: Point };
beforeAll(async () => {
  await initCrypto();
  const sim = simulateElection({ eligible: 1, yes: 1, no: 0, threshold: 1, trustees: 1 });
  params = { electionHash: sim.board.electionHash, publicKey: Point.fromHex(sim.board.ofType('election_key')[0]!.body.publicKey) };
});

describe('booth', () => {
  it('prepares a signed, proven ballot whose tracker is the hash of its body', () => {
    const cred = generateCredential();
    expect(credentialPublicKey(cred.secret)).toBe(cred.public);
    const b = prepareBallot(params, cred.secret, 1);
    expect(b.tracker).toBe(ballotTracker(b.body));
    expect(shortTracker(b.tracker)).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    const d = decodeBallot(b.body);
    expect(checkBallotProof(params, d)).toBe(true);
    expect(checkBallotSignature(params.electionHash, b.body, d)).toBe(true);
  });

  it('a proof cannot move to another election or credential', () => {
    const b = prepareBallot(params, generateCredential().secret, 0);
    const d = decodeBallot(b.body);
    expect(checkBallotProof({ ...params, electionHash: 'f'.repeat(64) }, d)).toBe(false);
    expect(checkBallotProof(params, { ...d, credential: Point.fromHex(generateCredential().public) })).toBe(false);
  });

  it('Benaloh challenge: an honest booth passes, a cheating booth is caught', () => {
    const cred = generateCredential();
    const honest = prepareBallot(params, cred.secret, 1);
    expect(checkChallenge(params, honest.body, honest.secret, 1)).toEqual({ ok: true, vote: 1, problems: [] });
    // The booth encrypted No while the voter chose Yes.
    const cheat = prepareBallot(params, cred.secret, 0);
    const out = checkChallenge(params, cheat.body, { vote: 1, randomness: cheat.secret.randomness }, 1);
    expect(out.ok).toBe(false);
    expect(out.vote).toBe(0);
    expect(out.problems.join(' ')).toMatch(/encrypts No/);
    // Randomness that does not open the ciphertext.
    const other = prepareBallot(params, cred.secret, 1);
    expect(checkChallenge(params, honest.body, other.secret, 1).problems[0]).toMatch(/does not open/);
    // A re-randomised ciphertext keeps the signature invalid.
    const ct = rerandomize(params.publicKey, ciphertextFromJSON(honest.body.ciphertext)).ciphertext;
    expect(checkChallenge(params, { ...honest.body, ciphertext: ciphertextToJSON(ct) }, honest.secret, 1).ok).toBe(false);
  });

  it('rejects malformed ballots with a named field', () => {
    const b = prepareBallot(params, generateCredential().secret, 1);
    expect(() => decodeBallot({ ...b.body, extra: 1 })).toThrow(/exactly/);
    expect(() => decodeBallot({ ...b.body, credential: 'zz' })).toThrow(/credential/);
    expect(() => decodeBallot({ ...b.body, proof: { ...b.body.proof, challenges: [] } })).toThrow(/proof/);
  });
});

describe('credential list fingerprint', () => {
  it('hashes exactly the canonical JSON of {domain, election, authority, credentials}, also for long lists', async () => {
    const { credentialListFingerprint } = await import('./authority');
    const { sha256Hex } = await import('./records');
    const { canonicalJson } = await import('../domain/audit/canonical-json');
    const reference = (e: string, a: string, list: unknown) => sha256Hex(canonicalJson({ domain: 'confidence/v1/credential-list', election: e, authority: a, credentials: list }));
    const e = 'ab'.repeat(32);
    const a = 'cd'.repeat(32);
    const long = Array.from({ length: 3000 }, (_, i) => i.toString(16).padStart(64, '0')); // > 64 KB of text: several pieces
    for (const list of [[], ['00'.repeat(32)], long, ['é"\\\u2028', 'x']]) expect(credentialListFingerprint(e, a, list)).toBe(reference(e, a, list));
    // A forged list that is not an array is hashed as before (its signature then fails, as it always did).
    expect(credentialListFingerprint(e, a, 'abc' as never)).toBe(reference(e, a, 'abc'));
    expect(credentialListFingerprint(e, a, null as never)).toBe(reference(e, a, null));
    expect(credentialListFingerprint(e, a, long.slice(1))).not.toBe(credentialListFingerprint(e, a, long));
  });
});
