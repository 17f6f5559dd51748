import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential, type Manifest, type TrusteeSecretFile } from '../../src/ballot';
import { mixerStep, preferentialStateFromBoard, signMixStep, trusteeDecryptionShare, type MixRecordJSON, type PreferentialManifest, type PreferentialState } from '../../src/mixnet/board';
import type { MixStepJSON } from '../../src/mixnet/contest';
import { mixDigest, mixSignatureProblem, mixSignerKey } from '../../src/mixnet/mix-signature';
import { SYSTEM_ACTOR, type AppContext } from '../../src/services/context';
import { boardText, closeElection, finishKeyCeremony, openElection, postDkgCommitment, postDkgDealing, postTrusteeKey, publicRecords, uploadCredentials } from '../../src/services/elections';
import { createPreferentialElection, postCount, postDecryptionShare, postMix, type CreatePreferentialInput, type PreferentialView } from '../../src/services/preferential';

export interface PreferentialCeremony {
  eid: string;
  manifest: PreferentialManifest;
  electionHash: string;
  publicKey: string;
  credentials: Credential[];
  /** Each trustee's device secrets: its share, and its key-ceremony key, with which trustee k signs as mix server k. */
  trustees: { index: number; secretShare: string; verificationKey: string; trustee: number; transportSecret: string }[];
  /** The credential authority (signs the list and revocations). */
  authority: ReturnType<typeof generateAuthorityKey>;
  /** The board's signed receipts for the trustees' key-ceremony messages, in the order posted. */
  trusteeReceipts: unknown[];
}

/** Sets up a preferential ballot, runs the trustees' key ceremony (each step as on their device), publishes the credentials and opens it. */
export async function openedPreferential(ctx: AppContext, input: Omit<CreatePreferentialInput, 'authority'> & { electorate: number }): Promise<PreferentialCeremony> {
  const authority = generateAuthorityKey();
  const v = await createPreferentialElection(ctx, SYSTEM_ACTOR, { ...input, authority: authority.public });
  return openPreferential(ctx, v, authority);
}

/** The key ceremony, the credential list and the opening of a ballot already set up (in the web app, say) with `authority`'s key. */
export async function openPreferential(ctx: AppContext, v: PreferentialView, authority: ReturnType<typeof generateAuthorityKey>): Promise<PreferentialCeremony> {
  const input = { electorate: v.manifest.electorate };
  const eid = v.id;
  const eh = v.electionHash;
  const m = v.manifest as unknown as Manifest;
  const regs = Array.from({ length: v.manifest.trustees.count }, (_, i) => trusteeRegister(eh, i + 1));
  const trusteeReceipts: unknown[] = [];
  for (const r of regs) trusteeReceipts.push((await postTrusteeKey(ctx, eid, r.body)).receipt);
  const keys = await publicRecords(ctx, eid, 'trustee_key');
  const deals = regs.map((r) => trusteeDeal(m, eh, r.secret, keys));
  for (const d of deals) trusteeReceipts.push((await postDkgCommitment(ctx, eid, d.commitment)).receipt);
  for (const d of deals) trusteeReceipts.push((await postDkgDealing(ctx, eid, d.dealing)).receipt);
  const key = await finishKeyCeremony(ctx, SYSTEM_ACTOR, eid);
  const dealings = await publicRecords(ctx, eid, 'dkg_dealing');
  const secrets: TrusteeSecretFile[] = deals.map((d) => trusteeFinalize(m, eh, d.secret, dealings, key));
  const credentials = Array.from({ length: input.electorate }, () => generateCredential());
  const { fingerprint: _f, ...list } = signCredentialList(eh, authority.secret, credentials.map((c) => c.public), key.publicKey);
  await uploadCredentials(ctx, SYSTEM_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
  await openElection(ctx, SYSTEM_ACTOR, eid);
  return {
    eid,
    manifest: v.manifest,
    electionHash: eh,
    publicKey: key.publicKey,
    credentials,
    authority,
    trusteeReceipts,
    trustees: secrets.map((s) => ({ index: s.trustee, trustee: s.trustee, transportSecret: s.transportSecret, secretShare: s.secretShare!, verificationKey: key.verificationKeys.find((k) => k.trustee === s.trustee)!.key })),
  };
}

/** Closes, lets every mixer shuffle in turn, the first `threshold` trustees decrypt round by round, and posts the count. */
export async function countPreferential(ctx: AppContext, c: PreferentialCeremony, o: { alreadyClosed?: boolean } = {}): Promise<void> {
  if (!o.alreadyClosed) await closeElection(ctx, SYSTEM_ACTOR, c.eid);
  for (let k = 0; k < c.manifest.mixers; k++) await postMix(ctx, SYSTEM_ACTOR, c.eid, mixerStep(preferentialStateFromBoard(await boardText(ctx, c.eid)), c.trustees[k]!));
  for (;;) {
    let posted = 0;
    for (const t of c.trustees.slice(0, c.manifest.trustees.threshold)) {
      const share = trusteeDecryptionShare(preferentialStateFromBoard(await boardText(ctx, c.eid)), t);
      if (share) {
        await postDecryptionShare(ctx, SYSTEM_ACTOR, c.eid, share);
        posted++;
      }
    }
    if (!posted) break;
  }
  await postCount(ctx, SYSTEM_ACTOR, c.eid);
}

/**
 * A mix as mix server `step.mixer` (trustee k) would post it after changing it: re-signed over what it now holds
 * (a forged shuffle then reaches the shuffle checks, M1–M9, instead of stopping at the signature, M16). A step whose
 * signature already covers it is returned as is.
 */
export function signedAsMixer(c: Pick<PreferentialCeremony, 'electionHash' | 'trustees'>, step: MixStepJSON & { signature?: unknown }): MixRecordJSON {
  const trustee = c.trustees.find((t) => t.trustee === step.mixer);
  if (!trustee) throw new RangeError(`no trustee ${step.mixer} to sign mix ${step.mixer}`);
  if (mixSignatureProblem(c.electionHash, step.mixer, mixDigest(step.output, step.proof), mixSignerKey(trustee), step.signature) === null) return step as MixRecordJSON;
  return signMixStep({ electionHash: c.electionHash } as PreferentialState, { mixer: step.mixer, output: step.output, proof: step.proof }, trustee);
}
