/**
 * "No 500s, a clear answer to every bad input" also means an answer in time. Whoever writes an article an editor
 * records (a whip's press release, a page pasted into the desk) can put one long run of spaces in it, invisible on the
 * page. Reading it took time growing with the square of the run: measured in-process, 10,000 spaces about 0.2 s,
 * 40,000 about 4.5 s, and 240,000 in a 250 KB endorsement recording 98 s; an article may hold 2 MB (MAX_ARTICLE_BYTES),
 * so hours of one thread with every other request waiting (on PGlite, the database too). The cause was in the document
 * analysis both readers share: the patterns that strip a name line ("Tobias Ellwood MP", "Jerome Mayhew (Broadland),")
 * were anchored at the end and began with a run of spaces, so every start position scanned the whole run. They now run
 * only on paragraphs short enough to be a name (src/tracker/document.ts, `nameLine`): 320,000 spaces read in ~30 ms.
 *
 * Timed as anyone-freezes-the-server-with-hostile-html does, at n and 8n: linear work takes about 8 times as long,
 * quadratic 64; the bound (24) and the best of three runs at n keep a busy machine (a parallel test run) from making
 * the quadratic look linear, and no absolute time is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';

const T = '/api/trackers/johnson-2022';
const N = 5_000;
let sent = 0;
/** Each article differs (a counter), so none is a duplicate of an earlier one. */
const hostile = (spaces: number) => `Dominic Raab is backing Rishi Sunak (${++sent}).${' '.repeat(spaces)}He said so.`;

describe('an article with a long run of spaces', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
  });
  afterAll(async () => api?.close());

  const timed = async (send: () => Promise<{ status: number }>) => {
    const t = performance.now();
    const r = await send();
    expect(r.status).toBe(200);
    return performance.now() - t;
  };
  /** The best of three runs at n against one at 8n. */
  const growth = async (send: (spaces: number) => () => Promise<{ status: number }>) => {
    await timed(send(N / 4)); // warm-up
    const small = Math.min(await timed(send(N)), await timed(send(N)), await timed(send(N)));
    return (await timed(send(8 * N))) / small;
  };

  it('is recorded for a contest in time growing with its length, not its square', async () => {
    const record = (spaces: number) => () => editor.request('POST', `${T}/contests/spaces-${spaces}/endorsements`, { candidates: [{ id: 'sunak', name: 'Rishi Sunak' }], articles: [{ fileName: `s${spaces}.txt`, text: hostile(spaces) }] });
    expect(await growth(record)).toBeLessThan(24);
  });

  it('is ingested for declarations in time growing with its length, not its square', async () => {
    const ingest = (spaces: number) => () => editor.request('POST', `${T}/articles`, { fileName: `d${spaces}.txt`, text: `Tory MP Peter Aldous has submitted a letter of no confidence in Boris Johnson (${++sent}).${' '.repeat(spaces)}He confirmed it.` });
    expect(await growth(ingest)).toBeLessThan(24);
  });
});
