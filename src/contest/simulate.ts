/**
 * Simulation of a whole contest (docs/contest.md §5): every MP round and the members' ballot run as a verifiable
 * 1-of-k election in memory — key ceremony by the same trustees, fresh credentials per ballot from the
 * credential authority, one encrypted ballot per voter that reproduces the given counts, encrypted tally, partial
 * decryptions by k of the n trustees, result — and the contest events that the contest verifier replays.
 *
 * Pure: each actor's step is the function the real booth, trustee and server run; only the transport is missing.
 */
import { Point, bytesToHex, systemRng, ciphertextToJSON, type Rng } from '../crypto';
import { signCredentialList } from '../ballot/authority';
import { generateCredential } from '../ballot/booth';
import { computeElectionKey, trusteeDeal, trusteeFinalize, trusteeRegister } from '../ballot/trustee';
import { canonicalJson } from '../domain/audit/canonical-json';
import type { ContestRulebook } from '../domain/rulebook/contest-schema';
import {
  ContestBoard,
  ceremonyManifest,
  contestPartialDecrypt,
  prepareContestBallot,
  selectContestCounted,
  tallyContestBallots,
  CONTEST_BALLOT_VERSION,
  type ContestBallotManifest,
  type ContestBoardEvent,
} from './board';
import { applyContestEvent, isMembersBallot, pendingBallot, type ContestEvent, type ContestState } from './engine';
import type { HistoricContest } from './history';
import { historicEvents } from './replay';
import type { RegisteredMemberKey } from './withdrawal';
import type { SigmaProofJSON } from '../crypto';
import { combineContestResult } from './verify';

export interface BallotSimulationInput {
  manifest: Omit<ContestBallotManifest, 'version'>;
  /** Votes per candidate id; blank ballots; the rest abstain. */
  counts: Record<string, number>;
  blank: number;
  /** Voters who vote twice (their first ballot is another choice): exercises the counting rule. */
  revoters?: number;
  rng?: Rng;
  onProgress?: (done: number, total: number) => void;
  /** The credential authority's secret: the list is then signed by it (as on a server's board; `manifest.authority` names its key). */
  authoritySecret?: string;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const b = rng(4);
    const j = (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** One verifiable 1-of-k ballot, start to result. */
export function simulateContestBallot(input: BallotSimulationInput): ContestBoard {
  const rng = input.rng ?? systemRng;
  const m: ContestBallotManifest = { version: CONTEST_BALLOT_VERSION, ...input.manifest };
  const choices: (number | null)[] = [];
  m.candidates.forEach((c, i) => {
    for (let v = 0; v < (input.counts[c.id] ?? 0); v++) choices.push(i);
  });
  for (let v = 0; v < input.blank; v++) choices.push(null);
  if (choices.length > m.electorate) throw new Error(`${choices.length} ballots exceed the electorate of ${m.electorate}`);
  const board = new ContestBoard();
  board.append('setup', { manifest: m });
  const eh = board.electionHash;
  const cm = ceremonyManifest(m);
  const regs = Array.from({ length: m.trustees.count }, (_, i) => trusteeRegister(eh, i + 1, rng));
  for (const r of regs) board.append('trustee_key', r.body);
  const deals = regs.map((r) => trusteeDeal(cm, eh, r.secret, regs.map((x) => x.body), rng));
  for (const d of deals) board.append('dkg_commitment', d.commitment);
  for (const d of deals) board.append('dkg_dealing', d.dealing);
  const dealings = deals.map((d) => d.dealing);
  const ek = computeElectionKey(cm, eh, { trusteeKeys: regs.map((r) => r.body), commitments: deals.map((d) => d.commitment), dealings });
  board.append('election_key', ek);
  const secrets = deals.map((d) => trusteeFinalize(cm, eh, d.secret, dealings, ek));
  const credentials = Array.from({ length: m.electorate }, () => generateCredential(rng));
  if (input.authoritySecret === undefined) board.append('credentials', { credentials: credentials.map((c) => c.public).sort() });
  else {
    const { fingerprint: _f, ...signed } = signCredentialList(eh, input.authoritySecret, credentials.map((c) => c.public), ek.publicKey, rng);
    board.append('credentials', signed);
  }
  board.append('open', { at: m.opensAt ?? '1970-01-01T00:00:00.000Z' });
  const Y = Point.fromHex(ek.publicKey);
  const order = shuffle(choices.map((c, voter) => ({ c, voter })), rng);
  const events: ContestBoardEvent[] = [];
  const revoters = order.slice(0, input.revoters ?? 0);
  const total = order.length + revoters.length;
  let done = 0;
  const k = m.candidates.length;
  const cast = (voter: number, choice: number | null) => {
    const b = prepareContestBallot(m, eh, Y, credentials[voter]!.secret, choice, rng);
    const rec = board.append('ballot', b.body);
    events.push({ kind: 'ballot', seq: rec.seq, credential: b.body.credential });
    input.onProgress?.(++done, total);
  };
  // Revoters cast another choice too: before their real ballot under "last counts", after it under "first counts".
  const other = (c: number | null) => (c === null ? 0 : (c + 1) % k);
  if (m.counting === 'last') for (const v of revoters) cast(v.voter, other(v.c));
  for (const v of order) cast(v.voter, v.c);
  if (m.counting === 'first') for (const v of revoters) cast(v.voter, other(v.c));
  const close = board.append('close', { at: m.closesAt ?? '1970-01-01T00:00:00.000Z', ballots: events.length }).hash;
  const sel = selectContestCounted(events, m.counting);
  const tally = tallyContestBallots(k, board.ofType('ballot').filter((r) => sel.status.get(r.seq) === 'counted').map((r) => r.body));
  board.append('tally', { ciphertexts: tally.map(ciphertextToJSON), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  // The last k trustees decrypt (trustee 1 stays away, exercising the missing-trustee path).
  const present = secrets.slice(m.trustees.count - m.trustees.threshold);
  const partials = sel.counted === 0 ? present.map((s) => ({ trustee: s.trustee, partials: [] })) : present.map((s) => contestPartialDecrypt(eh, close, { index: s.trustee, secretShare: s.secretShare!, verificationKey: ek.verificationKeys.find((v) => v.trustee === s.trustee)!.key }, tally, rng));
  for (const p of partials) board.append('partial_decryption', p);
  board.append('result', combineContestResult(m, eh, close, ek, tally, sel.counted, partials));
  return board;
}

export const CONTEST_SUMMARY_VERSION = 'confidence-contest/1';

/** contest.json: what the contest verifier needs beside the boards. */
export interface ContestSummary {
  version: typeof CONTEST_SUMMARY_VERSION;
  contestId: string;
  title: string;
  names: Record<string, string>;
  trustees: { threshold: number; count: number; names: string[] };
  /** Scale of the members' ballot against the published one (1 = the real electorate). */
  membersScale: number;
  /** The contest's events, in order; each declaration's counts must equal its board's verified result. */
  events: ContestEvent[];
  /** One board per ballot, in order: `round-1` … and `members`. */
  boards: { ballot: string; file: string; electionHash: string; head: string }[];
  /**
   * The roster's member-key registry (`GET /api/rosters/{id}/member-keys`), optional: the verifier holds each signed
   * withdrawal to the candidate's key in it (C6). Without it, the signing keys are reported for candidates to recognise.
   */
  memberKeys?: { rosterId: string; registrations: (RegisteredMemberKey & { proof: SigmaProofJSON })[] } | null;
  /** The final state (the verifier replays the events and compares). */
  state: ContestState;
}

export interface ContestSimulationOptions {
  threshold?: number;
  trustees?: number;
  membersScale?: number;
  /** Contest id (default replay-<rulebook>). */
  id?: string;
  rng?: Rng;
  onBallot?: (ballot: string, done: number, total: number) => void;
  /** The contest's events, if not the published history's (e.g. a contest with a tied round and its rerun). */
  events?: ContestEvent[];
}

export interface ContestSimulation {
  summary: ContestSummary;
  boards: { ballot: string; file: string; board: ContestBoard }[];
}

/**
 * What the rulebook fixes on a ballot's board: whether a blank ballot is allowed, and which of a credential's ballots
 * counts (the last, so a voter pressed to vote can vote again, unless the members' reconciliation is first-valid).
 * The board's manifest is made from it, and the contest verifier holds every board to it (C4).
 */
export function rulebookBallotRules(r: ContestRulebook, ballot: string): Pick<ContestBallotManifest, 'blankAllowed' | 'counting'> {
  const members = isMembersBallot(ballot);
  return {
    blankAllowed: members ? (r.members?.blankAllowed ?? true) : r.rounds.blankAllowed,
    counting: members && r.members?.reconciliation === 'first-valid-counts' ? 'first' : 'last',
  };
}

/** Ballot manifest for an MP round or the members' ballot of a contest state. */
export function ballotManifest(s: ContestState, ballot: string, candidates: readonly string[], names: Record<string, string>, electorate: number, trustees: ContestBallotManifest['trustees'], opensAt: string | null, closesAt: string | null, rng: Rng = systemRng): Omit<ContestBallotManifest, 'version'> {
  const r: ContestRulebook = s.rulebook;
  const members = isMembersBallot(ballot);
  return {
    contestId: s.id,
    nonce: bytesToHex(rng(16)),
    ballot,
    title: `${members ? `Members’ ballot${ballot === 'members' ? '' : ` (${ballot.replace('members-', '')})`}` : `MPs’ ballot, ${ballot.replace('round-', 'round ').replace('-rerun-', ', rerun ')}`} — ${s.id}`,
    candidates: [...candidates].sort().map((id) => ({ id, name: names[id] ?? id })),
    ...rulebookBallotRules(r, ballot),
    electorate,
    trustees,
    opensAt,
    closesAt,
    // The reconciliation of online and postal votes is bound into the election hash (R4, R18): only with a postal channel.
    ...(members && r.members?.channels.includes('postal') ? { reconciliation: r.members.reconciliation } : {}),
  };
}

/** Replays a published contest with a verifiable board for every ballot. */
export function simulateHistoricContest(h: HistoricContest, o: ContestSimulationOptions = {}): ContestSimulation {
  const threshold = o.threshold ?? 2;
  const count = o.trustees ?? 3;
  const trustees = { threshold, count, names: Array.from({ length: count }, (_, i) => `Trustee ${i + 1}`) };
  const scale = o.membersScale ?? 1;
  const events = o.events ?? historicEvents(h, { membersScale: scale, id: o.id });
  const boards: ContestSimulation['boards'] = [];
  let s: ContestState | null = null;
  // Under a rulebook that draws lots, each declaration carries the close record of the board it was counted on, as
  // the server's does: a tied count's lot is drawn from it (and the verifier redraws it from the board, C6).
  const lots = (events[0]?.type === 'open' ? events[0].input.rulebook.rounds.tie : null) === 'lot';
  const withClose = <E extends ContestEvent>(e: E, board: ContestBoard): E => (lots && 'input' in e ? { ...e, input: { ...e.input, boardClose: board.ofType('close')[0]!.hash } } : e);
  const played: ContestEvent[] = [];
  for (const e0 of events) {
    let e = e0;
    if (e.type === 'declare-round' && s) {
      const round = s.rounds.at(-1)!;
      const ballot = pendingBallot(s)!;
      const m = ballotManifest(s, ballot, round.candidates, h.names, e.input.electorate, trustees, round.opensAt, e.input.at, o.rng);
      const board = simulateContestBallot({ manifest: m, counts: e.input.counts, blank: e.input.spoilt, rng: o.rng, onProgress: (d, t) => o.onBallot?.(ballot, d, t) });
      boards.push({ ballot, file: `${ballot}.jsonl`, board });
      e = withClose(e, board);
    }
    if (e.type === 'declare-members' && s?.members) {
      const ballot = pendingBallot(s)!;
      const m = ballotManifest(s, ballot, s.members.finalists, h.names, e.input.electorate, trustees, null, e.input.at, o.rng);
      const board = simulateContestBallot({ manifest: m, counts: e.input.counts, blank: e.input.rejected, rng: o.rng, onProgress: (d, t) => o.onBallot?.(ballot, d, t) });
      boards.push({ ballot, file: `${ballot}.jsonl`, board });
      e = withClose(e, board);
    }
    s = applyContestEvent(s, e);
    played.push(e);
  }
  const state = s!;
  return {
    boards,
    summary: {
      version: CONTEST_SUMMARY_VERSION,
      contestId: state.id,
      title: h.title,
      names: h.names,
      trustees,
      membersScale: scale,
      events: played,
      boards: boards.map((b) => ({ ballot: b.ballot, file: b.file, electionHash: b.board.electionHash, head: b.board.head })),
      state: JSON.parse(canonicalJson(state)) as ContestState,
    },
  };
}
