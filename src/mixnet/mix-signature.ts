/**
 * Who shuffled: a preferential board's mix record is signed by the mix server of its turn (check M16,
 * docs/mixnet-spec.md §4). Mix server k is trustee k, and signs with the key it registered in the key ceremony
 * (its trustee_key record: the key that already signs its dealing, complaints and answers, ADR 0110), so every
 * mixer's key is fixed on the board before the first ballot is cast, and the server, which writes the board, cannot
 * post a mix in a mixer's name: without the signatures it could be every mix server itself, keep each permutation
 * and link every decrypted preference to its ballot (test/attacks/server-mixes-a-preferential-ballot-itself.test.ts).
 *
 *   digest    = SHA-256(canonicalJson({output, proof}))          (the record body's two members, as on the board)
 *   message   = "confidence/v1/mix-signature" ‖ 0x00 ‖ election hash ‖ 0x00 ‖ k ‖ 0x00 ‖ digest   (UTF-8, hex)
 *   signature = Schnorr (src/crypto/signature.ts) by trustee k's key over the message, stored as {R, s}
 *
 * The digest is computed row by row (a 200,000-row output is never one string here); the streaming reader
 * (./mix-line.ts) computes the same digest from the line's own text. Pure and platform-neutral.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '../crypto/bytes';
import { canonicalJson } from '../domain/audit/canonical-json';
import { mulBase, Point, scalarFromHex } from '../crypto/group';
import { sign, verify } from '../crypto/signature';
import { signatureFromJSON, signatureToJSON, type SignatureJSON } from '../crypto/serialize';
import { systemRng, type Rng } from '../crypto/random';
import type { RowJSON } from './contest';

export const MIX_SIGNATURE_DOMAIN = 'confidence/v1/mix-signature';

/** A mix server's signing secret: its trustee secret file (`confidence trustee register`) has these two fields. */
export interface MixSigner {
  trustee: number;
  transportSecret: string;
}

/** SHA-256 (hex) of canonicalJson({output, proof}), fed row by row. */
export function mixDigest(output: readonly RowJSON[], proof: unknown): string {
  const h = sha256.create();
  const enc = new TextEncoder();
  h.update(enc.encode('{"output":['));
  output.forEach((row, i) => h.update(enc.encode(i ? `,${canonicalJson(row)}` : canonicalJson(row))));
  h.update(enc.encode(`],"proof":${canonicalJson(proof)}}`));
  return bytesToHex(h.digest());
}

export const mixSignatureMessage = (electionHash: string, mixer: number, digest: string): string => `${MIX_SIGNATURE_DOMAIN}\u0000${electionHash}\u0000${mixer}\u0000${digest}`;

/** Throws RangeError unless `signer` is mix server `mixer` (trustee k mixes in turn k). */
export function assertMixTurn(mixer: number, signer: MixSigner): void {
  if (signer.trustee !== mixer) throw new RangeError(`it is mix server ${mixer}'s turn (trustee ${mixer}); this secret file is trustee ${signer.trustee}'s`);
}

/** Mixer k's signature over its mix (throws RangeError when the signer is not mix server k). */
export function signMix(electionHash: string, mixer: number, digest: string, signer: MixSigner, rng: Rng = systemRng): SignatureJSON {
  assertMixTurn(mixer, signer);
  const sk = scalarFromHex(signer.transportSecret, { field: 'transportSecret' });
  return signatureToJSON(sign(sk, mixSignatureMessage(electionHash, mixer, digest), rng, mulBase(sk)));
}

/** The public key a signer's secret gives (hex): a device checks it against the board before mixing. */
export const mixSignerKey = (signer: MixSigner): string => mulBase(scalarFromHex(signer.transportSecret, { field: 'transportSecret' })).toHex();

/** Null if `signature` is mixer k's over this digest under `publicKey` (hex), else why not. */
export function mixSignatureProblem(electionHash: string, mixer: number, digest: string, publicKey: string | undefined, signature: unknown): string | null {
  if (publicKey === undefined) return `the board has no key-ceremony key for trustee ${mixer}, who mixes in turn ${mixer}`;
  if (signature === undefined) return `the mix is not signed (mix server ${mixer} signs its mix with trustee ${mixer}'s key)`;
  try {
    const ok = verify(Point.fromHex(publicKey, { field: 'trustee key' }), mixSignatureMessage(electionHash, mixer, digest), signatureFromJSON(signature, 'signature'));
    return ok ? null : `the mix's signature is not trustee ${mixer}'s (its key from the key ceremony) over this election, turn ${mixer}, and this output and proof`;
  } catch (e) {
    return `the mix's signature: ${(e as Error).message}`;
  }
}
