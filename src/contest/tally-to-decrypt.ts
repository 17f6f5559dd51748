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

/**
 * What a trustee's device keeps after decrypting a contest ballot: the election and the close record its partials
 * were bound to. Its partials hold for that board only (R14), so a later request to decrypt the same election under
 * another close record means the board was rebuilt after the count was known — the same ballots in another order
 * give another close record, hence another lot (ADR 0605) — and the device refuses it.
 */
export interface DecryptedClose {
  election: string;
  close: string;
}

/** Why decrypting `election` under `close` must be refused, given what the device kept (null, or unreadable: nothing kept), or null. */
export function secondCloseProblem(kept: unknown, election: string, close: string): string | null {
  const k = kept as Partial<DecryptedClose> | null;
  if (!k || typeof k !== 'object' || k.election !== election || typeof k.close !== 'string' || k.close === close) return null;
  return `you already decrypted this ballot's tally under its close record ${k.close.slice(0, 16)}…, and the board now closes with ${close.slice(0, 16)}…: it was rebuilt after your decryption (its ballots reordered or changed, which would draw another lot). Nothing was decrypted: keep both boards and tell the other trustees`;
}

/**
 * The verified tally with its counts and the hash of the close record of the board just verified: the trustee's
 * partials are bound to it (context ['contest-tally', eh, close, i]), so they hold for these records only.
 */
export async function verifiedContestTally(text: string, electionHash: string): Promise<{ ciphertexts: Ciphertext[]; counted: number; close: string; electionKey: ElectionKeyBody }> {
  const report = await verifyContestBoard(text);
  const tallyLine = text.split('\n').find((l) => isRecordLine(l, 'tally'));
  const keyLine = text.split('\n').find((l) => isRecordLine(l, 'election_key'));
  if (!report.passed.includes('R13') || tallyLine === undefined || keyLine === undefined || !report.summary.close) {
    const why = report.failure ? formatRoundFailure(report.failure).split('\n')[0] : 'the board has no verified tally yet';
    throw new AppError('BOARD_CHECK_FAILED', `the board does not verify up to its tally, so there is nothing a trustee may decrypt: ${why}`);
  }
  if (report.summary.electionHash !== electionHash) throw new AppError('BOARD_CHECK_FAILED', `the board is election ${String(report.summary.electionHash)}, not this trustee's ${electionHash}`);
  const body = (JSON.parse(tallyLine) as { body: ContestTallyBody }).body;
  // The election key of the same reading: the trustee's verification key for its proofs comes from it.
  const electionKey = (JSON.parse(keyLine) as { body: ElectionKeyBody }).body;
  return { ciphertexts: body.ciphertexts.map((c, i) => ciphertextFromJSON(c, `tally[${i}]`, { allowIdentityAlpha: true })), counted: body.counted, close: report.summary.close.hash, electionKey };
}
