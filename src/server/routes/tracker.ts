import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorFor } from '../../services/auth';
import {
  createManualDeclaration,
  declarationsToCsv,
  declarationsToJson,
  getDeclaration,
  openTracker,
  ingestArticles,
  listDeclarations,
  listTrackers,
  memberPublicHistory,
  publicTracker,
  publishedDeclarations,
  reviewDeclaration,
  contestEndorsements,
} from '../../services/tracker';
import { CONTEST_ID, decideEndorsement, decideEndorsementGroup, endorsementQueue, publishedEndorsements, recordEndorsements } from '../../services/endorsements';
import { ENDORSEMENT_ROW_STANCES, ENDORSEMENT_STATUSES } from '../../db/schema';
import { STANCES, MAX_ARTICLE_BYTES } from '../../tracker';
import { HELD_BACK_REASONS } from '../../domain/held-back-reasons';
import { gatedAccount, roleGate } from '../middleware/session';
import { errorResponses, IsoDay, MemberIdPattern } from '../schemas';
import type { AppEnv } from '../types';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const Stance = z.enum(STANCES);
const Source = z.object({
  id: z.string(),
  outlet: z.string().nullable(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  published: z.string().nullable(),
  evidence: z.array(z.string()),
  /** A later report of a published declaration, waiting for an editor (only ever in the editors' queue). */
  held: z.boolean().optional(),
});
const Declaration = z
  .object({
    id: z.string(),
    memberId: z.string(),
    person: z.string(),
    stance: Stance,
    date: z.string().nullable(),
    status: z.enum(['proposed', 'possible', 'accepted', 'rejected']),
    confidence: z.number().nullable(),
    origin: z.enum(['extracted', 'manual']),
    note: z.string().nullable(),
    /** Editors only: the context check that held back a find the extractor would have proposed (possible items). */
    demotedBecause: z.enum(HELD_BACK_REASONS).nullable().openapi({
      description: 'why the extractor held this find back from a proposal (a context check: the sentence is a question, a report the member denied, …); null when it merely scored low, for manual entries, and once a later report of it was not held back',
    }),
    sources: z.array(Source),
  })
  .openapi('TrackerDeclaration');
/** What anonymous visitors get of a declaration: no editor's note nor the extractor's reasons (editors' working fields). */
const PublicDeclaration = Declaration.omit({ note: true, demotedBecause: true }).openapi('TrackerPublicDeclaration');
/** A source link must be a web address: anything else (javascript:, data:) could run as script where it is shown. */
const WebUrl = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), { message: 'url must start with http:// or https://' });
const Position = z.object({
  memberId: z.string(),
  person: z.string(),
  letter: Stance.nullable(),
  letterIn: z.boolean(),
  latest: z.object({ stance: Stance, date: z.string().nullable() }),
});
const PublicTrackerSchema = z
  .object({
    tracker: z.object({ id: z.string(), title: z.string(), party: z.string(), leaderName: z.string(), asOf: z.string() }),
    declaredLetters: z.number().int(),
    threshold: z.object({ denominator: z.number().int(), threshold: z.number().int(), date: z.string(), rulebookId: z.string() }),
    groups: z.array(z.object({ stance: Stance, declarations: z.array(PublicDeclaration) })),
    timeline: z.array(z.object({ date: z.string(), declaredLetters: z.number().int(), calledToResign: z.number().int(), total: z.number().int() })),
    members: z.array(Position),
  })
  .openapi('PublicTracker');

const TrackerParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/) });
const ContestId = z.string().regex(CONTEST_ID);
const EndorsementSource = z.object({ article: z.string(), outlet: z.string().nullable(), url: z.string().nullable(), published: z.string().nullable(), evidence: z.array(z.string()) });
/** A stored endorsement as the editors' desk shows it (never served to the public: proposed and rejected rows are here). */
const QueuedEndorsement = z
  .object({
    id: z.string(),
    trackerId: z.string(),
    contestId: z.string(),
    candidateId: z.string(),
    candidateName: z.string(),
    memberId: z.string(),
    person: z.string(),
    stance: z.enum(ENDORSEMENT_ROW_STANCES),
    date: z.string().nullable(),
    status: z.enum(ENDORSEMENT_STATUSES),
    source: EndorsementSource,
    recordedBy: z.string(),
    reviewedBy: z.string().nullable(),
  })
  .openapi('QueuedEndorsement');
const EndorsementQueueQuery = z.object({ status: z.enum(ENDORSEMENT_STATUSES).optional() });
const EndorsementDecisionType = z.enum(['accept', 'reject']);
const StoredEndorsements = z
  .object({
    contestId: z.string(),
    trackerId: z.string(),
    candidates: z.array(
      z.object({
        candidateId: z.string(),
        name: z.string(),
        backers: z.array(
          z.object({
            memberId: z.string(),
            person: z.string(),
            date: z.string().nullable(),
            sources: z.array(EndorsementSource),
          }),
        ),
      }),
    ),
  })
  .openapi('ContestEndorsements');
const EndorsementArticles = z
  .array(z.object({ fileName: z.string().min(1).max(200), text: z.string().min(1).max(MAX_ARTICLE_BYTES), published: IsoDay.nullable().optional(), outlet: z.string().max(200).nullable().optional(), url: WebUrl.nullable().optional() }))
  .min(1)
  .max(20);
const EndorsementCandidates = z.array(z.object({ id: z.string().min(1).max(100), name: z.string().min(2).max(200) })).min(1).max(20);
const DeclarationParam = z.object({ declarationId: z.string().uuid() });

/** Public JSON may be read by other sites (the embeddable widget); it holds only published declarations. */
const PUBLIC_CORS = { 'Access-Control-Allow-Origin': '*' };

type DeclarationOut = z.infer<typeof Declaration>;
const out = (d: Awaited<ReturnType<typeof getDeclaration>>): DeclarationOut => ({
  id: d.id,
  memberId: d.memberId,
  person: d.person,
  stance: d.stance as DeclarationOut['stance'],
  date: d.date,
  status: d.status,
  confidence: d.confidence,
  origin: d.origin,
  note: d.note,
  demotedBecause: d.demotedBecause,
  sources: d.sources.map((s) => ({ id: s.id, outlet: s.outlet, url: s.url, fileName: s.fileName, published: s.published, evidence: s.evidence, ...(s.held ? { held: true } : {}) })),
});

/** A declaration as the public reads it (the editors' routes use `out`, which keeps the note and the held-back reason). */
const publicOut = (d: Awaited<ReturnType<typeof getDeclaration>>): Omit<DeclarationOut, 'note' | 'demotedBecause'> => {
  const { note: _note, demotedBecause: _reason, ...rest } = out(d);
  return rest;
};

export function trackerRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trackers',
      tags: ['tracker'],
      summary: 'Every public tracker',
      responses: { 200: json(z.object({ trackers: z.array(z.object({ id: z.string(), title: z.string(), leaderName: z.string(), party: z.string() })) }), 'Trackers') },
    }),
    async (c) => {
      const rows = await listTrackers(c.var.ctx.db);
      return c.json({ trackers: rows.map((t) => ({ id: t.id, title: t.title, leaderName: t.leaderName, party: t.party })) }, 200, PUBLIC_CORS);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trackers/{id}',
      tags: ['tracker'],
      summary: 'The public tracker: publicly declared letters against the threshold (the real count is secret), declarations by stance with sources, timeline',
      request: { params: TrackerParam },
      responses: { 200: json(PublicTrackerSchema, 'Public tracker'), ...errorResponses(404) },
    }),
    async (c) => {
      const view = await publicTracker(c.var.ctx, c.req.valid('param').id);
      return c.json({ ...view, groups: view.groups.map((g) => ({ stance: g.stance, declarations: g.declarations.map(publicOut) })) }, 200, PUBLIC_CORS);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trackers/{id}/members/{memberId}',
      tags: ['tracker'],
      summary: 'One member\u2019s public declarations, oldest first, and current state',
      request: { params: TrackerParam.extend({ memberId: MemberIdPattern }) },
      responses: { 200: json(Position.extend({ history: z.array(PublicDeclaration) }), 'Member history'), ...errorResponses(404) },
    }),
    async (c) => {
      const { id, memberId } = c.req.valid('param');
      const p = await memberPublicHistory(c.var.ctx, id, memberId);
      return c.json({ ...p, history: p.history.map(publicOut) }, 200, PUBLIC_CORS);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trackers/{id}/export.csv',
      tags: ['tracker'],
      summary: 'Published declarations as CSV',
      request: { params: TrackerParam },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const csv = declarationsToCsv((await publishedDeclarations(c.var.ctx, id)).accepted);
      return c.body(csv, 200, { ...PUBLIC_CORS, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${id}-declarations.csv"` });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trackers/{id}/export.json',
      tags: ['tracker'],
      summary: 'Published declarations as JSON, with every source',
      request: { params: TrackerParam },
      responses: { 200: json(z.object({ tracker: z.unknown(), declarations: z.array(z.unknown()) }), 'JSON export'), ...errorResponses(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const view = await publicTracker(c.var.ctx, id);
      const body = declarationsToJson(view.tracker, (await publishedDeclarations(c.var.ctx, id)).accepted);
      return c.json(body, 200, { ...PUBLIC_CORS, 'Content-Disposition': `attachment; filename="${id}-declarations.json"` });
    },
  );

  app.get('/api/trackers/:id/widget.js', async (c) => {
    const id = c.req.param('id');
    if (!TrackerParam.safeParse({ id }).success) return c.text('// no such tracker', 404);
    await openTracker(c.var.ctx, id);
    return c.body(widgetScript(id), 200, { ...PUBLIC_CORS, 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  });

  // --- editors --------------------------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/review',
      tags: ['tracker editors'],
      summary: 'The review queue: proposed (default) or possible declarations with their evidence, score and (possible items held back by a context check) the reason, or (held) published ones with a later report waiting (editors)',
      request: { params: TrackerParam, query: z.object({ status: z.enum(['proposed', 'possible', 'accepted', 'rejected', 'held']).optional() }) },
      responses: { 200: json(z.object({ declarations: z.array(Declaration) }), 'Queue'), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await openTracker(c.var.ctx, id);
      const status = c.req.valid('query').status ?? 'proposed';
      // `held`: published declarations with a later report waiting for an editor.
      const rows = await listDeclarations(c.var.ctx.db, id, status === 'held' ? { status: 'accepted', held: true } : { status });
      return c.json({ declarations: rows.map(out) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/articles',
      tags: ['tracker editors'],
      summary: 'Ingest an article (plain text or HTML): its declarations join the review queue',
      request: {
        params: TrackerParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({
                fileName: z.string().min(1).max(200),
                // At most MAX_ARTICLE_BYTES of UTF-8: the request's body limit bounds it, and the service answers 413
                // ARTICLE_TOO_LARGE with the CLI's message (a length check here would count UTF-16 units instead).
                text: z.string().min(1).openapi({ description: `the page or plain text, at most ${MAX_ARTICLE_BYTES} bytes of UTF-8` }),
                outlet: z.string().max(200).nullable().optional(),
                url: WebUrl.nullable().optional(),
                published: IsoDay.nullable().optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: json(z.object({ fileName: z.string(), status: z.enum(['ingested', 'duplicate']), published: z.string().nullable(), proposed: z.number(), possible: z.number(), corroborated: z.number(), unresolved: z.array(z.string()) }), 'Ingest report'),
        ...errorResponses(400, 401, 403, 404, 413),
      },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const [report] = await ingestArticles(c.var.ctx, actorFor(account), c.req.valid('param').id, [c.req.valid('json')]);
      return c.json(report!, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/endorsements',
      tags: ['tracker editors'],
      summary: 'Endorsements in a leadership contest: per candidate, who backs them, with the sentences that say so (reads articles; stores nothing)',
      request: {
        params: TrackerParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({
                candidates: z.array(z.object({ id: z.string().min(1).max(100), name: z.string().min(2).max(200) })).min(1).max(20),
                articles: z
                  .array(z.object({ fileName: z.string().min(1).max(200), text: z.string().min(1).max(MAX_ARTICLE_BYTES), published: IsoDay.nullable().optional() }))
                  .min(1)
                  .max(20),
              }),
            },
          },
        },
      },
      responses: {
        200: json(
          z.object({
            candidates: z.array(
              z.object({
                candidateId: z.string(),
                backers: z.array(z.object({ memberId: z.string(), person: z.string(), date: z.string().nullable(), sources: z.array(z.object({ article: z.string(), evidence: z.array(z.string()) })) })),
              }),
            ),
          }),
          'Backers per candidate',
        ),
        ...errorResponses(400, 401, 403, 404, 413),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const candidates = await contestEndorsements(c.var.ctx, c.req.valid('param').id, body.candidates, body.articles);
      return c.json({ candidates }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/declarations',
      tags: ['tracker editors'],
      summary: 'Enter a declaration by hand, with its source (published at once)',
      request: {
        params: TrackerParam,
        body: {
          content: {
            'application/json': {
              schema: z.object({
                memberId: z.string().min(1).max(120),
                stance: Stance,
                date: IsoDay,
                quote: z.string().min(1).max(4000),
                outlet: z.string().max(200).nullable().optional(),
                url: WebUrl.nullable().optional(),
                note: z.string().max(2000).nullable().optional(),
              }),
            },
          },
        },
      },
      responses: { 201: json(Declaration, 'Created'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const d = await createManualDeclaration(c.var.ctx, actorFor(account), c.req.valid('param').id, c.req.valid('json'));
      return c.json(out(d), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/tracker-declarations/{declarationId}/review',
      tags: ['tracker editors'],
      summary: 'Accept, reject or edit a declaration (only accepted ones are public); accept publishes its held later reports, drop-held removes them',
      request: {
        params: DeclarationParam,
        body: {
          content: {
            'application/json': {
              schema: z.discriminatedUnion('type', [
                // The reports the editor was shown, required: a report that arrived since is never published (or
                // dropped) unseen (409 CONFLICT instead).
                z.object({ type: z.literal('accept'), note: z.string().max(2000).nullable().optional(), sources: z.array(z.string().uuid()).max(1000) }),
                z.object({ type: z.literal('reject'), note: z.string().max(2000).nullable().optional() }),
                z.object({ type: z.literal('drop-held'), note: z.string().max(2000).nullable().optional(), sources: z.array(z.string().uuid()).max(1000) }),
                z.object({ type: z.literal('edit'), memberId: z.string().max(120).optional(), stance: Stance.optional(), date: IsoDay.nullable().optional(), note: z.string().max(2000).nullable().optional() }),
              ]),
            },
          },
        },
      },
      responses: { 200: json(Declaration, 'Updated'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const d = await reviewDeclaration(c.var.ctx, actorFor(account), c.req.valid('param').declarationId, c.req.valid('json'));
      return c.json(out(d), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/contests/{contest}/endorsements',
      tags: ['tracker editors'],
      summary: 'Reads articles for a contest\u2019s candidates and stores who backs whom, with the sentences that say so (once per article), as proposed: nothing is public until an editor accepts it',
      request: {
        params: TrackerParam.extend({ contest: ContestId }),
        body: { content: { 'application/json': { schema: z.object({ candidates: EndorsementCandidates, articles: EndorsementArticles }) } } },
      },
      responses: {
        200: json(
          z.object({
            contestId: z.string(),
            stored: z.number().int(),
            duplicate: z.number().int(),
            awaitingReview: z.array(QueuedEndorsement).openapi({ description: 'the contest\u2019s proposed endorsements after the write: for editors, not public' }),
            published: StoredEndorsements.shape.candidates.openapi({ description: 'the contest\u2019s public listing (accepted endorsements only), which recording does not change' }),
          }),
          'What was stored, the contest\u2019s queue and its public listing',
        ),
        ...errorResponses(400, 401, 403, 404, 413),
      },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const { id, contest } = c.req.valid('param');
      const body = c.req.valid('json');
      return c.json(await recordEndorsements(c.var.ctx, actorFor(account), id, contest, body.candidates, body.articles), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trackers/{id}/endorsements',
      tags: ['tracker'],
      summary: 'Published endorsements of this tracker (accepted by an editor; proposed and rejected ones are never listed or counted), per contest and candidate (optionally one contest or one member)',
      request: { params: TrackerParam, query: z.object({ contest: ContestId.optional(), member: MemberIdPattern.optional() }) },
      responses: { 200: json(z.object({ contests: z.array(StoredEndorsements) }), 'Endorsements'), ...errorResponses(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      await openTracker(c.var.ctx, id);
      return c.json({ contests: await publishedEndorsements(c.var.ctx, { trackerId: id, contestId: q.contest, memberId: q.member }) }, 200, PUBLIC_CORS);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/endorsements',
      tags: ['tracker'],
      summary: 'Published endorsements in one contest (accepted by an editor; proposed and rejected ones are never listed or counted), from every tracker that follows it, per candidate',
      request: { query: z.object({ contest: ContestId }) },
      responses: { 200: json(z.object({ contests: z.array(StoredEndorsements) }), 'Endorsements'), ...errorResponses(400) },
    }),
    async (c) => c.json({ contests: await publishedEndorsements(c.var.ctx, { contestId: c.req.valid('query').contest }) }, 200, PUBLIC_CORS),
  );

  app.openapi(
    createRoute({
      method: 'get',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/endorsements/queue',
      tags: ['tracker editors'],
      summary: 'The editors\u2019 queue of endorsements in every contest this tracker follows: proposed (default), accepted or rejected, with the sentence and source (editors)',
      request: { params: TrackerParam, query: EndorsementQueueQuery },
      responses: { 200: json(z.object({ endorsements: z.array(QueuedEndorsement) }), 'Queue'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await openTracker(c.var.ctx, id);
      return c.json({ endorsements: await endorsementQueue(c.var.ctx.db, id, { status: c.req.valid('query').status }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/contests/{contest}/endorsements/queue',
      tags: ['tracker editors'],
      summary: 'The editors\u2019 queue of one contest\u2019s endorsements: proposed (default), accepted or rejected (editors)',
      request: { params: TrackerParam.extend({ contest: ContestId }), query: EndorsementQueueQuery },
      responses: { 200: json(z.object({ endorsements: z.array(QueuedEndorsement) }), 'Queue'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id, contest } = c.req.valid('param');
      await openTracker(c.var.ctx, id);
      return c.json({ endorsements: await endorsementQueue(c.var.ctx.db, id, { contestId: contest, status: c.req.valid('query').status }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/trackers/{id}/contests/{contest}/endorsements/review',
      tags: ['tracker editors'],
      summary: 'Accept (publish) or reject every proposed endorsement of one member for one candidate, naming the rows shown: 409 CONFLICT when one arrived meanwhile, 409 ENDORSEMENT_ALREADY_DECIDED when one shown was decided already (editors)',
      request: {
        params: TrackerParam.extend({ contest: ContestId }),
        body: {
          content: {
            'application/json': {
              schema: z.object({ type: EndorsementDecisionType, candidateId: z.string().min(1).max(100), memberId: MemberIdPattern, endorsements: z.array(z.string().uuid()).min(1).max(1000) }),
            },
          },
        },
      },
      responses: { 200: json(z.object({ endorsements: z.array(QueuedEndorsement) }), 'The rows decided'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      const { id, contest } = c.req.valid('param');
      const body = c.req.valid('json');
      const decided = await decideEndorsementGroup(c.var.ctx, actorFor(account), id, contest, { candidateId: body.candidateId, memberId: body.memberId, shown: body.endorsements }, body.type);
      return c.json({ endorsements: decided }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      middleware: [roleGate('editor', 'chair')],
      path: '/api/tracker-endorsements/{endorsementId}/review',
      tags: ['tracker editors'],
      summary: 'Accept (publish) or reject one proposed endorsement; 409 ENDORSEMENT_ALREADY_DECIDED when it was decided already (editors)',
      request: { params: z.object({ endorsementId: z.string().uuid() }), body: { content: { 'application/json': { schema: z.object({ type: EndorsementDecisionType }) } } } },
      responses: { 200: json(QueuedEndorsement, 'The row decided'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const account = gatedAccount(c);
      return c.json(await decideEndorsement(c.var.ctx, actorFor(account), c.req.valid('param').endorsementId, c.req.valid('json').type), 200);
    },
  );

  return app;
}

/**
 * The embeddable widget: `<script src=".../api/trackers/ID/widget.js" async></script>` renders a
 * small box after itself with the declared-letter count and the threshold. It uses textContent
 * only, so nothing from the data can run as markup on the embedding page.
 */
function widgetScript(id: string): string {
  return `(function () {
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var box = document.createElement('div');
  box.setAttribute('role', 'status');
  box.style.cssText = 'font:14px/1.4 system-ui,sans-serif;border:1px solid #888;border-radius:6px;padding:10px 12px;max-width:320px;color:#111;background:#fff';
  box.textContent = 'Loading the confidence tracker\\u2026';
  script.parentNode.insertBefore(box, script.nextSibling);
  fetch(base + '/api/trackers/${id}').then(function (r) { return r.json(); }).then(function (t) {
    box.textContent = '';
    var title = document.createElement('strong');
    title.textContent = t.tracker.leaderName + ': publicly declared letters';
    var count = document.createElement('div');
    count.style.cssText = 'font-size:28px;font-weight:700';
    count.textContent = t.declaredLetters + ' of ' + t.threshold.threshold + ' needed';
    var note = document.createElement('div');
    note.textContent = 'The real count is secret; this is what MPs have said in public (as of ' + t.tracker.asOf + ').';
    var link = document.createElement('a');
    link.href = base + '/tracker/${id}';
    link.textContent = 'Who has declared what, with sources';
    [title, count, note, link].forEach(function (el) { box.appendChild(el); });
  }).catch(function () { box.textContent = 'The confidence tracker could not be loaded.'; });
})();
`;
}
