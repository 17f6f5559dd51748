/** Shared test fixtures: small contests, a small 1-of-2 manifest, a forged ballot. */
import { hashToScalar, mulBase, scalarFromHex, sign, signatureToJSON } from '../crypto';
import { proveMemberKey } from '../domain/seal/member-key';
import { replayContestEvents, withdrawalStage, type ContestEvent } from './engine';
import { signWithdrawal } from './withdrawal';
import { ballotSigningMessage, type BallotBody } from '../ballot';
import { CONTEST_BALLOT_VERSION, type ContestBallotManifest } from './board';
import type { HistoricContest } from './history';

/** A small contest for tests: 40 MPs, three candidates, one MP round, then a members' ballot of 14. */
export const TINY_CONTEST: HistoricContest = {
  rulebook: 'conservative-2024',
  title: 'A small test contest',
  mps: 40,
  opening: { reason: 'chair', at: '2024-07-24T10:00:00Z', outgoingLeader: 'leader' },
  nominationsClose: '2024-07-29T13:00:00Z',
  candidates: ['ada', 'bea', 'cy'],
  names: { ada: 'Ada', bea: 'Bea', cy: 'Cy' },
  rounds: [{ date: '2024-09-04', spoilt: 1, counts: { ada: 15, bea: 12, cy: 9 } }],
  members: { freezeDate: '2024-09-01', electorate: 14, counts: { ada: 5, bea: 7 }, rejected: 1, closes: '2024-10-31T17:00:00Z' },
  sources: [],
};

/**
 * TINY_CONTEST with four candidates (ada, bea, cy, dee), so that a tied round still has more than the final two:
 * its round 1 ties cy and dee for the last place (a withdrawal before the rerun decides it or not, docs/contest.md §2).
 */
export const FOUR_CONTEST: HistoricContest = {
  ...TINY_CONTEST,
  title: 'A small test contest with four candidates',
  mps: 50,
  candidates: ['ada', 'bea', 'cy', 'dee'],
  names: { ...TINY_CONTEST.names, dee: 'Dee' },
  rounds: [{ date: '2024-09-04', spoilt: 1, counts: { ada: 18, bea: 15, cy: 8, dee: 8 } }],
};

/** A two-candidate members' manifest (blank allowed, first valid counts, one trustee), for cast-check tests. */
export function twoCandidateManifest(electorate: number): ContestBallotManifest {
  return {
    version: CONTEST_BALLOT_VERSION,
    contestId: 'c',
    nonce: '0'.repeat(32),
    ballot: 'members',
    title: 't',
    candidates: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ],
    blankAllowed: true,
    counting: 'first',
    electorate,
    trustees: { threshold: 1, count: 1, names: ['T'] },
    opensAt: null,
    closesAt: null,
  };
}

/** A confidence ballot whose proof is another ballot's (for another ciphertext), re-signed by its own credential: only the proof fails. */
export function withForeignProof(secret: string, b: BallotBody, other: BallotBody, electionHash: string): BallotBody {
  const forged = { ...b, proof: other.proof };
  const sig = sign(scalarFromHex(secret), ballotSigningMessage(electionHash, forged.credential, forged.ciphertext, forged.proof, forged.revision));
  return { ...forged, signature: signatureToJSON(sig) };
}

/** A test MP's member key, fixed by their id (a real MP generates theirs on their own device). */
export function testMemberSecret(memberId: string): bigint {
  return hashToScalar('confidence/test/member-key', new TextEncoder().encode(memberId));
}

/** The candidate's own signed withdrawal after `events` (the stage it signs is the contest's after them). */
export function signedWithdraw(events: readonly ContestEvent[], candidate: string, at: string, secret = testMemberSecret(candidate)): Extract<ContestEvent, { type: 'withdraw' }> {
  const s = replayContestEvents(events);
  return { type: 'withdraw', candidate, at, signature: signWithdrawal(secret, s.id, candidate, withdrawalStage(s)) };
}

/** The member-key registry entry of a test MP (with its proof of possession), as the server publishes it. */
export function testRegistration(rosterId: string, memberId: string, seq: number, registeredAt: string, secret = testMemberSecret(memberId)) {
  const reg = proveMemberKey({ secretKey: secret, publicKey: mulBase(secret) }, rosterId, memberId);
  return { seq, memberId, publicKey: reg.publicKey, proof: reg.proof, registeredAt };
}
