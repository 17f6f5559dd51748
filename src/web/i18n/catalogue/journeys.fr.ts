import type { JourneysMessageKey } from './journeys.en';

/**
 * Français : parties communes des parcours (graphique des tours du scrutin, constats du vérificateur du
 * décompte scellé). Chaque chaîne est une ébauche automatique depuis l’anglais, en attente de relecture par
 * un locuteur francophone (comme ./fr.ts ; voir frReview).
 */
export const journeysFr: Record<JourneysMessageKey, string> = {
  'journeys.roundsChart.title': 'Voix de chaque candidat, tour par tour',
  'journeys.roundsChart.desc': 'Tours proclamés : {rounds}. Le plus de voix au dernier tour : {leader} ({votes}). Tous les chiffres sont dans le tableau ci-dessous.',
};
