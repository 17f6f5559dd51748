/**
 * The ranked booth's and results page's calls to the public preferential API (no session: reading the board and
 * casting are anonymous by design; the credential's signature authorises a ballot).
 */
import { publicCall as call } from '../ballot/api';
import type { PreferentialView, RankedCastReceipt } from '../../../services/preferential';

export type { PreferentialView, RankedCastReceipt };

export const preferentialApi = {
  view: (eid: string) => call<PreferentialView>('GET', `/api/preferential/${encodeURIComponent(eid)}`),
  cast: (eid: string, ballot: unknown) => call<RankedCastReceipt>('POST', `/api/preferential/${encodeURIComponent(eid)}/ballots`, ballot),
  boardUrl: (eid: string) => `/api/elections/${encodeURIComponent(eid)}/board.jsonl`,
};

export const preferentialPaths = {
  page: (eid: string) => `/preferential/${encodeURIComponent(eid)}`,
  vote: (eid: string) => `/preferential/${encodeURIComponent(eid)}/vote`,
};
