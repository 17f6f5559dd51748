/**
 * The credential authority, played in the chair's browser — on a demo server only (CONFIDENCE_DEMO=on),
 * where anyone can log in as anyone and nothing is secret. In a real vote the authority is someone other
 * than the server operator and the chair, working offline with `confidence credentials key / generate /
 * upload`; this exists so a new chair can run the demo from letters to result in the browser alone.
 *
 * The authority's secret and the voters' credential secrets are kept in this browser's localStorage
 * (demo data); the server receives only what the CLI would send: the public keys and the signed list.
 * The crypto is imported on demand, so the chair's page does not carry it.
 */
const AUTHORITY_KEY = (publicKey: string) => `confidence.demo-authority.${publicKey}`;
const CREDENTIALS_KEY = (electionId: string) => `confidence.demo-credentials.${electionId}`;

async function ballotCrypto() {
  const [crypto, ballot] = await Promise.all([import('../../../crypto'), import('../../../ballot')]);
  await crypto.initCrypto();
  return ballot;
}

/** Makes an authority key in this browser and returns its public half (for the vote's manifest). */
export async function makeDemoAuthority(): Promise<string> {
  const { generateAuthorityKey } = await ballotCrypto();
  const key = generateAuthorityKey();
  localStorage.setItem(AUTHORITY_KEY(key.public), key.secret);
  return key.public;
}

/** Whether this browser holds the secret of the authority the manifest names. */
export function hasDemoAuthority(publicKey: string): boolean {
  return !!globalThis.localStorage?.getItem(AUTHORITY_KEY(publicKey));
}

/** The demo authority's secret in this browser, if it holds the one the manifest names (it signs a reschedule). */
export function demoAuthoritySecret(publicKey: string): string | null {
  return globalThis.localStorage?.getItem(AUTHORITY_KEY(publicKey)) ?? null;
}

/**
 * One credential per elector, the list signed by the authority: the body the credentials upload takes.
 * The secrets are kept here for the demo's voters (demoCredentials).
 */
export async function issueDemoCredentials(electionId: string, electionHash: string, electionKey: string, authority: string, electorate: number) {
  const secret = localStorage.getItem(AUTHORITY_KEY(authority));
  if (!secret) throw new Error('no demo authority key in this browser');
  const { generateCredential, signCredentialList } = await ballotCrypto();
  const creds = Array.from({ length: electorate }, () => generateCredential());
  const { fingerprint: _fingerprint, ...body } = signCredentialList(electionHash, secret, creds.map((c) => c.public), electionKey);
  localStorage.setItem(CREDENTIALS_KEY(electionId), JSON.stringify(creds.map((c) => c.secret)));
  return body;
}

/** The demo voters' credential secrets issued in this browser, if any. */
export function demoCredentials(electionId: string): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(CREDENTIALS_KEY(electionId));
    return raw ? (JSON.parse(raw) as string[]) : [];
  } catch {
    return [];
  }
}
