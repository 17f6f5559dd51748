/**
 * English strings of the stored endorsements (src/web/tracker/EndorsementsSection.tsx on the contest page and the
 * tracker's member page), spread into the main catalogue by ./index.ts. Welsh and French (./endorse.cy.ts,
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
};

export type EndorseMessageKey = keyof typeof endorseEn;
