/**
 * The hash-chained bulletin board (docs/ballot-spec.md §2), in memory. The server persists the same records
 * (one row per record, same hash) and the simulation writes them straight to board.jsonl.
 *
 * Pure module. Appending is the only operation: there is no edit or delete, by construction.
 */
import type { Manifest } from './manifest';
import { ZERO_HASH, makeRecord, recordLine, type AnyRecord, type BoardRecord, type RecordBodies, type RecordType } from './records';

/** The phase each record type belongs to; a board's records must have non-decreasing phases (check B3). */
export const PHASE: Record<RecordType, number> = {
  setup: 0,
  trustee_key: 1,
  dkg_commitment: 2,
  dkg_dealing: 3,
  dkg_complaint: 4,
  dkg_answer: 5,
  election_key: 6,
  credentials: 7,
  reschedule: 8,
  open: 9,
  ballot: 10,
  revocation: 10,
  close: 11,
  tally: 12,
  partial_decryption: 13,
  result: 14,
};

/** Record types that may appear more than once. */
export const REPEATABLE: ReadonlySet<RecordType> = new Set(['trustee_key', 'dkg_commitment', 'dkg_dealing', 'dkg_complaint', 'dkg_answer', 'reschedule', 'ballot', 'revocation', 'partial_decryption']);

/** Whether a record of type `next` may follow one of type `last` (check B3). */
export function mayFollow(last: RecordType | null, next: RecordType): boolean {
  if (last === null) return next === 'setup';
  if (next === 'setup') return false;
  // Complaints and answers interleave: an early answer must not close the complaint round for the others.
  if (last === 'dkg_answer' && next === 'dkg_complaint') return true;
  const a = PHASE[last];
  const b = PHASE[next];
  if (b < a) return false;
  if (b === a) return REPEATABLE.has(next);
  // No phase may be skipped except the optional DKG complaint rounds, the optional reschedules and the voting
  // itself (nobody voted).
  for (let p = a + 1; p < b; p++) if (p !== PHASE.dkg_complaint && p !== PHASE.dkg_answer && p !== PHASE.reschedule && p !== PHASE.ballot) return false;
  return true;
}

export class Board {
  readonly records: AnyRecord[] = [];

  static fromRecords(records: readonly AnyRecord[]): Board {
    const b = new Board();
    b.records.push(...records);
    return b;
  }

  get head(): string {
    return this.records.at(-1)?.hash ?? ZERO_HASH;
  }

  get electionHash(): string {
    const first = this.records[0];
    if (!first || first.type !== 'setup') throw new Error('the board has no setup record');
    return first.hash;
  }

  get manifest(): Manifest {
    const first = this.records[0];
    if (!first || first.type !== 'setup') throw new Error('the board has no setup record');
    return first.body.manifest;
  }

  get lastType(): RecordType | null {
    return this.records.at(-1)?.type ?? null;
  }

  append<T extends RecordType>(type: T, body: RecordBodies[T]): BoardRecord<T> {
    if (!mayFollow(this.lastType, type)) throw new Error(`a ${type} record cannot follow ${this.lastType ?? 'nothing'}`);
    const rec = makeRecord(this.records.length, this.head, type, body);
    this.records.push(rec as AnyRecord);
    return rec;
  }

  ofType<T extends RecordType>(type: T): BoardRecord<T>[] {
    return this.records.filter((r): r is BoardRecord<T> & AnyRecord => r.type === type) as BoardRecord<T>[];
  }

  toJSONLines(): string {
    return this.records.map(recordLine).join('\n') + '\n';
  }
}
