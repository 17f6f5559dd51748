import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { clientAddress } from '../middleware/client';
import { createApiToken, listApiTokens, logout, requestLoginCode, revokeApiToken, SESSION_TTL_MS, verifyLoginCode } from '../../services/auth';
import { requireAccount, roleGate, SESSION_COOKIE } from '../middleware/session';
import { AccountSchema, errorResponses } from '../schemas';
import { AppError } from '../../domain/errors';
import type { AppEnv } from '../types';

const publicAccount = (a: { id: string; email: string; displayName: string; role: 'chair' | 'officer' | 'member' | 'editor'; memberId: string | null }) => ({
  id: a.id,
  email: a.email,
  displayName: a.displayName,
  role: a.role,
  memberId: a.memberId,
});


export function authRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/session',
      tags: ['auth'],
      summary: 'Who is logged in, and the CSRF token for state-changing requests',
      responses: {
        200: {
          description: 'The session',
          content: {
            'application/json': {
              schema: z.object({
                account: AccountSchema.nullable(),
                csrfToken: z.string().nullable(),
                demo: z.boolean().openapi({ description: 'A demo server: anyone can read login codes; the web app shows a banner on every page' }),
              }),
            },
          },
        },
      },
    }),
    (c) => c.json({ account: c.var.account ? publicAccount(c.var.account) : null, csrfToken: c.var.csrfToken, demo: c.var.ctx.config.demoMode === true }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/request-code',
      tags: ['auth'],
      summary: 'Email a one-time login code (same answer whether or not the account exists)',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ email: z.string().trim().min(3).max(254) }).strict() } } } },
      responses: { 202: { description: 'Sent if the account exists', content: { 'application/json': { schema: z.object({ sent: z.literal(true) }) } } }, ...errorResponses(400, 429) },
    }),
    async (c) => {
      await requestLoginCode(c.var.ctx, c.req.valid('json').email, clientAddress(c));
      return c.json({ sent: true as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/verify-code',
      tags: ['auth'],
      summary: 'Exchange a one-time code for a session cookie',
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ email: z.string().trim().min(3).max(254), code: z.string().trim().max(16) }).strict() } } },
      },
      responses: {
        200: { description: 'Logged in', content: { 'application/json': { schema: z.object({ account: AccountSchema, csrfToken: z.string() }) } } },
        ...errorResponses(400, 429),
      },
    }),
    async (c) => {
      const { email, code } = c.req.valid('json');
      const result = await verifyLoginCode(c.var.ctx, email, code);
      setCookie(c, SESSION_COOKIE, result.sessionId, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: c.var.ctx.config.secureCookies,
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return c.json({ account: publicAccount(result.account), csrfToken: result.csrfToken }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/api/auth/logout', tags: ['auth'], summary: 'End the session', responses: { 204: { description: 'Logged out' } } }),
    async (c) => {
      if (c.var.sessionId) await logout(c.var.ctx, c.var.sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  const TokenSummary = z.object({ id: z.string(), label: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() }).openapi('ApiToken');
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/tokens',
      tags: ['auth'],
      summary: 'Create an API token for the command line (shown once; acts as you, recorded as you in the audit log)',
      middleware: [signedIn],
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ label: z.string().trim().min(1).max(100) }).strict() } } } },
      responses: { 201: { description: 'The token', content: { 'application/json': { schema: TokenSummary.extend({ token: z.string() }) } } }, ...errorResponses(400, 401, 403) },
    }),
    async (c) => {
      // Only a logged-in session makes tokens: a stolen token must not mint itself a successor that outlives its revocation.
      if (c.var.sessionId === null) throw new AppError('FORBIDDEN', 'an API token cannot make another: create tokens while logged in (the web app, or `confidence login --email`)');
      return c.json(await createApiToken(c.var.ctx, requireAccount(c), c.req.valid('json').label), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/tokens',
      tags: ['auth'],
      summary: 'My API tokens (never the tokens themselves)',
      middleware: [signedIn],
      responses: { 200: { description: 'Tokens', content: { 'application/json': { schema: z.object({ tokens: z.array(TokenSummary) }) } } }, ...errorResponses(401) },
    }),
    async (c) => c.json({ tokens: await listApiTokens(c.var.ctx, requireAccount(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/auth/tokens/{tokenId}',
      tags: ['auth'],
      summary: 'Revoke one of my API tokens',
      middleware: [signedIn],
      request: { params: z.object({ tokenId: z.string().uuid().openapi({ param: { name: 'tokenId', in: 'path' } }) }) },
      responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      await revokeApiToken(c.var.ctx, requireAccount(c), c.req.valid('param').tokenId);
      return c.body(null, 204);
    },
  );

  return app;
}

const signedIn = roleGate('chair', 'officer', 'member', 'editor');
