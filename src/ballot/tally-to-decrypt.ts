/**
 * The tally a trustee decrypts: the one on a board that verifies up to it (B1–B13: its chain, its election, and the
 * tally equal to the homomorphic sum of the counted ballots), never the ciphertext the server's API names; and the
 * election key of that same reading. A trustee
 * who decrypted whatever the server sent would be a decryption oracle: k trustees decrypting a "tally" that is one
 * voter's ballot (or Σ 2^i·ballot_i over a few dozen voters) give the server those votes, and the server can then
 * ask again with the real tally. Used by the CLI (`confidence trustee decrypt`) and the trustees' web page.
 */
import type { Ciphertext } from '../crypto';
import { ciphertextFromJSON } from '../crypto/serialize';
import { AppError } from '../domain/errors';
import type { ElectionKeyBody, TallyBody } from './records';
import { formatFailure, verifyBoard } from './verify';

/** True for a board line whose record type is `type` (canonical records end with their type: keys are sorted). */
export function isRecordLine(line: string, type: string): boolean {
  return line.endsWith(`,"type":"${type}"}`);
}

/**
 * Verifies the board (as it is read) and returns its tally with the counts, once B13 has passed for it. The board must
 * be the election's (`electionHash`, the trustee's own file names it). Throws BOARD_CHECK_FAILED otherwise; a board
 * that fails only after the tally (e.g. another trustee's wrong partial, B14) still gives its verified tally.
 */
export async function verifiedTally(lines: string | AsyncIterable<string>, electionHash: string): Promise<{ ciphertext: Ciphertext; counted: number; electionKey: ElectionKeyBody }> {
  let tallyLine: string | null = null;
  let keyLine: string | null = null;
  const seen = (line: string) => {
    if (tallyLine === null && isRecordLine(line, 'tally')) tallyLine = line;
    if (keyLine === null && isRecordLine(line, 'election_key')) keyLine = line;
  };
  let input: string | AsyncIterable<string>;
  if (typeof lines === 'string') {
    input = lines;
    for (const l of lines.split('\n')) seen(l);
  } else {
    const src = lines;
    input = (async function* () {
      for await (const l of src) {
        seen(l);
        yield l;
      }
    })();
  }
  const report = await verifyBoard(input, { expect: { electionHash } });
  if (!report.passed.includes('B13') || tallyLine === null || keyLine === null) {
    const why = report.failure ? formatFailure(report.failure) : `the board has no verified tally yet (stage ${report.summary.stage})`;
    throw new AppError('BOARD_CHECK_FAILED', `the board does not verify up to its tally, so there is nothing a trustee may decrypt: ${why}`);
  }
  const body = (JSON.parse(tallyLine) as { body: TallyBody }).body;
  // The election key of the same reading (its verification keys check the partial decryption's proof).
  const electionKey = (JSON.parse(keyLine) as { body: ElectionKeyBody }).body;
  return { ciphertext: ciphertextFromJSON(body.ciphertext, 'tally', { allowIdentityAlpha: true }), counted: body.counted, electionKey };
}
