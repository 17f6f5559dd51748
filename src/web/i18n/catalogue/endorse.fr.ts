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
  'endorsements.desk.heading': 'Soutiens en attente de relecture',
  'endorsements.desk.lede': 'Qui soutient qui dans une élection à la direction, d’après les articles enregistrés pour elle. Rien ici n’est public avant que vous ne l’acceptiez. Touches sur un membre sélectionné : A accepter et publier, R rejeter (puis Tab et Entrée pour confirmer), J/K ou flèches suivant/précédent.',
  'endorsements.desk.loading': 'Chargement des soutiens en attente de relecture…',
  'endorsements.desk.loadError': 'Les soutiens en attente de relecture n’ont pas pu être chargés',
  'endorsements.desk.empty': 'Aucun soutien n’attend de relecture.',
  'endorsements.desk.candidate': 'Soutien à {candidate}',
  'endorsements.desk.endorses': 'Soutient le candidat',
  'endorsements.desk.withdrew': 'Retire son soutien',
  'endorsements.desk.accept': 'Accepter et publier (A)',
  'endorsements.desk.reject': 'Rejeter (R)',
  'endorsements.desk.rejectTitle': 'Rejeter ce soutien ?',
  'endorsements.desk.rejectBody': '{person}, soutien à {candidate} : les phrases affichées ne seront pas publiées, et enregistrer de nouveau le même article ne les proposera plus.',
  'endorsements.desk.rejectConfirm': 'Oui, le rejeter',
  'endorsements.desk.published': '{person}, soutien à {candidate} : publié.',
  'endorsements.desk.rejected': '{person}, soutien à {candidate} : rejeté.',
};
