/**
 * FIXED: "every write is audited" means the audit entry says what changed. Two changes to a declaration were
 * misstated or missing: an editor clearing a declaration's note (`note: null`) was audited with the old note as the
 * value after (`changes.note ?? row.note`), so the log said the note stayed; and a corroborating report that moved a
 * proposal's date to its earlier one was audited as a source added, with no word of the date, so the log could not
 * explain the date an editor then published. The edit's entry now records the cleared note, and the source's entry
 * the date before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS } from '../support/db';
import type { Database } from '../../src/db';
import { readAudit } from '../../src/services/audit';
import type { AppContext } from '../../src/services/context';
import { DEFAULT_TRACKER, ingestArticles, listDeclarations, reviewDeclaration } from '../../src/services/tracker';
import { openTrackerContext, TEST_EDITOR } from '../support/tracker-context';

const EDITOR = TEST_EDITOR;
const payloadOf = (e: { payload: unknown }) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, any>;

describe('what the audit log says of a declaration’s changes', () => {
  let database: Database;
  let ctx: AppContext;
  beforeAll(async () => {
    ({ database, ctx } = await openTrackerContext(TEST_DRIVERS[0]!, '2022-07-01T12:00:00Z'));
    await ingestArticles(ctx, EDITOR, DEFAULT_TRACKER.id, [{ fileName: 'a.txt', outlet: 'Early', published: '2022-06-10', text: 'Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson, he confirmed on 10 June.' }]);
  }, 60_000);
  afterAll(async () => database?.close());

  const aldous = async () => (await listDeclarations(ctx.db, DEFAULT_TRACKER.id, { memberId: 'peter-aldous', status: 'proposed' }))[0]!;

  it('a corroborating report that moves the date says so', async () => {
    await ingestArticles(ctx, EDITOR, DEFAULT_TRACKER.id, [{ fileName: 'b.txt', outlet: 'Second', published: '2022-06-11', text: 'Peter Aldous submitted a letter of no confidence in Boris Johnson on 7 June, the Second reports.' }]);
    expect((await aldous()).date).toBe('2022-06-07');
    const added = (await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action === 'tracker_source_added').map(payloadOf);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ declarationId: (await aldous()).id, date: { before: '2022-06-10', after: '2022-06-07' } });
  });

  it('a cleared note is audited as cleared', async () => {
    const d = await aldous();
    await reviewDeclaration(ctx, EDITOR, d.id, { type: 'edit', note: 'ask the whip' });
    await reviewDeclaration(ctx, EDITOR, d.id, { type: 'edit', note: null });
    expect((await aldous()).note).toBeNull();
    const edits = (await readAudit(ctx.db, { kind: 'tracker' })).filter((e) => e.action === 'tracker_declaration_edited').map(payloadOf);
    expect(edits.map((p) => [p.before.note, p.after.note])).toEqual([
      [null, 'ask the whip'],
      ['ask the whip', null],
    ]);
  });
});
