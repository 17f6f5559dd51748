/**
 * The one registry of stable error codes. The HTTP API returns `{ error: { code, message, details } }`
 * with `status`; the CLI prints `error CODE: message` and exits with `exitCode`. Codes are part of the
 * public contract: never rename one, only add. Each area keeps its codes in its own section.
 */
export const ERROR_CODES = {
  // --- input and transport -------------------------------------------------------------------
  VALIDATION_FAILED: { status: 400, exitCode: 2, summary: 'The input is not valid.' },
  MALFORMED_JSON: { status: 400, exitCode: 2, summary: 'The request body is not valid JSON.' },
  BODY_TOO_LARGE: { status: 413, exitCode: 2, summary: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, exitCode: 2, summary: 'The request body must be JSON.' },
  ROUTE_NOT_FOUND: { status: 404, exitCode: 2, summary: 'No such endpoint.' },
  NOT_FOUND: { status: 404, exitCode: 3, summary: 'No such record.' },
  CONFLICT: { status: 409, exitCode: 4, summary: 'The request conflicts with the current state.' },
  INTERNAL: { status: 500, exitCode: 1, summary: 'Something went wrong on our side.' },

  // --- accounts and access ---------------------------------------------------------------------
  UNAUTHENTICATED: { status: 401, exitCode: 5, summary: 'Log in first.' },
  FORBIDDEN: { status: 403, exitCode: 5, summary: 'Your role does not allow this.' },
  CSRF_FAILED: { status: 403, exitCode: 5, summary: 'The request did not carry a valid CSRF token.' },
  RATE_LIMITED: { status: 429, exitCode: 6, summary: 'Too many attempts; wait and try again.' },
  LOGIN_CODE_INVALID: { status: 400, exitCode: 5, summary: 'The one-time code is wrong or has expired.' },
  ACCOUNT_NOT_FOUND: { status: 404, exitCode: 3, summary: 'No account with that email.' },

  // --- roster --------------------------------------------------------------------------------
  CSV_INVALID: { status: 400, exitCode: 2, summary: 'The CSV file is not valid; nothing was imported.' },
  MEMBER_NOT_FOUND: { status: 404, exitCode: 3, summary: 'No such member.' },

  // --- rulebooks -----------------------------------------------------------------------------
  RULEBOOK_NOT_FOUND: { status: 404, exitCode: 3, summary: 'No such rulebook.' },
  RULEBOOK_INVALID: { status: 400, exitCode: 2, summary: 'The rulebook is not valid.' },

  // --- procedures and letters --------------------------------------------------------------------
  PROCEDURE_NOT_FOUND: { status: 404, exitCode: 3, summary: 'No such procedure.' },
  INVALID_TRANSITION: { status: 409, exitCode: 4, summary: 'The procedure is not in a state that allows this.' },
  NOT_ELIGIBLE: { status: 403, exitCode: 4, summary: 'The member is not eligible to write a letter in this procedure.' },
  LETTER_NOT_FOUND: { status: 404, exitCode: 3, summary: 'The member has no letter on file.' },
  POSTDATING_NOT_ALLOWED: { status: 400, exitCode: 2, summary: 'The rulebook does not allow post-dated letters.' },
  WITHDRAWAL_NOT_ALLOWED: { status: 409, exitCode: 4, summary: 'The rulebook does not allow letters to be withdrawn.' },

  // --- ballots (issue 4: the verifiable confidence vote) -----------------------------------------
  ELECTION_NOT_FOUND: { status: 404, exitCode: 3, summary: 'No such election.' },
  ELECTION_EXISTS: { status: 409, exitCode: 4, summary: 'This procedure already has an election.' },
  ELECTION_NOT_OPEN: { status: 409, exitCode: 4, summary: 'The election is not open for voting yet.' },
  ELECTION_CLOSED: { status: 409, exitCode: 4, summary: 'The election is closed; no more ballots are accepted.' },
  ELECTION_WRONG_STAGE: { status: 409, exitCode: 4, summary: 'The election is not at the stage this step belongs to.' },
  BALLOT_MALFORMED: { status: 400, exitCode: 2, summary: 'The ballot is not well formed.' },
  BALLOT_INVALID_PROOF: { status: 422, exitCode: 2, summary: 'The ballot’s proof that it holds a 0 or a 1 is invalid.' },
  BALLOT_INVALID_SIGNATURE: { status: 422, exitCode: 2, summary: 'The ballot’s credential signature is invalid.' },
  BALLOT_UNKNOWN_CREDENTIAL: { status: 403, exitCode: 4, summary: 'The ballot’s credential is not on the list (or was revoked).' },
  BALLOT_REPLAYED: { status: 409, exitCode: 4, summary: 'This ballot was already cast.' },
  CREDENTIALS_INVALID: { status: 400, exitCode: 2, summary: 'The credential list is not valid.' },
  TRUSTEE_MESSAGE_INVALID: { status: 422, exitCode: 2, summary: 'The trustee’s message is not valid.' },
  BOARD_CHECK_FAILED: { status: 422, exitCode: 8, summary: 'The bulletin board failed a verification check.' },

  // --- sealed count and member keys (docs/sealed-count.md) ------------------------------------------
  MEMBER_KEY_PROOF_INVALID: { status: 422, exitCode: 2, summary: 'The member key’s proof of possession does not verify.' },
  MEMBER_KEY_TAKEN: { status: 409, exitCode: 4, summary: 'That public key is already registered to another member.' },
  SEAL_SECRET_MISSING: { status: 500, exitCode: 1, summary: 'The server has no sealed-count secret configured (CONFIDENCE_SEAL_SECRET).' },

  // --- audit log -----------------------------------------------------------------------------
  AUDIT_CHAIN_BROKEN: { status: 500, exitCode: 7, summary: 'The audit log has been altered.' },
} as const satisfies Record<string, { status: number; exitCode: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly exitCode: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    const entry = ERROR_CODES[code];
    super(message ?? entry.summary);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.exitCode = entry.exitCode;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
