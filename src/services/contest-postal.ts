/**
 * Postal batches on a contest's members' board (docs/contest.md §4 R18, §7): the credential authority's tool (CLI
 * `confidence contest postal-batch` or the postal web page, on the authority's device) prepares a batch — the signed
 * batch record and, per paper, a signed revocation and a ballot under its replacement, or a ballot under the member's
 * own credential — and the server enters it **in one transaction**: the batch record, then its entries, contiguous
 * on the board (R18 relies on that), so a batch is on the board whole or not at all.
 *
 * The server checks everything the verifier will (number, chain, signature, the trackers of the entries, each
 * revocation's signature and each ballot's proofs) and the cast-time rules (active credential, no replay), so it never
 * appends a batch that would fail R18. It learns no member id: the batch names envelopes only through their digest.
 */
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { Point, initCrypto } from '../crypto';
import { actorLabel, type Actor, type AppContext } from './context';
import { boardRecords, electionCredentials } from '../db/schema';
import { AppError } from '../domain/errors';
import { canonicalJson } from '../domain/audit/canonical-json';
import { parseInstant } from '../ballot/manifest';
import { revocationSignatureValid } from '../ballot/authority';
import { sha256Hex, type RevocationBody } from '../ballot/records';
import { checkContestBallot, type ContestBallotBody, type PostalBatchBody } from '../contest/board';
import { POSTAL_CHAIN_START, POSTAL_CLOCK_SKEW_MS, postalBatchChain, postalBatchSignatureValid } from '../contest/postal';
import type { PostalBatchSummary } from '../contest/postal-check';
import { appendAudit } from './audit';
import { appendRecord, contestManifestOf, getElectionRow, lockElection, lookupTracker, votingWindow } from './elections';
import { describeBallotFate, type BallotExplanation, type PostalOrigin } from '../contest/ballot-status';
import { isMembersBallot } from '../contest/engine';

const cryptoReady = initCrypto();
const HEX64 = /^[0-9a-f]{64}$/;
export const MAX_POSTAL_PAPERS = 10_000;

/** The batches on a board so far, in order (public: what the officers compare with their own digest list). */
export async function listPostalBatches(ctx: AppContext, electionId: string): Promise<{ batches: PostalBatchSummary[]; papers: number }> {
  await getElectionRow(ctx.db, electionId);
  const rows = await ctx.db.select({ seq: boardRecords.seq, line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'postal_batch'))).orderBy(asc(boardRecords.seq));
  const batches = rows.map((r) => {
    const b = (JSON.parse(r.line) as { body: PostalBatchBody }).body;
    return { batch: b.batch, seq: r.seq, at: b.at, papers: b.papers, digest: b.digest, chain: b.chain };
  });
  return { batches, papers: batches.reduce((n, b) => n + b.papers, 0) };
}

function bad(message: string): never {
  throw new AppError('POSTAL_BATCH_INVALID', message);
}

/** Enters a prepared batch `{batch, entries: [{revocation|null, ballot}]}` whole, in one transaction. */
export async function enterPostalBatch(ctx: AppContext, actor: Actor, electionId: string, input: { batch?: unknown; entries?: unknown }): Promise<PostalBatchSummary> {
  await cryptoReady;
  const row0 = await getElectionRow(ctx.db, electionId);
  const m = contestManifestOf(row0);
  if (!m || !isMembersBallot(row0.ballot ?? '')) throw new AppError('ELECTION_WRONG_STAGE', 'postal batches go on a contest’s members’ ballot');
  const authority = m.authority ?? row0.credentialAuthority;
  if (!authority || !row0.publicKey) throw new AppError('ELECTION_WRONG_STAGE', 'postal batches are entered once the signed credential list is published and the vote is open');
  const b = input.batch as PostalBatchBody | undefined;
  const keys = ['at', 'batch', 'chain', 'digest', 'papers', 'signature', 'trackers'];
  if (typeof b !== 'object' || b === null || Array.isArray(b) || Object.keys(b).sort().join() !== keys.join()) bad(`the batch record holds exactly {${keys.join(', ')}}`);
  if (!Array.isArray(input.entries) || input.entries.length === 0 || input.entries.length > MAX_POSTAL_PAPERS) bad(`a batch holds 1 to ${MAX_POSTAL_PAPERS} papers`);
  const entries = input.entries as { revocation?: unknown; ballot?: unknown }[];
  if (!Number.isSafeInteger(b.batch) || b.papers !== entries.length || !Array.isArray(b.trackers) || b.trackers.length !== entries.length) bad(`the batch says ${String(b.papers)} papers and names ${Array.isArray(b.trackers) ? b.trackers.length : 0} ballots; ${entries.length} entries were sent`);
  if (typeof b.digest !== 'string' || !HEX64.test(b.digest)) bad('the digest must be 64 lowercase hex digits');
  if (parseInstant(b.at) === null) bad('the batch time must be an ISO-8601 UTC instant');
  // The rulebook's reconciliation decides the entries' form: under "postal overrides online" each paper revokes the
  // member's online credential; otherwise the paper is cast under the member's own credential, and a revocation in a
  // batch would let the authority override online votes the rulebook says must count.
  // The policy is the manifest's (bound into the election hash, checked by R18), never read from elsewhere.
  const policy = m.reconciliation;
  if (!policy) throw new AppError('POSTAL_BATCH_INVALID', 'this ballot’s manifest names no reconciliation of online and postal votes: it has no postal channel');
  const overrides = policy === 'postal-overrides-online';
  const eh = row0.electionHash;
  const Y = Point.fromHex(row0.publicKey);
  // Everything that needs no lock: each entry's shape, revocation signature and ballot proofs, and the trackers.
  const prepared = entries.map((e, i) => {
    if (typeof e !== 'object' || e === null || !('ballot' in e)) bad(`entry ${i + 1}: expected {revocation, ballot}`);
    const ballot = e.ballot as ContestBallotBody;
    const verdict = checkContestBallot(m, eh, Y, ballot);
    if (verdict === 'malformed') throw new AppError('BALLOT_MALFORMED', `entry ${i + 1}: not a well-formed ${m.candidates.length}-candidate contest ballot`);
    if (verdict === 'signature') throw new AppError('BALLOT_INVALID_SIGNATURE', `entry ${i + 1}`);
    if (verdict === 'proof') throw new AppError('BALLOT_INVALID_PROOF', `entry ${i + 1}`);
    const body: ContestBallotBody = { credential: ballot.credential, choices: ballot.choices.map((c) => ({ alpha: c.alpha, beta: c.beta })), proofs: ballot.proofs, sumProof: ballot.sumProof, signature: ballot.signature };
    const tracker = sha256Hex(canonicalJson(body));
    if (tracker !== b.trackers[i]) bad(`entry ${i + 1}: its ballot is not the one the batch record names (tracker ${String(b.trackers[i]).slice(0, 16)}…)`);
    let revocation: RevocationBody | null = null;
    const hasRevocation = e.revocation !== null && e.revocation !== undefined;
    if (hasRevocation !== overrides) bad(`entry ${i + 1}: under this rulebook (${policy ?? 'no members’ ballot'}) a postal paper ${overrides ? 'revokes the member’s online credential: {revocation, ballot}' : 'is cast under the member’s own credential: {revocation: null, ballot}'}`);
    if (hasRevocation) {
      const r = e.revocation as RevocationBody;
      if (typeof r !== 'object' || typeof r.revoked !== 'string' || typeof r.replacement !== 'string' || Object.keys(r).length !== 3) throw new AppError('CREDENTIALS_INVALID', `entry ${i + 1}: a revocation is {revoked, replacement, signature}`);
      let ok = false;
      try {
        Point.fromHex(r.replacement, { field: 'replacement' });
        ok = revocationSignatureValid(eh, authority, r);
      } catch {
        ok = false;
      }
      if (!ok) throw new AppError('AUTHORITY_SIGNATURE_INVALID', `entry ${i + 1}: the revocation is not signed by the credential authority`);
      if (r.replacement !== body.credential) bad(`entry ${i + 1}: the ballot is not cast under the revocation’s replacement credential`);
      revocation = { revoked: r.revoked, replacement: r.replacement, signature: r.signature };
    }
    return { revocation, body, tracker };
  });

  return ctx.db.transaction(async (tx) => {
    const row = await lockElection(tx, electionId);
    if (!['open', 'ballot', 'revocation', 'postal_batch'].includes(row.lastType)) throw new AppError(['close', 'tally', 'partial_decryption', 'result'].includes(row.lastType) ? 'ELECTION_CLOSED' : 'ELECTION_NOT_OPEN');
    const last = await tx.select({ line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'postal_batch'))).orderBy(asc(boardRecords.seq));
    const prev = last.length ? (JSON.parse(last.at(-1)!.line) as { body: PostalBatchBody }).body : null;
    if (b.batch !== (prev?.batch ?? 0) + 1) throw new AppError('POSTAL_BATCH_INVALID', `this is batch ${String(b.batch)}; the board's next batch is ${(prev?.batch ?? 0) + 1} (prepare it again against the board)`);
    if (prev && parseInstant(b.at)! < parseInstant(prev.at)!) bad(`the batch is dated before batch ${prev.batch}`);
    // R18 holds a batch's time within the voting window [open.at, close.at]; close.at is at most closesAt and the
    // clock, so a batch is entered within the window and dated between the opening and now (a little clock skew).
    const at = parseInstant(b.at)!;
    const now = ctx.clock().getTime();
    const closesAt = (await votingWindow(tx, row)).closesAt;
    if (closesAt !== null && now >= Date.parse(closesAt)) throw new AppError('VOTING_WINDOW_CLOSED', `the voting window ended at ${closesAt}`, { closesAt });
    const [openRec] = await tx.select({ line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'open'))).limit(1);
    const openAt = openRec ? parseInstant((JSON.parse(openRec.line) as { body: { at: unknown } }).body.at) : null;
    if (openAt !== null && at < openAt) bad(`the batch is dated ${b.at}, before the vote opened`);
    if (at > now + POSTAL_CLOCK_SKEW_MS) bad(`the batch is dated ${b.at}, in the future (the server's clock reads ${new Date(now).toISOString()})`);
    // A batch is dated when it is entered: one dated earlier would claim a place among the online ballots before it
    // that the board does not give it (a member's receipt check, R17, refuses it).
    if (at < now - POSTAL_CLOCK_SKEW_MS) bad(`the batch is dated ${b.at}, more than ${POSTAL_CLOCK_SKEW_MS / 60_000} minutes before the server's clock (${new Date(now).toISOString()}): a batch is dated when it is entered (prepare it again now)`);
    const chain = postalBatchChain(eh, prev?.chain ?? POSTAL_CHAIN_START, { batch: b.batch, papers: b.papers, digest: b.digest, trackers: b.trackers, at: b.at });
    if (chain !== b.chain) bad('the batch’s chain value is not over the board’s previous batch and this one (prepare it again against the board)');
    let signed = false;
    try {
      signed = postalBatchSignatureValid(eh, authority, b);
    } catch {
      signed = false;
    }
    if (!signed) throw new AppError('AUTHORITY_SIGNATURE_INVALID', 'the batch record is not signed by the credential authority');
    // The cast-time rules, for the whole batch at once: credentials, replacements, replays.
    const creds = [...new Set(prepared.flatMap((p) => (p.revocation ? [p.revocation.revoked, p.revocation.replacement] : [p.body.credential])))];
    const known = new Map((await tx.select({ credential: electionCredentials.credential, active: electionCredentials.active }).from(electionCredentials).where(and(eq(electionCredentials.electionId, electionId), inArray(electionCredentials.credential, creds)))).map((r) => [r.credential, r.active]));
    const alphas = prepared.map((p) => p.body.choices[0]!.alpha);
    const replayed = await tx.select({ seq: boardRecords.seq }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), inArray(boardRecords.alpha, alphas)));
    if (replayed.length > 0 || new Set(alphas).size !== alphas.length) throw new AppError('BALLOT_REPLAYED', `a ballot of this batch is already on the board${replayed[0] ? ` (record ${replayed[0].seq})` : ''}`);
    const r = await appendRecord(tx, row, 'postal_batch' as never, { batch: b.batch, papers: b.papers, digest: b.digest, trackers: b.trackers, at: b.at, chain: b.chain, signature: b.signature } as never);
    for (const [i, p] of prepared.entries()) {
      if (p.revocation) {
        if (!known.get(p.revocation.revoked)) throw new AppError('CREDENTIALS_INVALID', `entry ${i + 1}: the credential to revoke is not an active credential of this election (already replaced?)`);
        if (known.has(p.revocation.replacement)) throw new AppError('CREDENTIALS_INVALID', `entry ${i + 1}: the replacement credential was already issued`);
        await appendRecord(tx, row, 'revocation', p.revocation, { credential: p.revocation.revoked });
        await tx.update(electionCredentials).set({ active: false }).where(and(eq(electionCredentials.electionId, electionId), eq(electionCredentials.credential, p.revocation.revoked)));
        await tx.insert(electionCredentials).values({ electionId, credential: p.revocation.replacement, active: true });
        known.set(p.revocation.revoked, false);
        known.set(p.revocation.replacement, true);
      } else if (!known.get(p.body.credential)) throw new AppError('BALLOT_UNKNOWN_CREDENTIAL', `entry ${i + 1}: the member’s credential is not active (replaced, or not on the list)`);
      await appendRecord(tx, row, 'ballot', p.body as never, { tracker: p.tracker, alpha: p.body.choices[0]!.alpha, credential: p.body.credential });
    }
    await appendAudit(tx, { actor: actorLabel(actor), kind: 'election', action: 'postal_batch_entered', procedureId: row.procedureId, payload: { electionId: row.id, head: row.head, batch: b.batch, papers: b.papers, digest: b.digest } }, ctx.clock());
    return { batch: b.batch, seq: r.seq, at: b.at, papers: b.papers, digest: b.digest, chain: b.chain };
  });
}

/**
 * A member's own check by tracker, on the server (R19's words without the whole board): the ballot's status, its
 * channel, and what replaced it — "your online ballot was replaced by a postal ballot recorded at T in batch B", a
 * revocation in no batch, or the credential's other ballot that counts. A few indexed reads (the ballot, its
 * credential's records, the replacement's first ballot, the batch records naming a tracker), never the whole board.
 */
export async function trackerFate(ctx: AppContext, electionId: string, tracker: string): Promise<BallotExplanation & { message: string }> {
  const found = await lookupTracker(ctx, electionId, tracker);
  const row = await getElectionRow(ctx.db, electionId);
  const counting = contestManifestOf(row)?.counting ?? 'last';
  const batchOf = async (t: string): Promise<PostalOrigin | null> => {
    const [b] = await ctx.db.select({ seq: boardRecords.seq, line: boardRecords.line }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'postal_batch'), like(boardRecords.line, `%"${t}"%`)));
    if (!b) return null;
    const body = (JSON.parse(b.line) as { body: PostalBatchBody }).body;
    return { batch: body.batch, batchSeq: b.seq, at: body.at };
  };
  const [own] = await ctx.db.select({ credential: boardRecords.credential }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.seq, found.seq)));
  const same = await ctx.db.select({ seq: boardRecords.seq, type: boardRecords.type, line: boardRecords.line, tracker: boardRecords.tracker }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.credential, own!.credential!))).orderBy(asc(boardRecords.seq));
  let because: BallotExplanation['because'] = null;
  if (found.status === 'revoked') {
    const rev = same.find((x) => x.type === 'revocation')!;
    const replacement = (JSON.parse(rev.line) as { body: RevocationBody }).body.replacement;
    const [next] = await ctx.db.select({ tracker: boardRecords.tracker }).from(boardRecords).where(and(eq(boardRecords.electionId, electionId), eq(boardRecords.type, 'ballot'), eq(boardRecords.credential, replacement))).orderBy(asc(boardRecords.seq)).limit(1);
    because = { kind: 'revocation', seq: rev.seq, postal: next?.tracker ? await batchOf(next.tracker) : null };
  } else if (found.status === 'superseded') {
    const ballots = same.filter((x) => x.type === 'ballot');
    const instead = counting === 'first' ? ballots[0]! : ballots.at(-1)!;
    because = { kind: 'counted-instead', seq: instead.seq, rule: counting, postal: instead.tracker ? await batchOf(instead.tracker) : null };
  }
  const postal = await batchOf(tracker);
  const x: BallotExplanation = { seq: found.seq, tracker, status: found.status as BallotExplanation['status'], channel: postal ? 'postal' : 'online', postal, because };
  return { ...x, message: describeBallotFate(x) };
}
