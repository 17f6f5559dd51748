/**
 * A contest ballot's tallies a trustee decrypts: those on a board that verifies up to them (R1–R13: the chain, the
 * election, each tally the per-candidate sum of the counted ballots), never the ciphertexts the server's API names
 * (see ../ballot/tally-to-decrypt.ts: a trustee decrypting what the server sends is a decryption oracle for votes).
 * Used by the CLI (`confidence trustee decrypt` on a contest ballot) and the contest trustee's web page.
 */
import { isRecordLine } from '../ballot/tally-to-decrypt';
import type { Ciphertext } from '../crypto';
import { ciphertextFromJSON } from '../crypto/serialize';
import { AppError } from '../domain/errors';
import type { ContestTallyBody } from './board';
import { formatRoundFailure, verifyContestBoard } from './verify';

/**
 * The verified tally with its counts and the hash of the close record of the board just verified: the trustee's
 * partials are bound to it (context ['contest-tally', eh, close, i]), so they hold for these records only.
 */
export async function verifiedContestTally(text: string, electionHash: string): Promise<{ ciphertexts: Ciphertext[]; counted: number; close: string }> {
  const report = await verifyContestBoard(text);
  const tallyLine = text.split('\n').find((l) => isRecordLine(l, 'tally'));
  if (!report.passed.includes('R13') || tallyLine === undefined || !report.summary.close) {
    const why = report.failure ? formatRoundFailure(report.failure).split('\n')[0] : 'the board has no verified tally yet';
    throw new AppError('BOARD_CHECK_FAILED', `the board does not verify up to its tally, so there is nothing a trustee may decrypt: ${why}`);
  }
  if (report.summary.electionHash !== electionHash) throw new AppError('BOARD_CHECK_FAILED', `the board is election ${String(report.summary.electionHash)}, not this trustee's ${electionHash}`);
  const body = (JSON.parse(tallyLine) as { body: ContestTallyBody }).body;
  return { ciphertexts: body.ciphertexts.map((c, i) => ciphertextFromJSON(c, `tally[${i}]`, { allowIdentityAlpha: true })), counted: body.counted, close: report.summary.close.hash };
}
