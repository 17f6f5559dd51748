import { eq } from 'drizzle-orm';
import { Point } from '../../src/crypto';
import { boardRecords, elections } from '../../src/db/schema';
import {
  generateAuthorityKey,
  generateCredential,
  signCredentialList,
  type AuthorityKey,
  trusteeDeal,
  trusteeFinalize,
  trusteePartialDecrypt,
  trusteeRegister,
  type Credential,
  type TrusteeSecretFile,
} from '../../src/ballot';
import { ciphertextFromJSON } from '../../src/crypto';
import type { AppContext } from '../../src/services/context';
import { SYSTEM_ACTOR } from '../../src/services/context';
import {
  createElection,
  createElectionWithManifest,
  finishKeyCeremony,
  getElectionRow,
  openElection,
  postDkgCommitment,
  postDkgDealing,
  postTrusteeKey,
  publicRecords,
  uploadCredentials,
  postPartialDecryption,
} from '../../src/services/elections';
import { openProcedure, runProcedureCommand } from '../../src/services/procedures';
import { parseGenericRosterCsv, saveRoster } from '../../src/services/roster';

export const TEST_DAY = '2026-11-23';

/**
 * A small organisation (all members vote, 20% trigger) with a confidence vote scheduled: by default a re-enactment
 * on TEST_DAY (no real clock: its manifest binds no voting window); with `live`, a procedure on the real calendar
 * (ctx.clock) whose vote is scheduled for the window given, which its manifest then binds.
 */
export async function scheduledProcedure(ctx: AppContext, id: string, members: number, live?: { opensAt: string; closesAt: string }): Promise<void> {
  const rows = Array.from({ length: members }, (_, i) => `m${i + 1},Member ${i + 1},2020-01-01,,yes,Caucus`).join('\n');
  await saveRoster(ctx, SYSTEM_ACTOR, { id: `roster-${id}`, name: `Roster ${id}`, format: 'csv', attribution: 'test' }, parseGenericRosterCsv(`member_id,display_name,joined,left,whip,group\n${rows}\n`));
  await openProcedure(ctx, SYSTEM_ACTOR, { id, rosterId: `roster-${id}`, title: `Procedure ${id}`, leaderName: 'The Leader', rulebookId: 'canada-reform-act', ...(live ? {} : { fixedDate: TEST_DAY }) });
  const needed = Math.ceil((members * 20) / 100);
  for (let i = 1; i <= needed; i++) await runProcedureCommand(ctx, SYSTEM_ACTOR, id, { type: 'submit_letter', memberId: `m${i}`, recordedBy: 'member' });
  await runProcedureCommand(ctx, SYSTEM_ACTOR, id, { type: 'schedule_ballot', ...(live ?? { opensAt: `${TEST_DAY}T18:00:00.000Z`, closesAt: `${TEST_DAY}T20:00:00.000Z` }) });
}

export interface Ceremony {
  electionId: string;
  credentials: Credential[];
  trustees: TrusteeSecretFile[];
  electionHash: string;
  publicKey: Point;
  /** The credential authority's key (signs the list and revocations) and the list's fingerprint. */
  authority: AuthorityKey;
  fingerprint: string;
}

/** Runs the key ceremony (every trustee's step on "their device"), uploads credentials and opens the vote (unless `open: false`). */
export async function openedElection(ctx: AppContext, procedureId: string, opts: { threshold?: number; trustees?: number; electorate?: number; open?: boolean } = {}): Promise<Ceremony> {
  // The credential authority makes its key first; the chair puts its public half into the manifest.
  const authority = generateAuthorityKey();
  let view = await createElection(ctx, SYSTEM_ACTOR, procedureId, { authority: authority.public, threshold: opts.threshold ?? 2, trustees: opts.trustees ?? 3 });
  if (opts.electorate !== undefined) {
    // Benchmarks: the same procedure, a larger electorate (no need to write thousands of letters first).
    const { boardSecret } = await getElectionRow(ctx.db, view.id);
    await ctx.db.delete(boardRecords).where(eq(boardRecords.electionId, view.id));
    await ctx.db.delete(elections).where(eq(elections.id, view.id));
    view = await createElectionWithManifest(ctx, SYSTEM_ACTOR, { ...view.manifest, electorate: opts.electorate }, boardSecret!);
  }
  const id = view.id;
  const eh = view.electionHash;
  const m = view.manifest;
  const regs = Array.from({ length: m.trustees.count }, (_, i) => trusteeRegister(eh, i + 1));
  for (const r of regs) await postTrusteeKey(ctx, id, r.body);
  const keys = await publicRecords(ctx, id, 'trustee_key');
  const deals = regs.map((r) => trusteeDeal(m, eh, r.secret, keys));
  for (const d of deals) await postDkgCommitment(ctx, id, d.commitment);
  for (const d of deals) await postDkgDealing(ctx, id, d.dealing);
  const key = await finishKeyCeremony(ctx, SYSTEM_ACTOR, id);
  const dealings = await publicRecords(ctx, id, 'dkg_dealing');
  const trustees = deals.map((d) => trusteeFinalize(m, eh, d.secret, dealings, key));
  const credentials = Array.from({ length: m.electorate }, () => generateCredential());
  const { fingerprint, ...list } = signCredentialList(eh, authority.secret, credentials.map((c) => c.public), key.publicKey);
  await uploadCredentials(ctx, SYSTEM_ACTOR, id, list.credentials, { authority: list.authority, signature: list.signature });
  if (opts.open !== false) await openElection(ctx, SYSTEM_ACTOR, id);
  const row = await getElectionRow(ctx.db, id);
  return { electionId: id, credentials, trustees, electionHash: eh, publicKey: Point.fromHex(row.publicKey!), authority, fingerprint };
}

/** The trustees listed post their partial decryptions of the posted tally. */
export async function trusteesDecrypt(ctx: AppContext, c: Ceremony, which: number[]): Promise<void> {
  const [key] = await publicRecords(ctx, c.electionId, 'election_key');
  const [tally] = await publicRecords(ctx, c.electionId, 'tally');
  for (const t of which) {
    await postPartialDecryption(ctx, c.electionId, trusteePartialDecrypt(c.electionHash, c.trustees[t - 1]!, key!, ciphertextFromJSON(tally!.ciphertext, 'tally', { allowIdentityAlpha: true })));
  }
}
