import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../domain/errors';
import type { Role } from '../../db/schema';
import { accountForToken, sessionFor, type Account } from '../../services/auth';
import type { AppEnv } from '../types';
import type { Context } from 'hono';

export const SESSION_COOKIE = 'confidence_session';

/** Resolves the session cookie to an account (or none). Never trusts anything else the client says. */
export const session = createMiddleware<AppEnv>(async (c, next) => {
  c.set('account', null);
  c.set('sessionId', null);
  c.set('csrfToken', null);
  // The CLI (and scripts) authenticate with an API token instead of a cookie. A bearer header is never
  // sent by a browser on its own, so such requests need no CSRF token.
  const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) {
    const account = await accountForToken(c.get('ctx'), bearer);
    if (!account) throw new AppError('UNAUTHENTICATED', 'the API token is unknown or revoked; run `confidence login` again');
    c.set('account', account);
    await next();
    return;
  }
  const id = getCookie(c, SESSION_COOKIE);
  if (id && id.length <= 128) {
    const found = await sessionFor(c.get('ctx'), id);
    if (found) {
      c.set('account', found.account);
      c.set('sessionId', id);
      c.set('csrfToken', found.csrfToken);
    }
  }
  await next();
});

/**
 * CSRF: every state-changing request of a logged-in user must carry the session's token in the
 * X-CSRF-Token header (a cross-site form cannot set headers), and a browser-sent Origin must be ours.
 * Login requests carry no session yet; they need a JSON body, which a cross-site form cannot send.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
    // Behind a reverse proxy the request URL is the proxy's upstream (http://127.0.0.1:8080), not the
    // address the browser used: PUBLIC_URL names it.
    const origin = c.req.header('origin');
    if (origin && origin !== (c.get('ctx').config.publicOrigin ?? new URL(c.req.url).origin)) {
      throw new AppError('CSRF_FAILED', 'cross-origin requests are not accepted');
    }
    const expected = c.get('csrfToken');
    if (expected && c.req.header('x-csrf-token') !== expected) {
      throw new AppError('CSRF_FAILED', 'missing or wrong X-CSRF-Token header; reload the page and try again');
    }
  }
  await next();
});

export function requireAccount(c: Context<AppEnv>): Account {
  const account = c.get('account');
  if (!account) throw new AppError('UNAUTHENTICATED', 'log in to do this');
  return account;
}

export function requireRole(c: Context<AppEnv>, ...roles: Role[]): Account {
  const account = requireAccount(c);
  if (!roles.includes(account.role)) {
    throw new AppError('FORBIDDEN', `this needs the role ${roles.join(' or ')}; you are logged in as ${account.role}`);
  }
  return account;
}

/**
 * The role check as route middleware: it runs before the request's validators, so an anonymous or
 * unprivileged caller gets 401/403 and never learns the body's schema from a validation message.
 */
export function roleGate(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('gatedAccount', requireRole(c, ...roles));
    await next();
  });
}

/**
 * The account the route's roleGate admitted: the one role check of a gated route, so its handler does not check
 * again. A handler asking for it on a route without a gate is a programming error (500), never an open door.
 */
export function gatedAccount(c: Context<AppEnv>): Account {
  const account = c.get('gatedAccount');
  if (!account) throw new Error(`${c.req.method} ${c.req.path}: the handler needs the gated account, but the route has no roleGate`);
  return account;
}
