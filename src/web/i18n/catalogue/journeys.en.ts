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
  'journeys.demo.authorityButton': 'Demo: make an authority key in this browser',
  'journeys.demo.authorityHint': 'On this demo server you can play the credential authority yourself: the key is made and kept in this browser. In a real vote the authority is someone else, working offline with the command line.',
  'journeys.demo.authorityMade': 'A demo authority key was made in this browser and put in the field.',
  'journeys.demo.issueButton': 'Demo: issue the voters’ credentials from this browser',
  'journeys.demo.issueHint': 'This browser holds the demo authority’s key: it makes one credential for each of the {n} electors, signs the list and uploads the public keys. The secrets stay in this browser, to try the booth.',
  'journeys.demo.issued': 'Credentials issued and uploaded: {n}.',
  'journeys.demo.tryHeading': 'Demo credentials to try the booth',
  'journeys.demo.tryBody': 'In a real vote each elector receives one privately. Copy one and paste it in the booth once the vote is open.',
  'journeys.demo.credential': 'demo credential {n}',
  'journeys.demo.toBooth': 'Open the booth',
  'journeys.demo.accountsHeading': 'Demo accounts',
  'journeys.demo.use': 'Use',
  'journeys.demo.account.chair': 'the chair (Sir Graham Brady): the count, the sealed count, the vote',
  'journeys.demo.account.officer': 'an officer: the count and the names; a trustee of the vote',
  'journeys.demo.account.mp': 'an MP (Peter Aldous): his own letter; any MP is member-id@members.demo',
  'journeys.demo.account.editor': 'the tracker’s editor: the public tracker',
} as const;

export type JourneysMessageKey = keyof typeof journeysEn;
