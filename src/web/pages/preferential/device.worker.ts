/**
 * The Web Worker that runs the preferential pages' heavy steps (./device-steps.ts): reading and verifying the board,
 * shuffling and proving, decrypting. The page posts one request, gets progress messages and one answer; the
 * trustee's secret file is handed to this worker on the device and never leaves it.
 */
/// <reference lib="webworker" />
import { decryptStep, DeviceRefused, mixStep, verifyStep, type DeviceProgress, type TrusteeFile } from './device-steps';

export type DeviceRequest = { op: 'mix'; eid: string; file: TrusteeFile; receipts: unknown[] } | { op: 'decrypt'; eid: string; file: TrusteeFile; receipts: unknown[] } | { op: 'verify'; eid: string; receipts: unknown[] };
/** Every message names the request it answers (`id`): one worker serves the page's steps, loaded once. */
export type DeviceMessage = { id: number } & ({ progress: DeviceProgress } | { result: unknown } | { refused: DeviceRefused['refusal'] } | { error: string });

const scope = self as unknown as { onmessage: ((ev: MessageEvent<{ id: number; req: DeviceRequest }>) => void) | null; postMessage: (m: DeviceMessage) => void };

scope.onmessage = (ev) => {
  const { id, req } = ev.data;
  const progress = (p: DeviceProgress) => scope.postMessage({ id, progress: p });
  const run = req.op === 'mix' ? mixStep(req.eid, req.file, progress, req.receipts) : req.op === 'decrypt' ? decryptStep(req.eid, req.file, progress, req.receipts) : verifyStep(req.eid, req.receipts, progress);
  run.then(
    (result) => scope.postMessage({ id, result }),
    (e: unknown) => scope.postMessage(e instanceof DeviceRefused ? { id, refused: e.refusal } : { id, error: e instanceof Error ? e.message : String(e) }),
  );
};
