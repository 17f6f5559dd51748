/**
 * The contest verifier (docs/contest.md §4): a whole contest from its summary (contest.json) and one board per
 * ballot, checks C1–C7. Each board is verified on its own (R1–R15, ./verify.ts); then the contest's events are
 * replayed through the contest engine with the counts the verifier decrypted itself, so every elimination,
 * withdrawal, pause and the winner must follow from the verified counts and the rulebook snapshot. A summary
 * that eliminates the wrong candidate, a board from another contest or round, a declared count that differs from
 * its board, a board with other candidates than those standing — each fails a numbered check.
 *
 * Pure: the CLI reads the files and passes their text.
 */
import { canonicalJson } from '../domain/audit/canonical-json';
import { AppError } from '../domain/errors';
import { contestRulebookSchema } from '../domain/rulebook/contest-schema';
import { keyRegistryProblem, verifyMemberKeyRegistration } from '../domain/seal/member-key';
import { applyContestEvent, isMembersBallot, pendingBallot, publicView, withdrawalStage, type BoardCloseInput, type ContestEvent, type ContestState } from './engine';
import { CONTEST_SUMMARY_VERSION, rulebookBallotRules, type ContestSummary } from './simulate';
import { memberKeyAt } from './withdrawal';
import { notifyingList, verifyContestBoard, type BoardInput, type RoundVerifyOptions, type RoundVerifyReport } from './verify';

export const CONTEST_CHECKS = [
  { id: 'C1', title: 'The contest summary is well formed (each ballot listed once) and its rulebook snapshot is valid' },
  { id: 'C2', title: 'Every ballot board passes R1–R15, is complete, and is the board the summary lists (election hash, head)' },
  { id: 'C3', title: 'Every board belongs to this contest, names its ballot, has the contest’s trustees and credential authority and its own election hash' },
  { id: 'C4', title: 'Each board lists exactly the candidates standing in that ballot (a rerun’s: those left after any withdrawal before it), and the declared electorate (the members’ board: and the rulebook’s reconciliation of online and postal votes; under a lot tie policy, every board has a voting window)' },
  { id: 'C5', title: 'Each declared result equals the counts decrypted from its board (votes, spoilt or rejected)' },
  { id: 'C6', title: 'Replaying the events under the rulebook (nominations, thresholds, eliminations, ties, withdrawals — before a rerun too, and then only signed by the candidate’s own member key; a lot drawn from the tied board’s close record, never a named seed) gives the published state and winner' },
  { id: 'C7', title: 'Every board is used by exactly one declaration, a tied ballot’s board and its rerun’s board included' },
] as const;
export type ContestCheckId = (typeof CONTEST_CHECKS)[number]['id'];

export interface ContestVerifyReport {
  ok: boolean;
  failure: { check: ContestCheckId; title: string; ballot: string | null; message: string } | null;
  passed: ContestCheckId[];
  boards: { ballot: string; report: RoundVerifyReport }[];
  state: ContestState | null;
  summary: ContestSummary | null;
  /**
   * Every withdrawal replayed, with the key that signed it (the candidate's member key, checked against the roster's
   * registry when the summary carries it) or null: an unsigned letter recorded by the chair, which decides no tie.
   */
  withdrawals: { candidate: string; at: string; stage: string; signedBy: string | null; keyInRegistry: boolean | null }[];
  /**
   * The roster whose member-key registry signed withdrawals were held to: `named` when the contest's `open` event
   * names it (C6 refuses a registry of any other roster), `unnamed` for a contest opened before the roster was
   * recorded there (the registry is the one the summary names, which only its rosterId ties to the contest); null when
   * no signed withdrawal was checked against a registry.
   */
  registryRoster: { rosterId: string; source: 'named' | 'unnamed' } | null;
}

class Fail extends Error {
  constructor(
    readonly check: ContestCheckId,
    readonly ballot: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface ContestVerifyOptions extends RoundVerifyOptions {
  /** Told each ballot as its board's check begins. */
  onBoard?: (ballot: string) => void;
  /** Told each contest check (C1–C7) as it passes. */
  onContestCheck?: (id: ContestCheckId) => void;
  /**
   * The contest as a server publishes it (its public view, GET /api/contests/ID), for a summary assembled from a
   * server's public records, which has no `state`: C6 then compares the public view of the replayed state with it.
   */
  publishedView?: unknown;
}

/** `readBoard(file)` returns a board's text (or a source that streams its lines), or null if it is missing. */
export async function verifyContest(summaryText: string, readBoard: (file: string) => BoardInput | null, opts: ContestVerifyOptions = {}): Promise<ContestVerifyReport> {
  const report: ContestVerifyReport = { ok: false, failure: null, passed: notifyingList<ContestCheckId>(opts.onContestCheck), boards: [], state: null, summary: null, withdrawals: [], registryRoster: null };
  try {
    await run(summaryText, readBoard, opts, report);
    report.ok = true;
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    report.failure = { check: e.check, title: CONTEST_CHECKS.find((c) => c.id === e.check)!.title, ballot: e.ballot, message: e.message };
  }
  return report;
}

const receiptElection = (x: unknown): unknown => (typeof x === 'object' && x !== null ? (x as { election?: unknown }).election : undefined);

/** A declaration without the seed it named (reported by C6 on its own; the replay draws from the board). */
function withoutSeed<T extends object>(input: T): T {
  const { lotSeed: _named, ...rest } = input as T & { lotSeed?: unknown };
  return rest as T;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

async function run(text: string, readBoard: (file: string) => BoardInput | null, opts: ContestVerifyOptions, report: ContestVerifyReport): Promise<void> {
  // ---- C1 ----------------------------------------------------------------------------------------------------
  let summary: ContestSummary;
  try {
    summary = JSON.parse(text) as ContestSummary;
  } catch {
    throw new Fail('C1', null, 'contest.json is not JSON');
  }
  if (typeof summary !== 'object' || summary === null || summary.version !== CONTEST_SUMMARY_VERSION) throw new Fail('C1', null, `contest.json must have version ${CONTEST_SUMMARY_VERSION}`);
  if (!Array.isArray(summary.events) || !Array.isArray(summary.boards) || typeof summary.contestId !== 'string' || typeof summary.trustees !== 'object' || summary.trustees === null) throw new Fail('C1', null, 'contest.json needs contestId, trustees, events and boards');
  const open = summary.events[0];
  if (!open || open.type !== 'open') throw new Fail('C1', null, 'the first event must open the contest');
  const rb = contestRulebookSchema.safeParse(open.input.rulebook);
  if (!rb.success) throw new Fail('C1', null, `the rulebook snapshot is not valid: ${rb.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (open.input.id !== summary.contestId) throw new Fail('C1', null, 'the opening event names another contest');
  // One board per ballot: with two listed under one name, the verifier would count one while a voter's receipt found
  // its ballot on the other (a round run again, its first board kept as a decoy).
  const listed = new Set<string>();
  for (const b of summary.boards) {
    if (typeof b !== 'object' || b === null || typeof b.ballot !== 'string') throw new Fail('C1', null, 'every listed board names its ballot');
    if (listed.has(b.ballot)) throw new Fail('C1', b.ballot, `the ${b.ballot} ballot is listed twice: each ballot has one board`);
    listed.add(b.ballot);
  }
  report.summary = summary;
  report.passed.push('C1');

  // ---- C2, C3 ------------------------------------------------------------------------------------------------
  const verified = new Map<string, RoundVerifyReport>();
  const hashes = new Set<string>();
  for (const b of summary.boards) {
    if (typeof b.file !== 'string' || !/^[a-z0-9-]+\.jsonl$/.test(b.file)) throw new Fail('C2', b.ballot ?? null, 'a board file name is lowercase letters, digits and dashes, ending .jsonl');
    opts.onBoard?.(b.ballot);
    const boardText = readBoard(b.file);
    if (boardText === null) throw new Fail('C2', b.ballot, `the board ${b.file} is missing`);
    // Receipts go to the board of the election they name (R16/R17); one naming no listed board fails C2 below.
    // The counting officers' chain value (R18) is the members' board's: the MP rounds have no postal channel.
    const { onBoard: _b, onContestCheck: _c, publishedView: _v, ...boardOpts } = opts;
    const r = await verifyContestBoard(boardText, { ...boardOpts, receipts: opts.receipts?.filter((x) => receiptElection(x) === b.electionHash), postalChain: isMembersBallot(b.ballot) && opts.postalChain !== undefined ? [opts.postalChain].flat() : undefined });
    report.boards.push({ ballot: b.ballot, report: r });
    if (!r.ok) throw new Fail('C2', b.ballot, `${b.file}: check ${r.failure!.check} failed${r.failure!.seq === null ? '' : ` at record ${r.failure!.seq}`}: ${r.failure!.message}`);
    if (!r.summary.complete) throw new Fail('C2', b.ballot, `${b.file} has no result yet`);
    if (r.summary.electionHash !== b.electionHash || r.summary.head !== b.head) throw new Fail('C2', b.ballot, `${b.file} is not the board the summary lists (election hash or head differ)`);
    verified.set(b.ballot, r);
  }
  // Every chain value the counting officers kept ends the batches of one members' board (the first board and its
  // reruns each have their own); a value no board ends on is a batch they handed over that was changed or removed.
  if (opts.postalChain !== undefined) {
    const ended = new Set(summary.boards.filter((b) => isMembersBallot(b.ballot)).map((b) => verified.get(b.ballot)!.summary.postalBatches?.at(-1)?.chain));
    const lost = [opts.postalChain].flat().find((v) => !ended.has(v));
    if (lost !== undefined) throw new Fail('C2', null, `check R18 failed: no members' board's postal batches end at the chain value the counting officers kept (${lost.slice(0, 16)}…): a batch they handed over was changed or removed`);
  }
  const stray = (opts.receipts ?? []).findIndex((x) => !summary.boards.some((b) => b.electionHash === receiptElection(x)));
  if (stray >= 0) throw new Fail('C2', null, `receipt ${stray + 1} names election ${String(receiptElection(opts.receipts![stray]))}, which is not a board of this contest`);
  report.passed.push('C2');
  // One credential authority for the whole contest (as one set of trustees): a board under another authority's key is
  // a ballot whose credentials someone else made (a chair's own key would hold every voter's credential in it).
  const authority = summary.boards.length ? (verified.get(summary.boards[0]!.ballot)!.summary.manifest!.authority ?? null) : null;
  for (const b of summary.boards) {
    const m = verified.get(b.ballot)!.summary.manifest!;
    if ((m.authority ?? null) !== authority) throw new Fail('C3', b.ballot, `the board names the credential authority ${m.authority ?? '(none)'}; the contest's is ${authority ?? '(none)'} (the first board's)`);
    if (m.contestId !== summary.contestId) throw new Fail('C3', b.ballot, `the board belongs to contest ${m.contestId}`);
    if (m.ballot !== b.ballot) throw new Fail('C3', b.ballot, `the board is the ${m.ballot} ballot, listed as ${b.ballot}`);
    if (canonicalJson(m.trustees) !== canonicalJson(summary.trustees)) throw new Fail('C3', b.ballot, 'the board’s trustees differ from the contest’s');
    if (hashes.has(b.electionHash)) throw new Fail('C3', b.ballot, 'two ballots share an election hash');
    hashes.add(b.electionHash);
  }
  report.passed.push('C3');

  // ---- C4–C7: replay with verified counts ------------------------------------------------------------------------
  const used = new Set<string>();
  let s: ContestState | null = null;
  const boardFor = (ballot: string) => {
    const r = verified.get(ballot);
    if (!r) throw new Fail('C7', ballot, `no board for the ${ballot} ballot`);
    if (used.has(ballot)) throw new Fail('C7', ballot, `the ${ballot} board is used twice`);
    used.add(ballot);
    return r.summary;
  };
  const c4: Fail[] = [];
  const c5: Fail[] = [];
  // The counting rule and blank ballots are the rulebook's, not the board writer's: "the first ballot counts" on an MP
  // round would let a whip who votes first with an MP's credential pin the vote (the MP's own revote would not count).
  const rulesCheck = (ballot: string, m: NonNullable<RoundVerifyReport['summary']['manifest']>, st: ContestState) => {
    const want = rulebookBallotRules(st.rulebook, ballot);
    if (m.counting !== want.counting) c4.push(new Fail('C4', ballot, `the board counts each credential's ${m.counting} ballot; the rulebook counts the ${want.counting}`));
    // A lot is drawn from the board's close record; without a voting window its time is the server's free choice.
    if (st.rulebook.rounds.tie === 'lot' && m.closesAt === null) c4.push(new Fail('C4', ballot, 'the board has no voting window (closesAt), but the rulebook breaks ties by lot, drawn from the board’s close record: without a window the close’s time is the server’s free choice'));
    if (m.blankAllowed !== want.blankAllowed) c4.push(new Fail('C4', ballot, `the board ${m.blankAllowed ? 'allows' : 'refuses'} a blank ballot; the rulebook ${want.blankAllowed ? 'allows' : 'refuses'} it`));
  };
  // A tie broken by lot is drawn from the close record of the board whose count tied, never from a seed the
  // declaration names. A declaration that names a seed fails C6 at once. One that names another close record than its
  // board's fails C6 too, once C4 and C5 have held (a board swapped for another fails those first, with what differs);
  // the replay follows the declared record meanwhile, so what comes after is checked against the published story and
  // the lot is the failure reported. Without a declared record the replay takes the board's own.
  const c6: Fail[] = [];
  const lotCheck = (i: number, ballot: string, input: BoardCloseInput, v: RoundVerifyReport['summary']): string | null => {
    const named = (input as { lotSeed?: unknown }).lotSeed;
    if (named !== undefined && named !== null) throw new Fail('C6', ballot, `event ${i}: the declaration of ${ballot} names its own lot seed ${JSON.stringify(named).slice(0, 80)}: nobody names the seed of a lot — it is derived from the close record of the ballot's board, fixed before the count was known (a seed named after the count could have been tried until the lot suited)`);
    const close = v.close?.hash ?? null;
    if (input.boardClose !== undefined && input.boardClose !== null && input.boardClose !== close) c6.push(new Fail('C6', ballot, `event ${i}: the declaration draws the lot of ${ballot} from the close record ${String(input.boardClose).slice(0, 16)}…, but the board's close record (seq ${v.close?.seq ?? '—'}) hashes to ${close?.slice(0, 16) ?? 'nothing'}…: the lot was not drawn from this board`));
    return input.boardClose ?? close;
  };
  for (const [i, e] of summary.events.entries()) {
    let event: ContestEvent = e;
    if (e.type === 'declare-round' && s) {
      const round = s.rounds.at(-1);
      if (!round) throw new Fail('C6', null, `event ${i}: a round is declared that was never scheduled`);
      // The board this declaration counts: round-N, or round-N-rerun-K after K tied counts (the engine names it).
      const ballot = pendingBallot(s);
      if (!ballot) throw new Fail('C6', null, `event ${i}: round ${round.number} is declared while no ballot of it is pending (a tied count must be followed by a rerun event and the rerun's board)`);
      const v = boardFor(ballot);
      const ids = v.manifest!.candidates.map((c) => c.id).sort();
      if (canonicalJson(ids) !== canonicalJson([...round.candidates].sort())) c4.push(new Fail('C4', ballot, `the board lists ${ids.join(', ')}; standing were ${[...round.candidates].sort().join(', ')}`));
      if (v.manifest!.electorate !== e.input.electorate) c4.push(new Fail('C4', ballot, `the board's electorate is ${v.manifest!.electorate}; the declaration says ${e.input.electorate}`));
      rulesCheck(ballot, v.manifest!, s);
      // Every MP the contest's opening lists votes in every round: a board with fewer credentials shuts MPs out.
      if (v.manifest!.electorate !== s.mps.length) c4.push(new Fail('C4', ballot, `the board's electorate is ${v.manifest!.electorate}, but ${s.mps.length} MPs are entitled to vote (the contest's opening lists them): MPs were left off the round`));
      if (!sameCounts(v.result!.counts, e.input.counts) || v.result!.blank !== e.input.spoilt) c5.push(new Fail('C5', ballot, `declared ${canonicalJson(e.input.counts)} with ${e.input.spoilt} spoilt; the board decrypts to ${canonicalJson(v.result!.counts)} with ${v.result!.blank} blank`));
      // From here on the verifier uses its own counts: the engine derives the eliminations from them.
      event = { type: 'declare-round', input: { ...withoutSeed(e.input), counts: v.result!.counts, spoilt: v.result!.blank, electorate: v.manifest!.electorate, boardClose: lotCheck(i, ballot, e.input, v) } };
    }
    if (e.type === 'declare-members' && s) {
      const ballot = pendingBallot(s);
      if (!ballot) throw new Fail('C6', null, `event ${i}: the members' ballot is declared while none is pending (a tied count must be followed by a rerun event and the rerun's board)`);
      const v = boardFor(ballot);
      const ids = v.manifest!.candidates.map((c) => c.id).sort();
      if (canonicalJson(ids) !== canonicalJson([...(s.members?.finalists ?? [])].sort())) c4.push(new Fail('C4', ballot, `the members' board lists ${ids.join(', ')}; the finalists are ${(s.members?.finalists ?? []).join(', ')}`));
      if (v.manifest!.electorate !== e.input.electorate) c4.push(new Fail('C4', ballot, `the board's electorate is ${v.manifest!.electorate}; the declaration says ${e.input.electorate}`));
      rulesCheck(ballot, v.manifest!, s);
      // The rulebook's reconciliation of online and postal votes is the one the board's manifest binds (R18 holds each
      // postal batch to it): present exactly when the rulebook has a postal channel.
      const rm = s.rulebook.members;
      const reconciliation = rm?.channels.includes('postal') ? rm.reconciliation : undefined;
      if (v.manifest!.reconciliation !== reconciliation) c4.push(new Fail('C4', ballot, `the members' board binds the reconciliation ${String(v.manifest!.reconciliation ?? 'none')}; the rulebook says ${reconciliation ?? 'none (no postal channel)'}`));
      if (!sameCounts(v.result!.counts, e.input.counts) || v.result!.blank !== e.input.rejected) c5.push(new Fail('C5', ballot, `declared ${canonicalJson(e.input.counts)} with ${e.input.rejected} rejected; the board decrypts to ${canonicalJson(v.result!.counts)} with ${v.result!.blank} blank`));
      event = { type: 'declare-members', input: { ...withoutSeed(e.input), counts: v.result!.counts, rejected: v.result!.blank, electorate: v.manifest!.electorate, boardClose: lotCheck(i, ballot, e.input, v) } };
    }
    if (e.type === 'withdraw' && s) withdrawalCheck(i, e, s, summary, report);
    try {
      s = applyContestEvent(s, event);
    } catch (err) {
      if (err instanceof AppError && err.code.startsWith('WITHDRAWAL_')) throw new Fail('C6', null, `event ${i} (withdraw): ${err.message}`);
      if (err instanceof AppError) throw new Fail('C6', null, `event ${i} (${e.type}) is not allowed by the rulebook: ${err.message}`);
      throw err;
    }
  }
  if (c4[0]) throw c4[0];
  report.passed.push('C4');
  if (c5[0]) throw c5[0];
  report.passed.push('C5');
  if (c6[0]) throw c6[0];
  report.state = s;
  // A summary from a server's public records has no state: the replayed state's public view must equal the server's.
  const fromView = summary.state === undefined && opts.publishedView !== undefined;
  const published = fromView ? (opts.publishedView as Record<string, unknown>) : null;
  const viewOf = (x: ContestState) => JSON.parse(JSON.stringify(publicView(x))) as Record<string, unknown>;
  const same = fromView
    ? !!s && !!published && Object.entries(viewOf(s)).every(([k, v]) => canonicalJson(v) === canonicalJson(published[k] ?? null))
    : !!s && canonicalJson(s) === canonicalJson(summary.state);
  if (!same) {
    const posted = (fromView ? published : summary.state) as Pick<ContestState, 'winner' | 'candidates'> | null;
    const diff: string[] = [];
    if (s && posted && canonicalJson(s.winner) !== canonicalJson(posted.winner)) diff.push(`winner: published ${posted.winner?.candidate ?? 'none'}, the rulebook gives ${s.winner?.candidate ?? 'none'}`);
    for (const c of s?.candidates ?? []) {
      const p = posted?.candidates?.find((x) => x.id === c.id);
      if (!p || p.status !== c.status || p.outRound !== c.outRound) diff.push(`${c.id}: published ${p ? `${p.status}${p.outRound === null ? '' : ` in round ${p.outRound}`}` : 'missing'}, the rulebook gives ${c.status}${c.outRound === null ? '' : ` in round ${c.outRound}`}`);
    }
    throw new Fail('C6', null, `the published state does not follow from the verified counts and the rulebook${diff.length ? `: ${diff.join('; ')}` : ''}`);
  }
  report.passed.push('C6');
  for (const b of summary.boards) if (!used.has(b.ballot)) throw new Fail('C7', b.ballot, `the ${b.ballot} board is not used by any declaration`);
  report.passed.push('C7');
}

/**
 * A withdrawal's signer (./withdrawal.ts): the engine checks the signature against the key the event names; here that
 * key must be the candidate's member key in force at the withdrawal in the roster's registry, when the summary
 * carries the registry (`memberKeys`, as `GET /api/rosters/{id}/member-keys` publishes it, each key with its proof of
 * possession), which must be the registry of the roster the contest's `open` event names, when it names one. Without a
 * registry the key is reported for the candidate to recognise as theirs.
 */
function withdrawalCheck(i: number, e: Extract<ContestEvent, { type: 'withdraw' }>, s: ContestState, summary: ContestSummary, report: ContestVerifyReport): void {
  const stage = withdrawalStage(s);
  const key = e.signature?.publicKey ?? null;
  let inRegistry: boolean | null = null;
  const mk = summary.memberKeys;
  if (key !== null && mk !== undefined && mk !== null) {
    if (typeof mk !== 'object' || typeof mk.rosterId !== 'string' || !Array.isArray(mk.registrations)) throw new Fail('C6', null, 'the summary’s memberKeys must name its rosterId and list its registrations');
    // The registry must be the contest's roster's: another roster's may hold a key the server registered in the
    // candidate's name there, while the candidate's own roster's registry stays clean. Contests opened before the
    // `open` event named its roster have only the summary's word for it (reported as such).
    const named = s.opening.rosterId;
    if (named !== undefined && mk.rosterId !== named) throw new Fail('C6', null, `event ${i} (withdraw): ${e.candidate}'s withdrawal is checked against the member-key registry of roster ${JSON.stringify(mk.rosterId)}, but the contest's opening names roster ${JSON.stringify(named)}: only that roster's registry holds ${e.candidate}'s member key`);
    report.registryRoster = { rosterId: mk.rosterId, source: named === undefined ? 'unnamed' : 'named' };
    for (const r of mk.registrations.filter((x) => x.memberId === e.candidate)) {
      try {
        verifyMemberKeyRegistration({ publicKey: r.publicKey, proof: r.proof }, mk.rosterId, r.memberId);
      } catch (err) {
        throw new Fail('C6', null, `event ${i} (withdraw): ${e.candidate}'s member key ${String(r.publicKey).slice(0, 16)}… (registry seq ${r.seq}) has no valid proof of possession: ${(err as Error).message}`);
      }
    }
    // A registry the registration service could not have written (an old key of the candidate's replayed after the
    // server's own, to make the candidate's devices see their key as current again) proves nothing about any key.
    const rewritten = keyRegistryProblem(mk.rosterId, mk.registrations);
    if (rewritten) throw new Fail('C6', null, `event ${i} (withdraw): the member-key registry was rewritten: ${rewritten}`);
    const theirs = memberKeyAt(mk.registrations, e.candidate, e.at);
    if (theirs !== key) throw new Fail('C6', null, `event ${i} (withdraw): ${e.candidate}'s withdrawal is signed by the key ${key.slice(0, 16)}…, but ${e.candidate}'s member key at ${e.at} is ${theirs ? `${theirs.slice(0, 16)}…` : 'none (no key registered)'}: the candidate did not sign it`);
    inRegistry = true;
  }
  report.withdrawals.push({ candidate: e.candidate, at: e.at, stage, signedBy: key, keyInRegistry: inRegistry });
}

/** The round-by-round table: one row per candidate, one column per ballot; `null` where the candidate was not on it. */
export function roundTable(s: ContestState): { columns: string[]; rows: { candidate: string; cells: (number | null)[]; fate: string }[]; spoilt: (number | null)[]; abstentions: (number | null)[] } {
  const columns = s.rounds.map((r) => `R${r.number}`);
  const hasMembers = !!s.members?.result;
  if (hasMembers) columns.push('Members');
  const ids = s.candidates.filter((c) => c.status !== 'invalid').map((c) => c.id);
  const cellsOf = (id: string) => [...s.rounds.map((r) => r.result?.counts[id] ?? null), ...(hasMembers ? [s.members!.result!.counts[id] ?? null] : [])];
  const fate = (id: string) => {
    if (s.winner?.candidate === id) return `elected (${s.winner.how})`;
    const c = s.candidates.find((x) => x.id === id)!;
    if (c.status === 'eliminated') return `out in round ${c.outRound}`;
    if (c.status === 'withdrawn') return `withdrew${c.outRound ? ` after round ${c.outRound}` : ''}`;
    return s.members?.result ? 'runner-up' : 'standing';
  };
  const rows = ids
    .map((id) => ({ candidate: id, cells: cellsOf(id), fate: fate(id) }))
    .sort((a, b) => {
      const last = (r: typeof a) => r.cells.reduce<[number, number]>((acc, v, i) => (v === null ? acc : [i, v]), [-1, 0]);
      const [ia, va] = last(a);
      const [ib, vb] = last(b);
      return ib - ia || vb - va;
    });
  return {
    columns,
    rows,
    spoilt: [...s.rounds.map((r) => r.result?.spoilt ?? null), ...(hasMembers ? [s.members!.result!.rejected] : [])],
    abstentions: [...s.rounds.map((r) => r.result?.outcome.abstentions ?? null), ...(hasMembers ? [s.members!.result!.electorate - s.members!.result!.rejected - Object.values(s.members!.result!.counts).reduce((a, b) => a + b, 0)] : [])],
  };
}
