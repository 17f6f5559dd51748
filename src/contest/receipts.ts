/**
 * Receipts on a contest ballot's board (docs/contest.md §4, checks R16 and R17): the contest's counterpart of the
 * confidence vote's B6.6 (trustee receipts) and B9c (cast receipts), with the same receipt formats
 * (src/ballot/trustee-receipt.ts, src/ballot/receipt.ts), signed by the board key the contest manifest names.
 *
 * Threat model. The server writes the board. Without receipts it can drop a trustee's dealing it accepted and
 * rebuild the chain (the key then comes from the other dealers: R6 recomputes whatever is on the board, so the
 * rebuilt board verifies), or drop or move an MP's or member's ballot and re-hash everything after it (R1–R15 pass
 * on the smaller board, and the count is simply one short). A receipt is the board key's own signature that the
 * message is record `seq` and that the board up to it hashes to `head`: given to the verifier, it makes such a board
 * fail R16 (trustee) or R17 (voter), naming what happened ("missing", "moved to record …", "earlier records were
 * changed"). A receipt says nothing about a vote (the ballot is encrypted; its tracker is public).
 *
 * Pure (browser, CLI). Works on the board's lines after R1–R3 have passed (canonical records, intact chain), so it
 * reads only the records the receipts name, plus the open and close records for the voting window.
 */
import { canonicalJson } from '../domain/audit/canonical-json';
import { sha256Hex } from '../ballot/records';
import { parseInstant } from '../ballot/manifest';
import { POSTAL_CLOCK_SKEW_MS } from './postal';
import { parseReceipt, receiptSignatureValid } from '../ballot/receipt';
import { isTrusteeReceipt, messageDigest, parseTrusteeReceipt, trusteeReceiptSignatureValid, TRUSTEE_MESSAGE_TYPES } from '../ballot/trustee-receipt';

export class ReceiptFail extends Error {
  constructor(
    readonly check: 'R16' | 'R17',
    readonly seq: number | null,
    readonly type: string | null,
    message: string,
  ) {
    super(message);
  }
}

interface Line {
  seq: number;
  type: string;
  hash: string;
  body: unknown;
}

/** The tracker of a contest ballot: SHA-256 of its canonical body (what the server returns and the booth shows). */
export function contestTracker(body: unknown, hashHex: (s: string) => string = sha256Hex): string {
  return hashHex(canonicalJson(body));
}

/**
 * Checks every receipt given against the board. `lines` are the board's canonical lines (R1–R3 passed), `eh` its
 * election hash, `boardKey` the manifest's. Trustee receipts (those naming a record `type`) go to R16, the others
 * to R17. Returns how many of each were checked; throws ReceiptFail naming the check.
 */
export function checkContestReceipts(lines: readonly string[], eh: string, boardKey: string | undefined, receipts: readonly unknown[], hashHex: (s: string) => string = sha256Hex): { trustee: number; cast: number } {
  const trusteeRaw = receipts.filter(isTrusteeReceipt);
  const castRaw = receipts.filter((r) => !isTrusteeReceipt(r));
  const at = (seq: number): Line | null => {
    const line = lines[seq];
    if (line === undefined) return null;
    const o = JSON.parse(line) as Line;
    return { seq, type: o.type, hash: o.hash, body: o.body };
  };

  // ---- R16: trustee receipts ----------------------------------------------------------------------------------
  const dkgTypes = new Set<string>(TRUSTEE_MESSAGE_TYPES);
  const checkedT: { seq: number; at: number }[] = [];
  for (const [i, raw] of trusteeRaw.entries()) {
    const where = `trustee receipt ${i + 1}`;
    if (!boardKey) throw new ReceiptFail('R16', null, null, `${where}: this board's manifest names no board key, so it gives no receipts: it is not the board that signed this one`);
    let r;
    try {
      r = parseTrusteeReceipt(raw);
    } catch (e) {
      throw new ReceiptFail('R16', null, null, `${where}: ${(e as Error).message}`);
    }
    if (!trusteeReceiptSignatureValid(boardKey, r)) throw new ReceiptFail('R16', null, null, `${where}: not signed by this board's key (manifest.boardKey): it is not a receipt of this board`);
    if (r.election !== eh) throw new ReceiptFail('R16', null, null, `${where}: it is for election ${r.election}, not this board's ${eh}`);
    const what = `the ${r.type} receipted as record ${r.seq}`;
    const rec = at(r.seq);
    const same = (x: Line) => x.type === r.type && messageDigest(x.body) === r.digest;
    if (!rec || !same(rec)) {
      // Where did it go? Look through the key-ceremony records (a handful) for the same message.
      let moved: Line | null = null;
      for (let s = 1; s < lines.length && !moved; s++) {
        const x = at(s)!;
        if (!dkgTypes.has(x.type) && x.type !== 'setup') break;
        if (same(x)) moved = x;
      }
      const there = rec ? `record ${r.seq} is a ${rec.type}${rec.type === r.type ? ' with another body' : ''}` : `the board has ${lines.length} records`;
      throw new ReceiptFail(
        'R16',
        rec?.seq ?? null,
        rec?.type ?? null,
        moved
          ? `${where}: ${what} was moved to record ${moved.seq} (${there}): the board was rewritten after the message was accepted`
          : `${where}: ${what} is missing from the board (${there}): the board writer dropped a trustee's signed message it had accepted`,
      );
    }
    if (rec.hash !== r.head) throw new ReceiptFail('R16', rec.seq, rec.type, `${where}: ${what} is there, but the board before it is not the one receipted (its hash is ${rec.hash}, the receipt's ${r.head}): earlier records were changed`);
    checkedT.push({ seq: r.seq, at: parseInstant(r.at)! });
  }
  checkedT.sort((a, b) => a.seq - b.seq);
  for (let j = 1; j < checkedT.length; j++) {
    if (checkedT[j]!.at < checkedT[j - 1]!.at) throw new ReceiptFail('R16', checkedT[j]!.seq, null, `the receipts for records ${checkedT[j - 1]!.seq} and ${checkedT[j]!.seq} are signed with times in the opposite order: the board key signed inconsistent receipts`);
  }

  // ---- R17: cast receipts -------------------------------------------------------------------------------------
  const checkedC: { seq: number; at: number }[] = [];
  if (castRaw.length > 0) {
    // The voting window: the open and close records' instants (canonical lines end with their type).
    let openedAt: string | null = null;
    let closedAt: string | null = null;
    // Postal batches, each dated by the credential authority (R18 checks their form and order among themselves).
    const batches: { seq: number; batch: unknown; at: string; t: number }[] = [];
    for (let s = 0; s < lines.length; s++) {
      const l = lines[s]!;
      if (l.endsWith('"type":"open"}')) openedAt = String((at(s)!.body as { at?: unknown }).at);
      else if (l.endsWith('"type":"close"}')) closedAt = String((at(s)!.body as { at?: unknown }).at);
      else if (l.endsWith('"type":"postal_batch"}')) {
        const b = at(s)!.body as { batch?: unknown; at?: unknown };
        const t = parseInstant(b.at);
        if (t !== null) batches.push({ seq: s, batch: b.batch, at: String(b.at), t });
      }
    }
    const from = openedAt === null ? null : parseInstant(openedAt);
    const to = closedAt === null ? null : parseInstant(closedAt);
    for (const [i, raw] of castRaw.entries()) {
      const where = `receipt ${i + 1}`;
      if (!boardKey) throw new ReceiptFail('R17', null, null, `${where}: this board's manifest names no board key, so it gives no receipts: it is not the board that signed this one`);
      let r;
      try {
        r = parseReceipt(raw);
      } catch (e) {
        throw new ReceiptFail('R17', null, null, `${where}: ${(e as Error).message}`);
      }
      if (!receiptSignatureValid(boardKey, r)) throw new ReceiptFail('R17', null, null, `${where}: not signed by this board's key (manifest.boardKey): it is not a receipt of this board`);
      if (r.election !== eh) throw new ReceiptFail('R17', null, null, `${where}: it is for election ${r.election}, not this board's ${eh}`);
      const rec = at(r.seq);
      if (!rec) throw new ReceiptFail('R17', null, null, `${where}: the board has ${lines.length} records; the receipted ballot (record ${r.seq}) is missing`);
      if (rec.type !== 'ballot' || contestTracker(rec.body, hashHex) !== r.tracker) throw new ReceiptFail('R17', rec.seq, rec.type, `${where}: record ${r.seq} is not the receipted ballot ${r.tracker.slice(0, 16)}…: the ballot was removed or moved`);
      if (rec.hash !== r.head) throw new ReceiptFail('R17', rec.seq, rec.type, `${where}: the board up to the receipted ballot differs from the one the server signed (head ${r.head.slice(0, 16)}…): earlier records were changed, added or removed`);
      const t = parseInstant(r.at);
      if (t === null) throw new ReceiptFail('R17', rec.seq, rec.type, `${where}: its time ${JSON.stringify(r.at)} is not a strict timestamp`);
      if ((from !== null && t < from) || (to !== null && t > to)) throw new ReceiptFail('R17', rec.seq, rec.type, `${where}: cast at ${r.at}, outside the voting window ${openedAt ?? '?'} – ${closedAt ?? 'open'}`);
      // The receipt's time is the server's clock when it appended the ballot, and a batch is dated when it is entered:
      // a batch the board places after this ballot but dated before it (or before it and dated after) was back-dated
      // (or forward-dated) by more than the clock skew the server allows.
      for (const b of batches) {
        const wrong = b.seq > r.seq ? b.t < t - POSTAL_CLOCK_SKEW_MS : b.t > t + POSTAL_CLOCK_SKEW_MS;
        if (wrong) throw new ReceiptFail('R17', b.seq, 'postal_batch', `${where}: postal batch ${String(b.batch)} (record ${b.seq}) is dated ${b.at}, but the board places it ${b.seq > r.seq ? 'after' : 'before'} the receipted ballot (record ${r.seq}, cast at ${r.at}): the batch's date is false (it was ${b.seq > r.seq ? 'back' : 'forward'}-dated)`);
      }
      checkedC.push({ seq: r.seq, at: t });
    }
    checkedC.sort((a, b) => a.seq - b.seq);
    for (let j = 1; j < checkedC.length; j++) {
      if (checkedC[j]!.at < checkedC[j - 1]!.at) throw new ReceiptFail('R17', checkedC[j]!.seq, 'ballot', `receipted ballots are out of time order: record ${checkedC[j]!.seq} was receipted before record ${checkedC[j - 1]!.seq}`);
    }
  }
  return { trustee: checkedT.length, cast: checkedC.length };
}
