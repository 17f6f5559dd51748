/**
 * The verifier's trust-anchor checks (docs/ballot-spec.md §8: B3a, B7a, B7b, B8a, B9a, B9b, B9c), kept apart from
 * the record, key-ceremony and tally checks of ./verify.ts, which calls them in order.
 *
 * What they stop. The server and the chair may append any record and re-hash the whole chain; only what they cannot
 * sign or what the verifier's user knows from outside the server can tell a forged board from an honest one:
 *   - B3a: the election hash and head the user was given (a receipt, the chair's notice, a trustee) — a board that
 *     is not that one (another election with an equal manifest, a rewritten history) is refused;
 *   - B7a/B7b: the signature on the list by the authority key the manifest names (so the election hash pins the
 *     key), and the fingerprint the authority published elsewhere — a swapped credential (ballot stuffing), or a
 *     list re-signed with a key the server made, is refused;
 *   - B8a: the authority's signature on each revocation — a revocation by the server alone (a vote flip) is refused;
 *   - B9a: the revision each voter signs — a reordered board cannot change which ballot of a credential counts;
 *   - B9b: the voting window the manifest fixed (or the authority's signed reschedule) — an opening before it, a
 *     close after it (late ballots), a close before the opening, a reschedule the authority did not sign;
 *   - B9c: the board-signed cast receipts voters kept — a dropped or moved ballot is refused.
 *
 * Pure module.
 */
import { canonicalJson } from '../domain/audit/canonical-json';
import { checkCredentialList, fingerprintMatches, formatFingerprint, rescheduleSignatureValid, revocationSignatureValid } from './authority';
import { isRevision } from './booth';
import { parseInstant, type Manifest } from './manifest';
import { parseReceipt, receiptSignatureValid } from './receipt';
import { sha256Hex } from './records';
import type { BallotStatus } from './tally';
import { Fail } from './verify';

/** What the verifier's user knows from outside the server. */
export interface ExpectedBoard {
  /** The election hash (hash of the setup record). */
  electionHash?: string;
  /** The board's head: the hash of its last record. */
  head?: string;
  /** The credential list's fingerprint as the authority published it (8-group short form or 64 hex digits). */
  credentialsFingerprint?: string;
  /** Cast receipts (parsed JSON, checked strictly here). */
  receipts?: unknown[];
}

interface RecLike {
  seq: number;
  type: string;
  hash: string;
  body: unknown;
  line: string;
  /** A ballot's tracker when the verifier streamed its line away (./verify.ts keeps only this). */
  tracker?: string;
}

/** B3a. */
export function checkBoardIdentity(expect: ExpectedBoard | undefined, electionHash: string | null, head: string): void {
  if (!expect) return;
  if (expect.electionHash !== undefined && expect.electionHash.toLowerCase() !== electionHash) {
    throw new Fail('B3a', 0, 'setup', `the board's election hash is ${electionHash ?? '(none: empty board)'}, not the expected ${expect.electionHash}: this is another election's board`);
  }
  if (expect.head !== undefined && expect.head.toLowerCase() !== head) {
    throw new Fail('B3a', null, null, `the board's head is ${head}, not the expected ${expect.head}: records were added, removed or changed`);
  }
}

/**
 * B7a: the list is signed by the authority key the manifest names (so the election hash pins it), over the list
 * and the board's election key (`electionKey`, ADR 0416); returns that key and the fingerprint. A list signed by
 * any other key — a server that made its own "authority" and re-signed a list with a credential of its own in it —
 * is refused, whatever the signature's own validity; so is the authority's list on a board whose key ceremony was
 * replaced after it signed (a fork with the server's own trustees).
 */
export function checkCredentialSignature(electionHash: string, manifestAuthority: string, rec: RecLike, electionKey: string): { key: string; fingerprint: string } {
  const b = rec.body as { authority: unknown; credentials: string[]; signature: unknown };
  if (typeof b.authority !== 'string') throw new Fail('B7a', rec.seq, rec.type, 'the credential list names no authority key');
  if (b.authority !== manifestAuthority) {
    throw new Fail('B7a', rec.seq, rec.type, `the list is signed by key ${b.authority.slice(0, 16)}…, not by the credential authority key the manifest names (${manifestAuthority.slice(0, 16)}…): the authority key was swapped`);
  }
  try {
    const fingerprint = checkCredentialList(electionHash, b as never, electionKey);
    return { key: b.authority, fingerprint };
  } catch (e) {
    throw new Fail('B7a', rec.seq, rec.type, `${(e as Error).message}: the list, or the election key it was signed over, is not the one the credential authority signed`);
  }
}

/** B7b. */
export function checkExpectedFingerprint(expected: string, actual: string, seq: number): void {
  if (!fingerprintMatches(actual, expected)) {
    throw new Fail('B7b', seq, 'credentials', `the credential list's fingerprint is ${formatFingerprint(actual)}, not the published ${expected}: the list (or its signing key) was replaced`);
  }
}

/** B8a: a failure to report once B8 has passed, or null. */
export function checkRevocationSignature(electionHash: string, authority: string, seq: number, body: { revoked: string; replacement: string; signature: unknown }): Fail | null {
  let ok = false;
  let why = 'it is not signed by the credential authority';
  try {
    ok = revocationSignatureValid(electionHash, authority, body);
  } catch (e) {
    why = `its signature is malformed (${(e as Error).message})`;
  }
  return ok ? null : new Fail('B8a', seq, 'revocation', `${why}: a revocation the authority did not sign (who revokes a voter's credential alone can flip that vote)`);
}

/**
 * B9a: the ballots of one credential carry revisions 1, 2, 3, … in board order. Equal revisions (two "latest"
 * ballots), a gap (a ballot dropped) or a decrease (ballots swapped) is refused, so the board order and the signed
 * revisions agree and the highest revision — the voter's own statement — is the one counted.
 */
export function checkRevision(seen: Map<string, number>, seq: number, credential: string, revision: unknown): Fail | null {
  if (!isRevision(revision)) return new Fail('B9a', seq, 'ballot', 'the ballot has no valid revision number');
  const prev = seen.get(credential) ?? 0;
  seen.set(credential, Math.max(prev, revision));
  if (revision === prev + 1) return null;
  if (revision <= prev) return new Fail('B9a', seq, 'ballot', `revision ${revision} of this credential comes after revision ${prev}: ${revision === prev ? 'two ballots claim the same revision' : 'the board reorders the voter’s ballots'}`);
  return new Fail('B9a', seq, 'ballot', `revision ${revision} of this credential follows revision ${prev}: a ballot of this voter is missing from the board`);
}

export interface Window {
  openedAt: string | null;
  closedAt: string | null;
  from: number | null;
  to: number | null;
  /** The window the manifest fixed, as the last valid reschedule left it (null: a re-enactment, no real clock). */
  opensAt: string | null;
  closesAt: string | null;
  /** Reschedules on the board (each signed by the manifest's authority key). */
  reschedules: number;
}

const isRescheduleRevision = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1 && x <= 1000;

/**
 * B9b: the voting window is the manifest's (opensAt, closesAt) — fixed by the election hash — or the one set by
 * the latest reschedule, which must be signed by the manifest's credential authority key with revisions 1, 2, …
 * (so the server can neither forge a wider window nor replay an earlier one after a later one). The opening and
 * closing instants are strict, open.at lies in [opensAt, closesAt], close.at in [open.at, closesAt]. A server that
 * opens before the window or keeps taking ballots after it and closes late is refused; the server stamps close.at
 * as min(its clock, closesAt) and refuses casts after closesAt (VOTING_WINDOW_CLOSED). A manifest with no window
 * (a re-enactment on a fixed day, which follows no real clock) bounds nothing but close ≥ open.
 */
export function checkWindow(manifest: Manifest, electionHash: string, reschedules: readonly RecLike[], open: RecLike | undefined, close: RecLike | undefined): Window {
  const w: Window = { openedAt: null, closedAt: null, from: null, to: null, opensAt: manifest.opensAt, closesAt: manifest.closesAt, reschedules: 0 };
  for (const r of reschedules) {
    const b = r.body as Record<string, unknown>;
    const keys = Object.keys(b ?? {});
    if (keys.length !== 4 || !['opensAt', 'closesAt', 'revision', 'signature'].every((k) => k in b)) throw new Fail('B9b', r.seq, r.type, 'a reschedule holds exactly {opensAt, closesAt, revision, signature}');
    const o = parseInstant(b.opensAt);
    const c = parseInstant(b.closesAt);
    if (o === null || c === null || o >= c) throw new Fail('B9b', r.seq, r.type, 'a reschedule needs strict ISO-8601 UTC instants with opensAt before closesAt');
    if (!isRescheduleRevision(b.revision) || b.revision !== w.reschedules + 1) throw new Fail('B9b', r.seq, r.type, `the reschedule has revision ${JSON.stringify(b.revision)}; the next one is ${w.reschedules + 1}: reschedules replayed, reordered or dropped`);
    let ok = false;
    let why = 'it is not signed by the credential authority key the manifest names';
    try {
      ok = rescheduleSignatureValid(electionHash, manifest.authority, b as never);
    } catch (e) {
      why = `its signature is malformed (${(e as Error).message})`;
    }
    if (!ok) throw new Fail('B9b', r.seq, r.type, `${why}: a voting window the authority did not set`);
    w.opensAt = b.opensAt as string;
    w.closesAt = b.closesAt as string;
    w.reschedules++;
  }
  const lo = w.opensAt === null ? null : parseInstant(w.opensAt);
  const hi = w.closesAt === null ? null : parseInstant(w.closesAt);
  const windowText = `${w.opensAt ?? '—'} – ${w.closesAt ?? '—'}${w.reschedules ? ` (reschedule ${w.reschedules})` : ' (the manifest’s)'}`;
  if (open) {
    const at = (open.body as { at?: unknown }).at;
    w.from = parseInstant(at);
    if (w.from === null) throw new Fail('B9b', open.seq, 'open', `the opening instant ${JSON.stringify(at)} is not a strict ISO-8601 UTC timestamp`);
    if (lo !== null && w.from < lo) throw new Fail('B9b', open.seq, 'open', `the vote opened at ${String(at)}, before the voting window ${windowText}`);
    if (hi !== null && w.from > hi) throw new Fail('B9b', open.seq, 'open', `the vote opened at ${String(at)}, after the voting window ${windowText} had ended`);
    w.openedAt = at as string;
  }
  if (close) {
    const at = (close.body as { at?: unknown }).at;
    w.to = parseInstant(at);
    if (w.to === null) throw new Fail('B9b', close.seq, 'close', `the closing instant ${JSON.stringify(at)} is not a strict ISO-8601 UTC timestamp`);
    if (w.from !== null && w.to < w.from) throw new Fail('B9b', close.seq, 'close', `the vote closed at ${String(at)}, before it opened (${w.openedAt})`);
    if (hi !== null && w.to > hi) throw new Fail('B9b', close.seq, 'close', `the vote closed at ${String(at)}, after the voting window ${windowText}: ballots may have been taken late`);
    if (hi !== null && w.to < hi) throw new Fail('B9b', close.seq, 'close', `the vote closed at ${String(at)}, before the end of the voting window ${windowText}: members who had until then were shut out`);
    w.closedAt = at as string;
  }
  return w;
}

/** The tracker of the ballot a record holds (SHA-256 of its canonical body). */
function trackerOf(rec: RecLike): string {
  if (rec.tracker !== undefined) return rec.tracker;
  return sha256Hex(canonicalJson((JSON.parse(rec.line) as { body: unknown }).body));
}

/** B9c: returns how many receipts were checked. */
export function checkReceipts(receipts: readonly unknown[], recs: readonly RecLike[], electionHash: string, boardKey: string, w: Window): number {
  const checked: { seq: number; at: number }[] = [];
  for (const [i, raw] of receipts.entries()) {
    const where = `receipt ${i + 1}`;
    let r;
    try {
      r = parseReceipt(raw);
    } catch (e) {
      throw new Fail('B9c', null, null, `${where}: ${(e as Error).message}`);
    }
    if (!receiptSignatureValid(boardKey, r)) throw new Fail('B9c', null, null, `${where}: not signed by this board's key (manifest.boardKey): it is not a receipt of this board`);
    if (r.election !== electionHash) throw new Fail('B9c', null, null, `${where}: it is for election ${r.election}, not this board's ${electionHash}`);
    const rec = recs[r.seq];
    if (!rec) throw new Fail('B9c', null, null, `${where}: the board has ${recs.length} records; the receipted ballot (record ${r.seq}) is missing`);
    if (rec.type !== 'ballot' || trackerOf(rec) !== r.tracker) throw new Fail('B9c', r.seq, rec.type, `${where}: record ${r.seq} is not the receipted ballot ${r.tracker.slice(0, 16)}…: the ballot was removed or moved`);
    if (rec.hash !== r.head) throw new Fail('B9c', r.seq, rec.type, `${where}: the board up to the receipted ballot differs from the one the server signed (head ${r.head.slice(0, 16)}…): earlier records were changed, added or removed`);
    const at = parseInstant(r.at);
    if (at === null) throw new Fail('B9c', r.seq, rec.type, `${where}: its time ${JSON.stringify(r.at)} is not a strict timestamp`);
    if ((w.from !== null && at < w.from) || (w.to !== null && at > w.to)) throw new Fail('B9c', r.seq, rec.type, `${where}: cast at ${r.at}, outside the voting window ${w.openedAt ?? '?'} – ${w.closedAt ?? 'open'}`);
    checked.push({ seq: r.seq, at });
  }
  checked.sort((a, b) => a.seq - b.seq);
  for (let i = 1; i < checked.length; i++) {
    if (checked[i]!.at < checked[i - 1]!.at) throw new Fail('B9c', checked[i]!.seq, 'ballot', `receipted ballots are out of time order: record ${checked[i]!.seq} was receipted before record ${checked[i - 1]!.seq}`);
  }
  return checked.length;
}

/** The sorted trackers of the counted ballots (for tests and audits that compare counted sets). */
export function countedTrackers(recs: readonly RecLike[], status: ReadonlyMap<number, BallotStatus>): string[] {
  const out: string[] = [];
  for (const [seq, st] of status) if (st === 'counted') out.push(trackerOf(recs[seq]!));
  return out.sort();
}
