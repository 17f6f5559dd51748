import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../../test/support/db';
import type { Database } from '../db';
import { readAudit } from './audit';
import { CLI_ACTOR, type AppContext } from './context';
import {
  createManualDeclaration,
  declarationsToCsv,
  DEFAULT_TRACKER,
  ingestArticles,
  listDeclarations,
  memberPublicHistory,
  publicTracker,
  reviewDeclaration,
  contestEndorsements,
} from './tracker';
import { openTrackerContext, TEST_EDITOR } from '../../test/support/tracker-context';

const SEEDS = join(import.meta.dirname, '..', '..', 'eval', 'tracker', 'seeds');
const SEED_DATES: Record<string, string> = { '000': '2022-01-19', '001': '2022-02-01', '002': '2022-01-19', '003': '2022-07-06' };
const seeds = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ fileName: f, text: readFileSync(join(SEEDS, f), 'utf8'), published: SEED_DATES[f.slice(0, 3)]!, outlet: `outlet ${f.slice(0, 3)}` }));
const EDITOR = TEST_EDITOR;

describe.each(TEST_DRIVERS)('tracker service on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(driver));
  });
  afterAll(async () => database?.close());

  it('ingests the seeds into the review queue with the expected proposals, and nothing public yet', async () => {
    const reports = await ingestArticles(ctx, CLI_ACTOR, DEFAULT_TRACKER.id, seeds);
    expect(reports.map((r) => [r.fileName.slice(0, 3), r.status, r.proposed + r.corroborated])).toEqual([
      ['000', 'ingested', 3],
      ['001', 'ingested', 2],
      ['002', 'ingested', 1],
      ['003', 'ingested', 3],
    ]);
    const proposed = await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'proposed' });
    expect(proposed.map((d) => `${d.memberId} ${d.stance}`).sort()).toEqual(
      [
        'anna-firth withdrew_support',
        'christian-wakeford called_to_resign',
        'christian-wakeford defected',
        'christian-wakeford submitted_letter',
        'nadine-dorries backs_leader',
        'peter-aldous called_to_resign',
        'peter-aldous submitted_letter',
        'rishi-sunak resigned_post',
        'sajid-javid resigned_post',
      ].sort(),
    );
    expect((await publicTracker(ctx, DEFAULT_TRACKER.id)).groups).toEqual([]);
  });

  it('keeps possible items for editors only: never public, accepted with a changed stance, or rejected', async () => {
    // Nothing here is explicit enough to propose; both members stand in sentences with stance words.
    const text = 'Boris Johnson faces questions.\n\nSir Roger Gale was seen leaving the 1922 Committee meeting early on Tuesday.\n\nAnthony Mangnall, asked about letters, said he had nothing to add.';
    const [r] = await ingestArticles(ctx, CLI_ACTOR, DEFAULT_TRACKER.id, [{ fileName: 'possible.txt', text, published: '2022-02-01', outlet: 'Test Gazette' }]);
    expect(r!.proposed).toBe(0);
    expect(r!.possible).toBeGreaterThan(0);
    const fromThisArticle = async () => (await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'possible' })).filter((d) => d.sources[0]?.fileName === 'possible.txt');
    const possible = await fromThisArticle();
    expect(possible.length).toBe(r!.possible);
    for (const d of possible) {
      expect(['roger-gale', 'anthony-mangnall']).toContain(d.memberId);
      expect(d.confidence).toBeGreaterThanOrEqual(0);
      expect(d.confidence).toBeLessThan(0.75);
      expect(d.sources[0]!.fileName).toBe('possible.txt');
    }
    expect((await publicTracker(ctx, DEFAULT_TRACKER.id)).groups).toEqual([]);
    const [first, ...rest] = possible;
    await reviewDeclaration(ctx, EDITOR, first!.id, { type: 'edit', stance: 'denied_letter' });
    const accepted = await reviewDeclaration(ctx, EDITOR, first!.id, { type: 'accept' });
    expect(accepted).toMatchObject({ status: 'accepted', stance: 'denied_letter' });
    for (const d of rest) await reviewDeclaration(ctx, EDITOR, d.id, { type: 'reject' });
    expect(await fromThisArticle()).toEqual([]);
    expect((await readAudit(ctx.db, { kind: 'tracker' })).map((e) => e.action)).toContain('tracker_declaration_possible');
    // Back to the state the later tests expect: that accepted item is not part of them.
    await reviewDeclaration(ctx, EDITOR, first!.id, { type: 'reject' });
  });

  it('lists contest endorsements per candidate with sources, and refuses duplicate candidate ids', async () => {
    const candidates = [
      { id: 'c1', name: 'Rishi Sunak' },
      { id: 'c2', name: 'Liz Truss' },
    ];
    const listing = await contestEndorsements(ctx, DEFAULT_TRACKER.id, candidates, [
      { fileName: 'race.txt', text: 'Dominic Raab is backing Rishi Sunak. Nadine Dorries and Jacob Rees-Mogg are supporting Liz Truss.', published: '2022-07-12' },
    ]);
    expect(listing.map((c) => [c.candidateId, c.backers.map((b) => b.memberId)])).toEqual([
      ['c1', ['dominic-raab']],
      ['c2', ['jacob-rees-mogg', 'nadine-dorries']],
    ]);
    expect(listing[0]!.backers[0]!.sources).toEqual([{ article: 'race.txt', evidence: ['Dominic Raab is backing Rishi Sunak.'] }]);
    await expect(contestEndorsements(ctx, DEFAULT_TRACKER.id, [candidates[0]!, candidates[0]!], [{ fileName: 'x.txt', text: 'x' }])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('does nothing when the same article is ingested again', async () => {
    const [again] = await ingestArticles(ctx, CLI_ACTOR, DEFAULT_TRACKER.id, [seeds[0]!]);
    expect(again).toMatchObject({ status: 'duplicate', proposed: 0 });
  });

  it('adds a second outlet\u2019s report of the same declaration as a source, not a new declaration', async () => {
    const text = 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed.';
    const [r] = await ingestArticles(ctx, CLI_ACTOR, DEFAULT_TRACKER.id, [{ fileName: 'journal.txt', text, published: '2022-02-03', outlet: 'Lowestoft Journal' }]);
    expect(r).toMatchObject({ proposed: 0, corroborated: 1 });
    const aldous = (await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { memberId: 'peter-aldous' })).find((d) => d.stance === 'submitted_letter')!;
    expect(aldous.sources.map((s) => s.outlet)).toEqual(['outlet 001', 'Lowestoft Journal']);
    expect(aldous.date).toBe('2022-02-01');
  });

  it('publishes only what an editor accepts; edits and rejections are audited', async () => {
    const proposed = await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'proposed' });
    for (const d of proposed) await reviewDeclaration(ctx, EDITOR, d.id, { type: 'accept' });
    const dorries = proposed.find((d) => d.memberId === 'nadine-dorries')!;
    await reviewDeclaration(ctx, EDITOR, dorries.id, { type: 'reject', note: 'not a statement about letters' });
    const wakefordLetter = proposed.find((d) => d.memberId === 'christian-wakeford' && d.stance === 'submitted_letter')!;
    const edited = await reviewDeclaration(ctx, EDITOR, wakefordLetter.id, { type: 'edit', date: '2022-01-18' });
    expect(edited.date).toBe('2022-01-18');

    const pub = await publicTracker(ctx, DEFAULT_TRACKER.id);
    expect(pub.threshold).toMatchObject({ denominator: 358, threshold: 54, date: '2022-07-07' });
    expect(pub.declaredLetters).toBe(2); // Wakeford and Aldous said they wrote; the real count stays secret
    expect(pub.groups.flatMap((g) => g.declarations.map((d) => d.memberId))).not.toContain('nadine-dorries');
    expect(pub.timeline[pub.timeline.length - 1]).toMatchObject({ declaredLetters: 2 });

    const actions = (await readAudit(ctx.db, { kind: 'tracker' })).map((e) => e.action);
    expect(actions).toContain('tracker_declaration_proposed');
    expect(actions).toContain('tracker_source_added');
    expect(actions).toContain('tracker_declaration_accepted');
    expect(actions).toContain('tracker_declaration_rejected');
    expect(actions).toContain('tracker_declaration_edited');
  });

  it('keeps each member\u2019s history and current state: letter, withdrawn, resubmitted', async () => {
    for (const [stance, date] of [
      ['submitted_letter', '2022-01-20'],
      ['withdrew_letter', '2022-02-25'],
      ['resubmitted_letter', '2022-05-30'],
    ] as const) {
      await createManualDeclaration(ctx, EDITOR, DEFAULT_TRACKER.id, { memberId: 'andrew-bridgen', stance, date, quote: `Bridgen ${stance}`, outlet: 'Manual' });
    }
    const history = await memberPublicHistory(ctx, DEFAULT_TRACKER.id, 'andrew-bridgen');
    expect(history.history.map((d) => d.stance)).toEqual(['submitted_letter', 'withdrew_letter', 'resubmitted_letter']);
    expect(history).toMatchObject({ letter: 'resubmitted_letter', letterIn: true });
    expect((await publicTracker(ctx, DEFAULT_TRACKER.id)).declaredLetters).toBe(3);
  });

  it('refuses manual entries for unknown members or stances', async () => {
    await expect(createManualDeclaration(ctx, EDITOR, DEFAULT_TRACKER.id, { memberId: 'nobody', stance: 'submitted_letter', date: '2022-01-01', quote: 'x' })).rejects.toMatchObject({ code: 'MEMBER_NOT_FOUND' });
    await expect(createManualDeclaration(ctx, EDITOR, DEFAULT_TRACKER.id, { memberId: 'andrew-bridgen', stance: 'resigned', date: '2022-01-01', quote: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('exports CSV safely (quotes, commas, formula-looking cells)', async () => {
    const accepted = await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'accepted' });
    const csv = declarationsToCsv(accepted);
    expect(csv.split('\r\n')[0]).toBe('member_id,person,stance,date,outlets,urls,quote,origin');
    expect(csv).toContain('anna-firth,Anna Firth,withdrew_support,2022-07-06');
    const tricky = declarationsToCsv([{ ...accepted[0]!, person: '=HYPERLINK("x")', sources: [] }]);
    expect(tricky).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('keeps why a context check held a find back, with the row; a later report nobody held back clears it', async () => {
    // Support that is history: the rules and the model would propose "backs the leader", the context check holds it back.
    // A second member's sentence scores low without any check holding it back (the queue shows a member's sentence once).
    const history = 'Boris Johnson faces a confidence vote tonight.\n\n"I have been proud to back him, but I will be voting against him this evening," Anthony Mangnall said.\n\nSara Britcliffe was in the chamber when the letters were counted.';
    const [r] = await ingestArticles(ctx, CLI_ACTOR, DEFAULT_TRACKER.id, [{ fileName: 'history.txt', text: history, published: '2022-06-06', outlet: 'Totnes Times' }]);
    expect(r!.possible).toBeGreaterThan(0);
    const heldBack = async () => (await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { memberId: 'anthony-mangnall' })).find((d) => d.stance === 'backs_leader' && d.sources[0]?.fileName === 'history.txt')!;
    const stored = await heldBack();
    expect(stored).toMatchObject({ status: 'possible', demotedBecause: 'support-is-history' });
    // This article's other items merely scored low: they carry no reason.
    const others = (await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { status: 'possible' })).filter((d) => d.id !== stored.id && d.sources.some((s) => s.fileName === 'history.txt'));
    expect(others.length).toBeGreaterThan(0);
    for (const d of others) expect(d.demotedBecause).toBeNull();
    const auditOf = async (action: string) =>
      (await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action === action).map((e) => JSON.parse(e.payload) as { declarationId: string }).find((p) => p.declarationId === stored.id);
    expect(await auditOf('tracker_declaration_possible')).toMatchObject({ demotedBecause: 'support-is-history' });
    expect(JSON.stringify(await publicTracker(ctx, DEFAULT_TRACKER.id))).not.toContain('support-is-history');

    // The next day another outlet quotes a plain pledge: a report no check held back. It joins the item as a source;
    // the item stays for an editor to decide (ingesting never decides), without the reason its new report contradicts.
    const pledge = 'Boris Johnson won the confidence vote.\n\n"I back the Prime Minister fully," Anthony Mangnall said on Tuesday.';
    const [again] = await ingestArticles(ctx, CLI_ACTOR, DEFAULT_TRACKER.id, [{ fileName: 'pledge.txt', text: pledge, published: '2022-06-08', outlet: 'Plymouth Herald' }]);
    expect(again).toMatchObject({ proposed: 0, corroborated: 1 });
    const after = await heldBack();
    expect(after).toMatchObject({ id: stored.id, status: 'possible', demotedBecause: null, date: '2022-06-06' });
    expect(after.sources.map((s) => s.fileName)).toEqual(['history.txt', 'pledge.txt']);
    expect(await auditOf('tracker_source_added')).toMatchObject({ demotedBecause: { before: 'support-is-history', after: null } });
    await reviewDeclaration(ctx, EDITOR, stored.id, { type: 'reject' });
  });
});
