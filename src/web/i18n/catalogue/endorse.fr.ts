import type { EndorseMessageKey } from './endorse.en';

/**
 * Français : les soutiens enregistrés. Chaque chaîne a été rédigée par machine à partir de l’anglais et attend la
 * relecture d’un francophone (comme ./fr.ts ; voir frReview).
 */
export const endorseFr: Record<EndorseMessageKey, string> = {
  'endorsements.contest': 'Élection {contest}',
  'endorsements.member.heading': 'Soutiens dans les élections à la direction',
  'endorsements.member.lede': 'Les candidats que ce membre a dit publiquement soutenir, avec l’article qui le rapporte.',
  'endorsements.member.backs': 'Soutient {candidate}',
  'endorsements.member.contest': 'dans l’élection {contest}',
  'endorsements.since': 'depuis le {date}',
  'endorsements.sourceNotNamed': 'Source non nommée',
  'endorsements.loadError': 'Les soutiens n’ont pas pu être chargés.',
};
