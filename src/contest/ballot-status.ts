/**
 * Why each ballot on a contest board counts or not (docs/contest.md §4, R13, §7 postal ballots): for every ballot, its
 * status as the verifier recomputes it and the record that decided it — the signed revocation that replaced its
 * credential (a postal paper under "postal overrides online", or a lost credential), or the ballot of the same
 * credential that the counting rule counts instead. Voters, officers and observers can so see which ballots were
 * superseded and why, from the public board alone. Pure; run on a board that passed R1–R13.
 */
import { canonicalJson } from '../domain/audit/canonical-json';
import { sha256Hex } from '../ballot/records';
import { selectContestCounted, type ContestBoardEvent } from './board';

export interface BallotExplanation {
  seq: number;
  tracker: string;
  status: 'counted' | 'superseded' | 'revoked';
  /** The record that decided a non-counted ballot: the revocation, or the ballot counted instead. */
  because: null | { kind: 'revocation'; seq: number } | { kind: 'counted-instead'; seq: number; rule: 'last' | 'first' };
}

export function explainContestBallots(lines: readonly string[], counting: 'last' | 'first', hashHex: (s: string) => string = sha256Hex): BallotExplanation[] {
  const events: ContestBoardEvent[] = [];
  const trackers = new Map<number, string>();
  lines.forEach((line, seq) => {
    if (line.endsWith('"type":"ballot"}')) {
      const body = (JSON.parse(line) as { body: { credential: string } }).body;
      events.push({ kind: 'ballot', seq, credential: body.credential });
      trackers.set(seq, hashHex(canonicalJson(body)));
    } else if (line.endsWith('"type":"revocation"}')) {
      events.push({ kind: 'revocation', seq, revoked: (JSON.parse(line) as { body: { revoked: string } }).body.revoked });
    }
  });
  const sel = selectContestCounted(events, counting);
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
      const because: BallotExplanation['because'] =
        status === 'revoked' ? { kind: 'revocation', seq: revokedAt.get(e.credential)! } : status === 'superseded' ? { kind: 'counted-instead', seq: countedOf.get(e.credential)!, rule: counting } : null;
      return { seq: e.seq, tracker: trackers.get(e.seq)!, status, because };
    });
}
