/**
 * Check R18 of docs/contest.md §4: postal batches on a members' board.
 *
 * Threat model. The credential authority alone knows member → credential, so it alone can turn a paper into a
 * ballot — and, under "postal overrides online", revoke a member's online credential to do it. Without batches a
 * revocation was all the board showed, and an authority could replace any online vote at any time with a "postal"
 * ballot no paper supports. With R18 every postal ballot sits in a batch record the authority signs when the batch is
 * entered: the batch's number, its paper count, the digest of the officers' envelope list, the trackers of its ballots
 * and the chain value over every batch before it. The batch's entries follow it contiguously (the server appends the
 * batch in one transaction). So:
 *   - a postal replacement entered later is either in no batch (the verifier and the member's own check call it a
 *     replacement that no batch supports) or in a new batch, which the officers — who hold their own digest list and
 *     the last chain value — never handed over (`--postal-chain` makes that a failure);
 *   - a batch edited afterwards (an entry added or dropped, its digest or time changed) changes its chain value and
 *     every later one, and its signature no longer holds unless the authority re-signs; the officers' chain value
 *     catches the re-signed one;
 *   - the server cannot slip an online ballot into a batch or drop a postal ballot from one: the signed trackers name
 *     exactly the ballots, in order.
 * What it does not stop: an authority and officers who collude on a batch of papers that were never sent. The member
 * whose vote it replaces sees it (R19).
 *
 * Pure; fed the board's phase-7 records in order by the board verifier (./verify.ts).
 */
import { sha256Hex } from '../ballot/records';
import { parseInstant } from '../ballot/manifest';
import { canonicalJson } from '../domain/audit/canonical-json';
import { ciphertextToJSON } from '../crypto';
import { POSTAL_CHAIN_START, postalBatchChain, postalBatchSignatureValid } from './postal';
import { selectContestCounted, tallyContestBallots, type ContestBallotBody, type ContestBoardEvent, type ContestTallyBody, type PostalBatchBody } from './board';

export class PostalFail extends Error {
  readonly check = 'R18' as const;
  constructor(
    readonly seq: number | null,
    readonly type: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface PostalBatchSummary {
  batch: number;
  /** The batch record's seq on the board. */
  seq: number;
  at: string;
  papers: number;
  digest: string;
  chain: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const KEYS = ['at', 'batch', 'chain', 'digest', 'papers', 'signature', 'trackers'];

export class PostalBatchCheck {
  readonly batches: PostalBatchSummary[] = [];
  /** Ballot seq → the batch it was entered in. */
  readonly postalBallots = new Map<number, PostalBatchSummary>();
  /** Seqs of the revocations entered inside a batch. */
  readonly postalRevocations = new Set<number>();
  private authority: string | null = null;
  private reconciliation: string | null = null;
  private openAt: number | null = null;
  private eh = '';
  private open: { summary: PostalBatchSummary; trackers: string[]; next: number; replacement: string | null } | null = null;
  private lastAt: number | null = null;
  private failure: PostalFail | null = null;

  constructor(private readonly hashHex: (s: string) => string = sha256Hex) {}

  /**
   * After R7: the election hash, the credential authority's key (null: an unsigned list, no batch allowed) and the
   * manifest's reconciliation (null: the ballot has no postal channel, no batch allowed).
   */
  start(eh: string, authority: string | null, reconciliation: string | null = null): void {
    this.eh = eh;
    this.authority = authority;
    this.reconciliation = reconciliation;
  }

  private fail(seq: number | null, type: string | null, message: string): void {
    this.failure ??= new PostalFail(seq, type, message);
  }

  /** Every record of the voting phase and the close, in board order. `body` is the parsed body. */
  record(seq: number, type: string, body: Record<string, unknown>): void {
    if (this.failure) return;
    const o = this.open;
    // The voting window: every batch is dated within [open.at, close.at] (the authority's clock is bounded by the board's).
    if (type === 'open') this.openAt = parseInstant(body.at);
    if (type === 'close' && !o && this.lastAt !== null) {
      const closeAt = parseInstant(body.at);
      const last = this.batches.at(-1)!;
      if (closeAt !== null && this.lastAt > closeAt) return this.fail(last.seq, 'postal_batch', `batch ${last.batch} is dated ${last.at}, after the vote closed (${String(body.at)}): a batch is recorded within the voting window`);
    }
    if (type === 'postal_batch') {
      if (o) return this.fail(seq, type, `batch ${o.summary.batch} (record ${o.summary.seq}) has ${o.summary.papers} papers, but only ${o.next} followed it before this batch`);
      return this.batch(seq, body);
    }
    if (!o) return;
    const what = `paper ${o.next + 1} of batch ${o.summary.batch} (record ${o.summary.seq})`;
    if (type === 'revocation') {
      if (this.reconciliation !== 'postal-overrides-online') return this.fail(seq, type, `${what}: under the manifest's reconciliation (${String(this.reconciliation)}) a postal paper is cast under the member's own credential, so a batch holds no revocation: this one would override an online vote the rulebook counts`);
      if (o.replacement !== null) return this.fail(seq, type, `${what}: two revocations in a row; a postal entry is a revocation, then the ballot under its replacement`);
      o.replacement = String(body.replacement);
      this.postalRevocations.add(seq);
      return;
    }
    if (type !== 'ballot') return this.fail(seq, type, `${what}: the batch has ${o.summary.papers} papers, but only ${o.next} followed it before this ${type} record`);
    const tracker = this.hashHex(canonicalJson(body));
    if (tracker !== o.trackers[o.next]) return this.fail(seq, type, `${what}: record ${seq} is not the ballot the batch names (tracker ${o.trackers[o.next]!.slice(0, 16)}…): a ballot was slipped into the batch or one of its ballots removed`);
    if (o.replacement === null && this.reconciliation === 'postal-overrides-online') return this.fail(seq, type, `${what}: under the manifest's reconciliation (postal-overrides-online) each postal paper revokes the member's online credential and is cast under the replacement, but this ballot follows no revocation`);
    if (o.replacement !== null && body.credential !== o.replacement) return this.fail(seq, type, `${what}: the ballot is not cast under the replacement credential the revocation before it issued`);
    this.postalBallots.set(seq, o.summary);
    o.replacement = null;
    o.next++;
    if (o.next === o.summary.papers) this.open = null;
  }

  private batch(seq: number, b: Record<string, unknown>): void {
    const type = 'postal_batch';
    if (this.reconciliation === null) return this.fail(seq, type, 'the manifest names no reconciliation of online and postal votes, so this ballot has no postal channel: no postal batch may go on its board');
    const keys = Object.keys(b).sort();
    if (keys.length !== KEYS.length || !KEYS.every((k, i) => keys[i] === k)) return this.fail(seq, type, `a postal batch record holds exactly {${KEYS.join(', ')}}`);
    const n = this.batches.length + 1;
    if (b.batch !== n) return this.fail(seq, type, `this is batch ${String(b.batch)}, but it is batch ${n} on the board: batches are numbered 1, 2, … in board order (one was dropped or moved)`);
    const trackers = b.trackers;
    if (!Array.isArray(trackers) || trackers.length === 0 || trackers.length > 1_000_000 || !trackers.every((t) => typeof t === 'string' && HEX64.test(t)) || new Set(trackers).size !== trackers.length) return this.fail(seq, type, 'trackers must be a non-empty list of distinct 64-hex-digit trackers');
    if (b.papers !== trackers.length) return this.fail(seq, type, `the batch says ${String(b.papers)} papers but names ${trackers.length} ballots`);
    if (typeof b.digest !== 'string' || !HEX64.test(b.digest)) return this.fail(seq, type, 'the digest must be 64 lowercase hex digits');
    const at = parseInstant(b.at);
    if (at === null) return this.fail(seq, type, `the batch's time ${JSON.stringify(b.at)} is not a strict timestamp`);
    if (this.lastAt !== null && at < this.lastAt) return this.fail(seq, type, `batch ${n} is dated ${String(b.at)}, before batch ${n - 1}`);
    if (this.openAt !== null && at < this.openAt) return this.fail(seq, type, `batch ${n} is dated ${String(b.at)}, before the vote opened: a batch is recorded within the voting window`);
    const prev = this.batches.at(-1)?.chain ?? POSTAL_CHAIN_START;
    const chain = postalBatchChain(this.eh, prev, { batch: n, papers: trackers.length, digest: b.digest, trackers: trackers as string[], at: b.at as string }, this.hashHex);
    if (b.chain !== chain) return this.fail(seq, type, `batch ${n}'s chain value is not SHA-256 over the previous batch's chain and this batch: a batch was changed, added or removed`);
    if (this.authority === null) return this.fail(seq, type, 'a postal batch needs the credential authority: this board has no signed credential list');
    let ok = false;
    try {
      ok = postalBatchSignatureValid(this.eh, this.authority, { chain, signature: b.signature });
    } catch {
      ok = false;
    }
    if (!ok) return this.fail(seq, type, `batch ${n} is not signed by the credential authority`);
    const summary: PostalBatchSummary = { batch: n, seq, at: b.at as string, papers: trackers.length, digest: b.digest, chain };
    this.batches.push(summary);
    this.lastAt = at;
    this.open = { summary, trackers: trackers as string[], next: 0, replacement: null };
  }

  /** Throws the first failure found so far (the board verifier calls it once the voting records are read). */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * After the last record: throws the first failure, an unfinished batch, or — given the chain value the counting
   * officers kept after their last batch — a board whose batches end anywhere else.
   */
  finish(officersChains?: string | readonly string[]): PostalBatchSummary[] {
    if (this.failure) throw this.failure;
    const o = this.open;
    if (o) throw new PostalFail(o.summary.seq, 'postal_batch', `batch ${o.summary.batch} (record ${o.summary.seq}) has ${o.summary.papers} papers, but only ${o.next} followed it`);
    // Several values (a contest whose members' ballot was run again: one value per members' board, each naming a batch of
    // exactly one board, since chain values are bound to their election): this board's is the one among its batches. A
    // board with no batch matches none; the contest verifier then finds the value no board used.
    let officersChain: string | undefined;
    if (typeof officersChains === 'string') officersChain = officersChains;
    else if (officersChains !== undefined) {
      officersChain = officersChains.find((v) => this.batches.some((b) => b.chain === v));
      if (officersChain === undefined && this.batches.length > 0)
        throw new PostalFail(null, null, `none of the ${officersChains.length} chain value(s) the counting officers kept is a batch of this board: a batch they handed over was changed or removed`);
    }
    if (officersChain !== undefined) {
      const at = this.batches.findIndex((b) => b.chain === officersChain);
      if (at === -1) throw new PostalFail(null, null, `no batch on the board has the chain value the counting officers kept (${officersChain.slice(0, 16)}…): a batch they handed over was changed or removed`);
      if (at !== this.batches.length - 1) {
        const extra = this.batches.slice(at + 1);
        throw new PostalFail(extra[0]!.seq, 'postal_batch', `the board has ${extra.length} batch(es) after the counting officers' last one (batch ${this.batches[at]!.batch}): batch ${extra.map((b) => `${b.batch} at record ${b.seq}`).join(', ')} did not come from them`);
      }
    }
    return this.batches;
  }
}

// ---- the result per channel (R13, R15) ------------------------------------------------------------------------------

/** What the tally says of the postal channel, on a board with postal batches (R13 recomputes it). */
export interface PostalTallyFacts {
  /** Counted ballots that are postal (in a batch). */
  counted: number;
  /** Online ballots that do not count because of a postal entry: revoked by a batch's revocation, or superseded by a postal ballot. */
  replaced: number;
}

/**
 * Which counted ballots are postal and how many online ballots postal entries replaced. `events` in board order,
 * `status` the verifier's counted/superseded/revoked, `postalBallots` the seqs of ballots named by a batch,
 * `postalRevocations` the seqs of revocations inside a batch. Pure; the server's tally and the verifier share it.
 */
export function postalChannelFacts(
  events: readonly ({ kind: 'ballot'; seq: number; credential: string } | { kind: 'revocation'; seq: number; revoked: string })[],
  status: ReadonlyMap<number, string>,
  postalBallots: ReadonlySet<number>,
  postalRevocations: ReadonlySet<number>,
): PostalTallyFacts & { countedPostal: number[] } {
  const revokedByPostal = new Set<string>();
  const countedOf = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'revocation') {
      if (postalRevocations.has(e.seq)) revokedByPostal.add(e.revoked);
    } else if (status.get(e.seq) === 'counted') countedOf.set(e.credential, e.seq);
  }
  const countedPostal: number[] = [];
  let replaced = 0;
  for (const e of events) {
    if (e.kind !== 'ballot') continue;
    const s = status.get(e.seq);
    if (postalBallots.has(e.seq)) {
      if (s === 'counted') countedPostal.push(e.seq);
      continue;
    }
    if (s === 'revoked' && revokedByPostal.has(e.credential)) replaced++;
    else if (s === 'superseded' && postalBallots.has(countedOf.get(e.credential) ?? -1)) replaced++;
  }
  return { counted: countedPostal.length, replaced, countedPostal };
}

/**
 * The tally record of a contest board from its records (seq order): the per-candidate sums of the counted ballots
 * and — on a board with postal batches — of the counted postal ballots, with the postal facts. What the server posts
 * and what an honest (or a forging) tally computes; R13 recomputes it independently.
 */
export function contestTallyOf(records: readonly { seq: number; type: string; body: unknown }[], k: number, counting: 'last' | 'first', hashHex: (s: string) => string = sha256Hex): ContestTallyBody {
  const events: ContestBoardEvent[] = [];
  const postalTrackers = new Set<string>();
  const postalBallots = new Set<number>();
  const postalRevocations = new Set<number>();
  const choices = new Map<number, ContestBallotBody['choices']>();
  let lastRevocation: { seq: number; replacement: string } | null = null;
  for (const r of records) {
    if (r.type === 'postal_batch') for (const t of (r.body as PostalBatchBody).trackers) postalTrackers.add(t);
    else if (r.type === 'revocation') {
      const b = r.body as { revoked: string; replacement: string };
      events.push({ kind: 'revocation', seq: r.seq, revoked: b.revoked });
      lastRevocation = { seq: r.seq, replacement: b.replacement };
      continue;
    } else if (r.type === 'ballot') {
      const b = r.body as ContestBallotBody;
      events.push({ kind: 'ballot', seq: r.seq, credential: b.credential });
      choices.set(r.seq, b.choices);
      if (postalTrackers.has(hashHex(canonicalJson(b)))) {
        postalBallots.add(r.seq);
        if (lastRevocation && lastRevocation.seq === r.seq - 1 && lastRevocation.replacement === b.credential) postalRevocations.add(lastRevocation.seq);
      }
    }
    lastRevocation = null;
  }
  const sel = selectContestCounted(events, counting);
  const counted = [...choices].filter(([seq]) => sel.status.get(seq) === 'counted').map(([, c]) => c);
  const sums = tallyContestBallots(k, counted.map((c) => ({ choices: c })));
  const base = { counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked };
  if (postalTrackers.size === 0) return { ciphertexts: sums.map(ciphertextToJSON), ...base };
  const facts = postalChannelFacts(events, sel.status, postalBallots, postalRevocations);
  const postalSums = tallyContestBallots(k, facts.countedPostal.map((seq) => ({ choices: choices.get(seq)! })));
  return { ciphertexts: [...sums, ...postalSums].map(ciphertextToJSON), ...base, postal: { counted: facts.counted, replaced: facts.replaced } };
}
