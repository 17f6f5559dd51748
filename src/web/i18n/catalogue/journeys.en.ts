/**
 * English: strings of the guided journeys' shared parts (the contest's rounds chart, the seal checker's
 * findings). The source language: Welsh and French must have every key (journeys.cy.ts, journeys.fr.ts).
 */
export const journeysEn = {
  'journeys.roundsChart.title': 'Votes for each candidate, round by round',
  'journeys.roundsChart.desc': 'Rounds declared: {rounds}. Most votes in the latest round: {leader} ({votes}). Every number is in the table below.',
} as const;

export type JourneysMessageKey = keyof typeof journeysEn;
