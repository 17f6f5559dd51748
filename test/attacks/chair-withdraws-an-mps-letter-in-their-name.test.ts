/**
 * The chair drops an MP's letter from the sealed count by recording acts in their name, "received on paper".
 *
 * The chair may record a paper withdrawal (`DELETE /api/procedures/{id}/letters/{memberId}`) or a paper letter with a
 * later effective date (`POST …/letters`, which replaces the MP's letter). Either drops the MP's letter from the count
 * on the sealed count's day, and the seal itself is honest about it (slot 0, every public check passes). What the
 * sealed count promises here is the member's check, M3/F3: "b = 1 if MY letter is in force on D". Two findings:
 *
 * 1. FIXED — the MP was never told. Nothing reached the MP when the chair recorded an act in their name, so an MP who
 *    had submitted online had no reason to look again. They are now mailed (as a voting credential revoked in their
 *    name is), by the API route and by the in-process CLI (`src/services/letter-notices.ts`).
 * 2. FIXED — the web check asked the server what to expect. The MP's page ran the slot check with
 *    `expected = (GET …/letters/mine).letter.inForce` (src/web/pages/MyLetterPage.tsx → MySlotCheck), i.e. the chair's
 *    own record, and of today rather than of the seal's day, and reported "Verified: … no letter is counted for you"
 *    in green for the dropped letter. The page now asks the MP, as the CLI does (`member-key check --wrote yes|no`),
 *    checks the slot against the answer and flags a record that differs from it (test/e2e/seal.test.ts runs the page).
 *    Below: the server's record and the MP's truth differ, and only the MP's truth catches the drop.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../src/crypto';
import { devMailbox } from '../../src/db/schema';
import { verifyKeylessSlot, type KeylessSlotAnswer } from '../../src/domain/seal/member-check';
import type { PublicSeal } from '../../src/domain/seal/seal';
import { DEMO_CHAIR, DEMO_PROCEDURE_ID, memberEmail } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const P = `/api/procedures/${DEMO_PROCEDURE_ID}`;
const DROPPED = 'peter-aldous';
const REDATED = 'anna-firth';

describe('a chair that records a withdrawal or a later letter in an MP’s name', () => {
  let api: ApiHarness;
  let chair: ApiClient;
  let dropped: ApiClient;
  let redated: ApiClient;
  const mailsTo = async (memberId: string) =>
    (await api.runtime.ctx.db.select().from(devMailbox).where(and(eq(devMailbox.to, memberEmail(memberId).toLowerCase())))).filter((m) => !/login code/i.test(m.subject));

  beforeAll(async () => {
    await initCrypto();
    api = await startApi({ letters: 'none' });
    chair = await api.loginAs(DEMO_CHAIR.email);
    dropped = await api.loginAs(memberEmail(DROPPED));
    redated = await api.loginAs(memberEmail(REDATED));
    // Both MPs submit their own letters online, in force today.
    for (const mp of [dropped, redated]) {
      const mine = await mp.request('PUT', `${P}/letters/mine`, {});
      expect(mine.body.letter).toMatchObject({ status: 'submitted', inForce: true });
    }
  });
  afterAll(async () => api?.close());

  it('mails the MP when the chair records a paper withdrawal or a re-dated letter in their name (not for their own acts)', async () => {
    expect(await mailsTo(DROPPED)).toEqual([]);
    const today = (await api.client().get(P)).body.asOf as string;
    const later = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);

    expect((await chair.request('DELETE', `${P}/letters/${DROPPED}`)).status).toBe(200);
    expect((await chair.request('POST', `${P}/letters`, { memberId: REDATED, effectiveFrom: later })).status).toBe(200);
    // Both letters are out of today's count, as the chair meant.
    expect((await dropped.get(`${P}/letters/mine`)).body.letter).toMatchObject({ status: 'withdrawn', inForce: false });
    expect((await redated.get(`${P}/letters/mine`)).body.letter).toMatchObject({ status: 'submitted', effectiveFrom: later, inForce: false });

    const [toDropped, ...more] = await mailsTo(DROPPED);
    expect(more).toEqual([]);
    expect(toDropped!.subject).toMatch(/chair recorded a letter or withdrawal in your name/);
    expect(toDropped!.text).toMatch(/a withdrawal of your letter, received on paper/);
    expect(toDropped!.text).toMatch(/If you did NOT/);
    const [toRedated] = await mailsTo(REDATED);
    expect(toRedated!.text).toContain(`in force from ${later}`);
    // The member's own acts (the online letters above) mailed nothing; the notice goes to that member only.
    expect(await mailsTo('jesse-norman')).toEqual([]);
  });

  let seal: PublicSeal;
  let answer: KeylessSlotAnswer;
  it('the sealed count holds 0 in the dropped MP’s slot, which the MP’s own statement ("I wrote") catches (F3)', async () => {
    expect((await chair.request('POST', `${P}/seals`)).status).toBe(200);
    seal = (await api.client().get(`${P}/seals/latest`)).body as PublicSeal;
    answer = (await dropped.get(`${P}/seals/latest/mine`)).body as KeylessSlotAnswer;
    expect(answer).toMatchObject({ mode: 'keyless', value: 0 });
    expect(verifyKeylessSlot(seal, DROPPED, answer, 1).checks.filter((c) => !c.ok).map((c) => c.step)).toEqual(['F3']);
  });

  it('checked against the server’s record instead (what the page did), the dropped letter reads as verified', async () => {
    const letterInForce: boolean = (await dropped.get(`${P}/letters/mine`)).body.letter?.inForce ?? false;
    expect(letterInForce).toBe(false); // the record disagrees with what the MP did: the page flags it (recordDiffers)
    expect(verifyKeylessSlot(seal, DROPPED, answer, letterInForce ? 1 : 0).ok).toBe(true);
  });
});
