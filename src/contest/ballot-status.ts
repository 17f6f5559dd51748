/**
 * Why each ballot on a contest board counts or not (docs/contest.md §4, R13, R18–R19, §7 postal ballots): for every
 * ballot, its status as the verifier recomputes it, its channel (a ballot named by a postal batch record is postal,
 * any other online) and the record that decided it — the signed revocation that replaced its credential (with the
 * postal batch it belongs to, or none: a replacement no batch supports), or the ballot of the same credential that
 * the counting rule counts instead (itself perhaps a postal ballot). Voters, officers and observers can so see which
 * ballots were superseded and why, from the public board alone; a member's receipt check (R19) says it in plain words.
 * Pure; run on a board that passed R1–R9.
 */
import { canonicalJson } from '../domain/audit/canonical-json';
import { sha256Hex } from '../ballot/records';
import { parseReceipt } from '../ballot/receipt';
import { isTrusteeReceipt } from '../ballot/trustee-receipt';
import { selectContestCounted, type ContestBoardEvent } from './board';

/** The postal batch a record belongs to: its number, its record's seq and its recording time. */
export interface PostalOrigin {
  batch: number;
  batchSeq: number;
  at: string;
}

export interface BallotExplanation {
  seq: number;
  tracker: string;
  status: 'counted' | 'superseded' | 'revoked';
  channel: 'online' | 'postal';
  /** For a postal ballot: its batch. */
  postal: PostalOrigin | null;
  /** The record that decided a non-counted ballot: the revocation (and its batch, if any), or the ballot counted instead. */
  because: null | { kind: 'revocation'; seq: number; postal: PostalOrigin | null } | { kind: 'counted-instead'; seq: number; rule: 'last' | 'first'; postal: PostalOrigin | null };
}

export function explainContestBallots(lines: readonly string[], counting: 'last' | 'first', hashHex: (s: string) => string = sha256Hex): BallotExplanation[] {
  const events: ContestBoardEvent[] = [];
  const trackers = new Map<number, string>();
  const credentials = new Map<number, string>();
  const batchOf = new Map<string, PostalOrigin>();
  const replacementAt = new Map<string, number>();
  lines.forEach((line, seq) => {
    if (line.endsWith('"type":"ballot"}')) {
      const body = (JSON.parse(line) as { body: { credential: string } }).body;
      events.push({ kind: 'ballot', seq, credential: body.credential });
      trackers.set(seq, hashHex(canonicalJson(body)));
      credentials.set(seq, body.credential);
    } else if (line.endsWith('"type":"revocation"}')) {
      const body = (JSON.parse(line) as { body: { revoked: string; replacement: string } }).body;
      events.push({ kind: 'revocation', seq, revoked: body.revoked });
      replacementAt.set(body.replacement, seq);
    } else if (line.endsWith('"type":"postal_batch"}')) {
      const body = (JSON.parse(line) as { body: { batch: number; at: string; trackers: string[] } }).body;
      for (const t of body.trackers) batchOf.set(t, { batch: body.batch, batchSeq: seq, at: body.at });
    }
  });
  const sel = selectContestCounted(events, counting);
  // A revocation is postal when the ballot cast under its replacement is in a batch (R18 checked the pairing).
  const postalOfSeq = new Map<number, PostalOrigin>();
  for (const [seq, t] of trackers) {
    const p = batchOf.get(t);
    if (!p) continue;
    postalOfSeq.set(seq, p);
    const rev = replacementAt.get(credentials.get(seq)!);
    if (rev !== undefined) postalOfSeq.set(rev, p);
  }
  const revokedAt = new Map<string, number>();
  const countedOf = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'revocation') revokedAt.set(e.revoked, e.seq);
    else if (sel.status.get(e.seq) === 'counted') countedOf.set(e.credential, e.seq);
  }
  return events
    .filter((e): e is Extract<ContestBoardEvent, { kind: 'ballot' }> => e.kind === 'ballot')
    .map((e) => {
      const status = sel.status.get(e.seq) as BallotExplanation['status'];
      let because: BallotExplanation['because'] = null;
      if (status === 'revoked') {
        const seq = revokedAt.get(e.credential)!;
        because = { kind: 'revocation', seq, postal: postalOfSeq.get(seq) ?? null };
      } else if (status === 'superseded') {
        const seq = countedOf.get(e.credential)!;
        because = { kind: 'counted-instead', seq, rule: counting, postal: postalOfSeq.get(seq) ?? null };
      }
      const postal = postalOfSeq.get(e.seq) ?? null;
      return { seq: e.seq, tracker: trackers.get(e.seq)!, status, channel: postal ? 'postal' : 'online', postal, because };
    });
}

/** What a member's receipt check says about a receipted ballot (R19). */
export interface ReceiptFate extends BallotExplanation {
  /** Index of the receipt among those given (cast receipts and trustee receipts alike), from 1. */
  receipt: number;
  /** One plain sentence for the member. */
  message: string;
}

/**
 * The plain sentence for a ballot's fate, addressed to the member holding its receipt: "your online ballot was
 * replaced by a postal ballot recorded at T in batch B", a replacement that no batch supports, or the other ballot of
 * the credential that counts instead.
 */
export function describeBallotFate(x: BallotExplanation): string {
  const yours = `your ${x.channel} ballot (record ${x.seq}, tracker ${x.tracker.slice(0, 16)}…)`;
  const b = x.because;
  if (!b) return `${yours} counts`;
  if (b.kind === 'revocation') {
    if (b.postal) return `${yours} no longer counts: your online ballot was replaced by a postal ballot recorded at ${b.postal.at} in batch ${b.postal.batch} (batch record ${b.postal.batchSeq}; revocation at record ${b.seq}). If you did not send a postal ballot, keep this receipt and tell the returning officer.`;
    return `${yours} no longer counts: the credential authority revoked your credential at record ${b.seq}, and that revocation belongs to no postal batch (a replacement credential, as for a lost one). If you did not ask for a new credential, keep this receipt and tell the returning officer.`;
  }
  const which = b.rule === 'last' ? 'the last ballot of a credential counts' : 'the first valid ballot of a credential counts';
  if (b.postal) return `${yours} does not count: your online ballot was replaced by a postal ballot recorded at ${b.postal.at} in batch ${b.postal.batch} (record ${b.seq}; ${which}). If you did not send a postal ballot, keep this receipt and tell the returning officer.`;
  return `${yours} does not count: ${which}, and your credential's ballot at record ${b.seq} counts instead.`;
}

/** R19: the fate of every cast receipt's ballot (receipts already checked by R17), in the order given. */
export function receiptFates(lines: readonly string[], counting: 'last' | 'first', receipts: readonly unknown[], hashHex: (s: string) => string = sha256Hex): ReceiptFate[] {
  const bySeq = new Map(explainContestBallots(lines, counting, hashHex).map((x) => [x.seq, x]));
  const out: ReceiptFate[] = [];
  receipts.forEach((raw, i) => {
    if (isTrusteeReceipt(raw)) return;
    const x = bySeq.get(parseReceipt(raw).seq);
    if (x) out.push({ ...x, receipt: i + 1, message: describeBallotFate(x) });
  });
  return out;
}
