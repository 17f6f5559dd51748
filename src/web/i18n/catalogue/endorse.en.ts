/**
 * English strings of the stored endorsements (src/web/tracker/EndorsementsSection.tsx on the contest page and the
 * tracker's member page; src/web/tracker/EndorsementQueue.tsx on the editors' review desk), spread into the main catalogue by ./index.ts. Welsh and French (./endorse.cy.ts,
 * ./endorse.fr.ts) must have every key.
 */
export const endorseEn = {
  'endorsements.contest': 'Contest {contest}',
  'endorsements.member.heading': 'Backing in leadership contests',
  'endorsements.member.lede': 'The candidates this member has said publicly they back, with the report that says so.',
  'endorsements.member.backs': 'Backs {candidate}',
  'endorsements.member.contest': 'in contest {contest}',
  'endorsements.since': 'since {date}',
  'endorsements.sourceNotNamed': 'Source not named',
  'endorsements.loadError': 'The endorsements could not be loaded.',
  'endorsements.desk.heading': 'Endorsements waiting for review',
  'endorsements.desk.lede': 'Who backs whom in a leadership contest, as read from the articles recorded for it. Nothing here is public until you accept it. Keys on a selected member: A accept and publish, R reject (then Tab and Enter to confirm), J/K or arrows next/previous.',
  'endorsements.desk.loading': 'Loading the endorsements waiting for review…',
  'endorsements.desk.loadError': 'The endorsements waiting for review could not be loaded',
  'endorsements.desk.empty': 'No endorsement is waiting for review.',
  'endorsements.desk.candidate': 'Backing {candidate}',
  'endorsements.desk.endorses': 'Backs the candidate',
  'endorsements.desk.withdrew': 'Withdraws their backing',
  'endorsements.desk.accept': 'Accept and publish (A)',
  'endorsements.desk.reject': 'Reject (R)',
  'endorsements.desk.rejectTitle': 'Reject this endorsement?',
  'endorsements.desk.rejectBody': '{person} backing {candidate}: the sentences shown will not be published, and recording the same article again will not propose them again.',
  'endorsements.desk.rejectConfirm': 'Yes, reject it',
  'endorsements.desk.published': '{person} backing {candidate}: published.',
  'endorsements.desk.rejected': '{person} backing {candidate}: rejected.',
};

export type EndorseMessageKey = keyof typeof endorseEn;
