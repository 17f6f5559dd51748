/**
 * The preferential pages' calls. Reading the board and casting are anonymous by design (the credential's signature
 * authorises a ballot); setting up, closing, mixing, decrypting and counting go with the signed-in session (the
 * app's one API client: cookie and CSRF token).
 */
import { publicCall as call } from '../ballot/api';
import { post } from '../ballot/ceremonyApi';
import type { CountResult } from '../../../count/table';
import type { DecryptionShareBody } from '../../../mixnet/board';
import type { MixStepJSON } from '../../../mixnet/contest';
import type { PreferentialView, RankedCastReceipt } from '../../../services/preferential';

export type { PreferentialView, RankedCastReceipt };

const base = (eid: string) => `/api/preferential/${encodeURIComponent(eid)}`;

export const preferentialApi = {
  list: () => call<{ ballots: { id: string; title: string; lastType: string }[] }>('GET', '/api/preferential'),
  view: (eid: string) => call<PreferentialView>('GET', base(eid)),
  cast: (eid: string, ballot: unknown) => call<RankedCastReceipt>('POST', `${base(eid)}/ballots`, ballot),
  boardUrl: (eid: string) => `/api/elections/${encodeURIComponent(eid)}/board.jsonl`,
  /** The board as text (for the devices' own checks and steps). */
  board: async (eid: string) => {
    const res = await fetch(`/api/elections/${encodeURIComponent(eid)}/board.jsonl`, { credentials: 'omit' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.text();
  },
  create: (body: unknown) => post<PreferentialView>('/api/preferential', body),
  close: (eid: string) => post<unknown>(`/api/elections/${encodeURIComponent(eid)}/close`),
  mix: (eid: string, step: MixStepJSON) => post<{ seq: number; mixer: number; rows: number }>(`${base(eid)}/mixes`, step),
  share: (eid: string, body: DecryptionShareBody) => post<{ seq: number; trustee: number; cells: number; done: boolean }>(`${base(eid)}/decryption-shares`, body),
  count: (eid: string) => post<CountResult>(`${base(eid)}/count`),
};

export const preferentialPaths = {
  page: (eid: string) => `/preferential/${encodeURIComponent(eid)}`,
  vote: (eid: string) => `/preferential/${encodeURIComponent(eid)}/vote`,
  chair: (eid: string) => `/preferential/${encodeURIComponent(eid)}/chair`,
  trustee: (eid: string) => `/preferential/${encodeURIComponent(eid)}/trustee`,
  create: () => '/preferential/new',
  ceremony: (eid: string) => `/elections/${encodeURIComponent(eid)}/ceremony`,
};
