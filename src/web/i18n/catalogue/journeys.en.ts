/**
 * English: strings of the guided journeys' shared parts (the contest's rounds chart, the seal checker's
 * findings). The source language: Welsh and French must have every key (journeys.cy.ts, journeys.fr.ts).
 */
export const journeysEn = {
  'journeys.roundsChart.title': 'Votes for each candidate, round by round',
  'journeys.roundsChart.desc': 'Rounds declared: {rounds}. Most votes in the latest round: {leader} ({votes}). Every number is in the table below.',
  'journeys.error.englishDetails': 'The server’s details, in English',
  'journeys.seal.notChecked': 'not checked',
  'journeys.seal.englishDetails': 'The checker’s details, in English',
  'journeys.seal.S1': 'The seal’s hash covers every field.',
  'journeys.seal.S2': 'There is one slot for each member of the electorate, as the public roster says for that day.',
  'journeys.seal.S3': 'The threshold is the one the rulebook sets.',
  'journeys.seal.S4': 'The seal follows the previous seal of the same procedure.',
  'journeys.seal.S5': 'Every slot holds 0 or 1.',
  'journeys.seal.S6': 'The sealed count is on the announced side of the threshold.',
  'journeys.seal.S7': 'The slot tags are valid, distinct and in order.',
  'journeys.seal.S8': 'The member keys are those of the electorate and the public key registry.',
  'journeys.seal.S9': 'Each tag is bound to one member’s key.',
  'journeys.seal.M1': 'The seal lists your own key.',
  'journeys.seal.M2': 'Exactly one slot carries your tag, the one the server named.',
  'journeys.seal.M3': 'Your slot holds what your letter says (1 if it is counted, 0 if not).',
  'journeys.seal.F1': 'The seal lists your keyless base.',
  'journeys.seal.F2': 'The slot the server named is bound to you and to no other member.',
  'journeys.seal.F3': 'Your slot opens to what your letter says (1 if it is counted, 0 if not).',
} as const;

export type JourneysMessageKey = keyof typeof journeysEn;
