import { AppError } from '../errors';
import type { Rulebook } from './schema';

export interface BallotCount {
  yes: number;
  no: number;
  spoilt: number;
  /** Everyone entitled to vote (whip holders on ballot day for the 1922 Committee). */
  electorate: number;
}

export interface BallotDecision {
  result: 'survived' | 'lost';
  /** Votes the winning side of the question needed, under the majority basis. */
  required: number;
  basis: Rulebook['ballot']['majority']['basis'];
  quorumMet: boolean;
  explanation: string;
}

/**
 * Decides a confidence (or removal) ballot under the rulebook's majority basis.
 * 1922 Committee: the leader survives with "a simple majority of the votes cast" — strictly more
 * than half of the valid Yes+No votes; a tie is not a majority. The press's "half of all MPs
 * plus one" is the `all-members` basis.
 */
export function decideBallot(rulebook: Rulebook, count: BallotCount): BallotDecision {
  for (const [k, v] of Object.entries(count)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new AppError('VALIDATION_FAILED', `${k} must be a non-negative integer`);
  }
  if (count.yes + count.no + count.spoilt > count.electorate) {
    throw new AppError('VALIDATION_FAILED', 'more ballots than electors');
  }
  const { majority, polarity, quorumPercent } = rulebook.ballot;
  const base = majority.basis === 'votes-cast' ? count.yes + count.no : count.electorate;
  // Smallest v with v/base > n/d (more-than) or v/base >= n/d (at-least), in integers.
  const exact = majority.numerator * base;
  const required =
    majority.comparison === 'more-than'
      ? Math.floor(exact / majority.denominator) + 1
      : Math.floor((exact + majority.denominator - 1) / majority.denominator);
  const turnout = count.yes + count.no + count.spoilt;
  const quorumMet = quorumPercent === null || turnout * 100 >= quorumPercent * count.electorate;
  const motionCarried = quorumMet && count.yes >= required && base > 0;
  const survived = polarity === 'confidence' ? motionCarried : !motionCarried;
  const basisText = majority.basis === 'votes-cast' ? `of ${base} votes cast` : `of all ${base} electors`;
  return {
    result: survived ? 'survived' : 'lost',
    required,
    basis: majority.basis,
    quorumMet,
    explanation: `${count.yes} Yes, ${count.no} No; ${required} Yes ${basisText} needed to carry the question (${
      polarity === 'confidence' ? 'confidence in the leader' : 'removal of the leader'
    })${quorumMet ? '' : '; quorum not met'}`,
  };
}
