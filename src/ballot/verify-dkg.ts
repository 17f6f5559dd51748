/**
 * The verifier's key-ceremony check B6 (docs/ballot-spec.md §8), in numbered steps B6.1–B6.5. Pure; called by
 * ./verify.ts once the transport keys have passed B5.
 *
 * Threat model: whoever writes the board (the server) holds no trustee key. Every dealing, complaint and answer
 * must be signed by its author's registered key (B5), so a message the board writer made up or changed — a share
 * corrupted in transit, a complaint against an honest dealer, a wrong answer in a dealer's name — fails here,
 * at the record, and the board is rejected. A trustee's own signed misbehaviour does not reject the board: it is
 * counted against that trustee (a dealer disqualified, a false complainer named) when the qualified set, the
 * joint key and the verification keys are recomputed (B6.5) and compared with the posted `election_key`.
 *
 * What signatures cannot stop is omission: a board writer that drops a dealer's signed answer gets that dealer
 * disqualified, and the board without the answer is as consistent as the one with it. B6.6 closes that with the
 * trustees' submission receipts (./trustee-receipt.ts): each receipt the verifier is given must find its message
 * on the board, at the receipted place, under the receipted head.
 */
import {
  DkgMessageError,
  dkgComplaintVerdict,
  dkgSignedAnswerFromJSON,
  dkgSignedComplaintFromJSON,
  dkgSignedDealingFromJSON,
  dkgVerifyAnswerSignature,
  dkgVerifyDealingSignature,
  type DkgSignedDealing,
  type Point,
} from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import type { Manifest } from './manifest';
import type { DkgAnswerBody, DkgCommitmentBody, DkgComplaintBody, DkgDealingBody, ElectionKeyBody, RecordType, TrusteeKeyBody } from './records';
import { computeElectionKey, dkgParams, recipientKeyList, trusteeKeyMap, type ComplaintStatus } from './trustee';
import { messageDigest, parseTrusteeReceipt, trusteeReceiptSignatureValid, type TrusteeReceipt } from './trustee-receipt';
import { parseInstant } from './manifest';

export const DKG_STEPS = [
  { id: 'B6.1', title: 'Dealing digests: one per dealer 1..n, before any dealing' },
  { id: 'B6.2', title: 'Dealings: one per committed dealer, one encrypted share per trustee, signed by the dealer’s registered key' },
  { id: 'B6.3', title: 'Complaints: signed by the complainer, with a valid decryption proof of the disputed share (evidence), once per dealer and complainer' },
  { id: 'B6.4', title: 'Answers: signed by the accused dealer, to a complaint earlier on the board, once' },
  { id: 'B6.5', title: 'Qualified set (digests, proofs, upheld complaints and answers), false complaints, joint key and verification keys recomputed and equal to the election_key record' },
  { id: 'B6.6', title: 'Trustee receipts: each receipt given (--receipt) is signed by the board key, and its message is on the board at its place, under its head' },
] as const;
export type DkgStep = (typeof DKG_STEPS)[number]['id'];

export interface DkgRec {
  seq: number;
  type: RecordType;
  body: unknown;
  /** The record's hash (needed by B6.6 only). */
  hash?: string;
}

export interface DkgCheckFailure {
  step: DkgStep;
  seq: number | null;
  type: string | null;
  message: string;
}

export interface DkgCheckResult {
  /** The recomputed election key (null while the ceremony is not finished). */
  expected: ElectionKeyBody | null;
  /** Every complaint with its verdict. */
  complaints: ComplaintStatus[];
  /** Trustee receipts checked (B6.6). */
  receiptsChecked: number;
}

/** What B6.6 needs: the trustees' receipts (untrusted JSON) and the board key from the manifest. */
export interface TrusteeReceiptsInput {
  receipts: readonly unknown[];
  boardKey: string;
}

class StepFail extends Error {
  constructor(
    readonly step: DkgStep,
    readonly rec: DkgRec | null,
    message: string,
  ) {
    super(message);
  }
}

function exactKeys(x: unknown, keys: readonly string[]): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const actual = Object.keys(x);
  return actual.length === keys.length && keys.every((k) => k in (x as object));
}

const isIndex = (x: unknown, n: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= n;

/** B6.1–B6.6 over the key-ceremony records in board order (B5 has checked the trustee keys). */
export function checkKeyCeremony(
  manifest: Manifest,
  electionHash: string,
  recs: readonly DkgRec[],
  receipts?: TrusteeReceiptsInput,
): { ok: true; result: DkgCheckResult } | { ok: false; failure: DkgCheckFailure } {
  try {
    const result = run(manifest, electionHash, recs);
    result.receiptsChecked = receipts ? checkTrusteeReceipts(electionHash, recs, receipts) : 0;
    return { ok: true, result };
  } catch (e) {
    if (e instanceof StepFail) return { ok: false, failure: { step: e.step, seq: e.rec?.seq ?? null, type: e.rec?.type ?? null, message: e.message } };
    throw e;
  }
}

function run(manifest: Manifest, eh: string, recs: readonly DkgRec[]): DkgCheckResult {
  const n = manifest.trustees.count;
  const params = dkgParams(manifest, eh);
  const of = (t: RecordType) => recs.filter((r) => r.type === t);
  const keyBodies = of('trustee_key').map((r) => r.body as TrusteeKeyBody);
  const keys: Map<number, Point> = trusteeKeyMap(keyBodies);

  // B6.1 digests
  const seenC = new Set<number>();
  for (const r of of('dkg_commitment')) {
    const b = r.body;
    if (!exactKeys(b, ['dealer', 'digest']) || !isIndex(b.dealer, n) || typeof b.digest !== 'string' || seenC.has(b.dealer)) throw new StepFail('B6.1', r, 'malformed or duplicate dealing digest');
    seenC.add(b.dealer);
  }

  // B6.2 dealings, signed by their dealer
  const dealings = new Map<number, DkgSignedDealing>();
  for (const r of of('dkg_dealing')) {
    const b = r.body;
    if (!exactKeys(b, ['dealing', 'encryptedShares', 'signature'])) throw new StepFail('B6.2', r, 'a dealing record holds exactly {dealing, encryptedShares, signature}');
    let d: DkgSignedDealing;
    try {
      d = dkgSignedDealingFromJSON(b, 'dealing', manifest.trustees.threshold);
    } catch (e) {
      throw new StepFail('B6.2', r, (e as Error).message);
    }
    const dealer = d.dealing.dealer;
    if (!isIndex(dealer, n) || dealings.has(dealer) || !seenC.has(dealer)) throw new StepFail('B6.2', r, `dealing from dealer ${dealer}: duplicate, or without a prior digest`);
    if (d.encryptedShares.length !== n || d.encryptedShares.some((s, j) => s.dealer !== dealer || s.recipient !== j + 1)) throw new StepFail('B6.2', r, `expected one encrypted share from dealer ${dealer} for each trustee 1..${n}`);
    if (keys.size !== n || !dkgVerifyDealingSignature(params, keys.get(dealer)!, d, recipientKeyList(keys, n))) {
      throw new StepFail('B6.2', r, `the dealing of trustee ${dealer} is not signed by that trustee's registered key over the trustees' registered transport keys: it was changed after the dealer signed it (a share corrupted in transit), made up, or made to keys the board does not hold (a server that showed the dealer keys of its own)`);
    }
    dealings.set(dealer, d);
  }

  // B6.3 complaints (signed, with evidence) and B6.4 answers (signed), in board order
  const complaintAt = new Map<string, number>();
  const answered = new Set<string>();
  const statuses: ComplaintStatus[] = [];
  for (const r of recs) {
    if (r.type === 'dkg_complaint') {
      if (!exactKeys(r.body, ['complaint'])) throw new StepFail('B6.3', r, 'a complaint record holds exactly {complaint}');
      let c;
      try {
        c = dkgSignedComplaintFromJSON(r.body.complaint);
      } catch (e) {
        throw new StepFail('B6.3', r, (e as Error).message);
      }
      const id = `${c.dealer}/${c.complainer}`;
      const d = dealings.get(c.dealer);
      if (!isIndex(c.complainer, n) || !d) throw new StepFail('B6.3', r, `a complaint of trustee ${c.complainer} against dealer ${c.dealer}, whose dealing is not on the board`);
      if (complaintAt.has(id)) throw new StepFail('B6.3', r, `a second complaint of trustee ${c.complainer} against dealer ${c.dealer}`);
      const v = dkgComplaintVerdict(params, keys.get(c.complainer)!, d, c);
      if (v.verdict === 'invalid') throw new StepFail('B6.3', r, `complaint of trustee ${c.complainer} against dealer ${c.dealer}: ${v.reason}`);
      complaintAt.set(id, r.seq);
      statuses.push({ dealer: c.dealer, complainer: c.complainer, verdict: v.verdict, answered: false });
    } else if (r.type === 'dkg_answer') {
      if (!exactKeys(r.body, ['answer'])) throw new StepFail('B6.4', r, 'an answer record holds exactly {answer}');
      let a;
      try {
        a = dkgSignedAnswerFromJSON(r.body.answer);
      } catch (e) {
        throw new StepFail('B6.4', r, (e as Error).message);
      }
      const id = `${a.dealer}/${a.complainer}`;
      if (!complaintAt.has(id)) throw new StepFail('B6.4', r, `an answer of dealer ${a.dealer} to trustee ${a.complainer}, who has not complained`);
      if (answered.has(id)) throw new StepFail('B6.4', r, `a second answer of dealer ${a.dealer} to trustee ${a.complainer}`);
      if (!dkgVerifyAnswerSignature(params, keys.get(a.dealer)!, a)) throw new StepFail('B6.4', r, `the answer to trustee ${a.complainer} is not signed by dealer ${a.dealer}`);
      answered.add(id);
      const s = statuses.find((x) => x.dealer === a.dealer && x.complainer === a.complainer);
      if (s) s.answered = true;
    }
  }

  // B6.5 qualification and the key
  const ekRec = of('election_key')[0];
  if (!ekRec) return { expected: null, complaints: statuses, receiptsChecked: 0 };
  let expected: ElectionKeyBody;
  try {
    expected = computeElectionKey(manifest, eh, {
      trusteeKeys: keyBodies,
      commitments: of('dkg_commitment').map((r) => r.body as DkgCommitmentBody),
      dealings: of('dkg_dealing').map((r) => r.body as DkgDealingBody),
      complaints: of('dkg_complaint').map((r) => r.body as DkgComplaintBody),
      answers: of('dkg_answer').map((r) => r.body as DkgAnswerBody),
    });
  } catch (e) {
    // B6.2–B6.4 have already checked every message, so a DkgMessageError here would be a bug; report it as such.
    throw new StepFail('B6.5', ekRec, `the key ceremony does not yield a key: ${(e as Error).message}${e instanceof DkgMessageError ? ' (unexpected: a message passed B6.2–B6.4)' : ''}`);
  }
  if (canonicalJson(expected) !== canonicalJson(ekRec.body)) {
    const posted = ekRec.body as Partial<ElectionKeyBody>;
    const what =
      posted.publicKey !== expected.publicKey
        ? 'joint public key'
        : !sameJson(posted.qualified, expected.qualified)
          ? 'qualified trustees'
          : !sameJson(posted.falseComplaints, expected.falseComplaints)
            ? 'false complaints'
            : 'verification keys or disqualifications';
    const complaintsNote = statuses.length ? `; complaints: ${statuses.map((s) => `${s.complainer}→${s.dealer} ${s.verdict}${s.answered ? ', answered' : ''}`).join('; ')}` : '';
    throw new StepFail(
      'B6.5',
      ekRec,
      `the posted ${what} differ(s) from what the dealings give (qualified: ${expected.qualified.join(', ')}${expected.disqualified.length ? `; disqualified: ${expected.disqualified.map((d) => `${d.dealer} (${d.reason})`).join(', ')}` : ''}${complaintsNote})`,
    );
  }
  return { expected, complaints: statuses, receiptsChecked: 0 };
}

/**
 * B6.6: every trustee receipt is well formed, signed by the board key, names this election, and record `seq` is
 * the receipted message (type and body digest) with the receipted hash. As the hash chains all earlier records,
 * the board up to the message is the one the server receipted. Receipts in seq order carry non-decreasing times
 * (the board key does not sign two stories). Returns how many were checked.
 */
function checkTrusteeReceipts(eh: string, recs: readonly DkgRec[], input: TrusteeReceiptsInput): number {
  const checked: { seq: number; at: number }[] = [];
  for (const [i, raw] of input.receipts.entries()) {
    const where = `trustee receipt ${i + 1}`;
    let r: TrusteeReceipt;
    try {
      r = parseTrusteeReceipt(raw);
    } catch (e) {
      throw new StepFail('B6.6', null, `${where}: ${(e as Error).message}`);
    }
    if (!trusteeReceiptSignatureValid(input.boardKey, r)) throw new StepFail('B6.6', null, `${where}: not signed by this board's key (manifest.boardKey): it is not a receipt of this board`);
    if (r.election !== eh) throw new StepFail('B6.6', null, `${where}: it is for election ${r.election}, not this board's ${eh}`);
    const what = `the ${r.type} receipted as record ${r.seq}`;
    const rec = recs.find((x) => x.seq === r.seq);
    const same = (x: DkgRec) => x.type === r.type && messageDigest(x.body) === r.digest;
    if (!rec || !same(rec)) {
      const moved = recs.find(same);
      const there = rec ? `record ${r.seq} is a ${rec.type}${rec.type === r.type ? ' with another body' : ''}` : `record ${r.seq} is not a key-ceremony record`;
      throw new StepFail(
        'B6.6',
        rec ?? null,
        moved
          ? `${where}: ${what} was moved to record ${moved.seq} (${there}): the board was rewritten after the message was accepted`
          : `${where}: ${what} is missing from the board (${there}): the board writer dropped a trustee's signed message it had accepted`,
      );
    }
    if (rec.hash !== r.head) throw new StepFail('B6.6', rec, `${where}: ${what} is there, but the board before it is not the one receipted (its hash is ${rec.hash ?? '?'}, the receipt's ${r.head}): earlier records were changed`);
    checked.push({ seq: r.seq, at: parseInstant(r.at)! });
  }
  const bySeq = [...checked].sort((a, b) => a.seq - b.seq);
  for (let j = 1; j < bySeq.length; j++) {
    if (bySeq[j]!.at < bySeq[j - 1]!.at) throw new StepFail('B6.6', null, `the receipts for records ${bySeq[j - 1]!.seq} and ${bySeq[j]!.seq} are signed with times in the opposite order: the board key signed inconsistent receipts`);
  }
  return checked.length;
}

/** Compares a posted field with the expected one; a missing posted field (a malformed record) is simply unequal. */
function sameJson(posted: unknown, expected: unknown): boolean {
  return posted !== undefined && canonicalJson(posted) === canonicalJson(expected);
}
