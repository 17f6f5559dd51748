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

  // --- operations: dates, input hygiene, production safety, one writer per data folder ----------
  DATE_IN_FUTURE: { status: 400, exitCode: 2, summary: 'The public view does not answer for a day after the procedure\u2019s today.' },
  INVALID_TEXT: { status: 400, exitCode: 2, summary: 'The input contains a NUL byte or a lone UTF-16 surrogate.' },
  ENDORSEMENT_ALREADY_DECIDED: { status: 409, exitCode: 4, summary: 'An editor has already accepted or rejected this endorsement.' },
  ARTICLE_TOO_LARGE: { status: 413, exitCode: 2, summary: 'The article is larger than the tracker reads (2 MB).' },
  UNSAFE_CONFIGURATION: { status: 500, exitCode: 9, summary: 'The configuration is not safe for production; the server refuses to start.' },
  DATA_DIR_LOCKED: { status: 409, exitCode: 10, summary: 'Another process holds this data folder.' },
  SERVER_UNREACHABLE: { status: 502, exitCode: 10, summary: 'The running Confidence server could not be reached.' },

  // --- guided journeys (the schedule binds the chair) -------------------------------------------------
  VOTE_NOT_YET_DUE: { status: 409, exitCode: 4, summary: 'The vote is scheduled to open later; reschedule it to open earlier.' },

  // --- leadership contests (nominations, MP rounds, members' ballot) ------------------------------
  CONTEST_NOT_FOUND: { status: 404, exitCode: 3, summary: 'No such contest.' },
  CONTEST_WRONG_PHASE: { status: 409, exitCode: 4, summary: 'The contest is not at the stage this step belongs to.' },
  NOMINATOR_NOT_ELIGIBLE: { status: 403, exitCode: 4, summary: 'Only an MP eligible in this contest may nominate or stand.' },
  NOMINATION_DUPLICATE: { status: 409, exitCode: 4, summary: 'This MP has already nominated a candidate.' },
  NOMINATIONS_CLOSED: { status: 409, exitCode: 4, summary: 'Nominations are closed.' },
  CANDIDATE_WITHDRAWN: { status: 409, exitCode: 4, summary: 'The candidate has withdrawn or been eliminated.' },
  CANDIDATE_MAY_NOT_WITHDRAW: { status: 409, exitCode: 4, summary: 'The rulebook does not allow this candidate to withdraw now.' },
  WITHDRAWAL_NOT_SIGNED: { status: 403, exitCode: 4, summary: 'This withdrawal would decide a tied ballot: it needs the candidate’s own signature with their member key.' },
  WITHDRAWAL_SIGNATURE_INVALID: { status: 400, exitCode: 2, summary: 'The withdrawal’s signature is not the candidate’s (wrong key, contest, candidate or stage).' },
  ROUND_PENDING: { status: 409, exitCode: 4, summary: 'The last round has not been declared yet.' },
  ROUND_RESULT_INVALID: { status: 400, exitCode: 2, summary: 'The round result does not fit the standing candidates and the electorate.' },
  ROLL_INVALID: { status: 400, exitCode: 2, summary: 'The membership roll is not valid; nothing was imported.' },
  POSTAL_BATCH_INVALID: { status: 400, exitCode: 2, summary: 'The postal batch is not valid; nothing was recorded.' },
  RECEIPT_NOT_COUNTED: { status: 409, exitCode: 8, summary: 'A receipted ballot is on the board but no longer counts: another record replaced it.' },
  CONTEST_CHECK_FAILED: { status: 422, exitCode: 8, summary: 'The contest failed a verification check.' },
  CONTEST_BALLOT_ON_BOARD: { status: 409, exitCode: 4, summary: 'This ballot runs on a verifiable board: its result is declared from the board’s verified count.' },
  CONTEST_BALLOT_TIED: { status: 409, exitCode: 4, summary: 'The ballot tied under the rulebook’s re-run policy: the chair schedules its rerun, which gets its own board.' },
  LOT_NEEDS_BOARD: { status: 409, exitCode: 4, summary: 'A tie broken by lot is drawn from the close record of the ballot’s verifiable board: declare the count from its board, not by hand.' },
  LOT_SEED_NOT_ACCEPTED: { status: 400, exitCode: 2, summary: 'Nobody names the seed of a lot: it is derived from the close record of the ballot’s board, fixed before the count is known.' },
  ROLL_MISSING: { status: 409, exitCode: 4, summary: 'The members’ ballot needs the membership roll imported first: its eligible members are the electorate.' },
  // --- ballot trust anchors (credential authority signatures, revisions, receipts) ----------------------
  AUTHORITY_SIGNATURE_INVALID: { status: 422, exitCode: 2, summary: 'The credential authority’s signature is missing or invalid.' },
  BALLOT_REVISION_INVALID: { status: 409, exitCode: 4, summary: 'The ballot’s revision is not the next one for its credential.' },
  VOTING_WINDOW_CLOSED: { status: 409, exitCode: 4, summary: 'The voting window the election’s manifest sets has ended; no more ballots are accepted.' },
  AUTHORITY_NOT_IN_MANIFEST: { status: 409, exitCode: 4, summary: 'The election’s manifest does not name this credential authority’s key: the authority issues nothing for it.' },
  FINGERPRINT_MISMATCH: { status: 409, exitCode: 8, summary: 'The fingerprint of the election key and credential list the booth was given is not the one in the member’s letter: the booth does not encrypt.' },
  VOTING_WINDOW_NOT_OVER: { status: 409, exitCode: 4, summary: 'The voting window the election’s manifest sets has not ended: the vote cannot close before members have had all the time they were given.' },
  // --- sealed count and member keys (docs/sealed-count.md) ------------------------------------------
  MEMBER_KEY_PROOF_INVALID: { status: 422, exitCode: 2, summary: 'The member key’s proof of possession does not verify.' },
  MEMBER_KEY_TAKEN: { status: 409, exitCode: 4, summary: 'That public key is already registered to another member.' },
  SEAL_SECRET_MISSING: { status: 500, exitCode: 1, summary: 'The server has no sealed-count secret configured (CONFIDENCE_SEAL_SECRET).' },

  // --- preferential contests (mixnet and counts) ---------------------------------------------
  MIXNET_CHECK_FAILED: { status: 422, exitCode: 8, summary: 'The preferential contest record failed a verification check.' },
  MIXNET_RECORD_INVALID: { status: 400, exitCode: 2, summary: 'The preferential contest record is missing or not readable.' },

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
