/**
 * Typed client for the Confidence HTTP API. Every request is same-origin (the session lives in an
 * HttpOnly cookie); every state-changing request carries the CSRF token the server handed out with the
 * session. Error bodies `{ error: { code, message, details? } }` become `ApiError`s whose message is fit
 * to show to the user as it is.
 */

export type Role = 'chair' | 'officer' | 'member' | 'editor';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  memberId: string | null;
}

export interface Session {
  account: Account | null;
  csrfToken: string | null;
  /** A demo server: anyone can read the login codes (shown as a banner on every page). */
  demo?: boolean;
}

/**
 * The procedure views are the server's own types (src/services/procedures.ts), imported type-only: the
 * client cannot drift from what the API serves, and no server code reaches the bundle.
 */
import type { ChairLetter, MyLetterView, ProcedureChairView, ProcedurePublicView } from '../services/procedures';
import type { ProcedureState } from '../domain/procedure/evaluate';
export type { ChairLetter, MyLetterView, ProcedureState };
export type ProcedurePublic = ProcedurePublicView;
export type Rulebook = ProcedurePublicView['rulebook'];
export type LetterStatus = ChairLetter['status'];
export type MyLetter = NonNullable<MyLetterView['letter']>;
export type TimelineEntry = ProcedureChairView['timeline'][number];
export type ChairView = ProcedureChairView;

export interface MemberSummary {
  memberId: string;
  displayName: string;
  constituency: string;
  party: string;
  whip: boolean;
}

export interface ApiToken {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** A sealed count (docs/sealed-count.md): the same types the server serves (type-only: nothing is bundled). */
export type { SealSummary } from '../services/seals';
export type { PublicSeal as PublicSealJson } from '../domain/seal/seal';
import type { SealSummary, PublicKeyRegistration } from '../services/seals';
import type { PublicSeal as PublicSealJson } from '../domain/seal/seal';
import type { MySlotAnswer, MemberKeyRegistration } from './seal-types';
export type MySealSlot = MySlotAnswer;
export type { PublicKeyRegistration };

/** An error the API (or the network) reported, with a message written for people. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** The server issues the token with the session; it must be echoed on every non-GET request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The one way the app talks to its API as the logged-in user (tracker and ceremony pages use it too). */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('Could not reach the server. Check your connection and try again.', 0, 'NETWORK');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, payload);
  return payload as T;
}

/**
 * A signed-in POST whose body is already encoded (a streamed mix: a Blob of JSON lines with its own content type),
 * with the same session cookie, CSRF token and error handling as `request`.
 */
export async function postBody<T>(path: string, body: Blob, contentType: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': contentType };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body });
  } catch {
    throw new ApiError('Could not reach the server. Check your connection and try again.', 0, 'NETWORK');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, payload);
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const serverMessage = typeof error?.message === 'string' && error.message.trim() ? error.message : null;
  // Server messages are written to be read ("the code is wrong or has expired"); shown alone, they start a sentence.
  const message = serverMessage
    ? serverMessage.charAt(0).toUpperCase() + serverMessage.slice(1)
    : (FALLBACK_MESSAGES[code] ?? `The server answered with status ${status}.`);
  return new ApiError(withFieldDetails(message, error?.details), status, code, error?.details);
}

/** Validation errors carry per-field problems; people need to know which field to fix. */
function withFieldDetails(message: string, details: unknown): string {
  if (!Array.isArray(details)) return message;
  const lines = details
    .map((d: unknown) => {
      const item = d as { path?: unknown; message?: unknown };
      if (typeof item?.message !== 'string') return null;
      const path = Array.isArray(item.path) ? item.path.join('.') : typeof item.path === 'string' ? item.path : '';
      return path ? `${path}: ${item.message}` : item.message;
    })
    .filter((line): line is string => line !== null);
  return lines.length ? `${message} (${lines.join('; ')})` : message;
}

const FALLBACK_MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: 'Please log in first.',
  FORBIDDEN: 'Your role does not allow this.',
  CSRF_FAILED: 'Your session has expired. Reload the page and try again.',
  RATE_LIMITED: 'Too many attempts. Wait a few minutes and try again.',
  LOGIN_CODE_INVALID: 'That code is wrong or has expired.',
  HTTP_404: 'Not found.',
  HTTP_429: 'Too many attempts. Wait a few minutes and try again.',
  HTTP_500: 'Something went wrong on our side.',
};

const enc = encodeURIComponent;

export const api = {
  session: () => request<Session>('GET', '/api/session'),
  requestCode: (email: string) => request<{ sent: true }>('POST', '/api/auth/request-code', { email }),
  verifyCode: (email: string, code: string) =>
    request<{ account: Account; csrfToken: string }>('POST', '/api/auth/verify-code', { email, code }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  mailbox: () => request<{ enabled: boolean; messages: MailboxMessage[] }>('GET', '/api/dev/mailbox'),

  procedures: () => request<{ procedures: ProcedurePublic[] }>('GET', '/api/procedures'),
  procedure: (id: string) => request<ProcedurePublic>('GET', `/api/procedures/${enc(id)}`),
  rulebooks: () => request<{ rulebooks: Rulebook[] }>('GET', '/api/rulebooks'),

  myLetter: (id: string) =>
    request<MyLetterView>('GET', `/api/procedures/${enc(id)}/letters/mine`),
  submitMyLetter: (id: string, effectiveFrom?: string) =>
    request<{ letter: MyLetter }>('PUT', `/api/procedures/${enc(id)}/letters/mine`, effectiveFrom ? { effectiveFrom } : {}),
  withdrawMyLetter: (id: string) => request<{ letter: MyLetter }>('DELETE', `/api/procedures/${enc(id)}/letters/mine`),

  chairView: (id: string) => request<ChairView>('GET', `/api/procedures/${enc(id)}/chair`),
  recordLetter: (id: string, memberId: string, effectiveFrom?: string) =>
    request<unknown>('POST', `/api/procedures/${enc(id)}/letters`, effectiveFrom ? { memberId, effectiveFrom } : { memberId }),
  recordWithdrawal: (id: string, memberId: string) =>
    request<unknown>('DELETE', `/api/procedures/${enc(id)}/letters/${enc(memberId)}`),
  scheduleBallot: (id: string, opensAt: string, closesAt: string) =>
    request<unknown>('POST', `/api/procedures/${enc(id)}/ballot`, { opensAt, closesAt }),
  publishSeal: (id: string) => request<SealSummary>('POST', `/api/procedures/${enc(id)}/seals`),
  latestSeal: (id: string) => request<PublicSealJson>('GET', `/api/procedures/${enc(id)}/seals/latest`),
  mySealSlot: (id: string) => request<MySealSlot>('GET', `/api/procedures/${enc(id)}/seals/latest/mine`),
  sealAt: (id: string, seq: number) => request<PublicSealJson>('GET', `/api/procedures/${enc(id)}/seals/${seq}`),
  sealElectorate: (id: string, seq: number) =>
    request<{ on: string; electorate: string[]; denominator: number; threshold: number }>('GET', `/api/procedures/${enc(id)}/seals/${seq}/electorate`),
  memberKeyRegistry: (rosterId: string) => request<{ rosterId: string; registrations: PublicKeyRegistration[] }>('GET', `/api/rosters/${enc(rosterId)}/member-keys`),
  myMemberKey: () => request<{ rosterId: string; memberId: string; key: PublicKeyRegistration | null }>('GET', '/api/member-key'),
  registerMemberKey: (reg: MemberKeyRegistration) => request<PublicKeyRegistration>('PUT', '/api/member-key', reg),
  apiTokens: () => request<{ tokens: ApiToken[] }>('GET', '/api/auth/tokens'),
  createApiToken: (label: string) => request<ApiToken & { token: string }>('POST', '/api/auth/tokens', { label }),
  revokeApiToken: (id: string) => request<void>('DELETE', `/api/auth/tokens/${enc(id)}`),
  searchMembers: (q: string, procedureId: string) =>
    request<{ members: MemberSummary[] }>('GET', `/api/members?q=${enc(q)}&procedure=${enc(procedureId)}`),
};
