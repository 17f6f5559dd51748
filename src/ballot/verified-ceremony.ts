/**
 * The key-ceremony records a trustee's device computes from: those of ONE reading of the board, verified first
 * (its chain, its election, the ceremony checks — B1–B6 for a confidence vote, R1–R6 for a contest ballot, M13–M14
 * for a preferential ballot — and the trustee's own receipts: B6.6 / R16 / M15), never separate API answers
 * (`…/records/TYPE`), which a server can make differ from the board. A server that shows one device keys or a
 * dealing of its own must then show it a whole board that verifies, with every message the trustee holds a receipt
 * for where the server receipted it.
 *
 * Pure (no fetch): the CLI (`confidence trustee deal | complain | answer | share`) and the trustees' web pages
 * (the ceremony page, a contest ballot's trustee page) read the board and call this, and word the refusal their
 * own way.
 */
import { isRecordLine } from './tally-to-decrypt';
import type { DkgAnswerBody, DkgComplaintBody, DkgDealingBody, ElectionKeyBody, TrusteeKeyBody } from './records';
import { formatFailure, verifyBoard } from './verify';

/** Which verifier a board needs: the API's election id and contest id say which kind of board it is. */
export type BoardKind = 'confidence' | 'contest' | 'preferential';

export function boardKindOf(election: { id: string; contestId?: string | null }): BoardKind {
  return election.id.startsWith('pref-') ? 'preferential' : election.contestId ? 'contest' : 'confidence';
}

export interface VerifiedCeremony {
  kind: BoardKind;
  trusteeKeys: TrusteeKeyBody[];
  dealings: DkgDealingBody[];
  complaints: DkgComplaintBody[];
  answers: DkgAnswerBody[];
  /** The board's election key record, once posted. */
  electionKey: ElectionKeyBody | null;
  /** How many of the trustee's receipts were checked against this reading. */
  receipts: number;
  /** The checks that cover the ceremony, for the device's message ("B1–B6", "R1–R6", "M13, M14"). */
  checks: string;
}

export type CeremonyReading = { ok: true; ceremony: VerifiedCeremony } | { ok: false; failure: string };

const CEREMONY_TYPES = ['trustee_key', 'dkg_dealing', 'dkg_complaint', 'dkg_answer', 'election_key'] as const;

/**
 * Verifies the board as it is read (a string, or its lines as they arrive) and returns the key-ceremony records of
 * that reading. `electionHash` is the trustee's own (its secret file names it): a board of another election fails.
 * `receipts` are the board-signed receipts the trustee kept; each must find its message where the server said.
 * On a board that fails, `failure` is the first failing check's one-line message: the device refuses with it.
 */
export async function verifiedCeremony(board: string | AsyncIterable<string>, o: { kind: BoardKind; electionHash: string; receipts: readonly unknown[] }): Promise<CeremonyReading> {
  const kept = new Map<string, unknown[]>(CEREMONY_TYPES.map((t) => [t, []]));
  const keep = (line: string) => {
    for (const [type, list] of kept) if (isRecordLine(line, type)) list.push((JSON.parse(line) as { body: unknown }).body);
  };
  const receipts = [...o.receipts];
  let checks: string;
  let electionHash: string | null;
  if (o.kind === 'preferential') {
    // A preferential ballot's board (src/mixnet/board.ts): its key ceremony is M14; read line by line as it
    // arrives (with its ballots and mixes it can be larger than a string).
    const { verifyPreferentialBoardLines } = await import('../mixnet/board');
    const src = board;
    const lines =
      typeof src === 'string'
        ? src.split('\n').map((l) => (keep(l), l))
        : (async function* () {
            for await (const l of src) {
              keep(l);
              yield l;
            }
          })();
    const report = await verifyPreferentialBoardLines(lines, { receipts });
    if (!report.ok) return { ok: false, failure: `check ${report.failures[0]!.check}: ${report.failures[0]!.message}` };
    checks = 'M13, M14';
    electionHash = report.electionHash;
  } else {
    let text: string;
    if (typeof board === 'string') text = board;
    else {
      const lines: string[] = [];
      for await (const l of board) lines.push(l);
      text = lines.join('\n');
    }
    for (const l of text.split('\n')) keep(l);
    if (o.kind === 'contest') {
      // A contest ballot's board has its own verifier: R1–R6 cover the key ceremony, R16 the trustee's receipts
      // (docs/contest.md §4).
      const { verifyContestBoard, formatRoundFailure } = await import('../contest/verify');
      const report = await verifyContestBoard(text, { receipts });
      if (!report.ok) return { ok: false, failure: formatRoundFailure(report.failure!).split('\n')[0]! };
      checks = 'R1–R6';
      electionHash = report.summary.electionHash;
    } else {
      const report = await verifyBoard(text, { expect: { electionHash: o.electionHash, receipts } });
      if (!report.ok) return { ok: false, failure: formatFailure(report.failure!).split('\n')[0]! };
      checks = 'B1–B6';
      electionHash = o.electionHash;
    }
  }
  if (electionHash !== o.electionHash) return { ok: false, failure: `the board is election ${String(electionHash)}, not this trustee's ${o.electionHash}` };
  return {
    ok: true,
    ceremony: {
      kind: o.kind,
      trusteeKeys: kept.get('trustee_key') as TrusteeKeyBody[],
      dealings: kept.get('dkg_dealing') as DkgDealingBody[],
      complaints: kept.get('dkg_complaint') as DkgComplaintBody[],
      answers: kept.get('dkg_answer') as DkgAnswerBody[],
      electionKey: (kept.get('election_key')![0] as ElectionKeyBody | undefined) ?? null,
      receipts: receipts.length,
      checks,
    },
  };
}
