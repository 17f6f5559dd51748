/**
 * Nothing found (this guards the promise): an editor's rejection is final. Recording the same article again — the
 * same editor by mistake, another editor, or someone with a stolen editor session who wants the rejected backer back
 * on the desk until a tired editor accepts it — adds nothing: the row is unique on the article's SHA-256, the
 * recording answers it as a duplicate, the rejected row stays rejected and the queue stays empty. A copy of the
 * article that differs by a byte is another article: what it says waits in the queue as proposed, never public, and
 * the rejected row is untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHAIR, DEMO_EDITOR } from '../../src/services/demo';
import { startApi, type ApiClient, type ApiHarness } from '../support/api';
import { endorsementDesk, type QueuedEndorsementBody } from '../support/endorsement-desk';

const CONTEST = 'tory-2022-summer';
const BODY = { candidates: [{ id: 'truss', name: 'Liz Truss' }], articles: [{ fileName: 'race.txt', published: '2022-07-12', outlet: 'Wire', text: 'Nadine Dorries has endorsed Liz Truss.' }] };

describe('recording an article again after an editor rejected what it said', () => {
  let api: ApiHarness;
  let editor: ApiClient;
  let rejected: QueuedEndorsementBody;
  const desk = endorsementDesk(() => editor);
  beforeAll(async () => {
    api = await startApi({ letters: 'none' });
    editor = await api.loginAs(DEMO_EDITOR.email);
    rejected = (await desk.record(CONTEST, BODY)).awaitingReview[0]!;
    await desk.decide(rejected.id, 'reject');
  });
  afterAll(async () => api?.close());

  it('adds nothing and leaves the rejection as it was', async () => {
    const again = await desk.record(CONTEST, BODY);
    expect([again.stored, again.duplicate, again.awaitingReview, again.published]).toEqual([0, 1, [], []]);
    // The chair may record too: the same article is the same rows, whoever sends it.
    const chair = await api.loginAs(DEMO_CHAIR.email);
    expect((await endorsementDesk(() => chair).record(CONTEST, BODY)).stored).toBe(0);
    expect(await desk.queue(CONTEST)).toEqual([]);
    expect((await desk.queue(CONTEST, 'rejected')).map((e) => [e.id, e.status])).toEqual([[rejected.id, 'rejected']]);
  });

  it('a copy that differs by a byte waits for an editor, never public, and the rejected row stays rejected', async () => {
    const copy = await desk.record(CONTEST, { ...BODY, articles: [{ ...BODY.articles[0]!, text: `${BODY.articles[0]!.text} ` }] });
    expect(copy.stored).toBe(1);
    expect(copy.awaitingReview.map((e) => e.status)).toEqual(['proposed']);
    expect(copy.published).toEqual([]);
    expect((await api.client().get(`/api/endorsements?contest=${CONTEST}`)).body).toEqual({ contests: [] });
    expect((await desk.queue(CONTEST, 'rejected')).map((e) => e.id)).toEqual([rejected.id]);
  });
});
