import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../domain/errors';
import { actorFor } from '../../services/auth';
import { chairView, listProcedureRows, loadCurrentProcedure, loadProcedure, myLetterView, procedureRosterId, publicProcedureView, publicView, runProcedureCommand } from '../../services/procedures';
import { noticeOfChairRecord } from '../../services/letter-notices';
import { searchMembers } from '../../services/roster';
import { assertProcedureMayReschedule } from '../../services/elections';
import { gatedAccount, roleGate } from '../middleware/session';
import { errorResponses, IsoDay, MemberIdPattern, MyLetter, ProcedureIdPattern, ProcedureChair, ProcedureIdParam, ProcedurePublic } from '../schemas';
import type { AppEnv } from '../types';
import type { Context } from 'hono';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A member acts only for themselves, and only in procedures over their own roster. */
async function memberOf(c: Context<AppEnv>, procedureId: string) {
  const account = gatedAccount(c);
  const rosterId = await procedureRosterId(c.var.ctx, procedureId);
  if (!account.memberId || account.rosterId !== rosterId) {
    throw new AppError('FORBIDDEN', 'your account is not a member of this procedure\u2019s organisation');
  }
  return { account, memberId: account.memberId };
}

export function procedureRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({ method: 'get', path: '/api/procedures', tags: ['procedures'], summary: 'Every procedure, public view', responses: { 200: json(z.object({ procedures: z.array(ProcedurePublic) }), 'Procedures') } }),
    async (c) => {
      const rows = await listProcedureRows(c.var.ctx.db);
      const views = await Promise.all(rows.map(async (r) => publicView(await loadCurrentProcedure(c.var.ctx, r.id))));
      return c.json({ procedures: views }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}',
      tags: ['procedures'],
      summary: 'A procedure\u2019s public state: rulebook, denominator, threshold, state, immunity — never the count; `on` may not be after the procedure\u2019s today',
      request: { params: ProcedureIdParam, query: z.object({ on: IsoDay.optional() }) },
      responses: { 200: json(ProcedurePublic, 'Public view'), ...errorResponses(400, 404) },
    }),
    async (c) => c.json(await publicProcedureView(c.var.ctx, c.req.valid('param').id, c.req.valid('query').on), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}/chair',
      middleware: [roleGate('chair', 'officer')],

      tags: ['chair'],
      summary: 'The count, the names and the timeline (chair and officers only)',
      request: { params: ProcedureIdParam, query: z.object({ on: IsoDay.optional() }) },
      responses: { 200: json(ProcedureChair, 'Chair view'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const p = await loadProcedure(c.var.ctx, c.req.valid('param').id, c.req.valid('query').on);
      return c.json(await chairView(c.var.ctx.db, p), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/procedures/{id}/letters/mine',
      middleware: [roleGate('member')],
      tags: ['letters'],
      summary: 'My letter (members only)',
      request: { params: ProcedureIdParam },
      responses: { 200: json(MyLetter, 'My letter'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { memberId } = await memberOf(c, id);
      return c.json(await myLetterView(c.var.ctx, await loadCurrentProcedure(c.var.ctx, id), memberId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/procedures/{id}/letters/mine',
      middleware: [roleGate('member')],
      tags: ['letters'],
      summary: 'Submit my letter, optionally post-dated (idempotent)',
      request: { params: ProcedureIdParam, body: { required: true, content: { 'application/json': { schema: z.object({ effectiveFrom: IsoDay.optional() }).strict() } } } },
      responses: { 200: json(MyLetter, 'My letter'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { account, memberId } = await memberOf(c, id);
      const { after } = await runProcedureCommand(c.var.ctx, actorFor(account), id, { type: 'submit_letter', memberId, recordedBy: 'member', effectiveFrom: c.req.valid('json').effectiveFrom });
      return c.json(await myLetterView(c.var.ctx, after, memberId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/procedures/{id}/letters/mine',
      middleware: [roleGate('member')],
      tags: ['letters'],
      summary: 'Withdraw my letter',
      request: { params: ProcedureIdParam },
      responses: { 200: json(MyLetter, 'My letter'), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const { account, memberId } = await memberOf(c, id);
      const { after } = await runProcedureCommand(c.var.ctx, actorFor(account), id, { type: 'withdraw_letter', memberId, recordedBy: 'member' });
      return c.json(await myLetterView(c.var.ctx, after, memberId), 200);
    },
  );

  const MemberIdBody = z.object({ memberId: MemberIdPattern, effectiveFrom: IsoDay.optional() }).strict();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/procedures/{id}/letters',
      middleware: [roleGate('chair')],
      tags: ['chair'],
      summary: 'Record a letter handed over on paper (chair only)',
      request: { params: ProcedureIdParam, body: { required: true, content: { 'application/json': { schema: MemberIdBody } } } },
      responses: { 200: json(ProcedureChair, 'Chair view'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const id = c.req.valid('param').id;
      const { memberId, effectiveFrom } = c.req.valid('json');
      const { event, after } = await runProcedureCommand(c.var.ctx, actorFor(account), id, { type: 'submit_letter', memberId, effectiveFrom, recordedBy: 'chair' });
      await noticeOfChairRecord(c.var.ctx, id, after.row.rosterId, event);
      return c.json(await chairView(c.var.ctx.db, await loadProcedure(c.var.ctx, id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/procedures/{id}/letters/{memberId}',
      middleware: [roleGate('chair')],
      tags: ['chair'],
      summary: 'Record a withdrawal received on paper (chair only)',
      request: { params: ProcedureIdParam.extend({ memberId: MemberIdPattern.openapi({ param: { name: 'memberId', in: 'path' } }) }) },
      responses: { 200: json(ProcedureChair, 'Chair view'), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const { id, memberId } = c.req.valid('param');
      const { event, after } = await runProcedureCommand(c.var.ctx, actorFor(account), id, { type: 'withdraw_letter', memberId, recordedBy: 'chair' });
      await noticeOfChairRecord(c.var.ctx, id, after.row.rosterId, event);
      return c.json(await chairView(c.var.ctx.db, await loadProcedure(c.var.ctx, id)), 200);
    },
  );

  const chairAction = (path: string, summary: string, body: z.ZodObject, toCommand: (b: never) => Parameters<typeof runProcedureCommand>[3]) =>
    app.openapi(
      createRoute({
        method: 'post',
        path,
        middleware: [roleGate('chair')],
        tags: ['chair'],
        summary,
        request: { params: ProcedureIdParam, body: { required: true, content: { 'application/json': { schema: body } } } },
        responses: { 200: json(ProcedureChair, 'Chair view'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const account = gatedAccount(c);
        const id = c.req.valid('param').id;
        const command = toCommand(c.req.valid('json') as never);
        if (command.type === 'schedule_ballot') await assertProcedureMayReschedule(c.var.ctx, id);
        await runProcedureCommand(c.var.ctx, actorFor(account), id, command);
        return c.json(await chairView(c.var.ctx.db, await loadProcedure(c.var.ctx, id)), 200);
      },
    );

  chairAction(
    '/api/procedures/{id}/ballot',
    'Schedule the confidence vote once the threshold is reached (chair only)',
    z.object({ opensAt: z.string().datetime({ offset: true }), closesAt: z.string().datetime({ offset: true }) }).strict(),
    (b: { opensAt: string; closesAt: string }) => ({ type: 'schedule_ballot', ...b }),
  );
  chairAction('/api/procedures/{id}/ballot/open', 'Open the scheduled vote (chair only)', z.object({}).strict(), () => ({ type: 'open_ballot' }));
  chairAction('/api/procedures/{id}/ballot/close', 'Close the vote (chair only)', z.object({}).strict(), () => ({ type: 'close_ballot' }));
  chairAction(
    '/api/procedures/{id}/ballot/result',
    'Declare the counted result of a paper ballot (chair only)',
    z.object({ yes: z.number().int().nonnegative(), no: z.number().int().nonnegative(), spoilt: z.number().int().nonnegative().default(0) }).strict(),
    (b: { yes: number; no: number; spoilt: number }) => ({ type: 'declare_result', ...b, source: 'paper count declared by the chair' }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/members',
      middleware: [roleGate('chair', 'officer')],

      tags: ['chair'],
      summary: 'Search the members of your organisation as of a procedure’s day (chair and officers only)',
      request: { query: z.object({ q: z.string().max(100).default(''), procedure: ProcedureIdPattern.optional() }) },
      responses: {
        200: json(z.object({ members: z.array(z.object({ memberId: z.string(), displayName: z.string(), constituency: z.string(), party: z.string(), whip: z.boolean() })) }), 'Members'),
        ...errorResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const { q, procedure } = c.req.valid('query');
      const rows = await listProcedureRows(c.var.ctx.db);
      const row = procedure ? rows.find((r) => r.id === procedure) : rows.find((r) => r.rosterId === account.rosterId);
      if (!row) throw new AppError('PROCEDURE_NOT_FOUND', 'no procedure over your organisation’s roster');
      const p = await loadProcedure(c.var.ctx, row.id);
      const found = await searchMembers(c.var.ctx.db, p.row.rosterId, q, p.today, 1000);
      return c.json({ members: found.map(({ sitting: _s, ...m }) => m) }, 200);
    },
  );

  return app;
}
