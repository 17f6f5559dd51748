/**
 * What a contest keeps of an imported membership roll (./roll.ts): the counts at the freeze date and a digest of the
 * sorted eligible member ids. The digest lets the returning officer show later which roll decided the electorate
 * (anyone holding the same roll recomputes it) without the contest, its events or the board holding a member id.
 * Pure.
 */
import { sha256Hex } from '../ballot/records';
import type { MembersRoll } from './engine';
import type { MembershipRoll } from './roll';

/** SHA-256 of the eligible member ids (already sorted by the import), one per line. */
export function eligibleDigest(eligible: readonly string[]): string {
  return sha256Hex(eligible.join('\n'));
}

export function summariseRoll(roll: MembershipRoll, importedAt: string): MembersRoll {
  return { freezeDate: roll.freezeDate, joinedBy: roll.joinedBy, members: roll.members.length, eligible: roll.eligible.length, digest: eligibleDigest(roll.eligible), importedAt };
}
