import type { TokensMessageKey } from './tokens.en';

/**
 * Français : la page des jetons d’API. Chaque chaîne a été rédigée par machine à partir de l’anglais et attend la
 * relecture d’un francophone (comme ./fr.ts ; voir frReview).
 */
export const tokensFr: Record<TokensMessageKey, string> = {
  'tokens.nav': 'Jetons d’API',
  'tokens.title': 'Jetons d’API',
  'tokens.lede': 'Un jeton permet à la ligne de commande d’agir en votre nom sur ce serveur : « confidence login --token … » le garde dans un fichier que vous seul pouvez lire. Tout ce qui est fait avec lui est inscrit au journal d’audit sous votre nom.',
  'tokens.forbidden': 'Les jetons d’API sont réservés aux personnes qui ont un compte sur ce serveur.',
  'tokens.create.heading': 'Créer un jeton',
  'tokens.create.label': 'À quoi il sert',
  'tokens.create.hint': 'Par exemple : l’ordinateur portable du bureau. Vous seul voyez ce nom.',
  'tokens.create.button': 'Créer le jeton',
  'tokens.create.busy': 'Création…',
  'tokens.create.noLabel': 'Indiquez à quoi sert le jeton.',
  'tokens.created.heading': 'Votre nouveau jeton',
  'tokens.created.once': 'Copiez-le maintenant : il n’est affiché que cette fois, et le serveur n’en garde qu’une empreinte. Sur l’ordinateur qui l’utilisera, lancez :',
  'tokens.list.heading': 'Vos jetons',
  'tokens.list.none': 'Vous n’avez aucun jeton d’API.',
  'tokens.list.created': 'Créé le {when}',
  'tokens.list.lastUsed': 'Dernière utilisation le {when}',
  'tokens.list.neverUsed': 'Jamais utilisé',
  'tokens.revoke.button': 'Révoquer',
  'tokens.revoke.title': 'Révoquer le jeton « {label} » ?',
  'tokens.revoke.body': 'La ligne de commande qui l’utilise cesse aussitôt de fonctionner. C’est irréversible ; vous pouvez créer un nouveau jeton.',
  'tokens.revoke.confirm': 'Le révoquer',
  'tokens.revoked': 'Le jeton « {label} » est révoqué.',
  'tokens.loadError': 'Vos jetons n’ont pas pu être chargés',
};
