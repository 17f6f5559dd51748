/**
 * The editor's desk for stored endorsements in tests: recording stores rows as proposed, and a test that checks what
 * the public listing does with them first accepts them as an editor would, through the service or through the API.
 */
import type { Actor, AppContext } from '../../src/services/context';
import type { ApiClient } from './api';
import { decideEndorsement, endorsementQueue, type EndorsementQueueEntry } from '../../src/services/endorsements';

/** Accepts every proposed endorsement of the tracker (of one contest when given); returns the rows accepted. */
export async function acceptEveryProposed(ctx: AppContext, editor: Actor, trackerId: string, contestId?: string): Promise<EndorsementQueueEntry[]> {
  const accepted: EndorsementQueueEntry[] = [];
  for (const row of await endorsementQueue(ctx.db, trackerId, { contestId })) accepted.push(await decideEndorsement(ctx, editor, row.id, 'accept'));
  return accepted;
}

/** An endorsement as the editors' queue returns it over the API (the fields the attack tests read). */
export interface QueuedEndorsementBody {
  id: string;
  contestId: string;
  candidateId: string;
  memberId: string;
  stance: string;
  status: string;
  source: { article: string; outlet: string | null; evidence: string[] };
}

/** The editor's endorsement desk of the demo tracker through its API; every step asserts its own success. */
export function endorsementDesk(editor: () => ApiClient, tracker = '/api/trackers/johnson-2022') {
  const record = async (contest: string, body: unknown) => {
    const res = await editor().request('POST', `${tracker}/contests/${contest}/endorsements`, body);
    if (res.status !== 200) throw new Error(`recording failed: ${res.status} ${res.text}`);
    return res.body as { stored: number; duplicate: number; awaitingReview: QueuedEndorsementBody[]; published: unknown[] };
  };
  const queue = async (contest: string, status: 'proposed' | 'accepted' | 'rejected' = 'proposed') => {
    const res = await editor().get(`${tracker}/contests/${contest}/endorsements/queue?status=${status}`);
    if (res.status !== 200) throw new Error(`the queue failed: ${res.status} ${res.text}`);
    return res.body.endorsements as QueuedEndorsementBody[];
  };
  const decide = async (id: string, type: 'accept' | 'reject') => {
    const res = await editor().request('POST', `/api/tracker-endorsements/${id}/review`, { type });
    if (res.status !== 200) throw new Error(`the decision failed: ${res.status} ${res.text}`);
    return res.body as QueuedEndorsementBody;
  };
  return { record, queue, decide };
}
