import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The audit log is append-only and hash-chained: each entry's hash covers its sequence number,
 * time, actor, action, procedure and payload, and the previous entry's hash. Editing any field,
 * deleting or reordering a row breaks the chain at that row. (Truncating the newest rows is
 * detected only against a head hash published elsewhere; `verifyChain` reports the head for that.)
 *
 * Threat model: an operator with database access who edits history after the fact. It does not
 * stop them from writing a fresh consistent chain; publishing the head hash does.
 */
export const AUDIT_GENESIS = '0'.repeat(64);
const DOMAIN_TAG = 'confidence/audit-entry/v1';

export interface AuditFields {
  seq: number;
  at: string;
  actor: string;
  /** The area that wrote the entry: `procedure`, `account`, `roster`, `tracker`, ... */
  kind: string;
  action: string;
  procedureId: string | null;
  /** Canonical JSON of the payload, stored verbatim so re-hashing is exact. */
  payload: string;
}

export interface AuditEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

function lengthPrefixed(parts: string[]): Uint8Array {
  const chunks = parts.map((p) => utf8ToBytes(p));
  const total = chunks.reduce((n, c) => n + 4 + c.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const c of chunks) {
    view.setUint32(offset, c.length);
    out.set(c, offset + 4);
    offset += 4 + c.length;
  }
  return out;
}

export function hashAuditEntry(prevHash: string, f: AuditFields): string {
  return bytesToHex(
    sha256(lengthPrefixed([DOMAIN_TAG, prevHash, String(f.seq), f.at, f.actor, f.kind, f.action, f.procedureId ?? '', f.payload])),
  );
}

export function chainEntry(prev: Pick<AuditEntry, 'seq' | 'hash'> | null, fields: Omit<AuditFields, 'seq'>): AuditEntry {
  const seq = prev ? prev.seq + 1 : 1;
  const prevHash = prev ? prev.hash : AUDIT_GENESIS;
  const full = { ...fields, seq };
  return { ...full, prevHash, hash: hashAuditEntry(prevHash, full) };
}

export type ChainVerdict =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; seq: number; reason: string };

/**
 * Checks a chain entry by entry, so a long log can be verified page by page in constant memory.
 * `push` returns false at the first bad entry; `verdict` reports it (or the head when all is well).
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = AUDIT_GENESIS;
  private entries = 0;
  private failure: { seq: number; reason: string } | null = null;

  push(e: AuditEntry): boolean {
    if (this.failure) return false;
    this.entries++;
    if (e.seq !== this.expectedSeq) {
      this.failure = { seq: e.seq, reason: `expected entry ${this.expectedSeq} but found ${e.seq}: a row was deleted or inserted` };
    } else if (e.prevHash !== this.prevHash) {
      this.failure = { seq: e.seq, reason: `entry ${e.seq} does not link to entry ${e.seq - 1}: a row was altered or removed` };
    } else if (hashAuditEntry(this.prevHash, e) !== e.hash) {
      this.failure = { seq: e.seq, reason: `entry ${e.seq} does not match its hash: its contents were edited` };
    } else {
      this.prevHash = e.hash;
      this.expectedSeq++;
      return true;
    }
    return false;
  }

  verdict(): ChainVerdict {
    return this.failure ? { ok: false, entries: this.entries, ...this.failure } : { ok: true, entries: this.entries, head: this.prevHash };
  }
}

/** Checks the whole chain in order. `entries` must be sorted by `seq`. */
export function verifyChain(entries: Iterable<AuditEntry>): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const e of entries) if (!verifier.push(e)) break;
  return verifier.verdict();
}
