/**
 * Errors of the crypto core.
 *
 * Every failure is a `CryptoError` with a stable `code` (the app maps codes into its error registry; never
 * match on the message) and a precise message naming the field that failed, in the style of noble-curves'
 * input checks. Where a failure can be attributed to a party (a trustee's share or partial decryption, one
 * proof in a batch), `details` names it so the caller can blame and exclude exactly that party.
 */
export type CryptoErrorCode =
  | 'CRYPTO_INVALID_LENGTH'
  | 'CRYPTO_INVALID_HEX'
  | 'CRYPTO_INVALID_POINT'
  | 'CRYPTO_IDENTITY_POINT'
  | 'CRYPTO_NONCANONICAL_SCALAR'
  | 'CRYPTO_ZERO_SCALAR'
  | 'CRYPTO_INVALID_ENCODING'
  | 'CRYPTO_INVALID_PARAMETER'
  | 'CRYPTO_PROOF_INVALID'
  | 'CRYPTO_SIGNATURE_INVALID'
  | 'CRYPTO_DECRYPTION_OUT_OF_RANGE'
  | 'CRYPTO_SHARE_INVALID'
  | 'CRYPTO_PARTIAL_INVALID'
  | 'CRYPTO_NOT_ENOUGH_SHARES'
  | 'CRYPTO_BACKEND_NOT_READY';

export interface CryptoErrorDetails {
  /** 1-based trustee index the failure is attributed to (DKG shares, partial decryptions). */
  trustee?: number;
  /** 0-based position in a list (batch verification, vectors of ciphertexts). */
  index?: number;
  /** Name of the offending field, e.g. `proof.responses[1]`. */
  field?: string;
}

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;
  readonly details: CryptoErrorDetails;
  constructor(code: CryptoErrorCode, message: string, details: CryptoErrorDetails = {}) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
    this.details = details;
  }
}

export function isCryptoError(e: unknown, code?: CryptoErrorCode): e is CryptoError {
  return e instanceof CryptoError && (code === undefined || e.code === code);
}
