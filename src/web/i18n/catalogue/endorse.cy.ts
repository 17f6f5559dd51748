import type { EndorseMessageKey } from './endorse.en';

/**
 * Cymraeg: y cymeradwyaethau a gadwyd. Drafftiwyd pob llinyn gan beiriant o’r Saesneg ac mae’n aros am adolygiad gan
 * siaradwr Cymraeg rhugl (fel ./cy.ts; gweler cyReview).
 */
export const endorseCy: Record<EndorseMessageKey, string> = {
  'endorsements.contest': 'Gornest {contest}',
  'endorsements.member.heading': 'Cefnogaeth mewn gornestau arweinyddiaeth',
  'endorsements.member.lede': 'Yr ymgeiswyr y dywedodd yr aelod hwn yn gyhoeddus ei fod yn eu cefnogi, gyda’r adroddiad sy’n dweud hynny.',
  'endorsements.member.backs': 'Yn cefnogi {candidate}',
  'endorsements.member.contest': 'yng ngornest {contest}',
  'endorsements.since': 'ers {date}',
  'endorsements.sourceNotNamed': 'Ffynhonnell heb ei henwi',
  'endorsements.loadError': 'Nid oedd modd llwytho’r cymeradwyaethau.',
};
