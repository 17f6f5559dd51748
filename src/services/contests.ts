/**
 * Leadership contests over the database: the imperative shell around the pure contest engine (src/contest).
 * Each command runs in one transaction: lock the contest row, apply the event with the engine (which refuses
 * anything the rulebook does not allow), store the event, the derived state and an audit-log entry together —
 * so a refused or failed command writes nothing.
 *
 * Who may do what is decided here, not in the engine: the chair opens the contest, records paper nominations,
 * closes nominations, schedules and declares rounds; an MP nominates only in their own name; a candidate withdraws
 * with their own signature (the chair may post it, or record an unsigned paper letter that decides no tie). The public view shows what the rulebook makes public (./engine publicView).
 *
 * Each MP round and the members' ballot may run as a verifiable election on a board (createContestBallot): the
 * confidence vote's own server code (./elections.ts) runs it, and posting its result declares the round here from
 * the decrypted counts, in the same transaction — the chair cannot then declare other numbers by hand.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db';
import { contestEvents, contests, elections } from '../db/schema';
import { generateCredential } from '../ballot/booth';
import { CONTEST_BALLOT_VERSION, type ContestBallotManifest, type ContestResultBody } from '../contest/board';
import { ballotManifest } from '../contest/simulate';
import { importMembershipRoll } from '../contest/roll';
import { summariseRoll } from '../contest/roll-summary';
import { createContestBoard, contestManifestOf, electionView, setContestResultHook, type ElectionView } from './elections';
import { applyContestEvent, refuseNamedSeed, isMembersBallot, pendingBallot, publicView, tiedBallot, type ContestEvent, type ContestPublicView, type ContestState, type NominatorRole, type OpeningReason } from '../contest/engine';
import { dayOf } from '../domain/dates';
import { AppError } from '../domain/errors';
import { Point } from '../crypto/group';
import { electorateOn } from '../domain/rulebook/denominator';
import { findContestRulebook } from '../domain/rulebook/contest-presets';
import type { Rulebook } from '../domain/rulebook/schema';
import { appendAudit } from './audit';
import { currentMemberKey } from './seals';
import type { WithdrawalSignature } from '../contest/withdrawal';
import { actorLabel, type Actor, type AppContext } from './context';
import { loadProcedure } from './procedures';
import { loadRoster } from './roster';

export interface OpenContestRequest {
  id: string;
  rosterId?: string;
  rulebookId: string;
  reason: OpeningReason;
  /** Required when the reason is `contest-required`: the procedure whose vote the leader lost. */
  procedureId?: string | null;
  outgoingLeader?: string | null;
  nominationsClose: string;
  freezeDate?: string | null;
}

type Row = typeof contests.$inferSelect;

async function lockContest(tx: Tx, id: string): Promise<Row> {
  const [row] = await tx.select().from(contests).where(eq(contests.id, id)).for('update');
  if (!row) throw new AppError('CONTEST_NOT_FOUND', `no contest ${id}`);
  return row;
}

async function store(tx: Tx, ctx: AppContext, actor: Actor, row: Pick<Row, 'id' | 'events'>, event: ContestEvent, state: ContestState): Promise<void> {
  const now = ctx.clock();
  await tx.insert(contestEvents).values({ contestId: row.id, seq: row.events, event, actor: actorLabel(actor), at: now });
  await tx.update(contests).set({ state, events: row.events + 1, updatedAt: now }).where(eq(contests.id, row.id));
  await appendAudit(tx, { actor: actorLabel(actor), kind: 'contest', action: `contest_${event.type.replace(/-/g, '_')}`, procedureId: null, payload: { contestId: row.id, event } }, now);
}

/** Opens a contest: after a lost confidence vote (the procedure must be in contest_required), a resignation, or by the chair. */
export async function openContest(ctx: AppContext, actor: Actor, req: OpenContestRequest): Promise<ContestPublicView> {
  if (actor.role !== 'chair' && actor.role !== 'cli' && actor.role !== 'system') throw new AppError('FORBIDDEN', 'only the chair opens a contest');
  const rulebook = findContestRulebook(req.rulebookId);
  return ctx.db.transaction(async (tx) => {
    let rosterId = req.rosterId ?? null;
    let procedureId: string | null = null;
    if (req.reason === 'contest-required' || req.procedureId) {
      if (!req.procedureId) throw new AppError('VALIDATION_FAILED', 'a contest after a lost confidence vote names its procedureId');
      const p = await loadProcedure(ctx, req.procedureId, undefined, tx);
      if (req.reason === 'contest-required' && p.status.state !== 'contest_required') throw new AppError('INVALID_TRANSITION', `procedure ${req.procedureId} is ${p.status.state}, not contest_required`);
      rosterId = p.row.rosterId;
      procedureId = p.row.id;
    }
    if (!rosterId) throw new AppError('VALIDATION_FAILED', 'name the roster (rosterId) or the procedure (procedureId) the contest belongs to');
    const roster = await loadRoster(tx, rosterId);
    const today = dayOf(ctx.clock());
    const mps = electorateOn({ electorate: { kind: 'whip-holders', party: rulebook.mps.party, description: rulebook.mps.description } } as Rulebook, roster, today);
    const names = Object.fromEntries(roster.members.filter((m) => mps.includes(m.memberId)).map((m) => [m.memberId, m.displayName]));
    const [exists] = await tx.select({ id: contests.id }).from(contests).where(eq(contests.id, req.id));
    if (exists) throw new AppError('CONFLICT', `a contest ${req.id} already exists`);
    const event: ContestEvent = {
      type: 'open',
      input: { id: req.id, rulebook, reason: req.reason, at: ctx.clock().toISOString(), mps, nominationsClose: req.nominationsClose, rosterId, procedureId, outgoingLeader: req.outgoingLeader ?? null, freezeDate: req.freezeDate ?? null },
    };
    const state = applyContestEvent(null, event);
    await tx.insert(contests).values({ id: req.id, rosterId, procedureId, rulebookId: rulebook.id, names, state, events: 0 });
    await store(tx, ctx, actor, { id: req.id, events: 0 }, event, state);
    return publicView(state);
  });
}

/** Applies one event to a contest, atomically. */
async function apply(ctx: AppContext, actor: Actor, id: string, make: (s: ContestState, tx: Tx) => ContestEvent | Promise<ContestEvent>): Promise<ContestState> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockContest(tx, id);
    const event = await make(row.state, tx);
    const state = applyContestEvent(row.state, event);
    await store(tx, ctx, actor, row, event, state);
    return state;
  });
}

const now = (ctx: AppContext) => ctx.clock().toISOString();
const requireChair = (actor: Actor, what: string) => {
  if (actor.role !== 'chair' && actor.role !== 'cli') throw new AppError('FORBIDDEN', `only the chair may ${what}`);
};

/**
 * A nomination. An MP nominates in their own name; the chair records a paper nomination naming the nominator.
 */
export async function nominate(ctx: AppContext, actor: Actor, id: string, input: { candidate: string; role: NominatorRole; nominator?: string }): Promise<ContestPublicView> {
  let nominator: string;
  let recordedBy: 'member' | 'chair';
  if (actor.role === 'member') {
    if (!actor.memberId) throw new AppError('FORBIDDEN', 'your account is not linked to an MP');
    if (input.nominator && input.nominator !== actor.memberId) throw new AppError('FORBIDDEN', 'an MP nominates only in their own name');
    nominator = actor.memberId;
    recordedBy = 'member';
  } else {
    requireChair(actor, 'record a paper nomination');
    if (!input.nominator) throw new AppError('VALIDATION_FAILED', 'a paper nomination names its nominator');
    nominator = input.nominator;
    recordedBy = 'chair';
  }
  return publicView(await apply(ctx, actor, id, () => ({ type: 'nominate', input: { candidate: input.candidate, nominator, role: input.role, at: now(ctx), recordedBy } })));
}

export async function closeNominations(ctx: AppContext, actor: Actor, id: string): Promise<ContestPublicView> {
  requireChair(actor, 'close nominations');
  return publicView(await apply(ctx, actor, id, () => ({ type: 'close-nominations', at: now(ctx) })));
}

/**
 * A withdrawal. Signed (./contest/withdrawal.ts), it is the candidate's own act whoever posts it: the key must be the
 * candidate's registered member key (the roster's registry, `/api/member-key`) and the engine checks the signature
 * over (contest, candidate, stage). Unsigned, only the chair may post it — a paper letter, kept and shown as the
 * chair's record — and the engine refuses it where it would decide a tied ballot (WITHDRAWAL_NOT_SIGNED).
 */
export async function withdrawCandidate(ctx: AppContext, actor: Actor, id: string, candidate: string, signature?: WithdrawalSignature | null): Promise<ContestPublicView> {
  if (actor.role === 'member' ? actor.memberId !== candidate : actor.role !== 'chair' && actor.role !== 'cli') throw new AppError('FORBIDDEN', 'only the candidate or the chair may withdraw a candidate');
  if (!signature && actor.role === 'member') throw new AppError('WITHDRAWAL_NOT_SIGNED', 'a candidate withdraws with their own signature (their member key): sign the withdrawal in the browser or with `confidence contest withdraw --key`');
  return publicView(
    await apply(ctx, actor, id, async (_s, tx) => {
      if (signature) {
        const [row] = await tx.select({ rosterId: contests.rosterId }).from(contests).where(eq(contests.id, id));
        const key = await currentMemberKey(tx, row!.rosterId, candidate);
        if (!key) throw new AppError('WITHDRAWAL_SIGNATURE_INVALID', `${candidate} has registered no member key, so no signature can be theirs: register one first (confidence seal register-key, or the member-key panel)`);
        if (key.publicKey !== signature.publicKey) throw new AppError('WITHDRAWAL_SIGNATURE_INVALID', `the withdrawal is signed by the key ${String(signature.publicKey).slice(0, 16)}…, which is not ${candidate}'s registered member key (${key.publicKey.slice(0, 16)}…)`);
      }
      return { type: 'withdraw', candidate, at: now(ctx), ...(signature ? { signature: { publicKey: signature.publicKey, signature: signature.signature } } : {}) };
    }),
  );
}

export async function scheduleRound(ctx: AppContext, actor: Actor, id: string, opensAt: string): Promise<ContestPublicView> {
  requireChair(actor, 'schedule a round');
  return publicView(await apply(ctx, actor, id, () => ({ type: 'schedule-round', at: now(ctx), opensAt })));
}

export async function resumeRounds(ctx: AppContext, actor: Actor, id: string): Promise<ContestPublicView> {
  requireChair(actor, 'resume the rounds');
  return publicView(await apply(ctx, actor, id, () => ({ type: 'resume-rounds', at: now(ctx) })));
}

/**
 * Declares the last scheduled round. The electorate is the contest's MPs; the engine computes the eliminations.
 * (The counts come from the round's verified board: `confidence verify` checks the declaration against it, C5.)
 */
export async function declareRound(ctx: AppContext, actor: Actor, id: string, input: { counts: Record<string, number>; spoilt: number; lotSeed?: unknown }): Promise<ContestPublicView> {
  requireChair(actor, 'declare a round');
  refuseNamedSeed(input);
  return publicView(
    await apply(ctx, actor, id, async (s, tx) => {
      const ballot = pendingBallot(s);
      if (ballot) await refuseIfOnBoard(tx, id, ballot);
      // Declared by hand: no board, so no close record to draw a lot from (a tie under `lot` is LOT_NEEDS_BOARD).
      return { type: 'declare-round', input: { counts: input.counts, spoilt: input.spoilt, electorate: s.mps.length, at: now(ctx) } };
    }),
  );
}

async function refuseIfOnBoard(tx: Tx, contestId: string, ballot: string): Promise<void> {
  const [b] = await tx.select({ id: elections.id }).from(elections).where(and(eq(elections.contestId, contestId), eq(elections.ballot, ballot)));
  if (b) throw new AppError('CONTEST_BALLOT_ON_BOARD', `the ${ballot} ballot runs on the verifiable board ${b.id}: its result is declared when the trustees' decryption is posted there`);
}

export async function declareMembers(ctx: AppContext, actor: Actor, id: string, input: { counts: Record<string, number>; rejected: number; electorate: number; lotSeed?: unknown }): Promise<ContestPublicView> {
  requireChair(actor, 'declare the members’ ballot');
  refuseNamedSeed(input);
  return publicView(
    await apply(ctx, actor, id, async (s, tx) => {
      await refuseIfOnBoard(tx, id, pendingBallot(s) ?? 'members');
      return { type: 'declare-members', input: { counts: input.counts, rejected: input.rejected, electorate: input.electorate, at: now(ctx) } };
    }),
  );
}

/**
 * Imports the membership roll for the members' ballot (chair; the CLI reads the file): validated all or nothing
 * (src/contest/roll.ts), eligibility at the contest's freeze date with the rulebook's minimum membership. Only the
 * counts and a digest of the eligible ids are kept (an `import-roll` event); the eligible count is then the members'
 * electorate — the board and the declaration take no other number. Re-importing is allowed until the members'
 * ballot has a board.
 */
export async function importContestRoll(ctx: AppContext, actor: Actor, id: string, input: { csv: string; freezeDate?: string | null }): Promise<ContestPublicView> {
  requireChair(actor, 'import the membership roll');
  return publicView(
    await apply(ctx, actor, id, async (s, tx) => {
      if (!s.members) throw new AppError('CONTEST_WRONG_PHASE', 'this rulebook has no members’ ballot, so no membership roll');
      await refuseIfOnBoard(tx, id, 'members');
      const freezeDate = s.members.freezeDate ?? input.freezeDate ?? null;
      if (!freezeDate) throw new AppError('VALIDATION_FAILED', 'the contest has no freeze date: give the freeze date (YYYY-MM-DD) with the roll');
      if (input.freezeDate && input.freezeDate !== freezeDate) throw new AppError('ROLL_INVALID', `the contest’s freeze date is ${freezeDate}, not ${input.freezeDate}`);
      const roll = importMembershipRoll(input.csv, { freezeDate, minMembershipMonths: s.rulebook.members?.minMembershipMonths ?? 0 });
      return { type: 'import-roll', input: summariseRoll(roll, now(ctx)) };
    }),
  );
}

export async function getContest(db: DbOrTx, id: string): Promise<{ view: ContestPublicView; names: Record<string, string>; state: ContestState; rosterId: string }> {
  const [row] = await db.select().from(contests).where(eq(contests.id, id));
  if (!row) throw new AppError('CONTEST_NOT_FOUND', `no contest ${id}`);
  return { view: publicView(row.state), names: row.names, state: row.state, rosterId: row.rosterId };
}

export async function listContests(db: DbOrTx): Promise<{ id: string; rulebook: string; phase: string; winner: string | null }[]> {
  const rows = await db.select().from(contests).orderBy(asc(contests.createdAt));
  return rows.map((r) => ({ id: r.id, rulebook: r.rulebookId, phase: r.state.phase, winner: r.state.winner?.candidate ?? null }));
}

/** The events, for the contest summary a verifier replays (C6). */
export async function contestEventLog(db: DbOrTx, id: string): Promise<ContestEvent[]> {
  const rows = await db.select().from(contestEvents).where(eq(contestEvents.contestId, id)).orderBy(asc(contestEvents.seq));
  return rows.map((r) => r.event);
}

// ---- verifiable ballots ---------------------------------------------------------------------------------------

export interface ContestBallotRequest {
  /** Trustees of the key ceremony (default 3, any 2 decrypt); the same people should serve the whole contest. */
  trustees?: number;
  threshold?: number;
  trusteeNames?: string[];
  /** The members' ballot only: the eligible members at the freeze date (the roll's eligible.txt). */
  electorate?: number;
  closesAt?: string | null;
  /** The credential authority's public key (64 hex digits, `confidence credentials key`): pinned in the manifest. */
  authority?: string;
}

export const contestElectionId = (contestId: string, ballot: string) => `contest-${contestId}-${ballot}`;

/**
 * The chair puts the scheduled MP round (or the members' ballot) on a verifiable board: candidates in
 * ballot-paper order, blank allowed as the rulebook says, the electorate (the contest's MPs, or the members'
 * roll), the trustees, a board key for signed receipts. The rest runs through the election API.
 */
export async function createContestBallot(ctx: AppContext, actor: Actor, id: string, req: ContestBallotRequest = {}): Promise<ElectionView> {
  requireChair(actor, 'put a ballot on a board');
  const electionId = await ctx.db.transaction(async (tx) => createBallotIn(tx, ctx, actor, await lockContest(tx, id), req));
  return electionView(ctx, electionId);
}

/** Creates the board of the contest's pending ballot (`pendingBallot`) inside the caller's transaction; returns its election id. */
async function createBallotIn(tx: Tx, ctx: AppContext, actor: Actor, row: Row, req: ContestBallotRequest): Promise<string> {
  const trustees = req.trustees ?? 3;
  const threshold = req.threshold ?? 2;
  if (!Number.isInteger(trustees) || !Number.isInteger(threshold) || threshold < 1 || threshold > trustees || trustees > 20) throw new AppError('VALIDATION_FAILED', 'trustees: need 1 ≤ threshold ≤ trustees ≤ 20');
  const names = req.trusteeNames?.length === trustees ? req.trusteeNames : Array.from({ length: trustees }, (_, i) => `Trustee ${i + 1}`);
  const authority = typeof req.authority === 'string' ? req.authority.trim().toLowerCase() : '';
  const s = row.state;
  const ballot = pendingBallot(s);
  let candidates: string[];
  let electorate: number;
  let opensAt: string | null = null;
  if (ballot && s.phase === 'rounds') {
    const round = s.rounds.at(-1)!;
    candidates = round.candidates;
    electorate = s.mps.length;
    opensAt = round.opensAt;
  } else if (ballot && s.phase === 'members' && s.members) {
    candidates = s.members.finalists;
    // The electorate is the imported roll's eligibility at the freeze date, never a number typed in.
    const roll = s.members.roll;
    if (!roll) throw new AppError('ROLL_MISSING', 'import the membership roll first (`confidence contest roll-record`): its members eligible at the freeze date are the electorate');
    if (req.electorate !== undefined && req.electorate !== roll.eligible) throw new AppError('VALIDATION_FAILED', `the electorate is the roll’s ${roll.eligible} eligible members at ${roll.freezeDate}, not ${req.electorate}`);
    electorate = roll.eligible;
  } else {
    const tie = tiedBallot(s);
    if (tie) throw new AppError('CONTEST_BALLOT_TIED', `the ${tie.ballot} ballot tied: the chair schedules its rerun (POST /api/contests/${s.id}/rerun, \`confidence contest rerun\`), which puts the rerun on its own board`);
    throw new AppError('CONTEST_WRONG_PHASE', `no ballot is waiting for a board: the contest is in the ${s.phase} phase${s.phase === 'rounds' ? ' (schedule the next round first)' : ''}`);
  }
  // Under the `lot` tie policy a tie is drawn from the board's close record: a voting window pins the close's time
  // (R12), so that record follows from the board's contents and the server cannot re-time it (ADR 0605).
  if (s.rulebook.rounds.tie === 'lot' && !req.closesAt) throw new AppError('VALIDATION_FAILED', `closesAt: the rulebook breaks ties by lot, drawn from the close record of the ${ballot} board, so the board needs a voting window (when it closes) that pins that record`);
  try {
    Point.fromHex(authority, { field: 'authority' });
  } catch {
    throw new AppError('VALIDATION_FAILED', 'authority: the credential authority’s public key (64 hex digits, printed by `confidence credentials key`) is needed: it goes into the manifest, and only it may sign the credentials and revocations');
  }
  const board = generateCredential();
  const manifest: ContestBallotManifest = {
    version: CONTEST_BALLOT_VERSION,
    ...ballotManifest(s, ballot, candidates, row.names, electorate, { threshold, count: trustees, names }, opensAt, req.closesAt ?? null),
    boardKey: board.public,
    authority,
  };
  const eid = contestElectionId(row.id, ballot);
  await createContestBoard(tx, ctx, actor, { id: eid, contestId: row.id, ballot }, manifest, board.secret);
  return eid;
}

/**
 * The way forward after a tie under the rulebook's `rerun` policy (every preset): the chair schedules the rerun of
 * the tied ballot — an MP round or the members' ballot — among the same candidates. If the tied ballot ran on a
 * board, the rerun gets its own board in the same transaction (`<ballot>-rerun-N`, its own election hash) with the
 * same trustees and credential authority as the tied one; the tied board and its count stay in the public record.
 * The contest moves on when the rerun's result is posted (or, for a ballot run by hand, declared).
 */
export async function rerunContestBallot(ctx: AppContext, actor: Actor, id: string, req: { opensAt?: string | null; closesAt?: string | null } = {}): Promise<{ contest: ContestPublicView; election: ElectionView | null }> {
  requireChair(actor, 'run a tied ballot again');
  let electionId: string | null = null;
  const state = await ctx.db.transaction(async (tx) => {
    const row = await lockContest(tx, id);
    const tie = tiedBallot(row.state);
    if (!tie) throw new AppError('CONTEST_WRONG_PHASE', `no tied ballot is waiting to be run again (the contest is in the ${row.state.phase} phase)`);
    const [tied] = await tx.select().from(elections).where(and(eq(elections.contestId, id), eq(elections.ballot, tie.ballot)));
    const event: ContestEvent = { type: 'rerun', at: now(ctx), opensAt: req.opensAt ?? null };
    const next = applyContestEvent(row.state, event);
    await store(tx, ctx, actor, row, event, next);
    if (tied) {
      const m = contestManifestOf(tied)!;
      electionId = await createBallotIn(tx, ctx, actor, { ...row, state: next, events: row.events + 1 }, { trustees: m.trustees.count, threshold: m.trustees.threshold, trusteeNames: m.trustees.names, authority: m.authority, closesAt: req.closesAt ?? null, electorate: m.electorate });
    }
    return next;
  });
  return { contest: publicView(state), election: electionId ? await electionView(ctx, electionId) : null };
}

/** The contest's boards, in order, with their stage (for the public page's "verify this round" links). */
export async function contestBallots(db: DbOrTx, id: string): Promise<{ ballot: string; electionId: string; electionHash: string; lastType: string }[]> {
  const rows = await db.select({ ballot: elections.ballot, electionId: elections.id, electionHash: elections.electionHash, lastType: elections.lastType }).from(elections).where(eq(elections.contestId, id)).orderBy(asc(elections.createdAt));
  return rows.map((r) => ({ ...r, ballot: r.ballot! }));
}

/**
 * The result posted on a contest ballot's board declares that ballot in the contest, in the same transaction:
 * the round's counts and spoilt ballots (blank) or the members' counts and rejected ballots are the decrypted
 * ones, never typed in; the declaration carries the hash of the board's close record, from which a tie under the `lot`
 * policy is drawn (nobody names that seed). A board whose round is no longer the pending one (declared by hand before the board
 * existed, which refuseIfOnBoard prevents) is refused.
 */
setContestResultHook(async (tx, ctx, actor, election, result: ContestResultBody, board) => {
  const m = contestManifestOf(election)!;
  const row = await lockContest(tx, election.contestId!);
  const s = row.state;
  let event: ContestEvent;
  if (pendingBallot(s) !== m.ballot) throw new AppError('CONTEST_WRONG_PHASE', `the board of ${m.ballot} is not the contest's pending ballot (${pendingBallot(s) ?? 'none'})`);
  if (isMembersBallot(m.ballot)) {
    event = { type: 'declare-members', input: { counts: result.counts, rejected: result.blank, electorate: m.electorate, at: now(ctx), boardClose: board.close } };
  } else {
    event = { type: 'declare-round', input: { counts: result.counts, spoilt: result.blank, electorate: s.mps.length, at: now(ctx), boardClose: board.close } };
  }
  const state = applyContestEvent(s, event);
  await store(tx, ctx, actor, row, event, state);
});
