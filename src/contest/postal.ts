/**
 * Postal ballots for the members' ballot (docs/contest.md §7): counting officers read each returned paper and enter
 * it in a batch (CSV `member_id, choice`); the credential authority's offline tool — the only place that knows which
 * credential is whose — turns each paper into an ordinary 1-of-k ballot on the board, under the rulebook's
 * reconciliation policy:
 *
 * - `postal-overrides-online`: the member's online credential is revoked (a revocation signed by the authority, R8)
 *   and the paper is cast under the fresh replacement. Any online ballot of the old credential then reads "revoked"
 *   on the board (R13), whenever it was cast, and a later online ballot is refused: the postal vote overrides.
 * - `first-valid-counts`: the paper is cast under the member's own credential; a member whose credential has
 *   already voted is refused at entry (the online ballot came first), and a later online ballot is superseded (R13).
 * - `revoting`: the paper is cast under the member's own credential; the member's last ballot counts.
 *
 * So the board needs nothing new: the public verifier recomputes which ballot counts and which is superseded or
 * revoked, and by which record. A batch is checked whole before anything is prepared (unknown member, a member twice,
 * an unknown candidate, a blank paper where blanks are not allowed, a member who already voted by post or whose
 * credential was replaced, an online vote that counts first): one bad row and nothing is entered.
 *
 * Threat model: the authority's tool holds the credential secrets, as when it mails them; a paper's choice is
 * encrypted on that machine and the server sees only a ballot and, under `postal-overrides-online`, a revocation —
 * never a member id. Pure: the CLI reads the files and posts the prepared records.
 */
import { Point, scalarFromHex, sign, signatureFromJSON, signatureToJSON, systemRng, utf8, verify, type Rng } from '../crypto';
import { credentialPublicKey, generateCredential } from '../ballot/booth';
import { signRevocation } from '../ballot/authority';
import { ZERO_HASH, sha256Hex, type RevocationBody } from '../ballot/records';
import { canonicalJson } from '../domain/audit/canonical-json';
import { parseCsv } from '../domain/csv';
import { AppError } from '../domain/errors';
import { prepareContestBallot, type ContestBallotBody, type ContestBallotManifest, type PostalBatchBody } from './board';

export type Reconciliation = 'postal-overrides-online' | 'first-valid-counts' | 'revoting';

export interface PostalPaper {
  line: number;
  member: string;
  /** The envelope's id as the counting officers scanned it: the batch digest is over these. */
  envelope: string;
  /** Candidate id, or null for a blank (spoilt) paper. */
  choice: string | null;
}

/** A credential's state on the board, as the public credential lookup gives it. */
export interface CredentialState {
  status: 'active' | 'revoked' | 'unknown';
  ballots: number;
}

export interface PostalEntry {
  member: string;
  /** Under postal-overrides-online: the signed revocation of the member's online credential, posted first. */
  revocation: RevocationBody | null;
  ballot: ContestBallotBody;
}

const MAX_REPORTED = 20;

/**
 * Reads a postal batch (CSV envelope, member_id, choice — an empty choice is a blank paper; each envelope id once);
 * throws POSTAL_BATCH_INVALID naming every bad line.
 */
export function parsePostalBatch(csv: string): PostalPaper[] {
  let rows;
  try {
    rows = parseCsv(csv, ['envelope', 'member_id', 'choice']);
  } catch (e) {
    if (e instanceof AppError) throw new AppError('POSTAL_BATCH_INVALID', e.message);
    throw e;
  }
  if (rows.length === 0) throw new AppError('POSTAL_BATCH_INVALID', 'the batch has no papers');
  const papers = rows.map(({ line, values }) => ({ line, envelope: values.envelope ?? '', member: values.member_id ?? '', choice: values.choice ? values.choice : null }));
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const p of papers) {
    if (!ENVELOPE.test(p.envelope)) problems.push(`line ${p.line}: the envelope id must be 1 to 100 printable characters`);
    else if (seen.has(p.envelope)) problems.push(`line ${p.line}: envelope ${p.envelope} is in the batch twice (line ${seen.get(p.envelope)})`);
    else seen.set(p.envelope, p.line);
  }
  if (problems.length > 0) throw new AppError('POSTAL_BATCH_INVALID', `${problems.length} bad line${problems.length === 1 ? '' : 's'}; nothing was entered: ${problems.slice(0, MAX_REPORTED).join('; ')}${problems.length > MAX_REPORTED ? '; …' : ''}`, { problems: problems.slice(0, MAX_REPORTED), count: problems.length });
  return papers;
}

const ENVELOPE = /^[\x21-\x7e](?:[\x20-\x7e]{0,98}[\x21-\x7e])?$/;

// ---- the batch record (R18) ---------------------------------------------------------------------------------------

/**
 * The digest of a batch's paper list: SHA-256 of the canonical JSON of its envelope ids, sorted. The counting officers
 * compute it from their own scan list (`confidence contest postal-digest`), so the batch on the board is the one they
 * handed over: its count and digest are fixed when it is entered.
 */
export function postalPapersDigest(envelopes: readonly string[], hashHex: (s: string) => string = sha256Hex): string {
  return hashHex(canonicalJson({ domain: 'confidence/v1/postal-papers', envelopes: [...envelopes].sort() }));
}

/**
 * The batch chain: chain_B = SHA-256(canonical {domain, election, prev: chain_{B−1} (64 zeros for batch 1), batch,
 * papers, digest, trackers, at}). The officers keep the last chain value; a batch added, dropped or changed later
 * changes it (R18 with `--postal-chain`).
 */
export function postalBatchChain(electionHash: string, prev: string, b: Pick<PostalBatchBody, 'batch' | 'papers' | 'digest' | 'trackers' | 'at'>, hashHex: (s: string) => string = sha256Hex): string {
  return hashHex(canonicalJson({ domain: 'confidence/v1/postal-batch-chain', election: electionHash, prev, batch: b.batch, papers: b.papers, digest: b.digest, trackers: b.trackers, at: b.at }));
}

function postalBatchMessage(electionHash: string, chain: string): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/postal-batch', election: electionHash, chain }));
}

/** The credential authority signs a batch record (its chain value, which commits to everything in it). */
export function signPostalBatch(electionHash: string, authoritySecret: string, prev: string, b: Pick<PostalBatchBody, 'batch' | 'papers' | 'digest' | 'trackers' | 'at'>, rng: Rng = systemRng): PostalBatchBody {
  const chain = postalBatchChain(electionHash, prev, b);
  const a = scalarFromHex(authoritySecret, { field: 'authority secret' });
  return { batch: b.batch, papers: b.papers, digest: b.digest, trackers: [...b.trackers], at: b.at, chain, signature: signatureToJSON(sign(a, postalBatchMessage(electionHash, chain), rng)) };
}

/** Whether the batch record carries the authority's valid signature over its chain value (throws on malformed input). */
export function postalBatchSignatureValid(electionHash: string, authority: string, body: { chain: string; signature: unknown }): boolean {
  return verify(Point.fromHex(authority, { field: 'authority' }), postalBatchMessage(electionHash, body.chain), signatureFromJSON(body.signature, 'signature'));
}

export { ZERO_HASH as POSTAL_CHAIN_START };

/**
 * How far a batch's time may be from the clock of the server that appends it, either way (the authority's device
 * dates the batch a moment before the server appends it, and device clocks drift). A batch is dated when it is
 * entered: the server refuses one dated further from its clock, and a member's check (R17) refuses a batch dated
 * further than this out of order with a receipted ballot (the receipt's time is the server's clock at the append).
 */
export const POSTAL_CLOCK_SKEW_MS = 5 * 60_000;

/** The last batch on the board (its number and chain value), or null before the first. */
export interface PostalChainHead {
  batch: number;
  chain: string;
}

/**
 * Prepares a batch: checks every paper (all problems reported, up to 20) and, only if all are good, makes each
 * paper's records and the signed batch record that goes before them. `secrets` maps member → online credential
 * secret (credentials-secret.jsonl); `states` gives the board's state of each member's online credential (looked up
 * by its public key); `previous` is the board's last batch (null before the first); `at` the recording instant.
 */
export function preparePostalBatch(input: {
  manifest: ContestBallotManifest;
  electionHash: string;
  publicKey: Point;
  authoritySecret: string;
  policy: Reconciliation;
  papers: readonly PostalPaper[];
  secrets: ReadonlyMap<string, string>;
  states: ReadonlyMap<string, CredentialState>;
  previous: PostalChainHead | null;
  at: string;
}): { batch: PostalBatchBody; entries: PostalEntry[] } {
  const { manifest: m, policy } = input;
  // The policy is the one the manifest binds (R4, R18): a batch in any other form would fail R18 on the board.
  if (m.reconciliation === undefined) throw new AppError('POSTAL_BATCH_INVALID', 'this ballot’s manifest names no reconciliation of online and postal votes: it has no postal channel');
  if (policy !== m.reconciliation) throw new AppError('POSTAL_BATCH_INVALID', `this ballot’s manifest binds the reconciliation ${m.reconciliation}, not ${policy}`);
  const problems: string[] = [];
  let count = 0;
  const report = (p: PostalPaper, what: string) => {
    count++;
    if (problems.length < MAX_REPORTED) problems.push(`line ${p.line}: ${what}`);
  };
  const seen = new Map<string, number>();
  const good: { paper: PostalPaper; secret: string; publicKey: string; choice: number | null }[] = [];
  for (const p of input.papers) {
    const secret = input.secrets.get(p.member);
    if (!secret) {
      report(p, `member ${JSON.stringify(p.member)} has no credential for this ballot (not eligible, or not on the roll)`);
      continue;
    }
    if (seen.has(p.member)) {
      report(p, `member ${p.member} is in the batch twice (line ${seen.get(p.member)})`);
      continue;
    }
    seen.set(p.member, p.line);
    const choice = p.choice === null ? null : m.candidates.findIndex((c) => c.id === p.choice);
    if (choice === -1) {
      report(p, `choice ${JSON.stringify(p.choice)} is not a candidate on this ballot (${m.candidates.map((c) => c.id).join(', ')})`);
      continue;
    }
    if (choice === null && !m.blankAllowed) {
      report(p, 'a blank paper is not a valid ballot under this rulebook');
      continue;
    }
    const publicKey = credentialPublicKey(secret);
    const state = input.states.get(publicKey) ?? { status: 'unknown', ballots: 0 };
    if (state.status === 'unknown') {
      report(p, `member ${p.member}'s credential is not on this ballot's list: wrong secrets file?`);
      continue;
    }
    if (state.status === 'revoked') {
      report(p, `member ${p.member} already voted by post (or their online credential was replaced): one postal ballot per member`);
      continue;
    }
    if (policy === 'first-valid-counts' && state.ballots > 0) {
      report(p, `member ${p.member} already voted online, and under this rulebook the first valid ballot counts`);
      continue;
    }
    good.push({ paper: p, secret, publicKey, choice });
  }
  if (count > 0) throw new AppError('POSTAL_BATCH_INVALID', `${count} bad paper${count === 1 ? '' : 's'}; nothing was entered: ${problems.join('; ')}${count > MAX_REPORTED ? '; …' : ''}`, { problems, count });
  const entries = good.map(({ paper, secret, publicKey, choice }): PostalEntry => {
    if (policy === 'postal-overrides-online') {
      const fresh = generateCredential();
      return {
        member: paper.member,
        revocation: signRevocation(input.electionHash, input.authoritySecret, publicKey, fresh.public),
        ballot: prepareContestBallot(m, input.electionHash, input.publicKey, fresh.secret, choice).body,
      };
    }
    return { member: paper.member, revocation: null, ballot: prepareContestBallot(m, input.electionHash, input.publicKey, secret, choice).body };
  });
  const batch = signPostalBatch(input.electionHash, input.authoritySecret, input.previous?.chain ?? ZERO_HASH, {
    batch: (input.previous?.batch ?? 0) + 1,
    papers: entries.length,
    digest: postalPapersDigest(input.papers.map((p) => p.envelope)),
    trackers: entries.map((e) => sha256Hex(canonicalJson(e.ballot))),
    at: input.at,
  });
  return { batch, entries };
}
