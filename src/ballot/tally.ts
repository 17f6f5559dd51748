/**
 * Which ballots count (docs/ballot-spec.md §5): the ballot with the highest revision (a number the voter signs) of
 * each credential that is still on the list when the election closes — not the last one in board order, which
 * the server controls. Lower revisions of the same credential are "superseded" (revoting lets a voter
 * under pressure vote again later, Belenios/Helios style); ballots of a credential revoked afterwards (lost
 * credential, replaced) are "revoked". Both stay on the board, marked, so anyone can see what was not counted.
 *
 * Pure; shared by the server (tally) and the verifier (recount), so both apply exactly the same rule.
 */
import { addCiphertexts, ciphertextFromJSON, ciphertextToJSON, IDENTITY, type Ciphertext, type CiphertextJSON } from '../crypto';

export type BoardEvent = { kind: 'ballot'; seq: number; credential: string; revision: number } | { kind: 'revocation'; seq: number; revoked: string; replacement: string };

export type BallotStatus = 'counted' | 'superseded' | 'revoked';

export interface Selection {
  /** Status of each ballot, by record seq. */
  status: Map<number, BallotStatus>;
  counted: number;
  superseded: number;
  revoked: number;
}

export function selectCounted(events: readonly BoardEvent[]): Selection {
  // Highest revision per credential (ties — refused by check B9a and at cast time — go to the later record).
  const last = new Map<string, number>();
  const best = new Map<string, number>();
  const revokedCreds = new Set<string>();
  for (const e of events) {
    if (e.kind === 'ballot') {
      const r = best.get(e.credential);
      if (r === undefined || e.revision >= r) {
        best.set(e.credential, e.revision);
        last.set(e.credential, e.seq);
      }
    } else revokedCreds.add(e.revoked);
  }
  return classifyBallots(events, revokedCreds, last);
}

/**
 * Marks every ballot counted (the one `chosen` for its credential), superseded (another ballot of the same
 * credential was chosen) or revoked (its credential was revoked on the board). Shared by every rule that
 * chooses one ballot per credential (highest revision here; first or last valid in contest rulebooks).
 */
export function classifyBallots(
  events: readonly { kind: string; seq: number; credential?: string }[],
  revokedCreds: ReadonlySet<string>,
  chosen: ReadonlyMap<string, number>,
): Selection {
  const status = new Map<number, BallotStatus>();
  let counted = 0;
  let superseded = 0;
  let revoked = 0;
  for (const e of events) {
    if (e.kind !== 'ballot' || e.credential === undefined) continue;
    if (revokedCreds.has(e.credential)) {
      status.set(e.seq, 'revoked');
      revoked++;
    } else if (chosen.get(e.credential) === e.seq) {
      status.set(e.seq, 'counted');
      counted++;
    } else {
      status.set(e.seq, 'superseded');
      superseded++;
    }
  }
  return { status, counted, superseded, revoked };
}

/** Homomorphic sum of ciphertexts given as JSON (the empty sum is (identity, identity): Enc(0; 0)). */
export function sumCiphertexts(cts: Iterable<CiphertextJSON>): Ciphertext {
  let acc: Ciphertext = { alpha: IDENTITY, beta: IDENTITY };
  for (const c of cts) acc = addCiphertexts(acc, ciphertextFromJSON(c));
  return acc;
}

export function ciphertextJSONEquals(a: CiphertextJSON, b: CiphertextJSON): boolean {
  return a.alpha === b.alpha && a.beta === b.beta;
}

export { ciphertextToJSON };
