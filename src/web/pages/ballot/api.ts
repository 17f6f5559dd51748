/**
 * The booth's and the verifier's calls to the public election API. No session is needed: reading the board
 * and casting a ballot are anonymous by design (a login would tie a ballot to a person at the server).
 */
import { ApiError } from '../../api';

/** The server's own view type (type-only import: no server code reaches the bundle). */
export type { ElectionView } from '../../../services/elections';
import type { ElectionView } from '../../../services/elections';

export interface Receipt {
  tracker: string;
  shortTracker: string;
  seq: number;
  head: string;
  /** Signed by the board key in the manifest: the voter keeps it and gives it to the verifier. */
  receipt: { election: string; seq: number; tracker: string; head: string; at: string; signature: { R: string; s: string } };
}

export interface CredentialState {
  credential: string;
  status: 'active' | 'revoked' | 'unknown';
  ballots: number;
  nextRevision: number;
  revokedAt: number | null;
}

export interface TrackerStatus {
  tracker: string;
  seq: number;
  hash: string;
  status: 'counted' | 'superseded' | 'revoked';
}

/** A ballot's status with what decided it (GET …/trackers/T/fate): the revocation or the ballot counted instead, and any postal batch. */
export interface TrackerFate {
  tracker: string;
  seq: number;
  status: 'counted' | 'superseded' | 'revoked';
  channel: 'online' | 'postal';
  postal: { batch: number; batchSeq: number; at: string } | null;
  because: null | { kind: 'revocation' | 'counted-instead'; seq: number; postal: { batch: number; batchSeq: number; at: string } | null };
}

/** A call to the public API with no session (credentials omitted); errors as ApiError with the server's code. */
export async function publicCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method, headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  } catch {
    throw new ApiError('Could not reach the server. Check your connection and try again.', 0, 'NETWORK');
  }
  const payload = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) {
    const m = payload?.error?.message ?? `The server answered with status ${res.status}.`;
    throw new ApiError(m.charAt(0).toUpperCase() + m.slice(1), res.status, payload?.error?.code ?? `HTTP_${res.status}`);
  }
  return payload as T;
}

export const electionApi = {
  election: (eid: string) => publicCall<ElectionView>('GET', `/api/elections/${encodeURIComponent(eid)}`),
  forProcedure: (procedureId: string) => publicCall<ElectionView | null>('GET', `/api/procedures/${encodeURIComponent(procedureId)}/election`),
  cast: (eid: string, ballot: unknown) => publicCall<Receipt>('POST', `/api/elections/${encodeURIComponent(eid)}/ballots`, ballot),
  credential: (eid: string, publicKey: string) => publicCall<CredentialState>('GET', `/api/elections/${encodeURIComponent(eid)}/credentials/${encodeURIComponent(publicKey)}`),
  tracker: (eid: string, tracker: string) => publicCall<TrackerStatus>('GET', `/api/elections/${encodeURIComponent(eid)}/trackers/${encodeURIComponent(tracker)}`),
  fate: (eid: string, tracker: string) => publicCall<TrackerFate>('GET', `/api/elections/${encodeURIComponent(eid)}/trackers/${encodeURIComponent(tracker)}/fate`),
  boardUrl: (eid: string) => `/api/elections/${encodeURIComponent(eid)}/board.jsonl`,
  /** The board's bytes as they download (the verifier reads its lines one by one, never the board as one string). */
  async boardStream(eid: string): Promise<ReadableStream<Uint8Array>> {
    const res = await boardResponse(eid);
    return res.body ?? new Blob([]).stream();
  },
  /** The board kept by the browser as a Blob (off the page's heap), for a verifier that reads it more than once. */
  async boardBlob(eid: string): Promise<Blob> {
    return (await boardResponse(eid)).blob();
  },
};

async function boardResponse(eid: string): Promise<Response> {
  const res = await fetch(`/api/elections/${encodeURIComponent(eid)}/board.jsonl`, { credentials: 'omit' });
  if (!res.ok) throw new ApiError(`The board could not be downloaded (status ${res.status}).`, res.status, `HTTP_${res.status}`);
  return res;
}

export const electionPaths = {
  election: (eid: string) => `/elections/${encodeURIComponent(eid)}`,
  vote: (eid: string) => `/elections/${encodeURIComponent(eid)}/vote`,
  verify: (eid: string) => `/elections/${encodeURIComponent(eid)}/verify`,
};

export const STAGE_WORDS: Record<string, string> = {
  'key-ceremony': 'Key ceremony under way: the trustees are making the election key',
  credentials: 'Waiting for the voters’ credentials',
  ready: 'Ready: the vote has not opened yet',
  open: 'Open: voting is under way',
  closed: 'Closed: waiting for the tally',
  tallying: 'Tallying: the trustees are decrypting the total',
  decided: 'Decided: the result is on the board',
};
