/**
 * A contest ballot's tallies a trustee decrypts: those on a board that verifies up to them (R1–R13: the chain, the
 * election, each tally the per-candidate sum of the counted ballots), never the ciphertexts the server's API names
 * (see ../ballot/tally-to-decrypt.ts: a trustee decrypting what the server sends is a decryption oracle for votes).
 * Used by the CLI (`confidence trustee decrypt` on a contest ballot) and the contest trustee's web page.
 */
import { isRecordLine } from '../ballot/tally-to-decrypt';
import type { ElectionKeyBody } from '../ballot/records';
import type { Ciphertext } from '../crypto';
import { ciphertextFromJSON } from '../crypto/serialize';
import { AppError } from '../domain/errors';
import type { ContestTallyBody } from './board';
import { formatRoundFailure, verifyContestBoard } from './verify';

export async function verifiedContestTally(text: string, electionHash: string): Promise<{ ciphertexts: Ciphertext[]; counted: number; electionKey: ElectionKeyBody }> {
  const report = await verifyContestBoard(text);
  const tallyLine = text.split('\n').find((l) => isRecordLine(l, 'tally'));
  const keyLine = text.split('\n').find((l) => isRecordLine(l, 'election_key'));
  if (!report.passed.includes('R13') || tallyLine === undefined || keyLine === undefined) {
    const why = report.failure ? formatRoundFailure(report.failure).split('\n')[0] : 'the board has no verified tally yet';
    throw new AppError('BOARD_CHECK_FAILED', `the board does not verify up to its tally, so there is nothing a trustee may decrypt: ${why}`);
  }
  if (report.summary.electionHash !== electionHash) throw new AppError('BOARD_CHECK_FAILED', `the board is election ${String(report.summary.electionHash)}, not this trustee's ${electionHash}`);
  const body = (JSON.parse(tallyLine) as { body: ContestTallyBody }).body;
  // The election key of the same reading: the trustee's verification key for its proofs comes from it.
  const electionKey = (JSON.parse(keyLine) as { body: ElectionKeyBody }).body;
  return { ciphertexts: body.ciphertexts.map((c, i) => ciphertextFromJSON(c, `tally[${i}]`, { allowIdentityAlpha: true })), counted: body.counted, electionKey };
}
