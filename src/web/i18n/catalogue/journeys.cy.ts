import type { JourneysMessageKey } from './journeys.en';

/**
 * Cymraeg: rhannau cyffredin y teithiau (siart rowndiau’r ornest, canfyddiadau’r gwiriwr sêl). Drafftiwyd pob
 * llinyn gan beiriant o’r Saesneg ac mae’n aros am adolygiad gan siaradwr Cymraeg rhugl (fel ./cy.ts; gweler cyReview).
 */
export const journeysCy: Record<JourneysMessageKey, string> = {
  'journeys.roundsChart.title': 'Pleidleisiau pob ymgeisydd, rownd wrth rownd',
  'journeys.roundsChart.desc': 'Rowndiau a gyhoeddwyd: {rounds}. Y mwyaf o bleidleisiau yn y rownd ddiweddaraf: {leader} ({votes}). Mae pob rhif yn y tabl isod.',
  'journeys.error.englishDetails': 'Manylion y gweinydd, yn Saesneg',
  'journeys.seal.notChecked': 'heb ei wirio',
  'journeys.seal.englishDetails': 'Manylion y gwiriwr, yn Saesneg',
  'journeys.seal.S1': 'Mae hash y sêl yn cwmpasu pob maes.',
  'journeys.seal.S2': 'Mae un slot ar gyfer pob aelod o’r etholaeth, fel y dywed y rhestr gyhoeddus ar gyfer y diwrnod hwnnw.',
  'journeys.seal.S3': 'Y trothwy yw’r un a osodir gan y llyfr rheolau.',
  'journeys.seal.S4': 'Mae’r sêl yn dilyn sêl flaenorol yr un weithdrefn.',
  'journeys.seal.S5': 'Mae pob slot yn dal 0 neu 1.',
  'journeys.seal.S6': 'Mae’r cyfrif wedi’i selio ar yr ochr o’r trothwy a gyhoeddwyd.',
  'journeys.seal.S7': 'Mae tagiau’r slotiau yn ddilys, yn wahanol ac mewn trefn.',
  'journeys.seal.S8': 'Allweddi’r aelodau yw rhai’r etholaeth a’r gofrestr allweddi gyhoeddus.',
  'journeys.seal.S9': 'Mae pob tag wedi’i rwymo i allwedd un aelod.',
  'journeys.seal.M1': 'Mae’r sêl yn rhestru eich allwedd eich hun.',
  'journeys.seal.M2': 'Mae un slot yn union yn cario eich tag, yr un a enwodd y gweinydd.',
  'journeys.seal.M3': 'Mae eich slot yn dal yr hyn y mae eich llythyr yn ei ddweud (1 os caiff ei gyfrif, 0 os na).',
  'journeys.seal.F1': 'Mae’r sêl yn rhestru eich sylfaen heb allwedd.',
  'journeys.seal.F2': 'Mae’r slot a enwodd y gweinydd wedi’i rwymo i chi ac i ddim aelod arall.',
  'journeys.seal.F3': 'Mae eich slot yn agor i’r hyn y mae eich llythyr yn ei ddweud (1 os caiff ei gyfrif, 0 os na).',
};
