/**
 * English strings of the API tokens page (src/web/pages/TokensPage.tsx), spread into the main catalogue by
 * ./index.ts. Welsh and French (./tokens.cy.ts, ./tokens.fr.ts) must have every key.
 */
export const tokensEn = {
  'tokens.nav': 'API tokens',
  'tokens.title': 'API tokens',
  'tokens.lede': 'A token lets the command line act as you on this server: “confidence login --token …” keeps it in a file only you can read. Everything done with it is recorded in the audit log under your name.',
  'tokens.forbidden': 'API tokens are for people with an account on this server.',
  'tokens.create.heading': 'Create a token',
  'tokens.create.label': 'What it is for',
  'tokens.create.hint': 'For example: the office laptop. Only you see this name.',
  'tokens.create.button': 'Create the token',
  'tokens.create.busy': 'Creating…',
  'tokens.create.noLabel': 'Say what the token is for.',
  'tokens.created.heading': 'Your new token',
  'tokens.created.once': 'Copy it now: it is shown only this once, and the server keeps only a fingerprint of it. On the computer that will use it, run:',
  'tokens.list.heading': 'Your tokens',
  'tokens.list.none': 'You have no API tokens.',
  'tokens.list.created': 'Created {when}',
  'tokens.list.lastUsed': 'Last used {when}',
  'tokens.list.neverUsed': 'Never used',
  'tokens.revoke.button': 'Revoke',
  'tokens.revoke.title': 'Revoke the token “{label}”?',
  'tokens.revoke.body': 'The command line using it stops working at once. This cannot be undone; you can create a new token.',
  'tokens.revoke.confirm': 'Revoke it',
  'tokens.revoked': 'The token “{label}” is revoked.',
  'tokens.loadError': 'Your tokens could not be loaded',
} as const;

export type TokensMessageKey = keyof typeof tokensEn;
