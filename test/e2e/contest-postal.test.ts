/**
 * The postal batches page in Chromium against the real app: a 2024-rules contest (postal overrides online) whose two
 * candidates go straight to the members; the members' board is set up through the services (trustee, credential
 * authority), one member votes online, then the chair enters a batch of two papers on the page — pasting the CSV and
 * choosing the credentials file and the authority key file from the device — and the page lists the batch with its
 * digest and chain value. The board then verifies (R18) and the batch counts as postal. axe finds no serious
 * violation; the page fits 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ciphertextFromJSON, initCrypto, Point } from '../../src/crypto';
import { generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister, type Credential } from '../../src/ballot';
import { ceremonyManifest, contestPartialDecrypt, prepareContestBallot, type ContestBallotManifest, type ContestTallyBody } from '../../src/contest/board';
import { verifyContestBoard } from '../../src/contest/verify';
import { CLI_ACTOR, type AppContext } from '../../src/services/context';
import { closeNominations, createContestBallot, getContest, importContestRoll, nominate, openContest } from '../../src/services/contests';
import { boardText, castBallot, closeElection, computeTally, declareResult, finishKeyCeremony, openElection, postDkgCommitment, postDkgDealing, postPartialDecryption, postTrusteeKey, uploadCredentials } from '../../src/services/elections';
import { DEMO_CHAIR } from '../../src/services/demo';
import { ensureWebBuilt } from './support/build-web';
import { expectNoSeriousA11yViolations, launchBrowser, loginThroughApi, newContext, sidewaysScroll } from './support/browser';
import { startServerUnderTest, type TestServer } from './support/server-handle';

const ID = 'e2e-postal';
const AUTHORITY = generateAuthorityKey();
const MEMBERS = ['m1', 'm2', 'm3'];

let server: TestServer;
let browser: Browser;
let ctx: AppContext;
let chair: Page;
let eid: string;
let creds: Credential[];
let candidates: string[];
let now = Date.parse('2024-07-01T12:00:00Z');
let finishTally: () => Promise<void>;
/** m1's online ballot's tracker (their receipt): their paper replaces it. */
let m1Tracker: string;

beforeAll(async () => {
  await initCrypto();
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startServerUnderTest({ seed: 'demo' }), launchBrowser()]);
  ctx = (server as unknown as { runtime: { ctx: AppContext } }).runtime.ctx;
  ctx.clock = () => new Date(now);
  await openContest(ctx, CLI_ACTOR, { id: ID, rulebookId: 'conservative-2024', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2024-07-10T13:00:00Z' });
  const { state } = await getContest(ctx.db, ID);
  const [a, b, ...pool] = state.mps;
  candidates = [a!, b!];
  let k = 0;
  for (const candidate of candidates) for (let i = 0; i < 10; i++) await nominate(ctx, CLI_ACTOR, ID, { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[k++]! });
  now = Date.parse('2024-07-10T14:00:00Z');
  await closeNominations(ctx, CLI_ACTOR, ID);
  await importContestRoll(ctx, CLI_ACTOR, ID, { freezeDate: '2024-07-20', csv: `member_id,joined\n${MEMBERS.map((x) => `${x},2020-01-01`).join('\n')}\n` });
  const e = await createContestBallot(ctx, CLI_ACTOR, ID, { trustees: 1, threshold: 1, authority: AUTHORITY.public });
  eid = e.id;
  const m = e.manifest as unknown as ContestBallotManifest;
  const reg = trusteeRegister(e.electionHash, 1);
  await postTrusteeKey(ctx, eid, reg.body);
  const deal = trusteeDeal(ceremonyManifest(m), e.electionHash, reg.secret, [reg.body]);
  await postDkgCommitment(ctx, eid, deal.commitment);
  await postDkgDealing(ctx, eid, deal.dealing);
  const key = await finishKeyCeremony(ctx, CLI_ACTOR, eid);
  // After the batch: the chair closes and tallies, the trustee decrypts every tally ciphertext, the result is posted.
  finishTally = async () => {
    now = Date.parse(m.closesAt ?? '2024-08-01T00:00:00Z') + 60_000;
    await closeElection(ctx, CLI_ACTOR, eid);
    const t = (await computeTally(ctx, CLI_ACTOR, eid)) as unknown as ContestTallyBody;
    const share = trusteeFinalize(ceremonyManifest(m), e.electionHash, deal.secret, [deal.dealing], key).secretShare!;
    await postPartialDecryption(ctx, eid, contestPartialDecrypt(e.electionHash, { index: 1, secretShare: share, verificationKey: key.verificationKeys[0]!.key }, t.ciphertexts.map((c) => ciphertextFromJSON(c, 'tally', { allowIdentityAlpha: true }))) as never);
    await declareResult(ctx, CLI_ACTOR, eid);
  };
  creds = MEMBERS.map(() => generateCredential());
  const { fingerprint: _f, ...list } = signCredentialList(e.electionHash, AUTHORITY.secret, creds.map((c) => c.public));
  await uploadCredentials(ctx, CLI_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
  if (m.opensAt) now = Date.parse(m.opensAt) + 60_000;
  await openElection(ctx, CLI_ACTOR, eid);
  // m1 votes online for the first candidate; their paper (for the second) will override it.
  m1Tracker = (await castBallot(ctx, eid, prepareContestBallot(m, e.electionHash, Point.fromHex(key.publicKey), creds[0]!.secret, 0).body)).tracker;
  const context: BrowserContext = await newContext(browser, server);
  await loginThroughApi(context, server, DEMO_CHAIR.email);
  chair = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the postal batches page', () => {
  it('the chair enters a batch prepared on the device; the page lists it with its digest and chain value; the board verifies', async () => {
    await chair.goto(`/contests/${ID}/postal`);
    await chair.getByTestId('postal-batches').getByText('No postal batch has been entered yet.').waitFor();
    await expectNoSeriousA11yViolations(chair, 'postal page, no batch');
    await chair.getByLabel(/Papers \(CSV/).fill(`envelope,member_id,choice\nENV-1,m1,${candidates[1]}\nENV-2,m2,${candidates[0]}\n`);
    await chair.locator('#postal-secrets').setInputFiles({ name: 'credentials-secret.jsonl', mimeType: 'application/json', buffer: Buffer.from(MEMBERS.map((member, i) => JSON.stringify({ member, credential: creds[i]!.secret })).join('\n') + '\n') });
    await chair.locator('#postal-key').setInputFiles({ name: 'authority-key.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ secret: AUTHORITY.secret, public: AUTHORITY.public })) });
    // The device dates the batch by its own clock: the page's reads the server's (fake) day, as a real one would agree.
    await chair.clock.setFixedTime(new Date(now));
    await chair.getByTestId('postal-submit').click();
    await chair.getByText(/Batch 1 is on the board at record \d+ \(2 papers\)/).waitFor({ timeout: 60_000 });
    const item = chair.getByTestId('postal-batch-1');
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Batch 1: 2 papers/);
    await expectNoSeriousA11yViolations(chair, 'postal page, one batch');
    await chair.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysScroll(chair, 390)).toBeNull();
    await chair.setViewportSize({ width: 1280, height: 900 });
    const report = await verifyContestBoard(await boardText(ctx, eid));
    expect(report.failure).toBeNull();
    expect(report.passed).toContain('R18');
    expect(report.summary.postalBatches?.[0]).toMatchObject({ batch: 1, papers: 2 });
    expect(await item.textContent()).toContain(report.summary.postalBatches![0]!.chain);
  }, 180_000);

  it('the public contest page shows the members’ result per channel: online, postal and total per candidate, and the online ballots postal replaced', async () => {
    await finishTally();
    await chair.goto(`/contests/${ID}`);
    const table = chair.getByTestId('members-channels');
    await table.waitFor();
    // m1 voted online for the first candidate, then by post for the second (which replaced the online ballot); m2 by post for the first.
    const row = (i: number) => table.getByRole('row').filter({ has: chair.getByRole('rowheader') }).nth(i);
    const rows = await Promise.all([0, 1].map(async (i) => (await row(i).innerText()).replace(/\s+/g, ' ').trim()));
    expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(/ 0 1 1$/), expect.stringMatching(/ 0 1 1$/)]));
    expect(await chair.getByTestId('members-replaced').innerText()).toMatch(/1 online ballot was replaced by a postal ballot/);
    // m1 checks their online ballot's tracker on the page: it says plainly that their paper replaced it, and when.
    await chair.getByLabel('Your ballot’s tracker (from your receipt)').fill(m1Tracker);
    await chair.getByTestId('member-check').getByRole('button', { name: 'Check' }).click();
    expect(await chair.getByTestId('member-check-result').innerText()).toMatch(/no longer counts: your online ballot was replaced by a postal ballot recorded at .+ in batch 1/);
    await expectNoSeriousA11yViolations(chair, 'contest page, members per channel');
    await chair.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysScroll(chair, 390)).toBeNull();
    await chair.setViewportSize({ width: 1280, height: 900 });
  }, 180_000);
});
