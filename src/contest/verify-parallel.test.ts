import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Point, initCrypto, scalarFromHex, sign, signatureToJSON } from '../crypto';
import { generateCredential } from '../ballot/booth';
import { ContestBoard, contestSigningMessage, prepareContestBallot, type ContestBallotBody, type ContestBallotManifest, type ContestRecord } from './board';
import { simulateContestBallot } from './simulate';
import { verifyContestBoard } from './verify';
import { contestParallelChecker } from './verify-parallel';

// Worker threads must agree with the verifier's own thread on every board, honest or forged: the same report, the
// same first failing check at the same record. Chunks of 3 ballots put the forgeries in different chunks.
const manifest: Omit<ContestBallotManifest, 'version'> = {
  contestId: 'test',
  nonce: '0123456789abcdef0123456789abcdef',
  ballot: 'round-1',
  title: 'test round',
  candidates: [
    { id: 'ada', name: 'Ada' },
    { id: 'bea', name: 'Bea' },
  ],
  blankAllowed: true,
  counting: 'last',
  electorate: 16,
  trustees: { threshold: 2, count: 3, names: ['T1', 'T2', 'T3'] },
  opensAt: '2024-09-04T13:00:00Z',
  closesAt: '2024-09-04T15:00:00Z',
};

let records: ContestRecord[];
/** The simulation's own board, untouched (the forgeries below are made on a copy with the attacker's credential listed). */
let honest: string;
let ballotSeqs: number[];
/** A credential the attacker holds, put on the list in place of one nobody used (the list stays valid). */
const mine = generateCredential();
const checker = contestParallelChecker({ threads: 2, chunk: 3 });

beforeAll(async () => {
  await initCrypto();
  const simBoard = simulateContestBallot({ manifest, counts: { ada: 7, bea: 5 }, blank: 1, revoters: 2 });
  honest = simBoard.toJSONLines();
  const sim = simBoard.records;
  const used = new Set(sim.filter((r) => r.type === 'ballot').map((r) => (r.body as ContestBallotBody).credential));
  const b = new ContestBoard();
  for (const r of sim) {
    if (r.type !== 'credentials') b.append(r.type, r.body as never);
    else {
      const list = (r.body as { credentials: string[] }).credentials;
      const unused = list.find((c) => !used.has(c))!;
      b.append('credentials', { credentials: [...list.filter((c) => c !== unused), mine.public].sort() });
    }
  }
  records = b.records;
  ballotSeqs = records.filter((r) => r.type === 'ballot').map((r) => r.seq);
});
afterAll(async () => {
  await checker.close();
});

/** The board with some ballots replaced (re-hashed, as a lying server can). */
function forge(edits: Map<number, (b: ContestBallotBody) => ContestBallotBody>): string {
  const b = new ContestBoard();
  for (const r of records) b.append(r.type, (r.type === 'ballot' && edits.has(r.seq) ? edits.get(r.seq)!(structuredClone(r.body as ContestBallotBody)) : r.body) as never);
  return b.toJSONLines();
}

async function both(text: string) {
  const one = await verifyContestBoard(text);
  const progress: number[] = [];
  const many = await verifyContestBoard(text, { checker, onProgress: (d) => progress.push(d) });
  expect(many).toEqual(one);
  return { report: one, progress };
}

const undecodable = (b: ContestBallotBody): ContestBallotBody => ({ ...b, choices: [{ ...b.choices[0]!, alpha: 'ff'.repeat(32) }, b.choices[1]!] });
const board = () => {
  const b = new ContestBoard();
  for (const r of records) b.append(r.type, r.body as never);
  return { eh: b.electionHash, m: (records[0]!.body as { manifest: ContestBallotManifest }).manifest, Y: Point.fromHex(b.ofType('election_key')[0]!.body.publicKey) };
};
/** A well-formed ballot by a credential that is not on the list (the server stuffing the box). */
const stuffed = (): ContestBallotBody => {
  const { eh, m, Y } = board();
  return prepareContestBallot(m, eh, Y, generateCredential().secret, 0).body;
};
/** A ballot by a listed credential whose choice proofs are swapped (so a proof is false), signed again by its holder. */
const falseProof = (): ContestBallotBody => {
  const { eh, m, Y } = board();
  const b = prepareContestBallot(m, eh, Y, mine.secret, 0).body;
  const unsigned = { credential: b.credential, choices: b.choices, proofs: [b.proofs[1]!, b.proofs[0]!], sumProof: b.sumProof };
  return { ...unsigned, signature: signatureToJSON(sign(scalarFromHex(mine.secret), contestSigningMessage(eh, unsigned))) };
};

describe('contest verifier on worker threads', () => {
  it('verifies an honest board with the same report as one thread, progress up to every ballot', async () => {
    // The simulation's board itself: the copy with the attacker's credential is rebuilt after the trustees decrypted
    // it (another close record), so its partial decryptions fail R14, as they should.
    const { report, progress } = await both(honest);
    expect(report.failure).toBeNull();
    expect(report.summary.result).toMatchObject({ counts: { ada: 7, bea: 5 }, blank: 1 });
    expect(progress.at(-1)).toBe(ballotSeqs.length);
  });
  it('a ballot that does not decode, before a stuffed one in a later chunk: R9 at the first', async () => {
    const s = stuffed();
    const { report } = await both(forge(new Map([[ballotSeqs[4]!, undecodable], [ballotSeqs[11]!, () => s]])));
    expect(report.failure).toMatchObject({ check: 'R9', seq: ballotSeqs[4] });
    expect(report.failure?.message).toMatch(/does not decode/);
  });
  it('a stuffed ballot before one that does not decode: R9 at the stuffed one', async () => {
    const s = stuffed();
    const { report } = await both(forge(new Map([[ballotSeqs[2]!, () => s], [ballotSeqs[10]!, undecodable]])));
    expect(report.failure).toMatchObject({ check: 'R9', seq: ballotSeqs[2] });
    expect(report.failure?.message).toMatch(/not active/);
  });
  it('a stuffed ballot that also does not decode fails R9 as undecodable (the decoder comes first)', async () => {
    const s = undecodable(stuffed());
    const { report } = await both(forge(new Map([[ballotSeqs[7]!, () => s]])));
    expect(report.failure).toMatchObject({ check: 'R9', seq: ballotSeqs[7] });
    expect(report.failure?.message).toMatch(/does not decode/);
  });
  it('a borrowed signature (R10) after a swapped proof (R11), in other chunks: the first is named with its own check', async () => {
    const other = records.find((r) => r.seq === ballotSeqs[1])!.body as ContestBallotBody;
    const fp = falseProof();
    const wrongProof = () => fp;
    const wrongSig = (b: ContestBallotBody) => ({ ...b, signature: other.signature });
    const a = await both(forge(new Map([[ballotSeqs[5]!, wrongProof], [ballotSeqs[9]!, wrongSig]])));
    expect(a.report.failure).toMatchObject({ check: 'R11', seq: ballotSeqs[5] });
    const b = await both(forge(new Map([[ballotSeqs[3]!, wrongSig], [ballotSeqs[9]!, wrongProof]])));
    expect(b.report.failure).toMatchObject({ check: 'R10', seq: ballotSeqs[3] });
    // A bad proof found by the batch never hides a ballot that does not decode later on: R9 comes first.
    const c = await both(forge(new Map([[ballotSeqs[1]!, wrongProof], [ballotSeqs[12]!, undecodable]])));
    expect(c.report.failure).toMatchObject({ check: 'R9', seq: ballotSeqs[12] });
  });
});
