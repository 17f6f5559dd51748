/**
 * The trustee's key-ceremony steps as the web pages run them (the ceremony page; a contest ballot's trustee page;
 * the ceremony of a preferential ballot, which is the ceremony page too): each step reads the board once, verifies
 * it with the trustee's receipts (src/ballot/verified-ceremony.ts — the function the CLI's `confidence trustee`
 * commands call), and computes from the records of THAT reading: the transport keys a dealing is encrypted to, the
 * dealings whose shares are checked, the complaints answered, the dealings and key a share is computed from. Never
 * from `…/records/TYPE` answers, which a server can make differ from the board (keys of its own shown to one dealer,
 * a forged dealing shown to one trustee, forged complaints shown to one dealer). On a board that fails, the step
 * refuses with the failing check's message and nothing is computed, posted or downloaded.
 *
 * No React here: the pages call these and post or download what they return (tested in-process against a lying
 * server, test/attacks/server-lies-to-the-ceremony-page.test.ts).
 */
import { trusteeAnswerComplaints, trusteeCheckShares, trusteeDeal, trusteeFinalize, type DkgAnswerBody, type Manifest, type ShareCheck, type TrusteeSecretFile } from '../../../ballot';
import { boardKindOf, verifiedCeremony, type VerifiedCeremony } from '../../../ballot/verified-ceremony';
import { linesOf } from '../../board-stream';
import { electionApi } from './api';
import type { PendingSecret } from './TrusteeSteps';

/** The board a step runs on, as the API names it (its id says which verifier it needs). */
export interface TrusteeBoardRef {
  id: string;
  contestId?: string | null;
}

/** The page's words for a refusal (each page has its own, in the reader's language). */
export interface DeviceWords {
  /** The board failed `failure` (a check's one-line message, from the verifier). */
  boardRefused: (failure: string) => string;
  /** The verified board holds `have` of the `of` messages this step needs (the API's view said otherwise). */
  notYet: (have: number, of: number) => string;
  /** Told after the board verified, with how many of the trustee's receipts were checked against it. */
  verified?: (receipts: number) => void;
}

/**
 * One reading of the board, verified (its ceremony checks, and each of `receipts` where the server receipted it)
 * under the trustee's own election hash (its secret file's). Throws the page's refusal otherwise.
 */
export async function readVerifiedCeremony(ref: TrusteeBoardRef, secret: Pick<TrusteeSecretFile, 'electionHash'>, receipts: readonly unknown[], words: DeviceWords): Promise<VerifiedCeremony> {
  const kind = boardKindOf(ref);
  const body = await electionApi.boardStream(ref.id);
  const reading = await verifiedCeremony(linesOf(body), { kind, electionHash: secret.electionHash, receipts });
  if (!reading.ok) throw new Error(words.boardRefused(reading.failure));
  words.verified?.(reading.ceremony.receipts);
  return reading.ceremony;
}

/** Deal (commit step): the shares are encrypted to the transport keys of the verified board, all n of them. */
export async function dealStep(manifest: Manifest, ref: TrusteeBoardRef, secret: PendingSecret, receipts: readonly unknown[], words: DeviceWords): Promise<ReturnType<typeof trusteeDeal>> {
  const c = await readVerifiedCeremony(ref, secret, receipts, words);
  if (c.trusteeKeys.length < manifest.trustees.count) throw new Error(words.notYet(c.trusteeKeys.length, manifest.trustees.count));
  return trusteeDeal(manifest, secret.electionHash, secret, c.trusteeKeys);
}

/** Check the shares sent to this trustee against the dealings and keys of the verified board (complaints to post). */
export async function checkSharesStep(manifest: Manifest, ref: TrusteeBoardRef, secret: PendingSecret, receipts: readonly unknown[], words: DeviceWords): Promise<ShareCheck> {
  const c = await readVerifiedCeremony(ref, secret, receipts, words);
  if (c.dealings.length < manifest.trustees.count) throw new Error(words.notYet(c.dealings.length, manifest.trustees.count));
  return trusteeCheckShares(manifest, secret.electionHash, secret, c.dealings, c.trusteeKeys);
}

/**
 * The answers this dealer owes (to `complainer` only, if given): to the upheld, unanswered complaints on the verified
 * board, judged against the keys it dealt to and its own dealing (its file) — an answer reveals a share.
 */
export async function answerStep(manifest: Manifest, ref: TrusteeBoardRef, secret: PendingSecret, receipts: readonly unknown[], words: DeviceWords, complainer?: number): Promise<DkgAnswerBody[]> {
  const c = await readVerifiedCeremony(ref, secret, receipts, words);
  return trusteeAnswerComplaints(manifest, secret.electionHash, secret, c, { only: complainer, ownDealing: secret.pendingDealing });
}

/** The share of the election secret, from the dealings, answers and election key of the verified board. */
export async function shareStep(manifest: Manifest, ref: TrusteeBoardRef, secret: TrusteeSecretFile, receipts: readonly unknown[], words: DeviceWords): Promise<TrusteeSecretFile> {
  const c = await readVerifiedCeremony(ref, secret, receipts, words);
  if (!c.electionKey) throw new Error(words.notYet(0, 1));
  return trusteeFinalize(manifest, secret.electionHash, secret, c.dealings, c.electionKey, c.answers);
}

/** One line of a dealer's "complaints against me" list. */
export interface ComplaintAgainstMe {
  complainer: number;
  /** Answered on the verified board (an answer by this dealer to this complainer is in that reading). */
  answered: boolean;
  /** False for a complaint the API's view shows but the verified board does not hold: nothing to answer there. */
  onBoard: boolean;
}

/**
 * The complaints against `dealer` as a verified reading holds them, each marked answered from that reading's answers;
 * then those the API's view adds, flagged as not on the verified board (shown, so the dealer knows the server says
 * so, but never answered: an answer reveals a share). Pure.
 */
export function complaintsAgainst(c: Pick<VerifiedCeremony, 'complaints' | 'answers'>, dealer: number, apiView: readonly { dealer: number; complainer: number }[] = []): ComplaintAgainstMe[] {
  const onBoard = new Set<number>();
  const list: ComplaintAgainstMe[] = [];
  for (const x of c.complaints) {
    const { complainer, dealer: against } = x.complaint;
    if (against !== dealer || onBoard.has(complainer)) continue;
    onBoard.add(complainer);
    list.push({ complainer, answered: c.answers.some((a) => a.answer.dealer === dealer && a.answer.complainer === complainer), onBoard: true });
  }
  for (const x of apiView) {
    if (x.dealer !== dealer || onBoard.has(x.complainer) || list.some((l) => l.complainer === x.complainer)) continue;
    list.push({ complainer: x.complainer, answered: false, onBoard: false });
  }
  return list;
}

/** The "complaints against me" list of the selected dealer, from a reading of the board verified with its receipts. */
export async function complaintsStep(ref: TrusteeBoardRef, secret: Pick<TrusteeSecretFile, 'electionHash' | 'trustee'>, receipts: readonly unknown[], words: DeviceWords, apiView: readonly { dealer: number; complainer: number }[] = []): Promise<ComplaintAgainstMe[]> {
  const c = await readVerifiedCeremony(ref, secret, receipts, words);
  return complaintsAgainst(c, secret.trustee, apiView);
}
