/**
 * Preferential-contest rulebooks with the published results they are validated against. Each preset names its
 * counting method, its rank cap (row width: see docs/decisions/0701-ranked-ballot-encoding.md), its tie-break method
 * and the published round table; a simulation builds a ballot profile consistent with the table (./profile.ts),
 * runs the whole pipeline and must reproduce the table (src/mixnet/contest.ts, test/cli tests).
 *
 * Sources (public announcements of the results):
 *  - SNP leadership 2023, announced 27 March 2023: 72,169 eligible, 50,494 valid first preferences, 3 rejected;
 *    round 1 Yousaf 24,336 / Forbes 20,559 / Regan 5,599; Regan's papers 1,696 to Yousaf, 3,331 to Forbes,
 *    572 non-transferable; round 2 Yousaf 26,032 / Forbes 23,890.
 *  - Labour deputy leadership 2020, announced 4 April 2020 (members, registered and affiliated supporters, one
 *    member one vote): round 1 Rayner 192,168 / Burgon 80,053 / Allin-Khan 77,351 / Murray 61,179 / Butler 50,255;
 *    round 2 Rayner 209,968 / Burgon 88,664 / Allin-Khan 88,049 / Murray 64,560; round 3 Rayner 228,944 (52.6% of
 *    435,445 continuing) / Allin-Khan 113,858 / Burgon 92,643. The transfers below are the differences of those rounds.
 *  - Liberal Democrat leadership 2020, announced 27 August 2020: Davey 42,756 / Moran 24,564 (STV, one seat).
 */
import type { CountMethod } from './table';
import type { PublishedIrvTable } from './profile';
import type { TieBreak } from './types';

export interface PreferentialRulebook {
  id: string;
  title: string;
  method: CountMethod;
  seats: number;
  /** Most preferences a ballot may express (row width). */
  rankCap: number;
  tieBreak: TieBreak;
  /** Eligible voters where the announcement states it (not used by the count). */
  eligible: number | null;
  published: PublishedIrvTable;
  /** What the published record states, to compare the reproduced table with. */
  expected: { rounds: (number | null)[][]; elected: string; finalContinuing: number };
}

export const PREFERENTIAL_RULEBOOKS: Record<string, PreferentialRulebook> = {
  'snp-2023': {
    id: 'snp-2023',
    title: 'SNP leadership election 2023 (preferential ballot of members)',
    method: 'irv',
    seats: 1,
    rankCap: 3,
    tieBreak: 'lot',
    eligible: 72169,
    published: {
      candidates: ['Humza Yousaf', 'Kate Forbes', 'Ash Regan'],
      firstPreferences: [24336, 20559, 5599],
      exclusions: [{ candidate: 2, to: [1696, 3331, 0], exhausted: 572 }],
      rejected: 3,
    },
    expected: {
      rounds: [
        [24336, 20559, 5599],
        [26032, 23890, null],
      ],
      elected: 'Humza Yousaf',
      finalContinuing: 49922,
    },
  },
  'labour-2020-deputy': {
    id: 'labour-2020-deputy',
    title: 'Labour deputy leadership election 2020 (preferential ballot, majority of continuing ballots)',
    method: 'irv',
    seats: 1,
    rankCap: 5,
    tieBreak: 'backwards',
    eligible: null,
    published: {
      candidates: ['Angela Rayner', 'Richard Burgon', 'Rosena Allin-Khan', 'Ian Murray', 'Dawn Butler'],
      firstPreferences: [192168, 80053, 77351, 61179, 50255],
      exclusions: [
        { candidate: 4, to: [17800, 8611, 10698, 3381, 0], exhausted: 9765 },
        { candidate: 3, to: [18976, 3979, 25809, 0, 0], exhausted: 15796 },
      ],
      rejected: 0,
    },
    expected: {
      rounds: [
        [192168, 80053, 77351, 61179, 50255],
        [209968, 88664, 88049, 64560, null],
        [228944, 92643, 113858, null, null],
      ],
      elected: 'Angela Rayner',
      finalContinuing: 435445,
    },
  },
  'libdem-2020': {
    id: 'libdem-2020',
    title: 'Liberal Democrat leadership election 2020 (STV, one seat)',
    method: 'stv-scottish',
    seats: 1,
    rankCap: 2,
    tieBreak: 'backwards',
    eligible: null,
    published: {
      candidates: ['Ed Davey', 'Layla Moran'],
      firstPreferences: [42756, 24564],
      exclusions: [],
      rejected: 0,
    },
    expected: { rounds: [[42756, 24564]], elected: 'Ed Davey', finalContinuing: 67320 },
  },
};

export function preferentialRulebook(id: string): PreferentialRulebook {
  const r = PREFERENTIAL_RULEBOOKS[id];
  if (!r) throw new RangeError(`unknown preferential rulebook "${id}" (known: ${Object.keys(PREFERENTIAL_RULEBOOKS).join(', ')})`);
  return r;
}
