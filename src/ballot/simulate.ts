/**
 * The whole ceremony in memory, for demos, tests and benchmarks (docs/ballot-spec.md §7): set-up, trustee
 * transport keys, commit-then-reveal DKG, credential generation by a separate authority, voting (with optional
 * revotes and a revoked credential), closing, encrypted tally, partial decryptions by k of the n trustees
 * (the others stay away, to exercise the missing-trustee path), result.
 *
 * Pure: every actor's step is the same function the real CLI/web app calls; only the transport is missing.
 */
import { ciphertextToJSON, systemRng, type Rng } from '../crypto';
import { Board } from './board';
import { generateCredential, prepareBallot, type Credential } from './booth';
import { generateAuthorityKey, signCredentialList, signRevocation, type AuthorityKey } from './authority';
import { signReceipt, type CastReceipt } from './receipt';
import { buildManifest, type Manifest } from './manifest';
import { selectCounted, sumCiphertexts, type BoardEvent } from './tally';
import {
  combineResult,
  computeElectionKey,
  trusteeDeal,
  trusteeFinalize,
  trusteePartialDecrypt,
  trusteeRegister,
  type TrusteeSecretFile,
} from './trustee';
import { Point } from '../crypto';
import { findRulebook } from '../domain/rulebook/presets';

/** The 1922 Committee's rules as in June 2022 (question, simple majority of the votes cast). */
export const CONFIDENCE_RULES = findRulebook('conservative-1922');

export interface SimulateOptions {
  eligible: number;
  yes: number;
  no: number;
  threshold: number;
  trustees: number;
  /** Trustees who take part in the tally (default: the last k, so trustee 1 is the missing one). */
  tallyTrustees?: number[];
  /** Voters who vote twice: their first ballot is the opposite choice, superseded by the second. */
  revoters?: number;
  /** Voters who lose their credential after casting a ballot: it is revoked (that ballot stops counting) and replaced. */
  lostCredentials?: number;
  procedureId?: string;
  title?: string;
  /** Reuse these voters' credentials (a second election for the same people); default: fresh ones. */
  credentials?: readonly Credential[];
  /** The credential authority's key (default: a fresh one). */
  authority?: AuthorityKey;
  rng?: Rng;
  onProgress?: (done: number, total: number) => void;
}

export interface Simulation {
  board: Board;
  manifest: Manifest;
  credentials: Credential[];
  trusteeSecrets: TrusteeSecretFile[];
  /** Tracker of each voter's counted ballot (same order as credentials; null for abstainers). */
  trackers: (string | null)[];
  /** The credential authority's key and the fingerprint it publishes. */
  authority: AuthorityKey;
  fingerprint: string;
  /** The board's receipt key (secret; its public half is manifest.boardKey). */
  boardSecret: string;
  /** One signed receipt per ballot, in board order (what each voter keeps). */
  receipts: CastReceipt[];
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const b = rng(4);
    const j = (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export function simulateElection(o: SimulateOptions): Simulation {
  const rng = o.rng ?? systemRng;
  if (o.yes + o.no > o.eligible) throw new Error(`yes + no (${o.yes + o.no}) exceeds the electorate (${o.eligible})`);
  const boardKey = generateCredential(rng);
  // The credential authority makes its key first: the chair puts the public half into the manifest.
  const authority = o.authority ?? generateAuthorityKey(rng);
  const manifest = buildManifest({
    boardKey: boardKey.public,
    authority: authority.public,
    rng,
    procedureId: o.procedureId ?? 'simulation',
    title: o.title ?? 'Confidence vote (simulation of the 1922 Committee ballot of 6 June 2022)',
    rulebook: CONFIDENCE_RULES,
    leaderName: 'Boris Johnson',
    electorate: o.eligible,
    threshold: o.threshold,
    trustees: o.trustees,
    opensAt: '2022-06-06T17:00:00.000Z',
    closesAt: '2022-06-06T19:00:00.000Z',
  });
  const board = new Board();
  board.append('setup', { manifest });
  const eh = board.electionHash;

  // Key ceremony.
  const n = o.trustees;
  let secrets = Array.from({ length: n }, (_, i) => trusteeRegister(eh, i + 1, rng));
  for (const s of secrets) board.append('trustee_key', s.body);
  const keys = secrets.map((s) => s.body);
  const deals = secrets.map((s) => trusteeDeal(manifest, eh, s.secret, keys, rng));
  for (const d of deals) board.append('dkg_commitment', d.commitment);
  for (const d of deals) board.append('dkg_dealing', d.dealing);
  const dealings = deals.map((d) => d.dealing);
  const electionKey = computeElectionKey(manifest, eh, { trusteeKeys: keys, commitments: deals.map((d) => d.commitment), dealings });
  board.append('election_key', electionKey);
  const trusteeSecrets = deals.map((d) => trusteeFinalize(manifest, eh, d.secret, dealings, electionKey));
  secrets = [];

  // Credentials: the authority generates them and signs the sorted list of public keys; the board gets only that.
  const credentials = o.credentials ? [...o.credentials] : Array.from({ length: o.eligible }, () => generateCredential(rng));
  if (credentials.length !== o.eligible) throw new Error(`${credentials.length} credentials given for ${o.eligible} voters`);
  const { fingerprint, ...list } = signCredentialList(eh, authority.secret, credentials.map((c) => c.public), electionKey.publicKey, rng);
  board.append('credentials', list);
  board.append('open', { at: manifest.opensAt! });
  const opens = Date.parse(manifest.opensAt!);

  // Voting, in a random order so Yes and No ballots interleave.
  const params = { electionHash: eh, publicKey: Point.fromHex(electionKey.publicKey) };
  const voters = shuffle(Array.from({ length: o.yes + o.no }, (_, i) => i), rng);
  const revoters = new Set(voters.slice(0, o.revoters ?? 0));
  const losers = voters.slice(o.revoters ?? 0, (o.revoters ?? 0) + (o.lostCredentials ?? 0));
  const trackers: (string | null)[] = credentials.map(() => null);
  const events: BoardEvent[] = [];
  const receipts: CastReceipt[] = [];
  const revision = new Map<string, number>();
  const total = voters.length + revoters.size + losers.length;
  let done = 0;
  const cast = (voter: number, vote: 0 | 1) => {
    const cred = credentials[voter]!;
    const rev = (revision.get(cred.public) ?? 0) + 1;
    revision.set(cred.public, rev);
    const b = prepareBallot(params, cred.secret, vote, rng, rev);
    const rec = board.append('ballot', b.body);
    events.push({ kind: 'ballot', seq: rec.seq, credential: b.body.credential, revision: rev });
    // One ballot per simulated second after the opening (the 2-hour window holds 7,200; later ones share its end).
    const at = new Date(Math.min(opens + 1000 * (done + 1), Date.parse(manifest.closesAt!))).toISOString();
    receipts.push(signReceipt(boardKey.secret, { election: eh, seq: rec.seq, tracker: b.tracker, head: rec.hash, at }, rng));
    trackers[voter] = b.tracker;
    o.onProgress?.(++done, total);
  };
  // Revoters first cast the opposite choice; their real ballot comes later in the order.
  for (const v of revoters) cast(v, v < o.yes ? 0 : 1);
  for (const v of losers) {
    cast(v, v < o.yes ? 0 : 1);
    const replacement = generateCredential(rng);
    const rec = board.append('revocation', signRevocation(eh, authority.secret, credentials[v]!.public, replacement.public, rng));
    events.push({ kind: 'revocation', seq: rec.seq, revoked: credentials[v]!.public, replacement: replacement.public });
    credentials[v] = replacement;
  }
  for (const v of voters) cast(v, v < o.yes ? 1 : 0);
  finishElection(board, trusteeSecrets, { tallyTrustees: o.tallyTrustees, rng });
  return { board, manifest, credentials, trusteeSecrets, trackers, authority, fingerprint, boardSecret: boardKey.secret, receipts };
}

/**
 * Closes a board and runs the tally as honest trustees would on whatever the board holds: the close record, the
 * encrypted tally of the counted ballots (tally.ts's rule), partial decryptions by `tallyTrustees` (default: the
 * last k) and the result. The simulation ends with it; the attack tests use it to show that honest trustees
 * decrypt a forged board just the same, so only the verifier's checks stand between a forgery and a result.
 */
export function finishElection(board: Board, trusteeSecrets: readonly TrusteeSecretFile[], o: { tallyTrustees?: number[]; closeAt?: string; rng?: Rng } = {}): void {
  const rng = o.rng ?? systemRng;
  const manifest = board.manifest;
  const eh = board.electionHash;
  const electionKey = board.ofType('election_key')[0]!.body;
  const events: BoardEvent[] = [];
  for (const r of board.records) {
    if (r.type === 'ballot') events.push({ kind: 'ballot', seq: r.seq, credential: r.body.credential, revision: r.body.revision });
    else if (r.type === 'revocation') events.push({ kind: 'revocation', seq: r.seq, revoked: r.body.revoked, replacement: r.body.replacement });
  }
  const sel = selectCounted(events);
  board.append('close', { at: o.closeAt ?? manifest.closesAt!, ballots: events.filter((e) => e.kind === 'ballot').length });
  const countedBodies = board.ofType('ballot').filter((r) => sel.status.get(r.seq) === 'counted').map((r) => r.body.ciphertext);
  const tally = sumCiphertexts(countedBodies);
  board.append('tally', { ciphertext: ciphertextToJSON(tally), counted: sel.counted, superseded: sel.superseded, revoked: sel.revoked });
  const k = manifest.trustees.threshold;
  const n = manifest.trustees.count;
  const present = o.tallyTrustees ?? Array.from({ length: k }, (_, i) => n - k + 1 + i);
  const partials = present.map((t) => trusteePartialDecrypt(eh, trusteeSecrets[t - 1]!, electionKey, tally, rng));
  for (const p of partials) board.append('partial_decryption', p);
  const { result } = combineResult(manifest, eh, electionKey, tally, sel.counted, partials);
  board.append('result', result);
}
