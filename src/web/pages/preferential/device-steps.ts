/**
 * The heavy steps of the preferential pages, as a device runs them: fetch the board and read it line by line as it
 * arrives (never one string: a 200,000-row board is about 0.7 GB), verify it (a device never builds on a board that
 * does not verify), then the same pure steps the CLI runs (src/mixnet/board.ts): `mixerStep` shuffles and proves;
 * `trusteeDecryptionShare` works out from the board itself which cells the count needs now and decrypts only those.
 * No DOM: these run on a Web Worker (./device.worker.ts), so the page stays responsive, and report progress.
 */
import { initCrypto } from '../../../crypto';
import { checkMixSigner, countedBallots, mixerStep, mixStreamParts, MIX_STREAM_TYPE, preferentialStateOf, PreferentialBoardReader, trusteeDecryptionShare, verifyPreferentialRecords, type DecryptionShareBody, type PreferentialBoardRead, type PreferentialBoardReport, type PreferentialState } from '../../../mixnet/board';
import { LineTooLong, streamLines } from '../../../mixnet/lines';
import { mixDigest } from '../../../mixnet/mix-signature';

export type DeviceProgress = { phase: 'reading'; records: number } | { phase: 'checking' } | { phase: 'shuffling'; rows: number } | { phase: 'uploading'; bytes: number } | { phase: 'decrypting'; cells: number };

/** What a step reports instead of a result when the board or the file is not one to build on. */
export type DeviceRefusal = { kind: 'board'; check: string; detail: string } | { kind: 'wrong-file' };

export class DeviceRefused extends Error {
  constructor(readonly refusal: DeviceRefusal) {
    super(refusal.kind === 'board' ? `${refusal.check}: ${refusal.detail}` : 'wrong file');
  }
}

export interface TrusteeFile {
  kind?: string;
  electionHash?: string;
  trustee?: number;
  secretShare?: string;
  /** The trustee's key-ceremony key: mix server k = trustee k signs its mix with it (M16). */
  transportSecret?: string;
}

type Progress = (p: DeviceProgress) => void;

/** The public board, read record by record as it downloads (progress every 500 records). */
async function readBoard(eid: string, progress: Progress): Promise<PreferentialBoardRead> {
  const res = await fetch(`/api/elections/${encodeURIComponent(eid)}/board.jsonl`, { credentials: 'omit' });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = new PreferentialBoardReader();
  progress({ phase: 'reading', records: 0 });
  try {
    // no line past what the board's own counts allow is assembled (recordCharsCap): a hostile line fails M13
    for await (const line of streamLines(res.body, { maxLineChars: () => reader.lineCap() })) {
      if (!reader.push(line)) break;
      if (reader.recs.length % 500 === 0) progress({ phase: 'reading', records: reader.recs.length });
    }
  } catch (e) {
    if (!(e instanceof LineTooLong)) throw e;
    reader.lineTooLong();
  }
  progress({ phase: 'reading', records: reader.recs.length });
  return reader.result();
}

/**
 * The board, verified with the receipts the trustee chose (its key-ceremony messages', M15; the mix it posted as
 * mix server, M17: a board that dropped, moved or replaced that mix, or was rewritten before it, is refused).
 */
async function checkedBoard(eid: string, progress: Progress, receipts: unknown[]): Promise<PreferentialState> {
  await initCrypto();
  const board = await readBoard(eid, progress);
  progress({ phase: 'checking' });
  const report = verifyPreferentialRecords(board, { receipts });
  if (!report.ok) throw new DeviceRefused({ kind: 'board', check: report.failures[0]!.check, detail: report.failures[0]!.message });
  return preferentialStateOf(board.recs);
}

/** What the mix server's step hands back: the upload's body, and what the board's receipt must name (M17). */
export interface MixStepResult {
  mixer: number;
  rows: number;
  body: Blob;
  electionHash: string;
  boardKey: string;
  /** The digest of the output and proof the mixer signed (M16), which its receipt names. */
  digest: string;
}

/** Mix server k (the next one): the shuffle with its proof, as the streamed upload's body (a Blob of lines). */
export async function mixStep(eid: string, file: TrusteeFile, progress: Progress, receipts: unknown[] = []): Promise<MixStepResult> {
  const s = await checkedBoard(eid, progress, receipts);
  // mix server k is trustee k: its secret file signs the mix (M16); a wrong file is refused before any shuffling
  if (file.kind !== 'confidence-trustee-secret/1' || file.electionHash !== s.electionHash || typeof file.trustee !== 'number' || typeof file.transportSecret !== 'string') throw new DeviceRefused({ kind: 'wrong-file' });
  const signer = { trustee: file.trustee, transportSecret: file.transportSecret };
  try {
    checkMixSigner(s, signer);
  } catch {
    throw new DeviceRefused({ kind: 'wrong-file' });
  }
  const rows = s.mixes.length ? s.mixes.at(-1)!.output.length : countedBallots(s.ballots, s.revocations).length;
  progress({ phase: 'shuffling', rows });
  const step = mixerStep(s, signer);
  return { mixer: step.mixer, rows: step.output.length, body: new Blob(mixStreamParts(step), { type: MIX_STREAM_TYPE }), electionHash: s.electionHash, boardKey: s.manifest.boardKey, digest: mixDigest(step.output, step.proof) };
}

/** A trustee: partial decryptions of the cells the count needs now; null when there is nothing to do. */
export async function decryptStep(eid: string, file: TrusteeFile, progress: Progress, receipts: unknown[] = []): Promise<DecryptionShareBody | null> {
  const s = await checkedBoard(eid, progress, receipts);
  if (file.kind !== 'confidence-trustee-secret/1' || file.electionHash !== s.electionHash || typeof file.trustee !== 'number' || typeof file.secretShare !== 'string') throw new DeviceRefused({ kind: 'wrong-file' });
  const vk = s.electionKey?.verificationKeys.find((v) => v.trustee === file.trustee)?.key;
  if (!vk) throw new DeviceRefused({ kind: 'wrong-file' });
  progress({ phase: 'decrypting', cells: 0 });
  return trusteeDecryptionShare(s, { index: file.trustee, secretShare: file.secretShare, verificationKey: vk });
}

/** The browser verifier: every check of the board (M1–M17 with the receipts given). */
export async function verifyStep(eid: string, receipts: unknown[], progress: Progress): Promise<PreferentialBoardReport> {
  await initCrypto();
  const board = await readBoard(eid, progress);
  progress({ phase: 'checking' });
  return verifyPreferentialRecords(board, { receipts });
}
