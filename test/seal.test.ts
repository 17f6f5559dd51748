import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { initCrypto } from '../src/crypto';
import { loadCommons2019 } from '../src/data/commons-2019';
import { forgeSlotProof, verifyKeyedSlot, verifyKeylessSlot, verifySlotProof } from '../src/domain/seal/member-check';
import { generateMemberKey, proveMemberKey } from '../src/domain/seal/member-key';
import { electorateWithKeys, expectedMemberKeys, verifySeal, type PublicSeal } from '../src/domain/seal/seal';
import { DEMO_CHAIR, DEMO_PROCEDURE_ID, memberEmail } from '../src/services/demo';
import { sealVerifierInputs, verifySealChain } from '../src/services/seals';
import { startApi, type ApiHarness } from './support/api';

const P = `/api/procedures/${DEMO_PROCEDURE_ID}`;

describe('sealed count through the API: "threshold reached" verifiable, the count hidden, slots bound to members', () => {
  let api: ApiHarness;
  const peterKey = generateMemberKey();
  beforeAll(async () => {
    await initCrypto();
    api = await startApi();
  });
  afterAll(async () => api?.close());

  const expectations = async (seal: PublicSeal, previous: PublicSeal | null) => {
    const inputs = await sealVerifierInputs(api.runtime.ctx, DEMO_PROCEDURE_ID, seal.on);
    const memberKeys = expectedMemberKeys(seal.rosterId, electorateWithKeys(inputs.electorate, inputs.registry, seal.keyRegistrySeq));
    return { denominator: inputs.denominator, threshold: inputs.threshold, previous, memberKeys };
  };

  it('a member registers a key generated on their device, with a proof of possession; nobody can register it for another member', async () => {
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    const me = await mp.get('/api/member-key');
    expect(me.body).toMatchObject({ memberId: 'peter-aldous', key: null });
    const reg = proveMemberKey(peterKey, me.body.rosterId, 'peter-aldous');
    const put = await mp.request('PUT', '/api/member-key', reg);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ seq: 1, memberId: 'peter-aldous', publicKey: peterKey.publicKey.toHex() });
    // Same key again: a no-op. The same registration replayed by another member: the proof names Peter.
    expect((await mp.request('PUT', '/api/member-key', reg)).body.seq).toBe(1);
    const other = await api.loginAs(memberEmail('anna-firth'));
    const stolen = await other.request('PUT', '/api/member-key', reg);
    expect(stolen.status).toBe(422);
    expect(stolen.body.error.code).toBe('MEMBER_KEY_PROOF_INVALID');
    const registry = await api.client().get(`/api/rosters/${me.body.rosterId}/member-keys`);
    expect(registry.body.registrations).toHaveLength(1);
    expect(registry.body.registrations[0]).not.toHaveProperty('secretKey');
  });

  it('the chair seals 53 letters as "not reached"; anyone verifies S1–S9; it carries no name or count; no opening is stored', async () => {
    const chair = await api.loginAs(DEMO_CHAIR.email);
    const published = await chair.request('POST', `${P}/seals`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ seq: 1, outcome: 'not-reached', denominator: 359, threshold: 54 });
    const seal = await api.client().get(`${P}/seals/latest`);
    expect(seal.body.slots).toHaveLength(359);
    expect(seal.body.keyRegistrySeq).toBe(1);
    expect(seal.body.memberKeys).toContain(peterKey.publicKey.toHex());
    const v = verifySeal(seal.body, await expectations(seal.body, null));
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(seal.text).not.toMatch(/"count"|@members\.demo/);
    const named = loadCommons2019().members.filter((m) => seal.text.includes(`"${m.memberId}"`) || seal.text.includes(m.displayName));
    expect(named).toEqual([]);
    const electorate = await api.client().get(`${P}/seals/1/electorate`);
    expect(electorate.body).toMatchObject({ denominator: 359, threshold: 54 });
    expect(electorate.body.electorate).toHaveLength(359);
    // The database holds the public seal and nothing per member.
    const tables = (await api.runtime.ctx.db.execute(sql`select table_name from information_schema.tables where table_name like '%seal%' or table_name like '%opening%'`)) as unknown as { rows: unknown[] };
    expect((tables.rows as { table_name: string }[]).map((r) => r.table_name).sort()).toEqual(['procedure_seals']);
  });

  it('a member with a key gets a designated-verifier proof (no randomness); a keyless member the fallback opening; after the 54th letter the next seal says "reached"', async () => {
    const mp = await api.loginAs(memberEmail('peter-aldous'));
    const before = await mp.get(`${P}/seals/latest/mine`);
    expect(before.body).toMatchObject({ mode: 'keyed', seq: 1, value: 0 });
    expect(before.body).not.toHaveProperty('randomness');
    const seal1: PublicSeal = (await api.client().get(`${P}/seals/latest`)).body;
    expect(verifyKeyedSlot(seal1, peterKey, before.body, 0).ok).toBe(true);
    // What Peter could show a whip proves nothing: he can make an equally valid proof that his slot holds 1.
    const forged = forgeSlotProof(seal1, peterKey, before.body.slot, 1);
    expect(verifySlotProof(seal1, peterKey.publicKey, before.body.slot, 1, forged)).toBe(true);
    expect(verifySlotProof(seal1, peterKey.publicKey, before.body.slot, 0, before.body.proof)).toBe(true);

    const anna = await api.loginAs(memberEmail('anna-firth'));
    const annaSlot = await anna.get(`${P}/seals/latest/mine`);
    expect(annaSlot.body).toMatchObject({ mode: 'keyless', seq: 1 });
    expect(verifyKeylessSlot(seal1, 'anna-firth', annaSlot.body, annaSlot.body.value).ok).toBe(true);

    expect((await mp.request('PUT', `${P}/letters/mine`, {})).status).toBe(200);
    const chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.request('POST', `${P}/seals`)).body).toMatchObject({ seq: 2, outcome: 'reached' });
    const after = await mp.get(`${P}/seals/latest/mine`);
    expect(after.body).toMatchObject({ mode: 'keyed', seq: 2, value: 1 });
    const seal2: PublicSeal = (await api.client().get(`${P}/seals/latest`)).body;
    expect(verifyKeyedSlot(seal2, peterKey, after.body, 1).ok).toBe(true);
    expect(seal2.prevHash).toBe(seal1.hash);
    expect((await api.client().get(`${P}/seals/1`)).body.hash).toBe(seal1.hash);
    expect(verifySeal(seal2, await expectations(seal2, seal1)).ok).toBe(true);
    const chain = await verifySealChain(api.runtime.ctx, DEMO_PROCEDURE_ID);
    expect(chain.map((r) => [r.seal.seq, r.seal.outcome, r.ok])).toEqual([
      [1, 'not-reached', true],
      [2, 'reached', true],
    ]);
  });

  it('only the chair publishes; only members have slots and keys', async () => {
    const mp = await api.loginAs(memberEmail('anna-firth'));
    expect((await mp.request('POST', `${P}/seals`)).status).toBe(403);
    expect((await api.client().request('POST', `${P}/seals`)).status).toBe(401);
    expect((await api.client().get(`${P}/seals/latest/mine`)).status).toBe(401);
    expect((await api.client().request('PUT', '/api/member-key', proveMemberKey(generateMemberKey(), 'commons-2019', 'anna-firth'))).status).toBe(401);
    const chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await chair.get(`${P}/seals/latest/mine`)).status).toBe(403);
    expect((await chair.get('/api/member-key')).status).toBe(403);
    const bad = await mp.request('PUT', '/api/member-key', { publicKey: 'zz', proof: {} });
    expect(bad.status).toBe(400);
  });
});
