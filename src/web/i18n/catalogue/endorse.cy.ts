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
  'endorsements.desk.heading': 'Cymeradwyaethau sy’n aros am adolygiad',
  'endorsements.desk.lede': 'Pwy sy’n cefnogi pwy mewn gornest arweinyddiaeth, fel y’i darllenwyd o’r erthyglau a gofnodwyd ar ei chyfer. Nid oes dim yma’n gyhoeddus nes i chi ei dderbyn. Bysellau ar aelod a ddewiswyd: A derbyn a chyhoeddi, R gwrthod (yna Tab ac Enter i gadarnhau), J/K neu saethau nesaf/blaenorol.',
  'endorsements.desk.loading': 'Wrthi’n llwytho’r cymeradwyaethau sy’n aros am adolygiad…',
  'endorsements.desk.loadError': 'Nid oedd modd llwytho’r cymeradwyaethau sy’n aros am adolygiad',
  'endorsements.desk.empty': 'Nid oes cymeradwyaeth yn aros am adolygiad.',
  'endorsements.desk.candidate': 'Cefnogi {candidate}',
  'endorsements.desk.endorses': 'Yn cefnogi’r ymgeisydd',
  'endorsements.desk.withdrew': 'Yn tynnu ei gefnogaeth yn ôl',
  'endorsements.desk.accept': 'Derbyn a chyhoeddi (A)',
  'endorsements.desk.reject': 'Gwrthod (R)',
  'endorsements.desk.rejectTitle': 'Gwrthod y gymeradwyaeth hon?',
  'endorsements.desk.rejectBody': '{person} yn cefnogi {candidate}: ni chyhoeddir y brawddegau a ddangosir, ac ni fydd cofnodi’r un erthygl eto yn eu cynnig eto.',
  'endorsements.desk.rejectConfirm': 'Ydw, gwrthod',
  'endorsements.desk.published': '{person} yn cefnogi {candidate}: cyhoeddwyd.',
  'endorsements.desk.rejected': '{person} yn cefnogi {candidate}: gwrthodwyd.',
};
