import { beforeAll, describe, expect, it } from 'vitest';
import { G, Point, addCiphertexts, ciphertextToJSON, encrypt, initCrypto, mulBase, proveZeroOne, scalarAdd, scalarFromHex, sigmaProofToJSON, sign, signatureToJSON, type Scalar } from '../crypto';
import { generateCredential } from '../ballot/booth';
import { ContestBoard, checkContestBallot, choiceContext, contestSigningMessage, prepareContestBallot, sumContext, type ContestBallotBody, type ContestBallotManifest, type ContestRecord } from './board';
import { simulateContestBallot } from './simulate';
import { verifyContestBoard, type BoardSource } from './verify';

const manifest = (blankAllowed: boolean): Omit<ContestBallotManifest, 'version'> => ({
  contestId: 'test',
  nonce: '0123456789abcdef0123456789abcdef',
  ballot: 'round-1',
  title: 'test round',
  candidates: [
    { id: 'ada', name: 'Ada' },
    { id: 'bea', name: 'Bea' },
    { id: 'cy', name: 'Cy' },
  ],
  blankAllowed,
  counting: 'last',
  electorate: 9,
  trustees: { threshold: 2, count: 3, names: ['T1', 'T2', 'T3'] },
  opensAt: '2024-09-04T13:00:00Z',
  closesAt: '2024-09-04T15:00:00Z',
});

beforeAll(async () => {
  await initCrypto();
});

/** Rebuilds a board from records with `edit` applied to the bodies, re-hashing the whole chain (what a lying server can do). */
function rebuild(records: readonly ContestRecord[], edit: (r: ContestRecord) => ContestRecord['body'] | 'drop'): ContestBoard {
  const b = new ContestBoard();
  for (const r of records) {
    const body = edit(r);
    if (body === 'drop') continue;
    b.append(r.type, body as never);
  }
  return b;
}

describe('1-of-k ballot board: simulate and verify', () => {
  it('verifies a round with votes, blank ballots, revotes and abstentions, and decrypts the counts', async () => {
    const board = simulateContestBallot({ manifest: manifest(true), counts: { ada: 3, bea: 2, cy: 1 }, blank: 1, revoters: 2 });
    const r = await verifyContestBoard(board.toJSONLines());
    expect(r.failure).toBeNull();
    expect(r.summary.result).toMatchObject({ counts: { ada: 3, bea: 2, cy: 1 }, blank: 1, counted: 7, abstentions: 2 });
    expect(r.summary.superseded).toBe(2);
    expect(r.passed).toHaveLength(15);
  });
  it('with "first valid counts", a later ballot of the same credential does not count', async () => {
    const board = simulateContestBallot({ manifest: { ...manifest(true), counting: 'first' }, counts: { ada: 2, bea: 1, cy: 0 }, blank: 0, revoters: 1 });
    const r = await verifyContestBoard(board.toJSONLines());
    expect(r.summary.result?.counts).toEqual({ ada: 2, bea: 1, cy: 0 });
    expect(r.summary.superseded).toBe(1);
  });
  it('without blank ballots, the sum proof shows exactly one vote', async () => {
    const board = simulateContestBallot({ manifest: manifest(false), counts: { ada: 1, bea: 1, cy: 1 }, blank: 0 });
    expect((await verifyContestBoard(board.toJSONLines())).ok).toBe(true);
    expect(() => simulateContestBallot({ manifest: manifest(false), counts: { ada: 1 }, blank: 1 })).toThrow(/blank/);
  });
});

describe('attacks on a round board (whole records rebuilt with the project’s own functions, chain re-hashed)', () => {
  let records: ContestRecord[];
  let eh: string;
  let Y: Point;
  beforeAll(() => {
    const board = simulateContestBallot({ manifest: manifest(true), counts: { ada: 2, bea: 1, cy: 1 }, blank: 0 });
    records = board.records;
    eh = board.electionHash;
    Y = Point.fromHex(board.ofType('election_key')[0]!.body.publicKey);
  });

  /** A ballot giving 1 to two candidates, each choice with a valid 0/1 proof, signed by a real credential. */
  function doubleVote(credentialSecret: string): ContestBallotBody {
    const x = scalarFromHex(credentialSecret);
    const X = mulBase(x);
    const encs = [1, 1, 0].map((v) => encrypt(Y, v));
    const proofs = encs.map((e, i) => sigmaProofToJSON(proveZeroOne({ publicKey: Y, ciphertext: e.ciphertext, value: [1, 1, 0][i]!, randomness: e.randomness, context: choiceContext(eh, X, i) })));
    const sum = addCiphertexts(...encs.map((e) => e.ciphertext));
    let R: Scalar = 0n;
    for (const e of encs) R = scalarAdd(R, e.randomness);
    // The best a cheater can do: claim the sum holds 1 (it holds 2), so this proof is not valid.
    const sumProof = sigmaProofToJSON(proveZeroOne({ publicKey: Y, ciphertext: { alpha: sum.alpha, beta: sum.beta.sub(G) }, value: 1, randomness: R, context: sumContext(eh, X) }));
    const unsigned = { credential: X.toHex(), choices: encs.map((e) => ciphertextToJSON(e.ciphertext)), proofs, sumProof };
    return { ...unsigned, signature: signatureToJSON(sign(x, contestSigningMessage(eh, unsigned))) };
  }

  it('a ballot voting for two candidates (would have doubled a vote) fails R11, and the server refuses it at cast time', async () => {
    // The credential authority's list with an unused credential swapped for one the attacker holds, and the
    // forged ballot cast with it: everything but the sum proof is valid.
    const cred = generateCredential();
    const used = new Set(records.filter((r) => r.type === 'ballot').map((r) => (r.body as ContestBallotBody).credential));
    const firstBallot = records.findIndex((r) => r.type === 'ballot');
    const b = new ContestBoard();
    for (const r of records) {
      if (r.seq === firstBallot) b.append('ballot', doubleVote(cred.secret));
      if (r.type === 'credentials') {
        const list = (r.body as { credentials: string[] }).credentials;
        const unused = list.find((c) => !used.has(c))!;
        b.append('credentials', { credentials: [...list.filter((c) => c !== unused), cred.public].sort() });
      } else b.append(r.type, r.body as never);
    }
    const rep = await verifyContestBoard(b.toJSONLines());
    expect(rep.failure?.check).toBe('R11');
    expect(rep.failure?.seq).toBe(firstBallot);
    expect(checkContestBallot((b.records[0]!.body as { manifest: ContestBallotManifest }).manifest, b.electionHash, Y, doubleVote(cred.secret))).toBe('proof');
  });
  it('a ballot stuffed by the server with a credential not on the list fails R9', async () => {
    const m = records[0]!.body as { manifest: ContestBallotManifest };
    const intruder = generateCredential();
    const stuffed = prepareContestBallot(m.manifest, eh, Y, intruder.secret, 0);
    const at = records.findIndex((r) => r.type === 'ballot');
    const b = new ContestBoard();
    for (const r of records) {
      if (r.seq === at) b.append('ballot', stuffed.body);
      b.append(r.type, r.body as never);
    }
    const rep = await verifyContestBoard(b.toJSONLines());
    expect(rep.failure?.check).toBe('R9');
  });
  it('a result record giving a vote to another candidate (re-hashed) fails R15', async () => {
    const b = rebuild(records, (r) => (r.type === 'result' ? { ...(r.body as object), counts: { ada: 1, bea: 2, cy: 1 } } : r.body) as never);
    const rep = await verifyContestBoard(b.toJSONLines());
    expect(rep.failure?.check).toBe('R15');
    expect(rep.failure?.message).toMatch(/Ada: 1 posted, 2 decrypted/);
  });
  it('a ballot dropped by the server (tally re-summed, re-hashed) fails R12 or R13 as the close and tally no longer match', async () => {
    const at = records.findIndex((r) => r.type === 'ballot');
    const b = rebuild(records, (r) => (r.seq === at ? 'drop' : r.body));
    const rep = await verifyContestBoard(b.toJSONLines());
    expect(rep.failure?.check).toBe('R12');
  });
  it('an edited record without re-hashing fails R2', async () => {
    const lines = new ContestBoard();
    for (const r of records) lines.append(r.type, r.body as never);
    const text = lines.toJSONLines().replace('"at":"2024-09-04T15:00:00Z"', '"at":"2024-09-04T16:00:00Z"');
    expect((await verifyContestBoard(text)).failure?.check).toBe('R2');
  });
});

describe('a board streamed from a source (a file read line by line, twice)', () => {
  /** A source over text; `later[i]` (if given) is what reading i + 2 returns: a file edited while it is verified. */
  const source = (text: string, ...later: string[]): BoardSource & { readings: number } => {
    const src = {
      readings: 0,
      lines() {
        const t = src.readings === 0 ? text : (later[src.readings - 1] ?? later.at(-1) ?? text);
        src.readings++;
        return (async function* () {
          yield* t.split('\n');
        })();
      },
    };
    return src;
  };

  it('gives the same report as the text, reading the board twice (a third time for the ballots that do not count)', async () => {
    const board = simulateContestBallot({ manifest: manifest(true), counts: { ada: 2, bea: 2, cy: 1 }, blank: 1, revoters: 1 });
    const text = board.toJSONLines();
    const src = source(text);
    const streamed = await verifyContestBoard(src);
    expect(streamed).toEqual(await verifyContestBoard(text));
    expect(streamed.ok).toBe(true);
    expect(streamed.summary.records).toBe(board.records.length);
    expect(streamed.summary.superseded).toBe(1);
    expect(src.readings).toBe(3);
  });

  it('an uncounted ballot that differs in the third reading fails R2 at that record', async () => {
    const board = simulateContestBallot({ manifest: manifest(true), counts: { ada: 1, bea: 1, cy: 0 }, blank: 0, revoters: 1 });
    const text = board.toJSONLines();
    const first = board.records.find((r) => r.type === 'ballot')!.seq; // under "last counts" the revoter's first ballot is superseded
    const lines = text.split('\n');
    lines[first] = lines[first]!.replace(/"alpha":"[0-9a-f]{4}/, (m) => m.slice(0, -4) + (m.slice(-4) === '0000' ? '1111' : '0000'));
    const rep = await verifyContestBoard(source(text, text, lines.join('\n')));
    expect(rep.failure).toMatchObject({ check: 'R2', seq: first });
  });

  it('a ballot that differs in the second reading (the file changed, re-hashed) fails R2 at that record', async () => {
    const board = simulateContestBallot({ manifest: manifest(true), counts: { ada: 1, bea: 1, cy: 1 }, blank: 0 });
    const records = board.records;
    const at = records.filter((r) => r.type === 'ballot')[1]!.seq;
    const other = simulateContestBallot({ manifest: manifest(true), counts: { ada: 1, bea: 1, cy: 1 }, blank: 0 });
    const lines = board.toJSONLines().split('\n');
    lines[at] = other.toJSONLines().split('\n')[at]!;
    const rep = await verifyContestBoard(source(board.toJSONLines(), lines.join('\n')));
    expect(rep.failure).toMatchObject({ check: 'R2', seq: at });
    expect(rep.failure?.message).toMatch(/changed while it was verified/);
  });

  it('an empty line inside the board is still a record that is not JSON (R1); a final newline is not', async () => {
    const board = simulateContestBallot({ manifest: manifest(true), counts: { ada: 1, bea: 0, cy: 0 }, blank: 0 });
    const text = board.toJSONLines();
    expect((await verifyContestBoard(source(text + '\n\n'))).ok).toBe(true);
    const lines = text.split('\n');
    lines.splice(3, 0, '');
    expect((await verifyContestBoard(source(lines.join('\n')))).failure).toMatchObject({ check: 'R1', seq: 3 });
  });
});
