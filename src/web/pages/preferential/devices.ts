/**
 * The mix server's, the trustee's and the verifier's steps as the web pages run them, on this device: the work
 * (./device-steps.ts: read the board as it downloads, verify it, shuffle and prove, or decrypt only the cells the
 * count needs now) runs on a Web Worker (./device.worker.ts), so the page stays responsive and shows progress; this
 * thread only posts the public results with the session. A mix goes up as a stream of lines (a Blob body to
 * `…/mixes/stream`, as `confidence preferential mix` does), so its size is not bounded by a JSON body.
 * Where Worker is missing (an old browser, a DOM test), the same steps run here.
 */
import { postBody } from '../../api';
import type { DecryptionShareBody, PreferentialBoardReport } from '../../../mixnet/board';
import { MIX_STREAM_TYPE } from '../../../mixnet/board';
import { preferentialApi } from './api';
import type { DeviceMessage, DeviceRequest } from './device.worker';
import type { DeviceProgress, DeviceRefused, MixStepResult, TrusteeFile } from './device-steps';
import { mixReceiptProblem } from '../../../mixnet/mix-receipt';
import { initCrypto } from '../../../crypto';

export type { DeviceProgress, TrusteeFile };

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

class WrongFile extends Error {}

function refusal(r: DeviceRefused['refusal']): Error {
  return r.kind === 'board' ? new BoardCheckFailed(r.check, r.detail) : new WrongFile();
}

/** The page's one device worker, started on first use and kept (the crypto's WebAssembly is loaded once). */
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress: (p: DeviceProgress) => void }>();

function deviceWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./device.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (ev: MessageEvent<DeviceMessage>) => {
    const m = ev.data;
    const job = waiting.get(m.id);
    if (!job) return;
    if ('progress' in m) return job.onProgress(m.progress);
    waiting.delete(m.id);
    if ('result' in m) job.resolve(m.result);
    else if ('refused' in m) job.reject(refusal(m.refused));
    else job.reject(new Error(m.error));
  };
  // A worker that fails to load or crashes fails every step in flight; the next step starts a new one.
  w.onerror = (ev) => {
    ev.preventDefault();
    for (const job of waiting.values()) job.reject(new Error(ev.message || 'the device worker failed'));
    waiting.clear();
    w.terminate();
    if (worker === w) worker = null;
  };
  return (worker = w);
}

/** Runs one request on the device worker, or in this thread where there is no Worker. */
async function onDevice<T>(req: DeviceRequest, onProgress: (p: DeviceProgress) => void): Promise<T> {
  if (typeof Worker === 'undefined') {
    const steps = await import('./device-steps');
    try {
      const r = req.op === 'mix' ? await steps.mixStep(req.eid, req.file, onProgress, req.receipts) : req.op === 'decrypt' ? await steps.decryptStep(req.eid, req.file, onProgress, req.receipts) : await steps.verifyStep(req.eid, req.receipts, onProgress);
      return r as T;
    } catch (e) {
      throw e instanceof steps.DeviceRefused ? refusal(e.refusal) : e;
    }
  }
  const w = deviceWorker();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    w.postMessage({ id, req });
  });
}

/**
 * Mix server k (the next one): verify the board with the trustee's receipts (a mix of its own already receipted must
 * be there, M17), shuffle the previous output with a proof on the worker, stream it up, and check the board's
 * receipt for it against what the device signed (`problem` is null when it is right).
 */
export async function mixHere(eid: string, file: TrusteeFile, wrongFile: () => Error, onProgress: (p: DeviceProgress) => void = () => {}, receipts: unknown[] = []): Promise<{ mixer: number; rows: number; seq: number; receipt: unknown; problem: string | null }> {
  let step: MixStepResult;
  try {
    step = await onDevice<MixStepResult>({ op: 'mix', eid, file, receipts }, onProgress);
  } catch (e) {
    throw e instanceof WrongFile ? wrongFile() : e;
  }
  onProgress({ phase: 'uploading', bytes: step.body.size });
  const r = await postBody<{ seq: number; mixer: number; rows: number; receipt?: unknown }>(`/api/preferential/${encodeURIComponent(eid)}/mixes/stream`, step.body, MIX_STREAM_TYPE);
  await initCrypto();
  return { mixer: r.mixer, rows: r.rows, seq: r.seq, receipt: r.receipt ?? null, problem: mixReceiptProblem(step.boardKey, step.electionHash, step.mixer, step.digest, r.receipt) };
}

/** A trustee: partial decryptions of the cells the count needs now; null when there is nothing to do. */
export async function decryptHere(eid: string, file: TrusteeFile, wrongFile: () => Error, onProgress: (p: DeviceProgress) => void = () => {}, receipts: unknown[] = []): Promise<{ trustee: number; cells: number } | null> {
  let share: DecryptionShareBody | null;
  try {
    share = await onDevice<DecryptionShareBody | null>({ op: 'decrypt', eid, file, receipts }, onProgress);
  } catch (e) {
    throw e instanceof WrongFile ? wrongFile() : e;
  }
  if (!share) return null;
  for (let i = 0; i < share.cells.length; i += CHUNK) {
    onProgress({ phase: 'decrypting', cells: Math.min(share.cells.length, i + CHUNK) });
    await preferentialApi.share(eid, { trustee: share.trustee, cells: share.cells.slice(i, i + CHUNK) });
  }
  return { trustee: share.trustee, cells: share.cells.length };
}

/** The browser verifier (M1–M15 with the receipts the reader gives), on the worker. */
export function verifyHere(eid: string, receipts: unknown[], onProgress: (p: DeviceProgress) => void = () => {}): Promise<PreferentialBoardReport> {
  return onDevice<PreferentialBoardReport>({ op: 'verify', eid, receipts }, onProgress);
}
