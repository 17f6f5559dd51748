import type { JourneysMessageKey } from './journeys.en';

/**
 * Français : parties communes des parcours (graphique des tours du scrutin, constats du vérificateur du
 * décompte scellé). Chaque chaîne est une ébauche automatique depuis l’anglais, en attente de relecture par
 * un locuteur francophone (comme ./fr.ts ; voir frReview).
 */
export const journeysFr: Record<JourneysMessageKey, string> = {
  'journeys.roundsChart.title': 'Voix de chaque candidat, tour par tour',
  'journeys.roundsChart.desc': 'Tours proclamés : {rounds}. Le plus de voix au dernier tour : {leader} ({votes}). Tous les chiffres sont dans le tableau ci-dessous.',
  'journeys.error.englishDetails': 'Les détails du serveur, en anglais',
  'journeys.seal.notChecked': 'non vérifié',
  'journeys.seal.englishDetails': 'Les détails du vérificateur, en anglais',
  'journeys.seal.S1': 'L’empreinte du sceau couvre chaque champ.',
  'journeys.seal.S2': 'Il y a une case par membre du corps électoral, comme l’indique la liste publique de ce jour-là.',
  'journeys.seal.S3': 'Le seuil est celui que fixe le règlement.',
  'journeys.seal.S4': 'Le sceau suit le sceau précédent de la même procédure.',
  'journeys.seal.S5': 'Chaque case contient 0 ou 1.',
  'journeys.seal.S6': 'Le décompte scellé est du côté annoncé du seuil.',
  'journeys.seal.S7': 'Les étiquettes des cases sont valides, distinctes et dans l’ordre.',
  'journeys.seal.S8': 'Les clés des membres sont celles du corps électoral et du registre public des clés.',
  'journeys.seal.S9': 'Chaque étiquette est liée à la clé d’un seul membre.',
  'journeys.seal.M1': 'Le sceau contient votre propre clé.',
  'journeys.seal.M2': 'Une seule case porte votre étiquette : celle que le serveur a indiquée.',
  'journeys.seal.M3': 'Votre case contient ce que dit votre lettre (1 si elle compte, 0 sinon).',
  'journeys.seal.F1': 'Le sceau contient votre base sans clé.',
  'journeys.seal.F2': 'La case indiquée par le serveur est liée à vous et à aucun autre membre.',
  'journeys.seal.F3': 'Votre case s’ouvre sur ce que dit votre lettre (1 si elle compte, 0 sinon).',
  'journeys.demo.authorityButton': 'Démo : créer une clé d’autorité dans ce navigateur',
  'journeys.demo.authorityHint': 'Sur ce serveur de démonstration, vous pouvez jouer vous-même l’autorité des identifiants : la clé est créée et gardée dans ce navigateur. Dans un vrai vote, l’autorité est une autre personne, qui travaille hors ligne avec la ligne de commande.',
  'journeys.demo.authorityMade': 'Une clé d’autorité de démonstration a été créée dans ce navigateur et placée dans le champ.',
  'journeys.demo.issueButton': 'Démo : émettre les identifiants des votants depuis ce navigateur',
  'journeys.demo.issueHint': 'Ce navigateur détient la clé de l’autorité de démonstration : il crée un identifiant pour chacun des {n} électeurs, signe la liste et téléverse les clés publiques. Les secrets restent dans ce navigateur, pour essayer l’isoloir.',
  'journeys.demo.issued': 'Identifiants émis et téléversés : {n}.',
  'journeys.demo.tryHeading': 'Identifiants de démonstration pour essayer l’isoloir',
  'journeys.demo.tryBody': 'Dans un vrai vote, chaque électeur en reçoit un en privé. Copiez-en un et collez-le dans l’isoloir une fois le vote ouvert.',
  'journeys.demo.credential': 'identifiant de démonstration {n}',
  'journeys.demo.toBooth': 'Ouvrir l’isoloir',
  'journeys.demo.accountsHeading': 'Comptes de démonstration',
  'journeys.demo.use': 'Utiliser',
  'journeys.demo.account.chair': 'le président (Sir Graham Brady) : le décompte, le décompte scellé, le vote',
  'journeys.demo.account.officer': 'un membre du bureau : le décompte et les noms ; fiduciaire du vote',
  'journeys.demo.account.mp': 'un député (Peter Aldous) : sa propre lettre ; chaque député est member-id@members.demo',
  'journeys.demo.account.editor': 'l’éditeur du suivi : le suivi public',
  'journeys.next.credentialsBody': 'L’autorité des identifiants crée un identifiant par électeur, remet à chacun le sien en privé et téléverse les clés publiques sur la page de la cérémonie des clés. Sur la démonstration, vous pouvez les émettre depuis votre propre navigateur sur cette page.',
  'journeys.next.tallyBody': 'Sur la page de la cérémonie des clés : publiez le dépouillement chiffré, laissez les fiduciaires publier leurs parts de déchiffrement, puis proclamez le résultat.',
  'journeys.demo.bannerShort': '<b>Démo.</b> Les codes de connexion sont publics ; les lettres sont simulées.',
  'journeys.steps.progress': '{done} étapes faites sur {total}',
};
