/**
 * The editor's desk for stored endorsements in service-level tests: recording stores rows as proposed, and a test
 * that checks what the public listing does with them first accepts them as an editor would, through the service.
 */
import type { Actor, AppContext } from '../../src/services/context';
import { decideEndorsement, endorsementQueue, type EndorsementQueueEntry } from '../../src/services/endorsements';

/** Accepts every proposed endorsement of the tracker (of one contest when given); returns the rows accepted. */
export async function acceptEveryProposed(ctx: AppContext, editor: Actor, trackerId: string, contestId?: string): Promise<EndorsementQueueEntry[]> {
  const accepted: EndorsementQueueEntry[] = [];
  for (const row of await endorsementQueue(ctx.db, trackerId, { contestId })) accepted.push(await decideEndorsement(ctx, editor, row.id, 'accept'));
  return accepted;
}
