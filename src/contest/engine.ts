/**
 * The leadership contest as a pure state machine: nominations → MP rounds (with withdrawals and an optional
 * pause) → the members' ballot → the winner. Each command takes the state and an input and returns a NEW state
 * or throws an AppError with a stable code; nothing is half-applied. The server stores the state it returns in
 * the same transaction as the event (derive once, store it); the contest verifier replays the published rounds
 * through `evaluateRound` (./rounds.ts) to check every elimination.
 *
 * Threat model: the chair runs the contest and could record nominations that were never made, schedule a round
 * before the last one is declared, or eliminate the wrong candidate. The engine refuses every step the rulebook
 * does not allow; nominations carry who recorded them (the MP or the chair); eliminations are computed here from
 * the counts, never entered by hand; and the counts themselves come from verifiable boards (./board.ts).
 */
import { AppError } from '../domain/errors';
import type { ContestRulebook } from '../domain/rulebook/contest-schema';
import { decideMembers, evaluateRound, lotSource, type LotDraw, type RoundOutcome } from './rounds';
import { checkWithdrawalSignature, type WithdrawalSignature } from './withdrawal';

export type ContestPhase = 'nominations' | 'rounds' | 'paused' | 'members' | 'decided' | 'failed';
export type OpeningReason = 'contest-required' | 'resignation' | 'chair';
export type NominatorRole = 'proposer' | 'seconder' | 'supporter';

export interface Nomination {
  candidate: string;
  nominator: string;
  role: NominatorRole;
  at: string;
  /** Who entered it: the MP themself (web, CLI) or the chair (a paper nomination). */
  recordedBy: 'member' | 'chair';
}

export interface Candidate {
  id: string;
  status: 'standing' | 'withdrawn' | 'eliminated' | 'invalid';
  /** Round in which the candidate was eliminated (0: nominations). */
  outRound: number | null;
  note: string | null;
}

export interface RoundRecord {
  number: number;
  scheduledAt: string;
  opensAt: string;
  /** Standing candidates when the round was scheduled: the ballot's candidate list. */
  candidates: string[];
  /** The declared result; a lot that broke a tie is `outcome.lot` (its board, close record hash, seed and tickets). */
  result: null | { counts: Record<string, number>; spoilt: number; electorate: number; declaredAt: string; outcome: RoundOutcome };
  /**
   * Earlier ballots of this round whose verified count was tied under the `rerun` policy (or reached no threshold):
   * each is kept, in order, with the board name it was counted on; the round is declared by a later ballot among
   * the same candidates. Absent on a round that never tied.
   */
  ties?: TiedBallot[];
  /** The last ballot tied and its rerun has not been scheduled yet (the `rerun` event). */
  awaitingRerun?: boolean;
}

/** A ballot whose count did not decide: published, kept in the record, and run again (board `<ballot>-rerun-N`). */
export interface TiedBallot {
  ballot: string;
  counts: Record<string, number>;
  /** Spoilt (MP rounds) or rejected (members) ballots. */
  spoilt: number;
  electorate: number;
  declaredAt: string;
  explanation: string;
}

/**
 * The membership roll the members' ballot uses, as imported (src/contest/roll.ts): its eligibility at the freeze date
 * decides the electorate, so the members' board and declaration cannot take any other number. Only the counts and a
 * digest of the sorted eligible ids are kept (the roll's personal data stays with the returning officer).
 */
export interface MembersRoll {
  freezeDate: string;
  /** Members who joined on or before this day are old enough (freeze date − the rulebook's minimum months). */
  joinedBy: string;
  /** Rows on the roll, and members eligible at the freeze date (the electorate). */
  members: number;
  eligible: number;
  /** SHA-256 of the sorted eligible member ids, one per line: the returning officer can show which roll was used. */
  digest: string;
  importedAt: string;
}

export interface MembersBallot {
  finalists: string[];
  freezeDate: string | null;
  /** The imported roll (absent until imported; re-imported until the members' ballot has a board). */
  roll?: MembersRoll | null;
  /** The declared result; `lot` only when a lot broke a tie for the win. */
  result: null | { counts: Record<string, number>; rejected: number; electorate: number; declaredAt: string; explanation: string; lot?: LotDraw };
  /** Tied members' ballots, in order (see RoundRecord.ties); absent if none. */
  ties?: TiedBallot[];
  awaitingRerun?: boolean;
}

/**
 * The board name of the ballot the contest is waiting for: `round-N` or `members`, then `round-N-rerun-1`,
 * `round-N-rerun-2` … after each tied count. Null when no ballot is pending (or a tie awaits its rerun).
 */
export function pendingBallot(s: ContestState): string | null {
  const last = s.rounds.at(-1);
  if (s.phase === 'rounds' && last && last.result === null) return last.awaitingRerun ? null : rerunName(`round-${last.number}`, last.ties);
  if (s.phase === 'members' && s.members && !s.members.result) return s.members.awaitingRerun ? null : rerunName('members', s.members.ties);
  return null;
}

/** The tied ballot whose rerun the chair may schedule now, or null. */
export function tiedBallot(s: ContestState): TiedBallot | null {
  const last = s.rounds.at(-1);
  if (s.phase === 'rounds' && last?.awaitingRerun) return last.ties!.at(-1)!;
  if (s.phase === 'members' && s.members?.awaitingRerun) return s.members.ties!.at(-1)!;
  return null;
}

const rerunName = (base: string, ties: readonly TiedBallot[] | undefined) => (ties?.length ? `${base}-rerun-${ties.length}` : base);

/** Whether a board name is the members' ballot or one of its reruns (the ones with a roll and a postal channel). */
export const isMembersBallot = (ballot: string) => ballot === 'members' || /^members-rerun-[1-9][0-9]*$/.test(ballot);

export interface ContestState {
  id: string;
  rulebook: ContestRulebook;
  /** `rosterId` only when the `open` event names it (contests opened before it was recorded keep their state). */
  opening: { reason: OpeningReason; at: string; procedureId: string | null; outgoingLeader: string | null; rosterId?: string };
  /** MPs entitled to nominate, stand and vote (sorted). */
  mps: string[];
  nominationsClose: string;
  phase: ContestPhase;
  nominations: Nomination[];
  candidates: Candidate[];
  rounds: RoundRecord[];
  members: MembersBallot | null;
  winner: null | { candidate: string; how: 'unopposed' | 'mps' | 'members'; at: string };
  /** Human-readable history, one line per event. */
  log: { at: string; text: string }[];
}

export interface OpenContestInput {
  id: string;
  rulebook: ContestRulebook;
  reason: OpeningReason;
  at: string;
  mps: readonly string[];
  nominationsClose: string;
  /**
   * The roster the MPs are drawn from, whose member-key registry signs withdrawals: named in the event so the
   * verifier (C6) holds the registry it is given to it. Absent in contests opened before it was recorded.
   */
  rosterId?: string | null;
  procedureId?: string | null;
  outgoingLeader?: string | null;
  freezeDate?: string | null;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
function instant(x: string, field: string): number {
  if (typeof x !== 'string' || !ISO.test(x) || Number.isNaN(Date.parse(x))) throw new AppError('VALIDATION_FAILED', `${field} must be an ISO instant such as 2022-07-12T18:00:00Z, got ${JSON.stringify(x)}`);
  return Date.parse(x);
}

function phaseError(s: ContestState, action: string): AppError {
  return new AppError('CONTEST_WRONG_PHASE', `cannot ${action}: the contest is in the ${s.phase} phase`);
}

const standing = (s: ContestState) => s.candidates.filter((c) => c.status === 'standing').map((c) => c.id);

export function openContest(i: OpenContestInput): ContestState {
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(i.id)) throw new AppError('VALIDATION_FAILED', 'a contest id is lowercase letters, digits and dashes');
  const at = instant(i.at, 'at');
  if (instant(i.nominationsClose, 'nominationsClose') <= at) throw new AppError('VALIDATION_FAILED', 'nominations must close after the contest opens');
  const mps = [...new Set(i.mps)].sort();
  if (mps.length !== i.mps.length) throw new AppError('VALIDATION_FAILED', 'the list of MPs names someone twice');
  if (mps.length < i.rulebook.nominations.required) throw new AppError('VALIDATION_FAILED', `${mps.length} MPs cannot make a single nomination of ${i.rulebook.nominations.required}`);
  const rosterId = i.rosterId ?? null;
  if (rosterId !== null && (typeof rosterId !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(rosterId))) throw new AppError('VALIDATION_FAILED', 'a roster id is 1–64 lowercase letters, digits and dashes');
  const freeze = i.freezeDate ?? i.rulebook.members?.freezeDate ?? null;
  if (freeze !== null && !/^\d{4}-\d{2}-\d{2}$/.test(freeze)) throw new AppError('VALIDATION_FAILED', 'freezeDate must be YYYY-MM-DD');
  const reasonText = { 'contest-required': 'after a lost confidence vote', resignation: 'after the leader’s resignation', chair: 'by the chair' }[i.reason];
  return {
    id: i.id,
    rulebook: i.rulebook,
    opening: { reason: i.reason, at: i.at, procedureId: i.procedureId ?? null, outgoingLeader: i.outgoingLeader ?? null, ...(rosterId === null ? {} : { rosterId }) },
    mps,
    nominationsClose: i.nominationsClose,
    phase: 'nominations',
    nominations: [],
    candidates: [],
    rounds: [],
    members: i.rulebook.members ? { finalists: [], freezeDate: freeze, result: null } : null,
    winner: null,
    log: [{ at: i.at, text: `contest opened ${reasonText}; nominations close ${i.nominationsClose}` }],
  };
}

export interface NominateInput {
  candidate: string;
  nominator: string;
  role: NominatorRole;
  at: string;
  recordedBy?: 'member' | 'chair';
}

export function nominate(s: ContestState, n: NominateInput): ContestState {
  if (s.phase !== 'nominations') throw new AppError('NOMINATIONS_CLOSED', `nominations are closed (the contest is in the ${s.phase} phase)`);
  if (instant(n.at, 'at') >= Date.parse(s.nominationsClose)) throw new AppError('NOMINATIONS_CLOSED', `nominations closed at ${s.nominationsClose}`);
  if (!s.mps.includes(n.nominator)) throw new AppError('NOMINATOR_NOT_ELIGIBLE', `${n.nominator} is not an MP entitled to nominate in this contest`);
  if (!s.mps.includes(n.candidate)) throw new AppError('NOMINATOR_NOT_ELIGIBLE', `${n.candidate} is not an MP entitled to stand in this contest`);
  if (n.candidate === n.nominator) throw new AppError('VALIDATION_FAILED', 'a candidate cannot nominate themself');
  if (!['proposer', 'seconder', 'supporter'].includes(n.role)) throw new AppError('VALIDATION_FAILED', 'role must be proposer, seconder or supporter');
  const cand = s.candidates.find((c) => c.id === n.candidate);
  if (cand && cand.status === 'withdrawn') throw new AppError('CANDIDATE_WITHDRAWN', `${n.candidate} has withdrawn`);
  if (s.candidates.some((c) => c.id === n.nominator && c.status === 'standing')) throw new AppError('NOMINATOR_NOT_ELIGIBLE', `${n.nominator} is a candidate and cannot nominate another`);
  const previous = s.nominations.find((x) => x.nominator === n.nominator);
  if (previous && (s.rulebook.nominations.onePerMember || previous.candidate === n.candidate)) {
    throw new AppError('NOMINATION_DUPLICATE', `${n.nominator} has already nominated ${previous.candidate}`);
  }
  if (s.rulebook.nominations.proposerAndSeconder && n.role !== 'supporter' && s.nominations.some((x) => x.candidate === n.candidate && x.role === n.role)) {
    throw new AppError('NOMINATION_DUPLICATE', `${n.candidate} already has a ${n.role}`);
  }
  if (!s.rulebook.nominations.proposerAndSeconder && n.role !== 'supporter') throw new AppError('VALIDATION_FAILED', 'this rulebook has no proposer or seconder: nominate as a supporter');
  if (s.nominations.some((x) => x.nominator === n.candidate)) throw new AppError('NOMINATOR_NOT_ELIGIBLE', `${n.candidate} has nominated someone else and cannot stand`);
  const nomination: Nomination = { candidate: n.candidate, nominator: n.nominator, role: n.role, at: n.at, recordedBy: n.recordedBy ?? 'member' };
  const candidates = cand ? s.candidates : [...s.candidates, { id: n.candidate, status: 'standing' as const, outRound: null, note: null }];
  return { ...s, nominations: [...s.nominations, nomination], candidates, log: [...s.log, { at: n.at, text: `${n.nominator} nominates ${n.candidate} (${n.role}${nomination.recordedBy === 'chair' ? ', paper nomination recorded by the chair' : ''})` }] };
}

/** Whether a candidate's nominations satisfy the rulebook's gate; the reason if not. */
export function nominationProblem(s: ContestState, candidate: string): string | null {
  const mine = s.nominations.filter((n) => n.candidate === candidate);
  const g = s.rulebook.nominations;
  if (mine.length < g.required) return `${mine.length} of the ${g.required} nominators needed`;
  if (g.proposerAndSeconder && !mine.some((n) => n.role === 'proposer')) return 'no proposer';
  if (g.proposerAndSeconder && !mine.some((n) => n.role === 'seconder')) return 'no seconder';
  return null;
}

/** After the field changes: elected, to the members, paused, or more rounds. */
function advance(s: ContestState, at: string, previousCount: number): ContestState {
  const left = standing(s);
  const r = s.rulebook.rounds;
  if (left.length === 0) return { ...s, phase: 'failed', log: [...s.log, { at, text: 'no candidate remains: the contest must be reopened' }] };
  if (left.length === 1) {
    const how = s.rounds.length === 0 && s.phase === 'nominations' ? 'unopposed' : 'mps';
    if (how === 'unopposed' && !s.rulebook.nominations.unopposedElected) return { ...s, phase: 'rounds' };
    return { ...s, phase: 'decided', winner: { candidate: left[0]!, how, at }, log: [...s.log, { at, text: `${left[0]} is elected ${how === 'unopposed' ? 'unopposed' : 'by the MPs'}` }] };
  }
  if (left.length <= r.stopAt && s.members) {
    return { ...s, phase: 'members', members: { ...s.members, finalists: left }, log: [...s.log, { at, text: `${left.join(' and ')} go to the members’ ballot` }] };
  }
  if (r.pauseAt !== null && left.length <= r.pauseAt && previousCount > r.pauseAt) return { ...s, phase: 'paused', log: [...s.log, { at, text: `${left.length} candidates remain: the MP rounds pause` }] };
  return { ...s, phase: s.phase === 'paused' ? 'paused' : 'rounds' };
}

export function closeNominations(s: ContestState, at: string): ContestState {
  if (s.phase !== 'nominations') throw phaseError(s, 'close nominations');
  if (instant(at, 'at') < Date.parse(s.nominationsClose)) throw new AppError('CONTEST_WRONG_PHASE', `nominations close at ${s.nominationsClose}, not before`);
  const candidates = s.candidates.map((c) => {
    if (c.status !== 'standing') return c;
    const problem = nominationProblem(s, c.id);
    return problem ? { ...c, status: 'invalid' as const, outRound: 0, note: problem } : c;
  });
  const valid = candidates.filter((c) => c.status === 'standing').map((c) => c.id);
  const next: ContestState = { ...s, candidates, log: [...s.log, { at, text: `nominations closed: ${valid.length} valid (${valid.join(', ') || 'none'})` }] };
  return advance(next, at, valid.length);
}

/**
 * The stage of the contest a withdrawal is made at, which the candidate's signature covers (./withdrawal.ts):
 * `nominations`, `after-round-N`, or `before-rerun-of:<tied ballot>` — one moment, so a signature cannot be replayed
 * by the chair where it would decide something else.
 */
export function withdrawalStage(s: ContestState): string {
  if (s.phase === 'nominations') return 'nominations';
  const tie = tiedBallot(s);
  return tie ? `before-rerun-of:${tie.ballot}` : `after-round-${s.rounds.length}`;
}

/**
 * A candidate withdraws. `signature` is the candidate's own (./withdrawal.ts), checked here against the key it names;
 * that the key is the candidate's is checked by the server (their registered member key) and the verifier (C6).
 * Without it the withdrawal is the chair's record of a paper letter, kept and shown as such — and refused between a
 * tied count and its rerun, where it would decide the tie (WITHDRAWAL_NOT_SIGNED).
 */
export function withdraw(s: ContestState, candidate: string, at: string, signature?: WithdrawalSignature | null): ContestState {
  instant(at, 'at');
  if (typeof candidate !== 'string') throw new AppError('VALIDATION_FAILED', 'candidate must be a member id');
  const c = s.candidates.find((x) => x.id === candidate);
  if (!c) throw new AppError('NOT_FOUND', `${candidate} is not a candidate`);
  if (c.status !== 'standing') throw new AppError('CANDIDATE_WITHDRAWN', `${candidate} is no longer standing (${c.status})`);
  const r = s.rulebook.rounds;
  const left = standing(s);
  if (s.phase === 'decided' || s.phase === 'failed') throw phaseError(s, 'withdraw');
  const last = s.rounds.at(-1);
  // Between a tied count and its rerun (the chair has not scheduled it yet) is between rounds too.
  const beforeRerun = tiedBallot(s) !== null;
  if (s.phase !== 'nominations') {
    if (!r.withdrawalsBetweenRounds) throw new AppError('CANDIDATE_MAY_NOT_WITHDRAW', 'the rulebook does not allow withdrawals between rounds');
    if (last?.result === null && !beforeRerun) throw new AppError('CANDIDATE_MAY_NOT_WITHDRAW', `a round is under way${last.ties?.length ? ' (its rerun is scheduled)' : ''}: withdraw after it is declared`);
    if (r.finalMayNotWithdraw && left.length <= r.stopAt) throw new AppError('CANDIDATE_MAY_NOT_WITHDRAW', `the final ${r.stopAt} have undertaken not to withdraw${beforeRerun ? ', also before the rerun of a tied ballot' : ''}`);
  }
  const stage = withdrawalStage(s);
  const signed = signature === undefined || signature === null ? null : checkWithdrawalSignature(signature, s.id, candidate, stage);
  if (!signed && beforeRerun) throw new AppError('WITHDRAWAL_NOT_SIGNED', `${candidate}'s withdrawal before the rerun of ${tiedBallot(s)!.ballot} would decide the tie: it must carry ${candidate}'s own signature with their member key (a letter recorded by the chair cannot decide a tied ballot)`);
  const round = s.rounds.length;
  const by = signed ? `signed with ${candidate}'s key ${signed.publicKey.slice(0, 16)}…` : 'unsigned: a letter recorded by the chair';
  const next: ContestState = {
    ...s,
    candidates: s.candidates.map((x) => (x.id === candidate ? { ...x, status: 'withdrawn' as const, outRound: round, note: signed ? 'withdrew' : 'withdrew (recorded by the chair, unsigned)' } : x)),
    // A withdrawn candidate's nominators may nominate again while nominations are open.
    nominations: s.phase === 'nominations' ? s.nominations.filter((n) => n.candidate !== candidate) : s.nominations,
    log: [...s.log, { at, text: `${candidate} withdraws${beforeRerun ? ` before the rerun of ${tiedBallot(s)!.ballot}` : ''} (${by})` }],
  };
  if (s.phase === 'nominations') return next;
  if (beforeRerun) return withdrawnBeforeRerun(next, candidate, at);
  return advance(next, at, left.length);
}

/**
 * A withdrawal between a tied count and its rerun (docs/contest.md §2, "Withdrawal before a rerun"). The tied count
 * stays the round's count; the withdrawn candidate's votes are set aside and the rulebook's rule is applied to the
 * rest of it. If that decides (one of two tied for the last place withdrew, so the other is now the lowest; or the
 * field is down to the final N, who all go on), the round is declared on the tied count and no rerun is held. If the
 * tie remains (someone else withdrew, or one of three tied), the rerun goes ahead among the candidates left. A
 * withdrawal never stands in for the round's elimination: in practice withdrawals came on top of a round's
 * eliminations (2019: Hancock after round 1). The members' ballot likewise: the tied count without the withdrawn finalist elects, or is run again.
 */
function withdrawnBeforeRerun(s: ContestState, candidate: string, at: string): ContestState {
  const tie = tiedBallot(s)!;
  // The tied count's votes of the candidates still on the ballot (an earlier withdrawal before this rerun is set aside too).
  const on = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, tie.counts[id] ?? 0]));
  const abstentions = tie.electorate - tie.spoilt - Object.values(tie.counts).reduce((a, b) => a + b, 0);
  const last = s.rounds.at(-1);
  if (s.phase === 'rounds' && last) {
    const remaining = last.candidates.filter((c) => c !== candidate);
    const outcome = remaining.length >= 2 ? evaluateRound(s.rulebook, last.number, remaining, { counts: on(remaining), spoilt: tie.spoilt, electorate: tie.electorate }) : null;
    if (outcome?.rerun) {
      // Still undecided: the rerun's ballot lists the candidates left.
      const rounds = [...s.rounds.slice(0, -1), { ...last, candidates: remaining }];
      return { ...s, rounds, log: [...s.log, { at, text: `round ${last.number}: without ${candidate}, ${outcome.explanation.replace(/: the round is run again$/, '')}: the rerun is still needed, among ${remaining.join(', ')}` }] };
    }
    // Decided on the tied count (or one candidate left). Abstentions stay those of the count (the withdrawn
    // candidate's votes were cast, not abstained).
    const decided: RoundOutcome = outcome
      ? { ...outcome, abstentions, explanation: `${candidate} withdrew before the rerun; on the tied count (${tie.ballot}) without ${candidate}, ${outcome.explanation}` }
      : { round: last.number, threshold: null, abstentions, eliminated: [], continuing: remaining, rerun: false, explanation: `${candidate} withdrew before the rerun; ${remaining.join(', ') || 'nobody'} remains` };
    const out = new Map(decided.eliminated.map((e) => [e.candidate, e.reason]));
    const rounds = [...s.rounds.slice(0, -1), { ...last, awaitingRerun: false, result: { counts: { ...tie.counts }, spoilt: tie.spoilt, electorate: tie.electorate, declaredAt: at, outcome: decided } }];
    const candidates = s.candidates.map((c) => (out.has(c.id) ? { ...c, status: 'eliminated' as const, outRound: last.number, note: out.get(c.id)! } : c));
    return advance({ ...s, rounds, candidates, log: [...s.log, { at, text: `round ${last.number}: ${decided.explanation}` }] }, at, last.candidates.length);
  }
  const m = s.members!;
  const finalists = m.finalists.filter((f) => f !== candidate);
  if (finalists.length === 1) return advance({ ...s, members: { ...m, finalists, awaitingRerun: false } }, at, m.finalists.length);
  const decision = decideMembers(s.rulebook, finalists, on(finalists));
  if (!decision.winner) return { ...s, members: { ...m, finalists }, log: [...s.log, { at, text: `members’ ballot: without ${candidate}, ${decision.explanation.replace(/: the ballot is run again$/, '')}: the rerun is still needed, between ${finalists.join(' and ')}` }] };
  const explanation = `${candidate} withdrew before the rerun; on the tied count (${tie.ballot}) without ${candidate}, ${decision.explanation}`;
  return {
    ...s,
    phase: 'decided',
    members: { ...m, finalists, awaitingRerun: false, result: { counts: { ...tie.counts }, rejected: tie.spoilt, electorate: tie.electorate, declaredAt: at, explanation } },
    winner: { candidate: decision.winner, how: 'members', at },
    log: [...s.log, { at, text: `members’ ballot: ${explanation}; ${decision.winner} is elected` }],
  };
}

export function scheduleRound(s: ContestState, input: { at: string; opensAt: string }): ContestState {
  const last = s.rounds.at(-1);
  if (last?.awaitingRerun) throw new AppError('ROUND_PENDING', `round ${last.number} tied: schedule its rerun (the same candidates vote again), not a new round`);
  if (last && last.result === null) throw new AppError('ROUND_PENDING', `round ${last.number} has not been declared yet`);
  if (s.phase === 'paused') throw new AppError('CONTEST_WRONG_PHASE', 'the MP rounds are paused: resume them first');
  if (s.phase !== 'rounds') throw phaseError(s, 'schedule an MP round');
  instant(input.at, 'at');
  instant(input.opensAt, 'opensAt');
  const number = s.rounds.length + 1;
  const round: RoundRecord = { number, scheduledAt: input.at, opensAt: input.opensAt, candidates: standing(s), result: null };
  return { ...s, rounds: [...s.rounds, round], log: [...s.log, { at: input.at, text: `round ${number} scheduled for ${input.opensAt} (${round.candidates.length} candidates)` }] };
}

export function resumeRounds(s: ContestState, at: string): ContestState {
  if (s.phase !== 'paused') throw phaseError(s, 'resume the MP rounds');
  instant(at, 'at');
  return { ...s, phase: 'rounds', log: [...s.log, { at, text: 'the MP rounds resume' }] };
}

/**
 * Where a declared count came from, for a lot: the SHA-256 hash of the close record of the board the count was
 * decrypted from. The server fills it in from its own board when the trustees' decryption is posted, the simulation
 * from the board it built, and the contest verifier replays with the board's own value (C6) — nobody types it in.
 * Absent on a count declared by hand, which then cannot break a tie by lot (LOT_NEEDS_BOARD).
 */
export interface BoardCloseInput {
  boardClose?: string | null;
}

export interface DeclareRoundInput extends BoardCloseInput {
  counts: Record<string, number>;
  spoilt: number;
  electorate: number;
  at: string;
}

export interface DeclareMembersInput extends BoardCloseInput {
  counts: Record<string, number>;
  rejected: number;
  electorate: number;
  at: string;
}

/**
 * A declaration (or a request to declare) that names the seed of a lot (`lotSeed`) is refused, whatever it holds:
 * the lot is drawn from the close record of the ballot's board, fixed before the count was known
 * (docs/decisions/0605-lot-seed-from-the-board-close.md); a seed named by the chair after the count could be tried
 * until the lot suited. `null` (what declarations stored before this rule carry for "no seed") is ignored.
 */
export function refuseNamedSeed(input: unknown): void {
  const named = typeof input === 'object' && input !== null ? (input as { lotSeed?: unknown }).lotSeed : undefined;
  if (named !== undefined && named !== null) throw new AppError('LOT_SEED_NOT_ACCEPTED', `the declaration names a lot seed (${JSON.stringify(named).slice(0, 60)}): nobody names it any more — a lot is drawn from the close record of the ballot's board, fixed before the count was known, and the declaration shows it`);
}

/**
 * The lot source of the pending ballot, from the declaration's close-record hash. A declaration that names its own
 * seed (`lotSeed`, how a lot was drawn before the seed came from the board) is refused: a seed named after the count
 * is one the chair could have chosen.
 */
function lotFor(s: ContestState, d: BoardCloseInput): ReturnType<typeof lotSource> | null {
  refuseNamedSeed(d);
  if (d.boardClose === undefined || d.boardClose === null) return null;
  if (typeof d.boardClose !== 'string' || !/^[0-9a-f]{64}$/.test(d.boardClose)) throw new AppError('VALIDATION_FAILED', 'boardClose is the hash of the board’s close record: 64 lowercase hex digits');
  const ballot = pendingBallot(s);
  return ballot ? lotSource(s.id, ballot, d.boardClose) : null;
}

export function declareRound(s: ContestState, d: DeclareRoundInput): ContestState {
  const last = s.rounds.at(-1);
  if (s.phase !== 'rounds' || !last || last.result !== null) throw new AppError('CONTEST_WRONG_PHASE', 'no scheduled round is waiting for its result');
  if (last.awaitingRerun) throw new AppError('ROUND_PENDING', `round ${last.number} tied: schedule its rerun before declaring it again`);
  instant(d.at, 'at');
  const outcome = evaluateRound(s.rulebook, last.number, last.candidates, { counts: d.counts, spoilt: d.spoilt, electorate: d.electorate }, lotFor(s, d));
  if (outcome.rerun) {
    // The count decides nothing: it is kept in the record and the round waits for its rerun among the same candidates.
    const tie: TiedBallot = { ballot: rerunName(`round-${last.number}`, last.ties), counts: { ...d.counts }, spoilt: d.spoilt, electorate: d.electorate, declaredAt: d.at, explanation: outcome.explanation };
    const rounds = [...s.rounds.slice(0, -1), { ...last, ties: [...(last.ties ?? []), tie], awaitingRerun: true }];
    return { ...s, rounds, log: [...s.log, { at: d.at, text: `round ${last.number} (${tie.ballot}): ${outcome.explanation}` }] };
  }
  const out = new Map(outcome.eliminated.map((e) => [e.candidate, e.reason]));
  const rounds = [...s.rounds.slice(0, -1), { ...last, result: { counts: { ...d.counts }, spoilt: d.spoilt, electorate: d.electorate, declaredAt: d.at, outcome } }];
  const candidates = s.candidates.map((c) => (out.has(c.id) ? { ...c, status: 'eliminated' as const, outRound: last.number, note: out.get(c.id)! } : c));
  const next: ContestState = { ...s, rounds, candidates, log: [...s.log, { at: d.at, text: `round ${last.number}: ${outcome.explanation}` }] };
  return advance(next, d.at, last.candidates.length);
}

/**
 * The chair schedules the rerun of a tied ballot (an MP round, or the members' ballot): the same candidates vote
 * again on a new ballot (`<ballot>-rerun-N`); the tied count stays in the record. Only after a tie under the rulebook.
 */
export function scheduleRerun(s: ContestState, input: { at: string; opensAt?: string | null }): ContestState {
  const tie = tiedBallot(s);
  if (!tie) throw new AppError('CONTEST_WRONG_PHASE', `no tied ballot is waiting to be run again (the contest is in the ${s.phase} phase)`);
  instant(input.at, 'at');
  if (input.opensAt != null) instant(input.opensAt, 'opensAt');
  const last = s.rounds.at(-1);
  if (s.phase === 'rounds' && last) {
    const rounds = [...s.rounds.slice(0, -1), { ...last, awaitingRerun: false, opensAt: input.opensAt ?? last.opensAt }];
    const next = { ...s, rounds };
    return { ...next, log: [...s.log, { at: input.at, text: `round ${last.number} is run again as ${pendingBallot(next)} among ${last.candidates.join(', ')} (${tie.ballot} tied)` }] };
  }
  const next = { ...s, members: { ...s.members!, awaitingRerun: false } };
  return { ...next, log: [...s.log, { at: input.at, text: `the members’ ballot is run again as ${pendingBallot(next)} between ${s.members!.finalists.join(' and ')} (${tie.ballot} tied)` }] };
}

/** Records the imported membership roll: its eligibility at the freeze date is the members' electorate from now on. */
export function recordRoll(s: ContestState, r: MembersRoll): ContestState {
  if (!s.members) throw new AppError('CONTEST_WRONG_PHASE', 'this rulebook has no members’ ballot, so no membership roll');
  if (s.phase === 'decided' || s.phase === 'failed' || s.members.result) throw phaseError(s, 'import the membership roll');
  instant(r.importedAt, 'importedAt');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.freezeDate) || !/^\d{4}-\d{2}-\d{2}$/.test(r.joinedBy)) throw new AppError('VALIDATION_FAILED', 'freezeDate and joinedBy must be YYYY-MM-DD');
  if (s.members.freezeDate !== null && r.freezeDate !== s.members.freezeDate) throw new AppError('ROLL_INVALID', `the contest’s freeze date is ${s.members.freezeDate}, not ${r.freezeDate}`);
  if (!Number.isSafeInteger(r.eligible) || r.eligible < 1 || !Number.isSafeInteger(r.members) || r.members < r.eligible) throw new AppError('ROLL_INVALID', 'a roll has at least one eligible member, and no more eligible members than rows');
  if (!/^[0-9a-f]{64}$/.test(r.digest)) throw new AppError('VALIDATION_FAILED', 'the roll digest is 64 lowercase hex digits');
  return {
    ...s,
    members: { ...s.members, freezeDate: r.freezeDate, roll: { ...r } },
    log: [...s.log, { at: r.importedAt, text: `membership roll imported: ${r.eligible} of ${r.members} members eligible at the freeze date ${r.freezeDate} (joined by ${r.joinedBy})` }],
  };
}

export function declareMembers(s: ContestState, d: DeclareMembersInput): ContestState {
  if (s.phase !== 'members' || !s.members || s.members.result) throw phaseError(s, 'declare the members’ ballot');
  if (s.members.awaitingRerun) throw new AppError('ROUND_PENDING', 'the members’ ballot tied: schedule its rerun before declaring it again');
  instant(d.at, 'at');
  const roll = s.members.roll;
  if (roll && d.electorate !== roll.eligible) throw new AppError('ROUND_RESULT_INVALID', `the members’ electorate is the roll’s ${roll.eligible} eligible members at ${roll.freezeDate}, not ${d.electorate}`);
  if (!Number.isSafeInteger(d.rejected) || d.rejected < 0) throw new AppError('ROUND_RESULT_INVALID', 'rejected must be a non-negative integer');
  const total = s.members.finalists.reduce((a, f) => a + (d.counts[f] ?? 0), 0) + d.rejected;
  const decision = decideMembers(s.rulebook, s.members.finalists, d.counts, lotFor(s, d));
  if (total > d.electorate) throw new AppError('ROUND_RESULT_INVALID', `${total} ballots but an electorate of ${d.electorate}`);
  if (!decision.winner) {
    const tie: TiedBallot = { ballot: rerunName('members', s.members.ties), counts: { ...d.counts }, spoilt: d.rejected, electorate: d.electorate, declaredAt: d.at, explanation: decision.explanation };
    return { ...s, members: { ...s.members, ties: [...(s.members.ties ?? []), tie], awaitingRerun: true }, log: [...s.log, { at: d.at, text: `members’ ballot (${tie.ballot}): ${decision.explanation}` }] };
  }
  return {
    ...s,
    phase: 'decided',
    members: { ...s.members, result: { counts: { ...d.counts }, rejected: d.rejected, electorate: d.electorate, declaredAt: d.at, explanation: decision.explanation, ...(decision.lot ? { lot: decision.lot } : {}) } },
    winner: { candidate: decision.winner, how: 'members', at: d.at },
    log: [...s.log, { at: d.at, text: `members’ ballot: ${decision.explanation}; ${decision.winner} is elected` }],
  };
}

/** The public view: what the rulebook makes public (nominators only if public and once the list has closed). */
export function publicView(s: ContestState) {
  const showNominators = s.rulebook.nominations.nominators === 'public' && s.phase !== 'nominations';
  return {
    id: s.id,
    rulebook: s.rulebook.id,
    phase: s.phase,
    opening: s.opening,
    nominationsClose: s.nominationsClose,
    candidates: s.candidates.map((c) => ({
      ...c,
      nominations: s.nominations.filter((n) => n.candidate === c.id).length,
      nominators: showNominators ? s.nominations.filter((n) => n.candidate === c.id).map((n) => ({ member: n.nominator, role: n.role })) : null,
    })),
    rounds: s.rounds.map((r) => ({ number: r.number, opensAt: r.opensAt, candidates: r.candidates, ties: r.ties ?? [], awaitingRerun: r.awaitingRerun ?? false, result: r.result && { counts: r.result.counts, spoilt: r.result.spoilt, abstentions: r.result.outcome.abstentions, electorate: r.result.electorate, eliminated: r.result.outcome.eliminated, rerun: r.result.outcome.rerun, explanation: r.result.outcome.explanation, lot: r.result.outcome.lot ?? null } })),
    members: s.members,
    winner: s.winner,
    log: s.log,
    /** What a candidate's withdrawal signature covers now (./withdrawal.ts), or null when nobody may withdraw. */
    withdrawalStage: s.phase === 'decided' || s.phase === 'failed' ? null : withdrawalStage(s),
  };
}
export type ContestPublicView = ReturnType<typeof publicView>;

/**
 * The contest as a list of events: what the server stores (one row per event, the derived state beside it) and
 * what a contest summary publishes, so the contest verifier can replay it with the counts it verified itself.
 */
export type ContestEvent =
  | { type: 'open'; input: OpenContestInput }
  | { type: 'nominate'; input: NominateInput }
  | { type: 'close-nominations'; at: string }
  | { type: 'withdraw'; candidate: string; at: string; signature?: WithdrawalSignature | null }
  | { type: 'schedule-round'; at: string; opensAt: string }
  | { type: 'resume-rounds'; at: string }
  | { type: 'rerun'; at: string; opensAt?: string | null }
  | { type: 'declare-round'; input: DeclareRoundInput }
  | { type: 'declare-members'; input: DeclareMembersInput }
  | { type: 'import-roll'; input: MembersRoll };

export function applyContestEvent(s: ContestState | null, e: ContestEvent): ContestState {
  if (e.type === 'open') {
    if (s) throw new AppError('CONTEST_WRONG_PHASE', 'the contest is already open');
    return openContest(e.input);
  }
  if (!s) throw new AppError('CONTEST_WRONG_PHASE', 'the contest has not been opened');
  switch (e.type) {
    case 'nominate':
      return nominate(s, e.input);
    case 'close-nominations':
      return closeNominations(s, e.at);
    case 'withdraw':
      return withdraw(s, e.candidate, e.at, e.signature);
    case 'schedule-round':
      return scheduleRound(s, { at: e.at, opensAt: e.opensAt });
    case 'resume-rounds':
      return resumeRounds(s, e.at);
    case 'rerun':
      return scheduleRerun(s, { at: e.at, opensAt: e.opensAt ?? null });
    case 'declare-round':
      return declareRound(s, e.input);
    case 'declare-members':
      return declareMembers(s, e.input);
    case 'import-roll':
      return recordRoll(s, e.input);
  }
}

export function replayContestEvents(events: readonly ContestEvent[]): ContestState {
  let s: ContestState | null = null;
  for (const e of events) s = applyContestEvent(s, e);
  if (!s) throw new AppError('VALIDATION_FAILED', 'a contest needs at least its opening event');
  return s;
}
