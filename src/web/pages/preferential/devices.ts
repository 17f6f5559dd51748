/**
 * The mix server's and the trustee's steps as the web pages run them, on this device: fetch the board, verify it
 * (a device never builds on a board that does not verify), then the same pure steps the CLI runs
 * (src/mixnet/board.ts): `mixerStep` shuffles and proves; `trusteeDecryptionShare` works out from the board itself
 * which cells the count needs now and decrypts only those, each with its proof. Only public messages are posted.
 */
import { initCrypto } from '../../../crypto';
import { mixerStep, preferentialStateFromBoard, trusteeDecryptionShare, verifyPreferentialBoard } from '../../../mixnet/board';
import { preferentialApi } from './api';

/** Cells per posted share (the API's body limit is 256 KB), as `confidence preferential decrypt`. */
const CHUNK = 400;

export class BoardCheckFailed extends Error {
  constructor(
    readonly check: string,
    readonly detail: string,
  ) {
    super(`${check}: ${detail}`);
  }
}

async function checkedBoard(eid: string) {
  const text = await preferentialApi.board(eid);
  await initCrypto();
  await new Promise((r) => setTimeout(r, 30)); // let the "working" message paint before the checks hold the thread
  const report = verifyPreferentialBoard(text);
  if (!report.ok) throw new BoardCheckFailed(report.failures[0]!.check, report.failures[0]!.message);
  return preferentialStateFromBoard(text);
}

/** Mix server k (the next one): shuffle the previous output with a proof, post it. */
export async function mixHere(eid: string): Promise<{ mixer: number; rows: number }> {
  const s = await checkedBoard(eid);
  const step = mixerStep(s);
  const r = await preferentialApi.mix(eid, step);
  return { mixer: r.mixer, rows: r.rows };
}

export interface TrusteeFile {
  kind?: string;
  electionHash?: string;
  trustee?: number;
  secretShare?: string;
}

/** A trustee: partial decryptions of the cells the count needs now; null when there is nothing to do. */
export async function decryptHere(eid: string, file: TrusteeFile, wrongFile: () => Error): Promise<{ trustee: number; cells: number } | null> {
  const s = await checkedBoard(eid);
  if (file.kind !== 'confidence-trustee-secret/1' || file.electionHash !== s.electionHash || typeof file.trustee !== 'number' || typeof file.secretShare !== 'string') throw wrongFile();
  const vk = s.electionKey?.verificationKeys.find((v) => v.trustee === file.trustee)?.key;
  if (!vk) throw wrongFile();
  const share = trusteeDecryptionShare(s, { index: file.trustee, secretShare: file.secretShare, verificationKey: vk });
  if (!share) return null;
  for (let i = 0; i < share.cells.length; i += CHUNK) await preferentialApi.share(eid, { trustee: share.trustee, cells: share.cells.slice(i, i + CHUNK) });
  return { trustee: share.trustee, cells: share.cells.length };
}
