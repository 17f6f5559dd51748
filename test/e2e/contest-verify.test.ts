/**
 * The contest between the trustees' decryption and the declaration, and the contest verifier in the browser, on a
 * phone (390×844). A 2024-rules contest (two candidates, straight to the members) runs its members' ballot on a
 * verifiable board through the services: three members vote 2–1, the board is closed and tallied and the trustee
 * decrypts. Then, in the browser: the public page says the count awaits the chair's declaration (not "under way"),
 * the chair's page names the declaration as the next step, and the chair declares in the app's dialog (in Welsh). The visitor
 * (in Welsh) opens "Verify this contest in your browser" from the contest page: every check of the members' board
 * (R1–R15) and of the contest (C1–C7) passes, the winner and the verified table are shown; a board the server has
 * tampered with (its posted counts swapped and the record's hash recomputed) fails R15, named with its record.
 * On every state: axe finds no violation of any impact and the page does not scroll sideways.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IntlMessageFormat } from 'intl-messageformat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciphertextFromJSON, initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister } from '../../src/ballot';
import { recordHash } from '../../src/ballot/records';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest, type ContestTallyBody } from '../../src/contest/board';
import { TINY_CONTEST } from '../../src/contest/fixtures.test-helpers';
import { simulateHistoricContest } from '../../src/contest/simulate';
import { CLI_ACTOR, type AppContext } from '../../src/services/context';
import { closeNominations, createContestBallot, getContest, importContestRoll, nominate, openContest } from '../../src/services/contests';
import { castBallot, closeElection, computeTally, finishKeyCeremony, openElection, postDkgCommitment, postDkgDealing, postPartialDecryption, postTrusteeKey, uploadCredentials } from '../../src/services/elections';
import { DEMO_CHAIR } from '../../src/services/demo';
import { loadRoster } from '../../src/services/roster';
import { CATALOGUES, type MessageKey } from '../../src/web/i18n/catalogue';
import type { Locale } from '../../src/web/i18n/locales';
import { axeViolations, launchBrowser, loginThroughApi, screenshot, sidewaysScroll } from './support/browser';
import { ensureWebBuilt } from './support/build-web';
import { englishLeaks } from './support/english-leaks';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const CONTEST = 'e2e-contest-verify';
const AUTHORITY = generateAuthorityKey();
let server: TestServer;
let browser: Browser;
let ctx: AppContext;
let now = Date.parse('2024-07-01T12:00:00Z');
let eid: string;
let names: string[];

const msg = (locale: Locale, key: MessageKey, values?: Record<string, string | number>) => String(new IntlMessageFormat(CATALOGUES[locale][key], locale).format(values));

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'demo' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  ctx.clock = () => new Date(now);
  await openContest(ctx, CLI_ACTOR, { id: CONTEST, rulebookId: 'conservative-2024', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2024-07-10T13:00:00Z' });
  const { state } = await getContest(ctx.db, CONTEST);
  const [a, b, ...pool] = state.mps;
  const roster = await loadRoster(ctx.db, 'uk-commons-2019');
  names = [a!, b!].map((id) => roster.members.find((m) => m.memberId === id)!.displayName);
  let k = 0;
  for (const c of [a!, b!]) for (let i = 0; i < 10; i++) await nominate(ctx, CLI_ACTOR, CONTEST, { candidate: c, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[k++]! });
  now = Date.parse('2024-07-10T14:00:00Z');
  await closeNominations(ctx, CLI_ACTOR, CONTEST);
  await importContestRoll(ctx, CLI_ACTOR, CONTEST, { freezeDate: '2024-07-20', csv: 'member_id,joined\nm1,2020-01-01\nm2,2020-01-01\nm3,2020-01-01\n' });
  const e = await createContestBallot(ctx, CLI_ACTOR, CONTEST, { trustees: 1, threshold: 1, authority: AUTHORITY.public });
  eid = e.id;
  const m = e.manifest as unknown as ContestBallotManifest;
  const reg = trusteeRegister(e.electionHash, 1);
  await postTrusteeKey(ctx, eid, reg.body);
  const deal = trusteeDeal(ceremonyManifest(m), e.electionHash, reg.secret, [reg.body]);
  await postDkgCommitment(ctx, eid, deal.commitment);
  await postDkgDealing(ctx, eid, deal.dealing);
  const key = await finishKeyCeremony(ctx, CLI_ACTOR, eid);
  const creds = [0, 1, 2].map(() => generateCredential());
  const { fingerprint: _f, ...list } = signCredentialList(e.electionHash, AUTHORITY.secret, creds.map((c) => c.public), key.publicKey);
  await uploadCredentials(ctx, CLI_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
  if (m.opensAt) now = Date.parse(m.opensAt) + 60_000;
  await openElection(ctx, CLI_ACTOR, eid);
  // Two votes for the first candidate, one for the second.
  for (const [i, choice] of [0, 0, 1].entries()) await castBallot(ctx, eid, prepareContestBallot(m, e.electionHash, Point.fromHex(key.publicKey), creds[i]!.secret, choice).body);
  now = Date.parse(m.closesAt ?? '2024-08-01T00:00:00Z') + 60_000;
  const close = (await closeElection(ctx, CLI_ACTOR, eid)).head; // the close record's hash: the partials are bound to it
  const t = (await computeTally(ctx, CLI_ACTOR, eid)) as unknown as ContestTallyBody;
  const share = trusteeFinalize(ceremonyManifest(m), e.electionHash, deal.secret, [deal.dealing], key).secretShare!;
  await postPartialDecryption(ctx, eid, contestPartialDecrypt(e.electionHash, close, { index: 1, secretShare: share, verificationKey: key.verificationKeys[0]!.key }, t.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }))) as never);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function phone(locale: 'en-GB' | 'cy-GB'): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, locale, timezoneId: 'Europe/London' });
  context.setDefaultTimeout(30_000);
  return context;
}

/** axe clean at any impact, no sideways scrolling at 390 px, and on a Welsh page no English string of the catalogue. */
async function check(page: Page, step: string, locale: Locale = 'en'): Promise<void> {
  await page.waitForLoadState('networkidle');
  await screenshot(page, `contest-verify-${step}`);
  expect(await axeViolations(page), `axe on ${step}`).toEqual([]);
  expect(await sidewaysScroll(page, 390), `sideways scrolling on ${step}`).toBeNull();
  if (locale !== 'en') expect(await englishLeaks(page, locale), `English left on ${step}`).toEqual([]);
}

describe('a contest ballot from the trustees’ decryption to a verified winner, on a phone', () => {
  it('in Welsh: the public page says the declaration is awaited; the chair is told to declare, and declares', async () => {
    const cy = (key: MessageKey, values?: Record<string, string | number>) => msg('cy', key, values);
    const members = cy('contest.members.title');
    const visitor = await (await phone('cy-GB')).newPage();
    await visitor.goto(`/contests/${CONTEST}`);
    expect(await visitor.getByTestId('pending-count').innerText()).toBe(cy('journeys.pending.declare', { ballot: members }));
    expect(await visitor.getByTestId('members').innerText()).not.toContain(cy('contest.members.pending'));
    await check(visitor, 'awaiting-declaration', 'cy');
    // The roster the contest's `open` event names (C6 holds withdrawal keys to its registry), for MPs to see it is theirs.
    expect(await visitor.locator('main').innerText()).toContain(cy('contest.steps.openRoster', { when: '', roster: 'uk-commons-2019' }).trim());

    const chairContext = await phone('cy-GB');
    await loginThroughApi(chairContext, server, DEMO_CHAIR.email);
    const chair = await chairContext.newPage();
    await chair.goto(`/contests/${CONTEST}/chair`);
    expect(await chair.getByTestId('chair-declare-next').innerText()).toBe(cy('journeys.chair.declareNext', { ballot: members }));
    await check(chair, 'chair-declare-next', 'cy');
    await chair.getByTestId('board-result').click();
    await chair.getByRole('dialog').getByRole('button', { name: cy('contest.chair.declare', { ballot: members }) }).click();
    await chair.getByText(cy('contest.chair.declared')).waitFor();
    await visitor.reload();
    await visitor.getByTestId('winner').waitFor();
    expect(await visitor.getByTestId('winner').innerText()).toContain(names[0]);
    await chairContext.close();
  }, 120_000);

  it('in Welsh, the visitor verifies the whole contest from the contest page: each check passes and the winner is shown', async () => {
    const cy = (key: MessageKey, values?: Record<string, string | number>) => msg('cy', key, values);
    const page = await (await phone('cy-GB')).newPage();
    await page.goto(`/contests/${CONTEST}`);
    await page.getByRole('link', { name: cy('journeys.cverify.link') }).click();
    await page.waitForURL(`**/contests/${CONTEST}/verify`);
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toContain(cy('journeys.cverify.verified', { boards: 1 }));
    expect(await page.getByTestId('verify-winner').innerText()).toBe(cy('journeys.cverify.winner', { name: names[0]! }));
    const passed = (id: string) => page.locator(`[data-testid="${id}"] li[data-status="passed"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-check')));
    expect(await passed('contest-checks')).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(await passed('cverify-checks-members')).toEqual(Array.from({ length: 15 }, (_, i) => `R${i + 1}`)); // R16–R19: no receipts or postal batches given
    const table = await page.getByTestId('verified-rounds').innerText();
    expect(table).toMatch(new RegExp(`${names[0]}[\\s\\S]*2[\\s\\S]*${cy('journeys.cverify.fateElected')}`));
    expect(table).toMatch(new RegExp(`${names[1]}[\\s\\S]*1[\\s\\S]*${cy('journeys.cverify.fateRunnerUp')}`));
    await check(page, 'verified-cy', 'cy');
    await page.context().close();
  }, 120_000);

  it('a board the server tampered with (counts swapped, its hash recomputed) fails R15, named with its record; the board verifier agrees', async () => {
    const en = (key: MessageKey, values?: Record<string, string | number>) => msg('en', key, values);
    const context = await phone('en-GB');
    let resultSeq = -1;
    await context.route('**/api/elections/*/board.jsonl', async (route) => {
      const res = await route.fetch();
      const lines = (await res.text()).split('\n').filter((l) => l !== '');
      const last = JSON.parse(lines.at(-1)!) as { seq: number; prev: string; type: string; body: { counts: Record<string, number> }; hash: string };
      const [x, y] = Object.keys(last.body.counts);
      last.body.counts = { [x!]: last.body.counts[y!]!, [y!]: last.body.counts[x!]! };
      last.hash = recordHash(last.seq, last.prev, last.type as never, last.body as never);
      resultSeq = last.seq;
      lines[lines.length - 1] = JSON.stringify(last);
      await route.fulfill({ response: res, body: lines.join('\n') + '\n' });
    });
    const page = await context.newPage();
    await page.goto(`/contests/${CONTEST}/verify`);
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toContain(en('journeys.cverify.failedAt', { check: 'R15', seq: resultSeq, type: 'result', ballot: en('contest.members.title') }));
    expect(await page.locator('[data-testid="cverify-checks-members"] li[data-status="failed"]').getAttribute('data-check')).toBe('R15');
    expect(await page.locator('[data-testid="contest-checks"] li[data-status="passed"]').count()).toBe(1); // C1 only
    await check(page, 'tampered');
    // The same board on its own: /elections/ID/verify runs R1–R19 on a contest board.
    await page.goto(`/elections/${eid}/verify`);
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toContain(en('journeys.cverify.failedAt', { check: 'R15', seq: resultSeq, type: 'result', ballot: en('contest.members.title') }));
    await context.unroute('**/api/elections/*/board.jsonl');
    await page.reload();
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toContain(en('journeys.cverify.boardVerified'));
    expect(await page.getByTestId('verify-result').innerText()).toContain(en('contest.members.votes', { name: names[0]!, n: 2 }));
    await check(page, 'board-verified');
    await context.close();
  }, 120_000);

  it('a simulated contest from its files (contest.json and its boards) verifies in the browser as `confidence verify DIR` does', async () => {
    const en = (key: MessageKey, values?: Record<string, string | number>) => msg('en', key, values);
    const sim = simulateHistoricContest(TINY_CONTEST);
    const dir = mkdtempSync(join(tmpdir(), 'confidence-contest-files-'));
    writeFileSync(join(dir, 'contest.json'), JSON.stringify(sim.summary));
    for (const b of sim.boards) writeFileSync(join(dir, b.file), b.board.toJSONLines());
    const context = await phone('en-GB');
    const page = await context.newPage();
    await page.goto(`/contests/${CONTEST}/verify`);
    await page.getByTestId('verify-verdict').waitFor({ timeout: 60_000 });
    await page.getByText(en('journeys.cverify.filesSummary')).click();
    await page.setInputFiles('#cverify-files-input', ['contest.json', ...sim.boards.map((b) => b.file)].map((f) => join(dir, f)));
    await page.getByTestId('cverify-files-run').click();
    const verdict = page.getByTestId('files-verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.innerText()).toContain(en('journeys.cverify.verified', { boards: sim.boards.length }));
    expect(await page.getByTestId('files-verify-winner').innerText()).toBe(en('journeys.cverify.winner', { name: sim.summary.names[sim.summary.state.winner!.candidate]! }));
    expect(await page.locator('[data-testid="files-contest-checks"] li[data-status="passed"]').count()).toBe(7);
    await check(page, 'files-verified');
    await context.close();
  }, 120_000);
});
