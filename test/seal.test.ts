import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommons2019 } from '../src/data/commons-2019';
import { verifyMySlot, verifySeal } from '../src/domain/seal/seal';
import { DEMO_CHAIR, DEMO_PROCEDURE_ID, memberEmail } from '../src/services/demo';
import { verifySealChain } from '../src/services/seals';
import { startApi, type ApiHarness } from './support/api';

const P = `/api/procedures/${DEMO_PROCEDURE_ID}`;

describe('sealed count through the API: "threshold reached" verifiable, the count hidden', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => api?.close());

  it('the chair seals 53 letters as "not reached"; anyone verifies it; it carries no name or count', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const published = await chair.request('POST', `${P}/seals`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ seq: 1, outcome: 'not-reached', denominator: 359, threshold: 54 });
    const seal = await api.client().get(`${P}/seals/latest`);
    expect(seal.status).toBe(200);
    expect(seal.body.slots).toHaveLength(359);
    expect(verifySeal(seal.body, { denominator: 359, threshold: 54, prevHash: '' }).ok).toBe(true);
    expect(seal.text).not.toMatch(/"count"|@members\.demo/);
    const named = loadCommons2019().members.filter((m) => seal.text.includes(`"${m.memberId}"`) || seal.text.includes(m.displayName));
    expect(named).toEqual([]);
  });

  it('each member checks their own slot; after the 54th letter the next seal says "reached"', async () => {
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    const before = await mp.get(`${P}/seals/latest/mine`);
    expect(before.body).toMatchObject({ seq: 1, value: 0 });
    const seal1 = (await api.client().get(`${P}/seals/latest`)).body;
    expect(verifyMySlot(seal1, before.body)).toBe(true);

    expect((await mp.request('PUT', `${P}/letters/mine`, {})).status).toBe(200);
    const chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', `${P}/seals`)).body).toMatchObject({ seq: 2, outcome: 'reached' });
    const after = await mp.get(`${P}/seals/latest/mine`);
    expect(after.body).toMatchObject({ seq: 2, value: 1 });
    const seal2 = (await api.client().get(`${P}/seals/latest`)).body;
    expect(verifyMySlot(seal2, after.body)).toBe(true);
    expect(seal2.prevHash).toBe(seal1.hash);
    const chain = await verifySealChain(api.runtime.ctx, DEMO_PROCEDURE_ID);
    expect(chain.map((r) => [r.seal.seq, r.seal.outcome, r.ok])).toEqual([
      [1, 'not-reached', true],
      [2, 'reached', true],
    ]);
  });

  it('only the chair publishes; only members have slots', async () => {
    const mp = await api.loginAs(memberEmail('anna-firth'));
    expect((await mp.request('POST', `${P}/seals`)).status).toBe(403);
    expect((await api.client().request('POST', `${P}/seals`)).status).toBe(401);
    expect((await api.client().get(`${P}/seals/latest/mine`)).status).toBe(401);
    const chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.get(`${P}/seals/latest/mine`)).status).toBe(403);
  });
});
