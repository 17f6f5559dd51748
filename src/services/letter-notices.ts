import { and, eq } from 'drizzle-orm';
import { accounts } from '../db/schema';
import type { ProcedureEvent } from '../domain/procedure/events';
import type { AppContext } from './context';

/**
 * Tells a member, by mail to their account, that the chair recorded a letter or a withdrawal in their name.
 *
 * The chair may record acts handed over on paper (`POST /api/procedures/{id}/letters`, `DELETE …/letters/{memberId}`):
 * a paper withdrawal the member never sent, or their letter re-recorded with a later effective date, drops their letter
 * from the count. The sealed count's member check (M3/F3) only catches that if the member states what they did, and a
 * member has no reason to look unless told; this is that notice (as a revoked voting credential is mailed to its holder).
 * It goes to the member only. A mail failure is logged and never undoes the record. Returns whether a mail was sent.
 */
export async function noticeOfChairRecord(ctx: AppContext, procedureId: string, rosterId: string, event: ProcedureEvent | null): Promise<boolean> {
  if (!event || (event.type !== 'letter_submitted' && event.type !== 'letter_withdrawn') || event.recordedBy !== 'chair') return false;
  const [acct] = await ctx.db.select({ email: accounts.email }).from(accounts).where(and(eq(accounts.memberId, event.memberId), eq(accounts.rosterId, rosterId)));
  if (!acct) return false;
  const url = `${(ctx.config.publicUrl ?? '').replace(/\/+$/, '')}/procedures/${encodeURIComponent(procedureId)}/my-letter`;
  const what =
    event.type === 'letter_withdrawn'
      ? `a withdrawal of your letter, received on paper (${event.on})`
      : `a letter from you, received on paper (${event.on}), in force from ${event.effectiveFrom}`;
  try {
    await ctx.mailer.send({
      to: acct.email,
      subject: 'The chair recorded a letter or withdrawal in your name',
      text: [
        `The chair recorded ${what} in procedure ${procedureId}.`,
        '',
        'If you handed it to the chair, there is nothing to do.',
        'If you did NOT, your letter may have been dropped, moved or made up: tell the committee at once, and check your',
        `slot in the next sealed count against what YOU did, not against the record shown to you (${url}).`,
      ].join('\n'),
    });
    return true;
  } catch (err) {
    ctx.logger.error({ err }, 'notice of a letter recorded by the chair could not be mailed');
    return false;
  }
}
