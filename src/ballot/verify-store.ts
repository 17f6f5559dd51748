/**
 * What the verifier keeps of each ballot once its line has gone to the checker (./verify.ts), held compactly so
 * that a 200,000-ballot board fits a phone: columns of typed arrays instead of one object per ballot, ciphertexts
 * and hashes as bytes in one growing buffer instead of hex strings, credentials interned (one string per voter,
 * however often they revote). Per ballot this is ≈ 80 bytes (≈ 150 with trackers) instead of ≈ 1–2 KB of parsed
 * objects and strings.
 *
 * It keeps exactly what the later checks read: B9 (shape, credential, replayed alpha), B9a (revision), B13 (the
 * ciphertexts of the uncounted ballots, subtracted from the checker's sum), B9c and the counted trackers (record
 * hash and tracker, only when asked for). A ballot whose ciphertext is not two lowercase 32-byte hex strings keeps
 * its ciphertext as parsed (rare: such a ballot fails B9 at the checker), so every check sees the same values.
 */
import { bytesToHex } from '../crypto/bytes';

const HEX64 = /^[0-9a-f]{64}$/;

function grow<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

function hexInto(buf: Uint8Array, off: number, hex: string, at = 0): void {
  for (let i = 0; i < 32; i++) {
    const h = hex.charCodeAt(at + 2 * i);
    const l = hex.charCodeAt(at + 2 * i + 1);
    buf[off + i] = ((h < 97 ? h - 48 : h - 87) << 4) | (l < 97 ? l - 48 : l - 87);
  }
}

function sameAlpha(cts: Uint8Array, a: number, b: number): boolean {
  for (let i = 0; i < 32; i++) if (cts[64 * a + i] !== cts[64 * b + i]) return false;
  return true;
}

export class BallotStore {
  /** Ballots stored. */
  length = 0;
  private seqs = new Int32Array(1024);
  /** Interned credential id, or -1 for a ballot that is not well formed (B9 shape). */
  private creds = new Int32Array(1024);
  private revs = new Float64Array(1024);
  /** alpha ‖ beta, 64 bytes per ballot (zero where `oddCt` holds the ciphertext). */
  private cts = new Uint8Array(64 * 1024);
  /** record hash ‖ tracker, 64 bytes per ballot (only with trackers). */
  private hashes: Uint8Array;
  private readonly oddCt = new Map<number, { alpha: unknown; beta?: unknown }>();
  private readonly credIds = new Map<string, number>();
  readonly credNames: string[] = [];

  constructor(readonly withTrackers: boolean) {
    this.hashes = new Uint8Array(withTrackers ? 64 * 1024 : 0);
  }

  /**
   * Interns the credential list's strings first, so a ballot's credential (a fresh string from its line) is
   * dropped once looked up: one string per voter on the whole board, the list's own.
   */
  seedCredentials(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (typeof c === 'string' && !this.credIds.has(c)) this.intern(c);
    }
  }

  /** A new credential's id. */
  private intern(c: string): number {
    const id = this.credNames.length;
    this.credIds.set(c, id);
    this.credNames.push(c);
    return id;
  }

  /** The next ballot's index, growing the columns when full; stores its seq and (with trackers) hash and tracker. */
  private slot(seq: number, hash: string | undefined, tracker: string | undefined): number {
    const j = this.length++;
    if (j >= this.seqs.length) {
      const n = this.seqs.length * 2;
      this.seqs = grow(this.seqs, n);
      this.creds = grow(this.creds, n);
      this.revs = grow(this.revs, n);
      this.cts = grow(this.cts, 64 * n);
      if (this.withTrackers) this.hashes = grow(this.hashes, 64 * n);
    }
    this.seqs[j] = seq;
    if (this.withTrackers) {
      hexInto(this.hashes, 64 * j, hash!);
      hexInto(this.hashes, 64 * j + 32, tracker!);
    }
    return j;
  }

  /** Stores a ballot record's body; `hash` and `tracker` (lowercase hex) only with trackers. */
  add(seq: number, body: Record<string, unknown>, hash?: string, tracker?: string): void {
    const j = this.slot(seq, hash, tracker);
    const ct = body.ciphertext as { alpha?: unknown; beta?: unknown } | null | undefined;
    const keys = Object.keys(body);
    const wellFormed =
      keys.length === 5 &&
      ['credential', 'ciphertext', 'proof', 'revision', 'signature'].every((k) => k in body) &&
      typeof body.credential === 'string' &&
      typeof ct?.alpha === 'string';
    if (!wellFormed) {
      this.creds[j] = -1;
    } else {
      const c = body.credential as string;
      this.creds[j] = this.credIds.get(c) ?? this.intern(c);
      this.revs[j] = typeof body.revision === 'number' ? body.revision : NaN; // NaN fails B9a like any non-number
      const plain = typeof ct === 'object' && ct !== null && Object.keys(ct).length === 2 && typeof ct.beta === 'string' && HEX64.test(ct.alpha as string) && HEX64.test(ct.beta);
      if (plain) {
        hexInto(this.cts, 64 * j, ct.alpha as string);
        hexInto(this.cts, 64 * j + 32, ct.beta as string);
      } else {
        this.oddCt.set(j, ct as { alpha: unknown });
      }
    }
  }

  /**
   * Stores a ballot whose record line has the shape of a well-formed ballot (../ballot-fast.ts ballotRecordFields):
   * what add() stores for its parsed body, read from the line at the given offsets of the credential and the
   * ciphertext's α and β (64 lowercase hex digits each).
   */
  addWellFormedLine(seq: number, line: string, credentialAt: number, revision: number, alphaAt: number, betaAt: number, hash?: string, tracker?: string): void {
    const j = this.slot(seq, hash, tracker);
    const c = line.slice(credentialAt, credentialAt + 64);
    // A credential not on the list: keep a copy of its own, not a slice that would hold the whole line.
    this.creds[j] = this.credIds.get(c) ?? this.intern(JSON.parse(`"${c}"`) as string);
    this.revs[j] = revision;
    hexInto(this.cts, 64 * j, line, alphaAt);
    hexInto(this.cts, 64 * j + 32, line, betaAt);
  }

  seq(j: number): number {
    return this.seqs[j]!;
  }
  wellFormed(j: number): boolean {
    return this.creds[j]! >= 0;
  }
  credId(j: number): number {
    return this.creds[j]!;
  }
  credential(j: number): string {
    return this.credNames[this.creds[j]!]!;
  }
  /** The interned id of a credential, if some ballot was cast with it. */
  idOf(credential: string): number | undefined {
    return this.credIds.get(credential);
  }
  revision(j: number): number {
    return this.revs[j]!;
  }
  /**
   * B9 replay: the first well-formed ballot whose alpha string equals an earlier well-formed ballot's, or -1.
   * Sorts ballot indices by alpha bytes (4 bytes per ballot, no set of strings); alphas kept as parsed (not
   * lowercase hex) are compared as strings among themselves (they never equal a lowercase-hex one).
   */
  firstReplay(): number {
    const order: number[] = [];
    const odd = new Map<string, number>();
    let first = -1;
    for (let j = 0; j < this.length; j++) {
      if (this.creds[j]! < 0) continue;
      const o = this.oddCt.get(j);
      if (!o) order.push(j);
      else if (odd.has(o.alpha as string)) first = first < 0 ? j : Math.min(first, j);
      else odd.set(o.alpha as string, j);
    }
    const idx = Int32Array.from(order);
    const cts = this.cts;
    const cmp = (a: number, b: number): number => {
      const x = 64 * a;
      const y = 64 * b;
      for (let i = 0; i < 32; i++) {
        const d = cts[x + i]! - cts[y + i]!;
        if (d !== 0) return d;
      }
      return a - b;
    };
    idx.sort(cmp);
    for (let i = 1; i < idx.length; i++) {
      const j = idx[i]!;
      if (sameAlpha(cts, idx[i - 1]!, j)) first = first < 0 ? j : Math.min(first, j);
    }
    return first;
  }
  /** The ciphertext as it was on the board (as JSON). */
  ciphertext(j: number): unknown {
    const odd = this.oddCt.get(j);
    if (odd) return odd;
    return { alpha: bytesToHex(this.cts.subarray(64 * j, 64 * j + 32)), beta: bytesToHex(this.cts.subarray(64 * j + 32, 64 * j + 64)) };
  }
  hash(j: number): string {
    return bytesToHex(this.hashes.subarray(64 * j, 64 * j + 32));
  }
  tracker(j: number): string {
    return bytesToHex(this.hashes.subarray(64 * j + 32, 64 * j + 64));
  }
  /** The ballot index of a record seq, or -1 (binary search: seqs increase). */
  indexOf(seq: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.seqs[mid]!;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
