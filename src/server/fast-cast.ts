/**
 * The short path of the hottest write, `POST /api/elections/{eid}/ballots`, for the request every voter's booth
 * sends: no session cookie, no API token, a JSON body, no query string, no foreign Origin. Such a request would pass
 * the session, CSRF and read-limit middleware untouched, so this handler, registered before them, skips them and the
 * route's validators, and answers with exactly what the full chain answers: the same body limit (the same middleware
 * object), the same input hygiene (the body parsed once, `assertCleanValue`), the same service call (`castBallot`),
 * the same error bodies (`onError`), the same headers and request log. Every other request to the route (a cookie,
 * a bearer token, an Origin, a query, an election id the route's pattern refuses or a preferential board's, another
 * content type) goes on to the full chain unchanged. test/fast-cast.test.ts asserts the two answer the same for good and bad casts. A new
 * middleware that must apply to casts has to be applied here too (ADR 0415).
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../domain/errors';
import { assertCleanValue } from '../domain/text';
import type { AppContext } from '../services/context';
import { castBallot } from '../services/elections';
import { isPreferentialId } from '../services/preferential';
import { onError } from './middleware/errors';
import { ELECTION_ID_RE } from './schemas';
import type { AppEnv } from './types';

/** The media types the route's JSON validator reads (hono/validator); with any other the full chain answers. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const NOT_JSON = Symbol('not JSON');

let answered = 0;
/** How many casts this path has answered since the process started (for tests and diagnostics). */
export function fastCastsAnswered(): number {
  return answered;
}

export function fastCast(ctx: AppContext, bodyLimit: MiddlewareHandler, headers: (c: Context<AppEnv>) => void, logRequest: (c: Context<AppEnv>, started: number) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const eid = c.req.param('eid');
    const h = c.req.raw.headers;
    const origin = h.get('origin');
    if (
      !eid ||
      !ELECTION_ID_RE.test(eid) ||
      // A preferential board refuses yes/no casts in its routes' own middleware (routes/preferential.ts).
      isPreferentialId(eid) ||
      h.has('cookie') ||
      h.has('authorization') ||
      !JSON_MEDIA_TYPE.test((h.get('content-type') ?? '').split(';')[0]!.trim()) ||
      c.req.url.includes('?') ||
      (origin !== null && origin !== (ctx.config.publicOrigin ?? new URL(c.req.url).origin))
    ) {
      return next();
    }
    answered++;
    c.set('ctx', ctx);
    c.set('requestId', randomUUID());
    c.set('account', null);
    c.set('sessionId', null);
    c.set('csrfToken', null);
    const started = performance.now();
    // Set first, so every answer below (the receipt, an error, the body limit's) carries them.
    headers(c);
    let res: Response | undefined;
    try {
      const limited = await bodyLimit(c, async () => {
        const text = await c.req.text();
        let parsed: unknown = NOT_JSON;
        try {
          if (text !== '') parsed = JSON.parse(text);
        } catch {
          /* answered below, as the route's validator does */
        }
        if (parsed === NOT_JSON) throw new AppError('MALFORMED_JSON', 'the request body is not valid JSON');
        assertCleanValue(parsed);
        res = c.json(await castBallot(ctx, eid, parsed), 200);
      });
      if (limited instanceof Response) res = limited;
    } catch (e) {
      res = await onError(e as Error, c);
    }
    c.res = res!;
    logRequest(c, started);
    return c.res;
  };
}
