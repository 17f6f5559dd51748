import type { PostalMessageKey } from './postal.en';

/**
 * Français : la page des votes par correspondance. Toutes les chaînes ont été rédigées par machine à partir de
 * l’anglais et attendent la relecture d’un francophone (comme ./fr.ts ; voir frReview).
 */
export const postalFr: Record<PostalMessageKey, string> = {
  'postal.title': 'Votes par correspondance',
  'postal.forbidden': 'Les lots de votes par correspondance sont saisis par le président ou un scrutateur.',
  'postal.lede': 'Chaque lot de bulletins reçus entre entier sur le tableau des adhérents, en un enregistrement signé suivi de ses bulletins. La clé de l’autorité des identifiants et les identifiants des adhérents restent sur cet appareil : la page prépare le lot ici et n’envoie que des bulletins et des signatures.',
  'postal.noBoard': 'Le scrutin des adhérents n’a pas encore de tableau.',
  'postal.batches.heading': 'Lots sur le tableau',
  'postal.batches.none': 'Aucun lot de votes par correspondance n’a encore été saisi.',
  'postal.batches.item': 'Lot {n} : {papers, plural, one {# bulletin} other {# bulletins}}, enregistré le {at}, enregistrement {seq}',
  'postal.batches.digest': 'Empreinte de la liste des enveloppes',
  'postal.batches.chain': 'Valeur de chaîne',
  'postal.batches.keep': 'Gardez la dernière valeur de chaîne : « confidence verify BOARD --postal-chain VALUE » vérifie que les lots du tableau s’y arrêtent, et « confidence contest postal-digest --batch FILE » donne l’empreinte d’un lot à partir de votre propre liste.',
  'postal.enter.heading': 'Saisir un lot',
  'postal.enter.papers': 'Bulletins (CSV avec les colonnes envelope, member_id, choice ; un choix vide est un bulletin blanc)',
  'postal.enter.papersFile': 'Ou chargez le CSV depuis un fichier',
  'postal.enter.secrets': 'Identifiants des adhérents (credentials-secret.jsonl)',
  'postal.enter.key': 'Fichier de clé de l’autorité des identifiants',
  'postal.enter.button': 'Préparer et saisir le lot',
  'postal.enter.busy': 'Saisie…',
  'postal.enter.missing': 'Donnez les bulletins, le fichier des identifiants et le fichier de clé de l’autorité.',
  'postal.enter.wrongKey': 'Cette clé d’autorité n’est pas celle que nomme le scrutin des adhérents.',
  'postal.entered': 'Le lot {n} est sur le tableau à l’enregistrement {seq} ({papers, plural, one {# bulletin} other {# bulletins}}). Empreinte {digest} ; valeur de chaîne {chain}.',
  'postal.loading': 'Chargement des lots de votes par correspondance…',
  'postal.fate.heading': 'Vérifier votre bulletin',
  'postal.fate.tracker': 'Le traceur de votre bulletin (sur votre reçu)',
  'postal.fate.button': 'Vérifier',
  'postal.fate.counted': 'Votre bulletin (enregistrement {seq}) compte.',
  'postal.fate.replaced': 'Votre bulletin (enregistrement {seq}) ne compte plus : votre bulletin en ligne a été remplacé par un vote par correspondance enregistré le {at} dans le lot {batch}. Si vous n’avez pas voté par correspondance, gardez votre reçu et prévenez le responsable du scrutin.',
  'postal.fate.revoked': 'Votre bulletin (enregistrement {seq}) ne compte plus : l’autorité des identifiants a révoqué votre identifiant à l’enregistrement {rev}, et cette révocation n’appartient à aucun lot de votes par correspondance. Si vous n’avez pas demandé de nouvel identifiant, gardez votre reçu et prévenez le responsable du scrutin.',
  'postal.fate.superseded': 'Votre bulletin (enregistrement {seq}) ne compte pas : le bulletin de votre identifiant à l’enregistrement {instead} compte à sa place.',
  'postal.channels.heading': 'Votes en ligne et par correspondance',
  'postal.channels.caption': 'Voix par candidat dans chaque canal, déchiffrées depuis le tableau des adhérents',
  'postal.channels.online': 'En ligne',
  'postal.channels.postal': 'Par correspondance',
  'postal.channels.total': 'Total',
  'postal.channels.blank': 'Rejetés (blancs)',
  'postal.channels.replaced': '{n, plural, one {# bulletin en ligne a été remplacé} other {# bulletins en ligne ont été remplacés}} par un vote par correspondance.',
};
