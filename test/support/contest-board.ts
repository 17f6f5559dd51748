import { expect } from 'vitest';
import { ciphertextFromJSON, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential, type TrusteeSecretFile } from '../../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest } from '../../src/contest/board';
import type { ApiClient, ApiHarness } from './api';

/**
 * A contest ballot's board driven through the in-process API, as the contest API tests need it: the trustees' key
 * ceremony (three trustees on "their devices"), the credential authority's signed list, the opening at the scheduled
 * time, anonymous 1-of-k casts, and the count (trustees 2 and 3 decrypt, trustee 1 stays away). Shared by
 * test/contest-ballots-api.test.ts and test/contest-rerun-api.test.ts.
 */
export interface Ceremony {
  eid: string;
  m: ContestBallotManifest;
  eh: string;
  Y: Point;
  creds: Credential[];
  trustees: TrusteeSecretFile[];
  authority: ReturnType<typeof generateAuthorityKey>;
}

/** The test's own state, read when each step runs: the harness, the chair's session and the test clock. */
export interface BoardTestContext {
  state: () => { api: ApiHarness; anon: ApiClient; chair: ApiClient; clock: Date };
  /** Moves the test clock and logs the chair in again (sessions follow the clock). */
  advanceClock: (to: Date) => Promise<void>;
  /** The contest's credential authority: its key is in every board's manifest. */
  authority: ReturnType<typeof generateAuthorityKey>;
}

export function contestBoardSteps(ctx: BoardTestContext) {
  const t = { anon: () => ctx.state().anon, chair: () => ctx.state().chair, clock: () => ctx.state().clock, advanceClock: ctx.advanceClock, authority: ctx.authority };
  const post = (path: string, body?: unknown) => t.chair().request('POST', path, body);
  const records = async (eid: string, type: string) => (await t.anon().get(`/api/elections/${eid}/records/${type}`)).body.records;

  /** Trustees register, commit and deal; the chair makes the key; the authority posts its signed list; the chair opens. */
  async function ceremony(eid: string): Promise<Ceremony> {
    const view = (await t.anon().get(`/api/elections/${eid}`)).body;
    const m = view.manifest as ContestBallotManifest;
    const eh = view.electionHash as string;
    const cm = ceremonyManifest(m);
    const regs = [1, 2, 3].map((i) => trusteeRegister(eh, i));
    for (const r of regs) expect((await post(`/api/elections/${eid}/trustee-keys`, r.body)).status).toBe(200);
    const keys = await records(eid, 'trustee_key');
    const deals = regs.map((r) => trusteeDeal(cm, eh, r.secret, keys));
    for (const d of deals) expect((await post(`/api/elections/${eid}/dkg/commitments`, d.commitment)).status).toBe(200);
    for (const d of deals) expect((await post(`/api/elections/${eid}/dkg/dealings`, d.dealing)).status).toBe(200);
    const key = (await post(`/api/elections/${eid}/key`)).body;
    const dealings = await records(eid, 'dkg_dealing');
    const trustees = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, key));
    const creds = Array.from({ length: m.electorate }, () => generateCredential());
    const { fingerprint: _f, ...signed } = signCredentialList(eh, t.authority.secret, creds.map((c) => c.public), key.publicKey);
    expect((await post(`/api/elections/${eid}/credentials`, { credentials: signed.credentials })).body.error.code).toBe('AUTHORITY_SIGNATURE_INVALID');
    const up = await post(`/api/elections/${eid}/credentials`, signed);
    expect(up.status, up.text).toBe(200);
    if (m.opensAt) {
      // The schedule binds the chair: the ballot opens no earlier than it was scheduled for.
      if (t.clock().getTime() < Date.parse(m.opensAt)) expect((await post(`/api/elections/${eid}/open`)).body.error.code).toBe('VOTE_NOT_YET_DUE');
      await t.advanceClock(new Date(Math.max(t.clock().getTime(), Date.parse(m.opensAt) + 60_000)));
    }
    const opened = await post(`/api/elections/${eid}/open`);
    expect(opened.status, opened.text).toBe(200);
    return { eid, m, eh, Y: Point.fromHex(key.publicKey), creds, trustees, authority: t.authority };
  }

  /** Voter number `voter` casts for a candidate (null: blank), anonymously. */
  const cast = (c: Ceremony, voter: number, candidate: string | null) =>
    t.anon().request('POST', `/api/elections/${c.eid}/ballots`, prepareContestBallot(c.m, c.eh, c.Y, c.creds[voter]!.secret, candidate === null ? null : c.m.candidates.findIndex((x) => x.id === candidate)).body);

  /** So many ballots for each candidate, from the first voters on. */
  async function vote(c: Ceremony, plan: Record<string, number>) {
    let voter = 0;
    for (const [candidate, n] of Object.entries(plan)) {
      for (let i = 0; i < n; i++) {
        const r = await cast(c, voter++, candidate);
        expect(r.status, r.text).toBe(200);
      }
    }
  }

  /**
   * The chair closes and tallies; trustees 2 and 3 decrypt under the close record (a partial in the wrong candidate
   * order, or made for another close record, is refused first); the chair posts the result.
   */
  async function count(c: Ceremony) {
    const closed = await post(`/api/elections/${c.eid}/close`);
    expect(closed.status).toBe(200);
    const close = closed.body.head as string; // the close record's hash, which the partials are bound to
    expect((await post(`/api/elections/${c.eid}/tally`)).status).toBe(200);
    const [ek] = await records(c.eid, 'election_key');
    const [tally] = await records(c.eid, 'tally');
    const cts = tally.ciphertexts.map((x: unknown) => ciphertextFromJSON(x, 'tally', { allowIdentityAlpha: true }));
    const partial = (i: number, boundTo = close) => contestPartialDecrypt(c.eh, boundTo, { index: i, secretShare: c.trustees[i - 1]!.secretShare!, verificationKey: ek.verificationKeys.find((v: { trustee: number }) => v.trustee === i).key }, cts);
    const good = partial(2);
    if (good.partials.length > 1) expect((await post(`/api/elections/${c.eid}/partial-decryptions`, { ...good, partials: [...good.partials].reverse() })).body.error.code).toBe('TRUSTEE_MESSAGE_INVALID');
    // Partials made for another close record (a board rebuilt after its decryption) do not hold for this board's.
    if (good.partials.length > 0) expect((await post(`/api/elections/${c.eid}/partial-decryptions`, partial(2, c.eh))).body.error).toMatchObject({ code: 'TRUSTEE_MESSAGE_INVALID', message: expect.stringContaining(`invalid proof for this board's close record (${close.slice(0, 16)}…)`) });
    expect((await post(`/api/elections/${c.eid}/partial-decryptions`, good)).status).toBe(200);
    expect((await post(`/api/elections/${c.eid}/partial-decryptions`, partial(3))).status).toBe(200);
    const res = await post(`/api/elections/${c.eid}/result`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  /**
   * Opens a contest under a rulebook and has the chair record enough paper nominations (proposer, seconder,
   * supporters) for each candidate, then closes nominations at `closeAt`.
   */
  async function openWithCandidates(o: { id: string; rulebookId: string; candidates: readonly string[]; nominators: number; nominationsClose: string }) {
    const C = `/api/contests/${o.id}`;
    const opened = await post('/api/contests', { id: o.id, rulebookId: o.rulebookId, reason: 'resignation', rosterId: 'uk-commons-2019', nominationsClose: o.nominationsClose });
    expect(opened.status, opened.text).toBe(201);
    const mps = Object.keys((await t.anon().get(C)).body.names).filter((m) => !o.candidates.includes(m));
    let k = 0;
    for (const candidate of o.candidates) {
      for (let i = 0; i < o.nominators; i++) {
        const r = await post(`${C}/nominations`, { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: mps[k++] });
        expect(r.status, r.text).toBe(200);
      }
    }
    await t.advanceClock(new Date(o.nominationsClose));
    expect((await post(`${C}/close-nominations`)).body.phase).toBe('rounds');
  }

  return { ceremony, cast, vote, count, openWithCandidates };
}
