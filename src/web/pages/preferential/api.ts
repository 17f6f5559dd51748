/**
 * The ranked booth's and results page's calls to the public preferential API (no session: reading the board and
 * casting are anonymous by design; the credential's signature authorises a ballot).
 */
import { ApiError } from '../../api';
import type { PreferentialView, RankedCastReceipt } from '../../../services/preferential';

export type { PreferentialView, RankedCastReceipt };

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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

export const preferentialApi = {
  view: (eid: string) => call<PreferentialView>('GET', `/api/preferential/${encodeURIComponent(eid)}`),
  cast: (eid: string, ballot: unknown) => call<RankedCastReceipt>('POST', `/api/preferential/${encodeURIComponent(eid)}/ballots`, ballot),
  boardUrl: (eid: string) => `/api/elections/${encodeURIComponent(eid)}/board.jsonl`,
};

export const preferentialPaths = {
  page: (eid: string) => `/preferential/${encodeURIComponent(eid)}`,
  vote: (eid: string) => `/preferential/${encodeURIComponent(eid)}/vote`,
};
