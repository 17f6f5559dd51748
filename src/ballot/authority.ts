/**
 * The credential authority's signatures (docs/ballot-spec.md §4a; ADR 0410).
 *
 * The authority generates one signing credential per voter, offline, and hands the secrets out. It also holds a
 * long-term signing key a/A. With it, it signs
 *   - the credential list and the election key together: the list digest L = SHA-256(canonicalJson({domain,
 *     election, authority: A, credentials: sorted list})) and the **fingerprint** F = SHA-256(canonicalJson({domain,
 *     election, electionKey: Y, list: L})), which it also publishes outside the server (letters to voters, the
 *     party's notice board, the chair's email) as 8 groups of 4 hex digits. It signs after the key ceremony, over
 *     the election key Y it read from the board (ADR 0416): the letter then names the key the booth must encrypt
 *     under, and a booth that computes F from the key it is about to use (and L, which the server may send: a
 *     wrong L only changes F) shows a server that gave it a key of its own;
 *   - every revocation: (election, revoked credential, replacement);
 *   - every reschedule of the voting window after the manifest was fixed: (election, opensAt, closesAt, revision).
 * Its public key A is in the manifest (ADR 0414), so the election hash pins it.
 *
 * Threat model. The server and the chair may append any record. Without these signatures they could swap a
 * credential in the list for one they control (ballot stuffing of an abstainer) or revoke a voter's credential
 * after that voter cast and vote with the "replacement" (a vote flip). With them, a list the authority did not
 * sign fails check B7a, and a list re-signed with another key has another fingerprint: whoever holds the published
 * fingerprint (`confidence verify --credentials-fingerprint`, the booth that shows it, the voter's letter) sees
 * the difference (B7b). Because F covers Y, a board forked after its setup record with a key ceremony of the
 * server's own fails B7a too (the authority signed the real key), and a booth handed another key shows another
 * fingerprint than the letter's. A revocation not signed by the list's key fails B8a. The signature on the list is also the
 * key's proof of possession (a Schnorr signature whose challenge hashes A), bound to the election hash.
 * What the authority itself can do if it colludes with the server (stuff abstainers' ballots) is the Belenios
 * limit, stated in the threat table.
 *
 * Pure module.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { Point, bytesToHex, mulBase, scalarFromHex, sign, signatureFromJSON, signatureToJSON, systemRng, utf8, verify, type Rng, type SignatureJSON } from '../crypto';
import { canonicalJson } from '../domain/audit/canonical-json';
import { generateCredential, type Credential } from './booth';
import { recordHash, ZERO_HASH, type CredentialsBody, type RescheduleBody, type RevocationBody } from './records';

export type AuthorityKey = Credential;

/**
 * The authority's own check before it issues anything for an election: the board's first record is the setup
 * record whose hash is the election hash it was given, and that manifest names THIS authority's key. Without it, a
 * chair (or server) that put a key of its own into the manifest could take the real authority's list, re-sign it
 * and sign revocations itself: B7a and B8a would pass against the manifest it wrote. Returns why not, or null.
 */
export function manifestProblemForAuthority(setup: unknown, electionHash: string, authorityPublic: string): string | null {
  if (typeof setup !== 'object' || setup === null) return 'the board does not start with a setup record';
  const r = setup as { seq?: unknown; prev?: unknown; type?: unknown; body?: unknown; hash?: unknown };
  if (r.seq !== 0 || r.type !== 'setup' || typeof r.body !== 'object' || r.body === null) return 'the board does not start with a setup record';
  const hash = recordHash(0, ZERO_HASH, 'setup', r.body);
  if (hash !== electionHash.toLowerCase()) return `this board's setup record hashes to ${hash}, not to the election hash ${electionHash}: it is another election's board`;
  const named = (r.body as { manifest?: { authority?: unknown } }).manifest?.authority;
  if (named !== authorityPublic) {
    return `the election's manifest names the credential authority key ${typeof named === 'string' ? named : '(none)'}, not yours (${authorityPublic}): whoever created the election put another key there; issue nothing, and tell the members`;
  }
  return null;
}

/**
 * The election key the authority signs the list over (ADR 0416), from the board's lines as the authority's device
 * read them: the setup record must pass `manifestProblemForAuthority`, every record up to the `election_key` record
 * must chain from it (seq, prev, hash recomputed), and that record's `publicKey` is returned. Returns why not as a
 * string in `problem` (`manifest` when the setup record is the problem). It does not re-run the key ceremony: a board forked with the server's own trustees chains too,
 * but then the list the authority signs names the server's key, which the trustees' boards (and their receipts,
 * B6.6) do not have, so the fork must be the election everyone verifies, and fails there.
 */
export function electionKeyForAuthority(lines: readonly string[], electionHash: string, authorityPublic: string): { electionKey: string; seq: number } | { problem: string; manifest?: true } {
  const recs: { seq?: unknown; prev?: unknown; type?: unknown; body?: unknown; hash?: unknown }[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      recs.push(JSON.parse(line) as never);
    } catch {
      return { problem: `line ${i + 1} of the board is not a JSON record` };
    }
  }
  const problem = manifestProblemForAuthority(recs[0], electionHash, authorityPublic);
  if (problem) return { problem, manifest: true };
  let prev = recs[0]!.hash as string;
  for (let i = 1; i < recs.length; i++) {
    const r = recs[i]!;
    if (r.seq !== i || r.prev !== prev || typeof r.type !== 'string' || typeof r.body !== 'object' || r.body === null || recordHash(i, prev, r.type as never, r.body) !== r.hash) {
      return { problem: `record ${i} of the board does not chain from the one before it: the board was altered` };
    }
    prev = r.hash as string;
    if (r.type === 'election_key') {
      const key = (r.body as { publicKey?: unknown }).publicKey;
      if (typeof key !== 'string') return { problem: `the election_key record (seq ${i}) names no public key` };
      try {
        Point.fromHex(key, { field: 'election_key.publicKey' });
      } catch (e) {
        return { problem: (e as Error).message };
      }
      return { electionKey: key.toLowerCase(), seq: i };
    }
  }
  return { problem: 'the board has no election key yet: the trustees finish the key ceremony first, then the credentials are generated (the letters name the election key)' };
}

/** A fresh authority key pair (secret scalar hex, public point hex). */
export function generateAuthorityKey(rng: Rng = systemRng): AuthorityKey {
  return generateCredential(rng);
}

/**
 * The list digest L: 64 hex digits. `sorted` must already be sorted (the board's order).
 * It is SHA-256 of canonicalJson({domain, election, authority, credentials}), hashed piece by piece in the canonical
 * key order (authority, credentials, domain, election): for 200,000 credentials the canonical text is 13 MB, and
 * building it whole (then its UTF-8 copy) cost the verifier tens of MB at once. The bytes hashed are the same.
 */
export function credentialListFingerprint(electionHash: string, authority: string, sorted: readonly string[]): string {
  const h = sha256.create();
  // Anything but an array (a forged list) is hashed as canonical JSON of the whole value, as it always was.
  if (!Array.isArray(sorted)) return bytesToHex(h.update(utf8(canonicalJson({ domain: 'confidence/v1/credential-list', election: electionHash, authority, credentials: sorted }))).digest());
  let buf = `{"authority":${canonicalJson(authority)},"credentials":[`;
  for (let i = 0; i < sorted.length; i++) {
    buf += (i ? ',' : '') + canonicalJson(sorted[i]);
    if (buf.length >= 65536) {
      h.update(utf8(buf));
      buf = '';
    }
  }
  h.update(utf8(`${buf}],"domain":${canonicalJson('confidence/v1/credential-list')},"election":${canonicalJson(electionHash)}}`));
  return bytesToHex(h.digest());
}

/**
 * The fingerprint F the authority signs and publishes: it binds the election, the election key Y (the
 * `election_key` record's `publicKey`, which ballots are encrypted under) and the list digest L. A booth computes
 * it from the key it encrypts under and the list digest (which needs no list: 64 hex digits the server sends).
 */
export function credentialsFingerprint(electionHash: string, electionKey: string, listDigest: string): string {
  return bytesToHex(sha256(utf8(canonicalJson({ domain: 'confidence/v1/credentials-fingerprint', election: electionHash, electionKey, list: listDigest }))));
}

/** Human form for print and screen: the first 128 bits as 8 groups of 4 hex digits (e.g. `3fa2-…-09bc`). */
export function formatFingerprint(fp: string): string {
  return fp.slice(0, 32).replace(/(.{4})(?!$)/g, '$1-');
}

/**
 * Whether `given` (as a person typed it: the 8-group short form or the full 64 digits, any case, with or without
 * dashes and spaces) names `fingerprint`. At least the 128-bit short form is required.
 */
export function fingerprintMatches(fingerprint: string, given: string): boolean {
  const g = given.toLowerCase().replace(/[\s-]/g, '');
  return /^[0-9a-f]{32}([0-9a-f]{32})?$/.test(g) && fingerprint.startsWith(g);
}

function listMessage(electionHash: string, fingerprint: string): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/credentials', election: electionHash, fingerprint }));
}

function revocationMessage(electionHash: string, revoked: string, replacement: string): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/revocation', election: electionHash, revoked, replacement }));
}

/**
 * The authority signs the credential list for one election, over the election key the board's `election_key`
 * record names (read from a board it verified): the body of the board's `credentials` record.
 */
export function signCredentialList(electionHash: string, authoritySecret: string, credentials: readonly string[], electionKey: string, rng: Rng = systemRng): CredentialsBody & { fingerprint: string } {
  const a = scalarFromHex(authoritySecret, { field: 'authority secret' });
  const authority = mulBase(a).toHex();
  const sorted = [...credentials].sort();
  const fingerprint = credentialsFingerprint(electionHash, electionKey, credentialListFingerprint(electionHash, authority, sorted));
  return { authority, credentials: sorted, signature: signatureToJSON(sign(a, listMessage(electionHash, fingerprint), rng)), fingerprint };
}

/**
 * Checks the list's signature over the list and the board's election key; returns the fingerprint and the list
 * digest, or throws saying what is wrong. A list signed over another election key (a board whose key ceremony was
 * replaced after the authority signed) fails here.
 */
export function checkCredentialListDigests(electionHash: string, body: Pick<CredentialsBody, 'authority' | 'credentials' | 'signature'>, electionKey: string): { fingerprint: string; listDigest: string } {
  const A = Point.fromHex(body.authority, { field: 'authority' });
  const listDigest = credentialListFingerprint(electionHash, body.authority, body.credentials);
  const fingerprint = credentialsFingerprint(electionHash, electionKey, listDigest);
  if (!verify(A, listMessage(electionHash, fingerprint), signatureFromJSON(body.signature, 'signature'))) throw new Error('the credential authority’s signature on the list and the election key is invalid');
  return { fingerprint, listDigest };
}

/** Checks the list's signature (as `checkCredentialListDigests`); returns the fingerprint. */
export function checkCredentialList(electionHash: string, body: Pick<CredentialsBody, 'authority' | 'credentials' | 'signature'>, electionKey: string): string {
  return checkCredentialListDigests(electionHash, body, electionKey).fingerprint;
}

/**
 * The booth's check before it encrypts: the fingerprint of the key it is about to encrypt under, and whether it is
 * the one the member's letter gives (`letter`, as typed; null when none was given). The key, election hash and list
 * digest come from the server; the letter does not, so a server that gives the booth a key of its own is caught.
 */
export function boothFingerprint(electionHash: string, electionKey: string, listDigest: string, letter: string | null): { fingerprint: string; matches: boolean | null } {
  const fingerprint = credentialsFingerprint(electionHash.toLowerCase(), electionKey, listDigest.toLowerCase());
  return { fingerprint, matches: letter === null ? null : fingerprintMatches(fingerprint, letter) };
}

/** The authority signs a revocation: `revoked` stops counting, `replacement` (a fresh credential) takes its place. */
export function signRevocation(electionHash: string, authoritySecret: string, revoked: string, replacement: string, rng: Rng = systemRng): RevocationBody {
  const a = scalarFromHex(authoritySecret, { field: 'authority secret' });
  return { revoked, replacement, signature: signatureToJSON(sign(a, revocationMessage(electionHash, revoked, replacement), rng)) };
}

/** Whether the revocation carries the authority's valid signature (throws on malformed input). */
export function revocationSignatureValid(electionHash: string, authority: string, body: { revoked: string; replacement: string; signature: SignatureJSON | unknown }): boolean {
  return verify(Point.fromHex(authority, { field: 'authority' }), revocationMessage(electionHash, body.revoked, body.replacement), signatureFromJSON(body.signature, 'signature'));
}

function rescheduleMessage(electionHash: string, opensAt: string, closesAt: string, revision: number): Uint8Array {
  return utf8(canonicalJson({ domain: 'confidence/v1/reschedule', election: electionHash, opensAt, closesAt, revision }));
}

/**
 * The authority signs a new voting window (ADR 0414): the server, which stamps the opening and closing and
 * signs receipts, cannot move the window the manifest fixed on its own. `revision` is 1 for the first reschedule.
 */
export function signReschedule(electionHash: string, authoritySecret: string, opensAt: string, closesAt: string, revision: number, rng: Rng = systemRng): RescheduleBody {
  const a = scalarFromHex(authoritySecret, { field: 'authority secret' });
  return { opensAt, closesAt, revision, signature: signatureToJSON(sign(a, rescheduleMessage(electionHash, opensAt, closesAt, revision), rng)) };
}

/** Whether the reschedule carries the authority's valid signature (throws on a malformed signature). */
export function rescheduleSignatureValid(electionHash: string, authority: string, body: { opensAt: string; closesAt: string; revision: number; signature: SignatureJSON | unknown }): boolean {
  return verify(Point.fromHex(authority, { field: 'authority' }), rescheduleMessage(electionHash, body.opensAt, body.closesAt, body.revision), signatureFromJSON(body.signature, 'signature'));
}
