import { OpenAPIHono } from '@hono/zod-openapi';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../services/context';
import { errorJson, onError } from './middleware/errors';
import { inputHygiene } from './middleware/input';
import { nodeJsonBodyLimit } from './middleware/node-body';
import type { Context } from 'hono';
import { anonymousReadLimit } from './middleware/read-limit';
import { csrf, session } from './middleware/session';
import { API_DOCS_HTML, API_DOCS_SCRIPT } from './docs-page';
import { authRoutes } from './routes/auth';
import { devRoutes } from './routes/dev';
import { electionRoutes } from './routes/elections';
import { procedureRoutes } from './routes/procedures';
import { rulebookRoutes } from './routes/rulebooks';
import { trackerRoutes } from './routes/tracker';
import { sealRoutes } from './routes/seals';
import { contestRoutes } from './routes/contests';
import { MAX_POSTAL_BODY_BYTES, POSTAL_BATCH_PATH, contestPostalRoutes } from './routes/contest-postal';
import { preferentialRoutes } from './routes/preferential';
import { isMixStreamType } from '../mixnet/board';
import { auditRoutes } from './routes/audit';
import { MAX_ROSTER_BODY_BYTES, ROSTER_IMPORT_PATH, rosterRoutes } from './routes/rosters';
import { MAX_ARTICLE_BYTES } from '../tracker/input';
import type { AppEnv } from './types';

export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));
export const MAX_BODY_BYTES = 256 * 1024;
/** An article's request: its text (at most MAX_ARTICLE_BYTES) doubles at worst when quoted as JSON, plus the other fields. */
export const MAX_ARTICLE_BODY_BYTES = 2 * MAX_ARTICLE_BYTES + 64 * 1024;

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  // 'wasm-unsafe-eval' lets the booth and the public verifier compile the crypto core's WebAssembly (libsodium
  // and the verifier kernel); it does not allow eval() of JavaScript.
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/**
 * The HTTP door: thin handlers over the services. Every request gets a request id, a body limit,
 * the session, CSRF checks and uniform errors; unknown /api routes are 404 with a code.
 */
export function createApp(ctx: AppContext, options: { serveWeb?: boolean } = {}) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
        return errorJson(c, 'VALIDATION_FAILED', `invalid input: ${issues.join('; ')}`, { issues });
      }
    },
  });

  // The security headers every answer carries (and, under /api/, no caching). They are set before the route runs, so
  // the answer the route builds (c.json, c.body, an error from onError) already holds them: a header set on a finished
  // answer makes Hono rebuild it around its body as a stream (under @hono/node-server a full WHATWG Response, read back
  // chunk by chunk), which cost a cast more than all of its middleware. After the route, an answer that lacks one of
  // them or carries another value (a handler's own `new Response`, a route's own Cache-Control) gets them set on it,
  // so every answer ends with exactly the headers it had when they were only set afterwards.
  const pageHeaders: [string, string][] = Object.entries(SECURITY_HEADERS);
  if (ctx.config.hsts) pageHeaders.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  const apiHeaders: [string, string][] = [...pageHeaders, ['Cache-Control', 'no-store']];
  const tooLarge = (c: Context) => errorJson(c, 'BODY_TOO_LARGE', `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  // JSON bodies under `confidence serve` are read from the Node stream directly (./middleware/node-body.ts: cheaper).
  const generalLimit = nodeJsonBodyLimit(MAX_BODY_BYTES, tooLarge, bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));

  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    const requestId = randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    const wanted = c.req.path.startsWith('/api/') ? apiHeaders : pageHeaders;
    for (const [k, v] of wanted) c.header(k, v);
    await next();
    const answered = c.res.headers;
    for (const [k, v] of wanted) if (answered.get(k) !== v) c.header(k, v);
    if (ctx.logger.isLevelEnabled('debug')) ctx.logger.debug({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
  // A few POST routes take more than the general limit, each only for the roles it accepts:
  // - a mixer's shuffle is one proof over every row (about 800 bytes a row): up to 64 MB;
  // - a roster CSV or a contest's membership roll (routes/rosters.ts): up to MAX_ROSTER_BODY_BYTES;
  // - a news article for the tracker: the CLI's per-file limit, with room for JSON quoting.
  const larger = [
    { path: /^\/api\/preferential\/[a-z0-9-]+\/mixes$/, roles: ['chair', 'officer'], maxSize: 64 * 1024 * 1024, what: 'a mix as JSON is at most 64 MB: post a larger one to …/mixes/stream' },
    { path: new RegExp(`^${ROSTER_IMPORT_PATH}$`), roles: ['chair'], maxSize: MAX_ROSTER_BODY_BYTES, what: `a roster import is at most ${MAX_ROSTER_BODY_BYTES} bytes` },
    { path: /^\/api\/contests\/[a-z0-9-]+\/roll$/, roles: ['chair'], maxSize: MAX_ROSTER_BODY_BYTES, what: `a membership roll is at most ${MAX_ROSTER_BODY_BYTES} bytes` },
    { path: POSTAL_BATCH_PATH, roles: ['chair', 'officer'], maxSize: MAX_POSTAL_BODY_BYTES, what: `a postal batch is at most ${MAX_POSTAL_BODY_BYTES} bytes` },
    { path: /^\/api\/trackers\/[a-z0-9-]+\/articles$/, roles: ['editor', 'chair'], maxSize: MAX_ARTICLE_BODY_BYTES, what: `an article is at most ${MAX_ARTICLE_BYTES / 1024 / 1024} MB (the request at most ${MAX_ARTICLE_BODY_BYTES} bytes)` },
  ].map((l) => ({ ...l, limit: bodyLimit({ maxSize: l.maxSize, onError: (c) => errorJson(c, 'BODY_TOO_LARGE', l.what) }) }));
  // The session is resolved first (it reads no body), so only an account whose role the route accepts gets a larger
  // limit: anyone else's body is refused at the general one before it is buffered.
  app.use('/api/*', session);
  // A streamed mix (…/mixes/stream) is not buffered here: the route reads it as it arrives and holds it to the bound
  // its board gives (mixStreamBound: rows × width), answering 413 beyond it. Only for the roles that may mix, and only
  // in the stream's own content type: a JSON body to that path would be read whole by inputHygiene, so it keeps the
  // general limit (test/attacks/officer-buffers-unbounded-json-on-mix-stream.test.ts).
  const streamedMix = /^\/api\/preferential\/[a-z0-9-]+\/mixes\/stream$/;
  app.use('/api/*', (c, next) => {
    const role = c.var.account?.role;
    if (c.req.method === 'POST' && (role === 'chair' || role === 'officer') && streamedMix.test(c.req.path) && isMixStreamType(c.req.header('content-type'))) return next();
    const route = c.req.method === 'POST' && role ? larger.find((l) => l.roles.includes(role) && l.path.test(c.req.path)) : undefined;
    return (route?.limit ?? generalLimit)(c, next);
  });
  app.use('/api/*', inputHygiene);
  app.use('/api/*', anonymousReadLimit());
  app.use('/api/*', csrf);

  app.route('/', authRoutes());
  app.route('/', procedureRoutes());
  app.route('/', rulebookRoutes());
  app.route('/', devRoutes());
  app.route('/', sealRoutes());
  app.route('/', preferentialRoutes());
  app.route('/', electionRoutes());
  app.route('/', trackerRoutes());
  app.route('/', contestRoutes());
  app.route('/', contestPostalRoutes());
  app.route('/', rosterRoutes());
  app.route('/', auditRoutes());

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Confidence API',
      version: '0.1.0',
      description: 'Runs and tracks confidence procedures: confidential letters with a threshold trigger, and their public state.',
    },
  });
  app.get('/api/docs', (c) => c.html(API_DOCS_HTML));
  app.get('/api/docs.js', (c) => c.body(API_DOCS_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  app.all('/api/*', (c) => errorJson(c, 'ROUTE_NOT_FOUND', `no endpoint ${c.req.method} ${c.req.path}; see /api/docs`));

  if (options.serveWeb !== false) {
    app.use('/*', serveStatic({ root: WEB_DIST, rewriteRequestPath: (p) => p }));
    // Single-page app: every other path is the app shell, which routes on the client.
    app.get('*', (c) => {
      const index = `${WEB_DIST}index.html`;
      if (!existsSync(index)) return c.text('The web app is not built yet: run `npm run build:web` (npm start does it for you).', 503);
      return c.html(readFileSync(index, 'utf8'));
    });
  }

  app.onError(onError);
  app.notFound((c) => errorJson(c, 'ROUTE_NOT_FOUND', `no route ${c.req.path}`));
  return app;
}

export type App = ReturnType<typeof createApp>;
