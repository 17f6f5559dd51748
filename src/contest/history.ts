/**
 * Published results of real Conservative leadership contests, as data for the simulation (`confidence simulate
 * leadership-contest`) and the tests. Facts and sources: shared/domain/procedures.md. Where a source gives no
 * figure (spoilt ballots and abstentions in most rounds) the electorate minus the votes is recorded as
 * abstentions; the electorate of each round is the number of MPs entitled to vote.
 *
 * Candidate ids are member ids in the style of data/uk-commons-2019 (lowercase names with dashes).
 */

export interface HistoricRound {
  date: string;
  counts: Record<string, number>;
  spoilt: number;
  /** Candidates who withdrew after this round was declared (before the next). */
  withdrawalsAfter?: string[];
}

export interface HistoricContest {
  rulebook: string;
  title: string;
  mps: number;
  opening: { reason: 'resignation' | 'contest-required' | 'chair'; at: string; outgoingLeader: string };
  nominationsClose: string;
  /** Every validly nominated candidate, in ballot-paper (alphabetical) order. */
  candidates: string[];
  names: Record<string, string>;
  /** Nominators per candidate (the rulebook minimum where the real number is not published). */
  nominators?: Record<string, number>;
  rounds: HistoricRound[];
  members: null | { freezeDate: string; electorate: number; counts: Record<string, number>; rejected: number; closes: string };
  sources: string[];
}

export const SUMMER_2022: HistoricContest = {
  rulebook: 'conservative-2022-summer',
  title: 'Conservative Party leadership election, July–September 2022',
  mps: 358,
  opening: { reason: 'resignation', at: '2022-07-11T12:00:00Z', outgoingLeader: 'boris-johnson' },
  nominationsClose: '2022-07-12T17:00:00Z',
  candidates: ['kemi-badenoch', 'suella-braverman', 'jeremy-hunt', 'penny-mordaunt', 'rishi-sunak', 'liz-truss', 'tom-tugendhat', 'nadhim-zahawi'],
  names: {
    'kemi-badenoch': 'Kemi Badenoch',
    'suella-braverman': 'Suella Braverman',
    'jeremy-hunt': 'Jeremy Hunt',
    'penny-mordaunt': 'Penny Mordaunt',
    'rishi-sunak': 'Rishi Sunak',
    'liz-truss': 'Liz Truss',
    'tom-tugendhat': 'Tom Tugendhat',
    'nadhim-zahawi': 'Nadhim Zahawi',
  },
  rounds: [
    { date: '2022-07-13', spoilt: 0, counts: { 'rishi-sunak': 88, 'penny-mordaunt': 67, 'liz-truss': 50, 'kemi-badenoch': 40, 'tom-tugendhat': 37, 'suella-braverman': 32, 'nadhim-zahawi': 25, 'jeremy-hunt': 18 } },
    { date: '2022-07-14', spoilt: 0, counts: { 'rishi-sunak': 101, 'penny-mordaunt': 83, 'liz-truss': 64, 'kemi-badenoch': 49, 'tom-tugendhat': 32, 'suella-braverman': 27 } },
    { date: '2022-07-18', spoilt: 0, counts: { 'rishi-sunak': 115, 'penny-mordaunt': 82, 'liz-truss': 71, 'kemi-badenoch': 58, 'tom-tugendhat': 31 } },
    { date: '2022-07-19', spoilt: 0, counts: { 'rishi-sunak': 118, 'penny-mordaunt': 92, 'liz-truss': 86, 'kemi-badenoch': 59 } },
    { date: '2022-07-20', spoilt: 2, counts: { 'rishi-sunak': 137, 'liz-truss': 113, 'penny-mordaunt': 105 } },
  ],
  // The freeze date is an assumption: three months before the ballot closed on 2 September.
  members: { freezeDate: '2022-09-02', electorate: 172_437, counts: { 'liz-truss': 81_326, 'rishi-sunak': 60_399 }, rejected: 654, closes: '2022-09-02T16:00:00Z' },
  sources: ['https://www.bbc.co.uk/news/uk-politics-62241498', 'https://www.newstatesman.com/chart-of-the-day/2022/09/liz-truss-leadership-election-win-votes'],
};

export const CONTEST_2019: HistoricContest = {
  rulebook: 'conservative-2019',
  title: 'Conservative Party leadership election, June–July 2019',
  mps: 313,
  opening: { reason: 'resignation', at: '2019-06-07T12:00:00Z', outgoingLeader: 'theresa-may' },
  nominationsClose: '2019-06-10T16:00:00Z',
  candidates: ['michael-gove', 'matt-hancock', 'mark-harper', 'jeremy-hunt', 'sajid-javid', 'boris-johnson', 'andrea-leadsom', 'esther-mcvey', 'dominic-raab', 'rory-stewart'],
  names: {
    'michael-gove': 'Michael Gove',
    'matt-hancock': 'Matt Hancock',
    'mark-harper': 'Mark Harper',
    'jeremy-hunt': 'Jeremy Hunt',
    'sajid-javid': 'Sajid Javid',
    'boris-johnson': 'Boris Johnson',
    'andrea-leadsom': 'Andrea Leadsom',
    'esther-mcvey': 'Esther McVey',
    'dominic-raab': 'Dominic Raab',
    'rory-stewart': 'Rory Stewart',
  },
  rounds: [
    {
      date: '2019-06-13',
      spoilt: 0,
      counts: { 'boris-johnson': 114, 'jeremy-hunt': 43, 'michael-gove': 37, 'dominic-raab': 27, 'sajid-javid': 23, 'matt-hancock': 20, 'rory-stewart': 19, 'andrea-leadsom': 11, 'mark-harper': 10, 'esther-mcvey': 9 },
      withdrawalsAfter: ['matt-hancock'],
    },
    { date: '2019-06-18', spoilt: 0, counts: { 'boris-johnson': 126, 'jeremy-hunt': 46, 'michael-gove': 41, 'rory-stewart': 37, 'sajid-javid': 33, 'dominic-raab': 30 } },
    { date: '2019-06-19', spoilt: 0, counts: { 'boris-johnson': 143, 'jeremy-hunt': 54, 'michael-gove': 51, 'sajid-javid': 38, 'rory-stewart': 27 } },
    { date: '2019-06-20', spoilt: 2, counts: { 'boris-johnson': 157, 'michael-gove': 61, 'jeremy-hunt': 59, 'sajid-javid': 34 } },
    { date: '2019-06-20', spoilt: 0, counts: { 'boris-johnson': 160, 'jeremy-hunt': 77, 'michael-gove': 75 } },
  ],
  members: { freezeDate: '2019-07-22', electorate: 159_320, counts: { 'boris-johnson': 92_153, 'jeremy-hunt': 46_656 }, rejected: 509, closes: '2019-07-22T17:00:00Z' },
  sources: ['https://www.pollbludger.net/2019/06/22/uk-conservative-leadership-johnson-vs-hunt/', 'https://www.newstatesman.com/politics/uk/2019/07/boris-johnson-elected-conservative-leader-landslide-margin'],
};

export const OCTOBER_2022: HistoricContest = {
  rulebook: 'conservative-2022-october',
  title: 'Conservative Party leadership election, October 2022',
  mps: 357,
  opening: { reason: 'resignation', at: '2022-10-20T14:00:00Z', outgoingLeader: 'liz-truss' },
  nominationsClose: '2022-10-24T13:00:00Z',
  candidates: ['rishi-sunak'],
  names: { 'rishi-sunak': 'Rishi Sunak' },
  // Sunak's public backers passed 150; the simulation records 150 nominations.
  nominators: { 'rishi-sunak': 150 },
  rounds: [],
  members: null,
  sources: ['shared/domain/procedures.md §1 (October 2022)'],
};

export const HISTORIC_CONTESTS: Record<string, HistoricContest> = {
  'conservative-2022-summer': SUMMER_2022,
  'conservative-2019': CONTEST_2019,
  'conservative-2022-october': OCTOBER_2022,
};
