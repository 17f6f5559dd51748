import type { JourneysMessageKey } from './journeys.en';

/**
 * Cymraeg: rhannau cyffredin y teithiau (siart rowndiau’r ornest, canfyddiadau’r gwiriwr sêl). Drafftiwyd pob
 * llinyn gan beiriant o’r Saesneg ac mae’n aros am adolygiad gan siaradwr Cymraeg rhugl (fel ./cy.ts; gweler cyReview).
 */
export const journeysCy: Record<JourneysMessageKey, string> = {
  'journeys.roundsChart.title': 'Pleidleisiau pob ymgeisydd, rownd wrth rownd',
  'journeys.roundsChart.desc': 'Rowndiau a gyhoeddwyd: {rounds}. Y mwyaf o bleidleisiau yn y rownd ddiweddaraf: {leader} ({votes}). Mae pob rhif yn y tabl isod.',
};
