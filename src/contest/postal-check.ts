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
import { POSTAL_CHAIN_START, postalBatchChain, postalBatchSignatureValid } from './postal';

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
  private authority: string | null = null;
  private eh = '';
  private open: { summary: PostalBatchSummary; trackers: string[]; next: number; replacement: string | null } | null = null;
  private lastAt: number | null = null;
  private failure: PostalFail | null = null;

  constructor(private readonly hashHex: (s: string) => string = sha256Hex) {}

  /** After R7: the election hash and the credential authority's key (null: an unsigned list, no batch allowed). */
  start(eh: string, authority: string | null): void {
    this.eh = eh;
    this.authority = authority;
  }

  private fail(seq: number | null, type: string | null, message: string): void {
    this.failure ??= new PostalFail(seq, type, message);
  }

  /** Every record of the voting phase and the close, in board order. `body` is the parsed body. */
  record(seq: number, type: string, body: Record<string, unknown>): void {
    if (this.failure) return;
    const o = this.open;
    if (type === 'postal_batch') {
      if (o) return this.fail(seq, type, `batch ${o.summary.batch} (record ${o.summary.seq}) has ${o.summary.papers} papers, but only ${o.next} followed it before this batch`);
      return this.batch(seq, body);
    }
    if (!o) return;
    const what = `paper ${o.next + 1} of batch ${o.summary.batch} (record ${o.summary.seq})`;
    if (type === 'revocation') {
      if (o.replacement !== null) return this.fail(seq, type, `${what}: two revocations in a row; a postal entry is a revocation, then the ballot under its replacement`);
      o.replacement = String(body.replacement);
      return;
    }
    if (type !== 'ballot') return this.fail(seq, type, `${what}: the batch has ${o.summary.papers} papers, but only ${o.next} followed it before this ${type} record`);
    const tracker = this.hashHex(canonicalJson(body));
    if (tracker !== o.trackers[o.next]) return this.fail(seq, type, `${what}: record ${seq} is not the ballot the batch names (tracker ${o.trackers[o.next]!.slice(0, 16)}…): a ballot was slipped into the batch or one of its ballots removed`);
    if (o.replacement !== null && body.credential !== o.replacement) return this.fail(seq, type, `${what}: the ballot is not cast under the replacement credential the revocation before it issued`);
    this.postalBallots.set(seq, o.summary);
    o.replacement = null;
    o.next++;
    if (o.next === o.summary.papers) this.open = null;
  }

  private batch(seq: number, b: Record<string, unknown>): void {
    const type = 'postal_batch';
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

  /**
   * After the last record: throws the first failure, an unfinished batch, or — given the chain value the counting
   * officers kept after their last batch — a board whose batches end anywhere else.
   */
  finish(officersChain?: string): PostalBatchSummary[] {
    if (this.failure) throw this.failure;
    const o = this.open;
    if (o) throw new PostalFail(o.summary.seq, 'postal_batch', `batch ${o.summary.batch} (record ${o.summary.seq}) has ${o.summary.papers} papers, but only ${o.next} followed it`);
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
