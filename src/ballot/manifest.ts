/**
 * The election manifest: everything a voter, trustee or verifier must agree on before the first key is made
 * (docs/ballot-spec.md §1). It is the body of the board's first record; the hash of that record is the
 * election's identity (`electionHash`) and is bound into every proof and signature of the election, so a
 * ballot, trustee message or partial decryption cannot be replayed into another election.
 *
 * Pure module.
 */
import { decideBallot, type BallotCount } from '../domain/rulebook/outcome';
import type { Majority, Rulebook } from '../domain/rulebook/schema';
import { bytesToHex, systemRng, type Rng } from '../crypto';

/**
 * v2 added the random election nonce, the board's receipt key and strict instants; v3 adds the credential
 * authority's key, so the election hash pins it (docs/ballot-spec.md §1, ADR 0414).
 */
export const MANIFEST_VERSION = 'confidence-ballot/3';

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  /** Procedure this vote belongs to (bound into every proof via the election hash). */
  procedureId: string;
  /** Title shown on the booth and the verifier page. */
  title: string;
  /** The yes/no question; a Yes is encrypted as 1, a No as 0. */
  question: string;
  answers: { yes: string; no: string };
  /** Number of eligible voters = number of credentials issued. */
  electorate: number;
  trustees: { threshold: number; count: number; names: string[] };
  /** The rulebook's ballot rules, copied so the verifier can decide the result without the rulebook. */
  rules: { polarity: 'confidence' | 'removal'; majority: Majority; quorumPercent: number | null };
  opensAt: string | null;
  closesAt: string | null;
  /**
   * 128 random bits chosen when the election is created: two elections with equal manifests otherwise would share
   * an election hash, and every ballot, proof and partial decryption of one would replay into the other.
   */
  nonce: string;
  /** The board's public signing key: it signs each cast receipt (./receipt.ts). Its secret stays on the server. */
  boardKey: string;
  /**
   * The credential authority's public key (./authority.ts), given by the authority to the chair before the
   * election is created. Only this key may sign the credential list, revocations and reschedules (B7a, B8a, B9b):
   * a server that re-signs the list with a key of its own changes the election hash, which trustees, receipts and
   * every verifier given `--election-hash` already hold.
   */
  authority: string;
}

export interface ManifestInput {
  procedureId: string;
  title: string;
  rulebook: Pick<Rulebook, 'ballot'>;
  /** Fills the rulebook question's {leader} placeholder. */
  leaderName?: string;
  electorate: number;
  threshold: number;
  trustees: number;
  trusteeNames?: string[];
  opensAt?: string | null;
  closesAt?: string | null;
  /** The board's receipt key (public). */
  boardKey: string;
  /** The credential authority's public key (64 hex digits). */
  authority: string;
  /** Default: 16 random bytes from `rng`. */
  nonce?: string;
  rng?: Rng;
}

/** A fresh election nonce: 32 lowercase hex digits. */
export function electionNonce(rng: Rng = systemRng): string {
  return bytesToHex(rng(16));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * Parses a strict ISO-8601 UTC instant (`2022-06-06T17:00:00.000Z`, milliseconds optional) into epoch
 * milliseconds; null for anything else, including impossible dates (`2022-02-30`) that Date would roll over.
 */
export function parseInstant(x: unknown): number | null {
  if (typeof x !== 'string' || !INSTANT.test(x)) return null;
  const t = Date.parse(x);
  if (!Number.isFinite(t)) return null;
  const back = new Date(t).toISOString();
  return back === x || back === x.replace(/Z$/, '.000Z') ? t : null;
}

export function buildManifest(input: ManifestInput): Manifest {
  const { ballot } = input.rulebook;
  const names = input.trusteeNames ?? Array.from({ length: input.trustees }, (_, i) => `Trustee ${i + 1}`);
  const m: Manifest = {
    version: MANIFEST_VERSION,
    procedureId: input.procedureId,
    title: input.title,
    question: ballot.question.replace(/\{leader\}/g, input.leaderName ?? 'the leader'),
    answers: ballot.polarity === 'confidence' ? { yes: 'Yes (confidence)', no: 'No (no confidence)' } : { yes: 'Yes (remove)', no: 'No (keep)' },
    electorate: input.electorate,
    trustees: { threshold: input.threshold, count: input.trustees, names },
    rules: { polarity: ballot.polarity, majority: { ...ballot.majority }, quorumPercent: ballot.quorumPercent },
    opensAt: input.opensAt ?? null,
    closesAt: input.closesAt ?? null,
    nonce: input.nonce ?? electionNonce(input.rng),
    boardKey: input.boardKey,
    authority: input.authority,
  };
  const problem = manifestProblem(m);
  if (problem) throw new Error(`invalid manifest: ${problem}`);
  return m;
}

const isInt = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
const isStr = (x: unknown, max = 2000): x is string => typeof x === 'string' && x.length > 0 && x.length <= max;

/** Returns why a manifest (from an untrusted board) is malformed, or null. Exact key sets, no extras. */
export function manifestProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'not an object';
  const m = x as Record<string, unknown>;
  const keys = ['version', 'procedureId', 'title', 'question', 'answers', 'electorate', 'trustees', 'rules', 'opensAt', 'closesAt', 'nonce', 'boardKey', 'authority'];
  for (const k of Object.keys(m)) if (!keys.includes(k)) return `unexpected key ${k}`;
  for (const k of keys) if (!(k in m)) return `missing key ${k}`;
  if (m.version !== MANIFEST_VERSION) return `version must be ${MANIFEST_VERSION}`;
  if (!isStr(m.procedureId, 200) || !isStr(m.title, 500) || !isStr(m.question)) return 'procedureId, title and question must be non-empty strings';
  const a = m.answers as Record<string, unknown> | null;
  if (!a || typeof a !== 'object' || !isStr(a.yes, 200) || !isStr(a.no, 200) || Object.keys(a).length !== 2) return 'answers must be {yes, no}';
  if (!isInt(m.electorate, 1, 10_000_000)) return 'electorate must be an integer in 1..10,000,000';
  const t = m.trustees as Record<string, unknown> | null;
  if (!t || typeof t !== 'object' || Object.keys(t).length !== 3) return 'trustees must be {threshold, count, names}';
  if (!isInt(t.count, 1, 100) || !isInt(t.threshold, 1, t.count as number)) return 'trustees: need 1 ≤ threshold ≤ count ≤ 100';
  if (!Array.isArray(t.names) || t.names.length !== t.count || !t.names.every((n) => isStr(n, 200))) return 'trustees.names must list one name per trustee';
  const r = m.rules as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Object.keys(r).length !== 3) return 'rules must be {polarity, majority, quorumPercent}';
  if (r.polarity !== 'confidence' && r.polarity !== 'removal') return 'rules.polarity must be confidence or removal';
  const mj = r.majority as Record<string, unknown> | null;
  if (!mj || typeof mj !== 'object' || Object.keys(mj).length !== 4) return 'rules.majority must be {basis, numerator, denominator, comparison}';
  if (mj.basis !== 'votes-cast' && mj.basis !== 'all-members') return 'rules.majority.basis';
  if (!isInt(mj.numerator, 1, 1000) || !isInt(mj.denominator, 1, 1000)) return 'rules.majority fraction';
  if (mj.comparison !== 'more-than' && mj.comparison !== 'at-least') return 'rules.majority.comparison';
  if (r.quorumPercent !== null && !(typeof r.quorumPercent === 'number' && r.quorumPercent >= 0 && r.quorumPercent <= 100)) return 'rules.quorumPercent';
  for (const k of ['opensAt', 'closesAt'] as const) if (m[k] !== null && parseInstant(m[k]) === null) return `${k} must be null or an ISO-8601 UTC instant (YYYY-MM-DDTHH:MM:SS.sssZ)`;
  if (m.opensAt !== null && m.closesAt !== null && parseInstant(m.opensAt)! >= parseInstant(m.closesAt)!) return 'opensAt must come before closesAt';
  if (typeof m.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(m.nonce)) return 'nonce must be 32 lowercase hex digits (128 random bits)';
  if (typeof m.boardKey !== 'string' || !/^[0-9a-f]{64}$/.test(m.boardKey)) return 'boardKey must be a point (64 lowercase hex digits)';
  if (typeof m.authority !== 'string' || !/^[0-9a-f]{64}$/.test(m.authority)) return 'authority must be the credential authority’s public key (64 lowercase hex digits)';
  return null;
}

/** The result under the manifest's majority basis (the rulebook's own decideBallot, fed the copied rules). */
export function decide(manifest: Manifest, count: BallotCount) {
  // decideBallot reads only rulebook.ballot.{majority, polarity, quorumPercent}; the manifest carries exactly those.
  return decideBallot({ ballot: manifest.rules } as unknown as Rulebook, count);
}
