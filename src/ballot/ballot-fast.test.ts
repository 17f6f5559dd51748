import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, initCrypto, seededRng } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { ballotRecordFields, checkBallotLinesFast } from './ballot-fast';
import { checkBallotChunk } from './ballot-check';
import { generateCredential, prepareBallot } from './booth';
import type { BallotBody } from './records';

beforeAll(async () => {
  await initCrypto();
});

const rng = seededRng('ballot-fast');
const electionHash = 'ab'.repeat(32);
const key = generateKeyPair(rng);
const params = { electionHash, publicKey: key.publicKey };
const publicKey = key.publicKey.toHex();

/** A board line for a ballot body (the fast path reads the line up to its hash). */
function line(seq: number, body: unknown): string {
  return canonicalJson({ seq, prev: '00'.repeat(32), type: 'ballot', body, hash: '11'.repeat(32) });
}

const bodies: BallotBody[] = Array.from({ length: 12 }, (_, i) => prepareBallot(params, generateCredential(rng).secret, (i % 2) as 0 | 1, rng, 1 + (i % 3) * 5).body);
const lines = bodies.map((b, i) => line(i, b));

/** The general path's verdict on the same ballots, given as parsed bodies (never the fast path). */
function general(ls: string[]) {
  return checkBallotChunk({ electionHash, publicKey, ballots: ls.map((l, seq) => ({ seq, counted: true, body: (JSON.parse(l) as { body: BallotBody }).body })) });
}

function mutate(i: number, f: (b: Record<string, any>) => void): string[] {
  const copy = structuredClone(bodies[i]!) as Record<string, any>;
  f(copy);
  return lines.map((l, j) => (j === i ? line(i, copy) : l));
}

const flipHex = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);

describe('fast ballot checks from canonical lines', () => {
  it('vouches for valid ballots with the same homomorphic sum as the general checks', () => {
    const fast = checkBallotLinesFast(electionHash, key.publicKey, lines);
    const slow = general(lines);
    expect(slow.failures).toEqual([]);
    expect(fast).toEqual(slow.sum);
    expect(checkBallotChunk({ electionHash, publicKey, ballots: lines.map((l, seq) => ({ seq, counted: true, line: l })) })).toEqual(slow);
  });

  const cases: [string, string[]][] = [
    ['a response changed (only the combined equation catches it)', mutate(3, (b) => (b.proof.responses[1] = flipHex(b.proof.responses[1])))],
    ['the other response changed', mutate(4, (b) => (b.proof.responses[0] = flipHex(b.proof.responses[0])))],
    ['the signature scalar changed', mutate(5, (b) => (b.signature.s = flipHex(b.signature.s)))],
    ['a challenge changed', mutate(6, (b) => (b.proof.challenges[0] = flipHex(b.proof.challenges[0])))],
    ['the revision changed (signed)', mutate(7, (b) => (b.revision = b.revision + 1))],
    ['another ballot’s β (both challenges and the signature)', mutate(8, (b) => (b.ciphertext.beta = bodies[9]!.ciphertext.beta))],
    ['uppercase hex', mutate(2, (b) => (b.credential = b.credential.toUpperCase()))],
    ['a revision out of range', mutate(1, (b) => (b.revision = 1_000_001))],
    ['an identity α', mutate(0, (b) => (b.ciphertext.alpha = '00'.repeat(32)))],
    ['a non-canonical point', mutate(10, (b) => (b.proof.commitments[1][0] = 'ff'.repeat(32)))],
    ['a non-reduced scalar', mutate(11, (b) => (b.proof.responses[0] = 'ff'.repeat(32)))],
    ['an extra field', mutate(11, (b) => (b.extra = 1))],
  ];
  it.each(cases)('gives way to the general checks, which name the same failures: %s', (_, ls) => {
    expect(checkBallotLinesFast(electionHash, key.publicKey, ls)).toBeNull();
    const slow = general(ls);
    expect(slow.failures.length).toBeGreaterThan(0);
    expect(checkBallotChunk({ electionHash, publicKey, ballots: ls.map((l, seq) => ({ seq, counted: true, line: l })) })).toEqual(slow);
  });
});

describe('ballot record lines read at fixed offsets', () => {
  it('gives the fields JSON.parse gives, for a well-formed canonical ballot record', () => {
    for (const [seq, l] of [lines[0]!, lines[5]!, line(1234567, bodies[2])].entries()) {
      const f = ballotRecordFields(l)!;
      const r = JSON.parse(l) as { seq: number; hash: string; prev: string; body: BallotBody };
      expect(f).not.toBeNull();
      expect([f.seq, f.hash, f.prev, f.revision]).toEqual([r.seq, r.hash, r.prev, r.body.revision]);
      expect(l.slice(8, f.bodyEnd)).toBe(JSON.stringify(r.body));
      expect(l.slice(0, f.hashMember) + l.slice(f.hashMember + 74)).toBe(l.replace(`"hash":"${r.hash}",`, ''));
      expect([l.slice(f.credential, f.credential + 64), l.slice(f.alpha, f.alpha + 64), l.slice(f.beta, f.beta + 64)]).toEqual([r.body.credential, r.body.ciphertext.alpha, r.body.ciphertext.beta]);
      expect(seq).toBeGreaterThanOrEqual(0);
    }
  });

  it.each([
    ['a space', lines[0]!.replace('","beta"', '", "beta"')],
    ['a seq with a leading zero', lines[3]!.replace('"seq":3,', '"seq":03,')],
    ['another type', lines[0]!.replace('"type":"ballot"', '"type":"ballots"')],
    ['trailing text', lines[0]! + ' '],
    ['a carriage return', lines[0]! + '\r'],
    ['uppercase hex in the hash', lines[0]!.replace('"hash":"11', '"hash":"1A')],
    ['a revision with a leading zero', lines[0]!.replace('"revision":1,', '"revision":01,')],
    ['a missing signature field', line(0, { ...bodies[0], signature: { R: bodies[0]!.signature.R } })],
    ['keys out of order', lines[0]!.replace(/"prev":"(0+)","seq":0/, '"seq":0,"prev":"$1"')],
  ])('leaves other lines to the parser: %s', (_, l) => {
    expect(ballotRecordFields(l)).toBeNull();
  });
});
