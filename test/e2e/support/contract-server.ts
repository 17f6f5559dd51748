/**
 * A stand-in for the real server, written from the API contract the web app was built against, so the
 * browser tests and the UI could be developed before the real API existed. It keeps everything in memory
 * and implements only what the web app calls. The e2e suite uses the real server (test/support/server.ts)
 * whenever it exists; set E2E_SERVER=contract to run the browser tests against this stand-in instead.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { loadCommons2019 } from '../../../src/data/commons-2019';
import { memberStatesOn } from '../../../src/domain/roster/membership';
import type { TestServer, TestServerOptions, MailboxEntry } from './server-handle';

const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));
const AS_OF = '2022-06-05';
const PROCEDURE_ID = 'boris-johnson-2022';
const THRESHOLD_FRACTION = 0.15;

type Role = 'chair' | 'officer' | 'member' | 'editor';
interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  memberId: string | null;
}
interface Letter {
  memberId: string;
  status: 'submitted' | 'withdrawn';
  effectiveFrom: string;
  submittedAt: string;
  withdrawnAt: string | null;
  simulated: boolean;
  recordedBy: string;
}

export async function startContractServer(options: TestServerOptions = {}): Promise<TestServer> {
  const roster = loadCommons2019();
  const states = memberStatesOn(roster, AS_OF);
  const members = roster.members
    .map((m) => ({ member: m, state: states.get(m.memberId) }))
    .filter((x) => x.state?.sitting)
    .map(({ member, state }) => ({
      memberId: member.memberId,
      displayName: member.displayName,
      constituency: state!.constituency,
      party: state!.party,
      whip: state!.whip,
    }));
  const eligible = new Set(members.filter((m) => m.party === 'Con' && m.whip).map((m) => m.memberId));
  const denominator = eligible.size;
  const threshold = Math.ceil(denominator * THRESHOLD_FRACTION);

  const accounts: Account[] = [
    { id: 'a-chair', email: 'chair@demo.confidence', displayName: 'Sir Graham Brady', role: 'chair', memberId: null },
    { id: 'a-officer', email: 'officer@demo.confidence', displayName: 'Vice-chair', role: 'officer', memberId: null },
    { id: 'a-editor', email: 'editor@demo.confidence', displayName: 'Editor', role: 'editor', memberId: null },
  ];
  const accountFor = (email: string): Account | undefined => {
    const known = accounts.find((a) => a.email === email);
    if (known) return known;
    const match = /^([a-z0-9-]+)@members\.demo$/.exec(email);
    const member = match ? members.find((m) => m.memberId === match[1]) : undefined;
    if (!member) return undefined;
    const account: Account = { id: `a-${member.memberId}`, email, displayName: member.displayName, role: 'member', memberId: member.memberId };
    accounts.push(account);
    return account;
  };

  const letters = new Map<string, Letter>();
  const timeline: { at: string; kind: string; description: string; count: number; threshold: number }[] = [];
  let ballot: { opensAt: string; closesAt: string } | null = null;
  let thresholdReachedOn: string | null = null;
  if (options.seed === 'demo') {
    for (const memberId of [...eligible].slice(0, 40)) {
      letters.set(memberId, {
        memberId,
        status: 'submitted',
        effectiveFrom: '2022-05-20',
        submittedAt: '2022-05-20T10:00:00.000Z',
        withdrawnAt: null,
        simulated: true,
        recordedBy: 'seed',
      });
    }
  }
  const inForce = (l: Letter) => l.status === 'submitted' && l.effectiveFrom <= AS_OF && eligible.has(l.memberId);
  const count = () => [...letters.values()].filter(inForce).length;
  const state = () => (ballot ? 'ballot_scheduled' : count() >= threshold ? 'threshold_reached' : 'collecting');
  const stateLabel = () =>
    ({ collecting: 'Collecting letters', threshold_reached: 'Threshold reached', ballot_scheduled: 'Confidence vote scheduled' })[state()];
  const log = (kind: string, description: string) => {
    const c = count();
    if (c >= threshold && thresholdReachedOn === null) thresholdReachedOn = AS_OF;
    if (c < threshold && !ballot) thresholdReachedOn = null;
    timeline.push({ at: new Date().toISOString(), kind, description, count: c, threshold });
  };

  const publicView = () => ({
    id: PROCEDURE_ID,
    title: 'Confidence in Boris Johnson (2022)',
    simulated: options.seed === 'demo',
    leader: { name: 'Boris Johnson' },
    party: 'Con',
    rulebook: {
      id: 'conservative-1922',
      name: '1922 Committee rules (2022)',
      summary: [
        'A confidence vote is triggered when letters reach 15% of MPs holding the Conservative whip, rounded up.',
        'Letters may be post-dated and withdrawn at any time.',
        'The leader survives with a simple majority of the votes cast and is then immune for 12 months.',
      ],
    },
    asOf: AS_OF,
    denominator,
    threshold,
    state: state(),
    stateLabel: stateLabel(),
    immuneUntil: null,
    ballot,
    outcome: null,
  });

  const sessions = new Map<string, { accountId: string | null; csrf: string }>();
  const codes = new Map<string, { code: string; tries: number }>();
  const mail: { id: string; to: string; subject: string; text: string; createdAt: string; code: string }[] = [];

  const app = new Hono();
  const fail = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 429, code: string, message: string) =>
    c.json({ error: { code, message } }, status);
  const sessionOf = (c: Context) => {
    const sid = getCookie(c, 'sid');
    return sid ? sessions.get(sid) : undefined;
  };
  const accountOf = (c: Context) => {
    const s = sessionOf(c);
    return s?.accountId ? accounts.find((a) => a.id === s.accountId) : undefined;
  };

  app.use('/api/*', async (c, next) => {
    if (c.req.method !== 'GET' && !c.req.path.startsWith('/api/auth/')) {
      const s = sessionOf(c);
      if (!s || c.req.header('x-csrf-token') !== s.csrf) return fail(c, 403, 'CSRF_FAILED', 'The request did not carry a valid CSRF token.');
    }
    await next();
  });

  app.get('/api/session', (c) => {
    const s = sessionOf(c);
    const account = accountOf(c) ?? null;
    return c.json({ account, csrfToken: account ? s!.csrf : null });
  });
  app.post('/api/auth/request-code', async (c) => {
    const { email } = await c.req.json<{ email?: string }>();
    const account = email ? accountFor(email.toLowerCase()) : undefined;
    if (account) {
      const code = String(randomInt(100000, 999999));
      codes.set(account.email, { code, tries: 0 });
      mail.push({
        id: String(mail.length + 1),
        to: account.email,
        subject: 'Your Confidence login code',
        text: `Your one-time code is ${code}. It expires in 10 minutes.`,
        createdAt: new Date().toISOString(),
        code,
      });
    }
    return c.json({ sent: true }, 202);
  });
  app.post('/api/auth/verify-code', async (c) => {
    const { email, code } = await c.req.json<{ email?: string; code?: string }>();
    const entry = email ? codes.get(email.toLowerCase()) : undefined;
    if (entry && ++entry.tries > 5) return fail(c, 429, 'RATE_LIMITED', 'Too many attempts; wait and try again.');
    if (!entry || entry.code !== code) return fail(c, 400, 'LOGIN_CODE_INVALID', 'The one-time code is wrong or has expired.');
    codes.delete(email!.toLowerCase());
    const account = accountFor(email!.toLowerCase())!;
    const sid = randomBytes(16).toString('hex');
    const csrf = randomBytes(16).toString('hex');
    sessions.set(sid, { accountId: account.id, csrf });
    setCookie(c, 'sid', sid, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json({ account, csrfToken: csrf });
  });
  app.post('/api/auth/logout', (c) => {
    const sid = getCookie(c, 'sid');
    if (sid) sessions.delete(sid);
    deleteCookie(c, 'sid', { path: '/' });
    return c.body(null, 204);
  });
  app.get('/api/dev/mailbox', (c) => c.json({ enabled: true, messages: mail.map(({ code: _code, ...m }) => m) }));

  app.get('/api/procedures', (c) => c.json({ procedures: [publicView()] }));
  app.get('/api/procedures/:id', (c) =>
    c.req.param('id') === PROCEDURE_ID ? c.json(publicView()) : fail(c, 404, 'PROCEDURE_NOT_FOUND', 'No such procedure.'),
  );

  const mine = (memberId: string) => {
    const l = letters.get(memberId);
    return l ? { status: l.status, effectiveFrom: l.effectiveFrom, submittedAt: l.submittedAt, withdrawnAt: l.withdrawnAt, inForce: inForce(l) } : null;
  };
  app.get('/api/procedures/:id/letters/mine', (c) => {
    const a = accountOf(c);
    if (!a) return fail(c, 401, 'UNAUTHENTICATED', 'Log in first.');
    if (!a.memberId) return fail(c, 403, 'FORBIDDEN', 'Your role does not allow this.');
    return c.json({ eligible: eligible.has(a.memberId), letter: mine(a.memberId) });
  });
  app.put('/api/procedures/:id/letters/mine', async (c) => {
    const a = accountOf(c);
    if (!a?.memberId) return fail(c, 403, 'FORBIDDEN', 'Your role does not allow this.');
    if (!eligible.has(a.memberId)) return fail(c, 403, 'NOT_ELIGIBLE', 'You do not hold the whip.');
    const body = await c.req.json<{ effectiveFrom?: string }>().catch(() => ({}) as { effectiveFrom?: string });
    const existing = letters.get(a.memberId);
    if (!existing || existing.status === 'withdrawn') {
      letters.set(a.memberId, {
        memberId: a.memberId,
        status: 'submitted',
        effectiveFrom: body.effectiveFrom ?? AS_OF,
        submittedAt: new Date().toISOString(),
        withdrawnAt: null,
        simulated: false,
        recordedBy: a.displayName,
      });
      log('letter_submitted', 'A letter was received.');
    }
    return c.json({ letter: mine(a.memberId) });
  });
  app.delete('/api/procedures/:id/letters/mine', (c) => {
    const a = accountOf(c);
    if (!a?.memberId) return fail(c, 403, 'FORBIDDEN', 'Your role does not allow this.');
    const l = letters.get(a.memberId);
    if (!l || l.status === 'withdrawn') return fail(c, 404, 'LETTER_NOT_FOUND', 'You have no letter on file.');
    l.status = 'withdrawn';
    l.withdrawnAt = new Date().toISOString();
    log('letter_withdrawn', 'A letter was withdrawn.');
    return c.json({ letter: mine(a.memberId) });
  });

  const officer = (c: Context) => {
    const a = accountOf(c);
    return a && (a.role === 'chair' || a.role === 'officer') ? a : undefined;
  };
  app.get('/api/procedures/:id/chair', (c) => {
    if (!accountOf(c)) return fail(c, 401, 'UNAUTHENTICATED', 'Log in first.');
    if (!officer(c)) return fail(c, 403, 'FORBIDDEN', 'Only the chair and officers see the letters.');
    return c.json({
      ...publicView(),
      count: count(),
      letters: [...letters.values()].map((l) => {
        const m = members.find((x) => x.memberId === l.memberId)!;
        return { ...l, displayName: m.displayName, constituency: m.constituency, inForce: inForce(l) };
      }),
      timeline,
      thresholdReachedOn,
    });
  });
  app.post('/api/procedures/:id/letters', async (c) => {
    const a = officer(c);
    if (!a) return fail(c, 403, 'FORBIDDEN', 'Only the chair records letters.');
    const { memberId, effectiveFrom } = await c.req.json<{ memberId: string; effectiveFrom?: string }>();
    if (!eligible.has(memberId)) return fail(c, 403, 'NOT_ELIGIBLE', 'The member is not eligible.');
    letters.set(memberId, {
      memberId,
      status: 'submitted',
      effectiveFrom: effectiveFrom ?? AS_OF,
      submittedAt: new Date().toISOString(),
      withdrawnAt: null,
      simulated: false,
      recordedBy: a.displayName,
    });
    log('letter_recorded', 'The chair recorded a paper letter.');
    return c.json({ ok: true });
  });
  app.delete('/api/procedures/:id/letters/:memberId', (c) => {
    if (!officer(c)) return fail(c, 403, 'FORBIDDEN', 'Only the chair records withdrawals.');
    const l = letters.get(c.req.param('memberId'));
    if (!l || l.status === 'withdrawn') return fail(c, 404, 'LETTER_NOT_FOUND', 'No letter on file.');
    l.status = 'withdrawn';
    l.withdrawnAt = new Date().toISOString();
    log('letter_withdrawn', 'The chair recorded a withdrawal.');
    return c.json({ ok: true });
  });
  app.post('/api/procedures/:id/ballot', async (c) => {
    if (!officer(c)) return fail(c, 403, 'FORBIDDEN', 'Only the chair schedules the vote.');
    if (state() !== 'threshold_reached') return fail(c, 409, 'INVALID_TRANSITION', 'The threshold has not been reached.');
    ballot = await c.req.json<{ opensAt: string; closesAt: string }>();
    log('ballot_scheduled', 'The confidence vote was scheduled.');
    return c.json({ ok: true });
  });
  app.get('/api/members', (c) => {
    if (!officer(c)) return fail(c, 403, 'FORBIDDEN', 'Only the chair searches members.');
    const q = (c.req.query('q') ?? '').toLowerCase();
    return c.json({
      members: members.filter((m) => `${m.displayName} ${m.constituency} ${m.memberId}`.toLowerCase().includes(q)),
    });
  });
  app.all('/api/*', (c) => fail(c, 404, 'ROUTE_NOT_FOUND', 'No such endpoint.'));

  app.use('/*', serveStatic({ root: WEB_ROOT }));
  const indexHtml = () => readFileSync(`${WEB_ROOT}index.html`, 'utf8');
  app.get('*', (c) => c.html(indexHtml()));

  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    procedureId: PROCEDURE_ID,
    async mailbox(to?: string): Promise<MailboxEntry[]> {
      // Newest first, like the real test server.
      return mail
        .filter((m) => !to || m.to === to)
        .reverse()
        .map(({ to, subject, text, code }) => ({ to, subject, text, code }));
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
