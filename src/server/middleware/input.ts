import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import { assertCleanText, assertCleanValue } from '../../domain/text';
import type { AppEnv } from '../types';

/**
 * Refuses, before any route sees it, input the database or the hash chain cannot hold faithfully: a NUL
 * byte or a lone UTF-16 surrogate in the path, the query or a JSON body (src/domain/text.ts). Without it a
 * `%00` in an id reached PostgreSQL and came back as a 500 with a stack trace at error level, which
 * anyone could use to flood the logs. A path that is not valid percent-encoding is refused the same way.
 */
export const inputHygiene = createMiddleware<AppEnv>(async (c, next) => {
  // The request's URL is serialised (WHATWG URL): every byte that is not printable ASCII in its path or query is
  // percent-encoded there, so a URL without a `%` has nothing to decode and nothing to refuse.
  const href = c.req.url;
  if (href.includes('%')) {
    const url = new URL(href);
    for (const segment of url.pathname.split('/')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw new AppError('INVALID_TEXT', 'the path is not valid percent-encoded UTF-8');
      }
      assertCleanText(decoded, 'the path');
    }
    for (const [key, value] of url.searchParams) {
      assertCleanText(key, 'a query parameter name');
      assertCleanText(value, `query parameter ${key}`);
    }
  }
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD' && /json/i.test(c.req.header('content-type') ?? '')) {
    const text = await c.req.text(); // Hono caches it
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined; // the route's validator parses it again and answers MALFORMED_JSON
    }
    assertCleanValue(parsed);
    // The route's JSON validator would parse the same text again; put the value in Hono's own body cache, which
    // HonoRequest#json reads first. Only a body that parsed: a malformed or empty one is left to the validator, which
    // refuses it as before.
    if (parsed !== undefined) (c.req.bodyCache as Record<string, Promise<unknown>>).json = Promise.resolve(parsed);
  }
  await next();
});
