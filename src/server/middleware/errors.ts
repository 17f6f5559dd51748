import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { errorLanguageFrom, errorMessageFor } from '../../domain/error-messages';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors';
import type { AppEnv } from '../types';

export function errorJson(c: Context, code: ErrorCode, message: string, details?: unknown) {
  const body = details === undefined ? { error: { code, message } } : { error: { code, message, details } };
  // `message` stays English (clients and logs match on it); a Welsh or French reader also gets the code's meaning.
  const language = errorLanguageFrom(c.req.header('accept-language'));
  if (language !== 'en') Object.assign(body.error, { localized: { lang: language, message: errorMessageFor(code, language) } });
  return c.json(body, ERROR_CODES[code].status as 400);
}

/** Every failure becomes `{ error: { code, message } }` with a registry code; nothing leaks a stack. */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) return errorJson(c, err.code, err.message, err.details);
  if (err instanceof HTTPException) {
    if (/Malformed JSON/i.test(err.message)) return errorJson(c, 'MALFORMED_JSON', 'the request body is not valid JSON');
    if (err.status === 413) return errorJson(c, 'BODY_TOO_LARGE', 'the request body is too large');
    return errorJson(c, err.status === 404 ? 'ROUTE_NOT_FOUND' : 'VALIDATION_FAILED', err.message);
  }
  c.var.ctx?.logger.error({ err, requestId: c.var.requestId, path: c.req.path }, 'unhandled error');
  return errorJson(c, 'INTERNAL', `something went wrong on our side (request ${c.var.requestId ?? '?'})`);
}
