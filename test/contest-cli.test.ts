import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceInProcess, confidenceProcess } from './support/cli';
import { initCrypto } from '../src/crypto';
import { type ContestEvent } from '../src/contest/engine';
import { FOUR_CONTEST, signedWithdraw, testMemberSecret, testRegistration } from '../src/contest/fixtures.test-helpers';
import { historicEvents } from '../src/contest/replay';
import { simulateHistoricContest, type ContestSummary } from '../src/contest/simulate';

async function confidence(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return confidenceIn({}, ...args);
}

/** The same program as bin/confidence.js, in this process (test/support/cli.ts); the October 2022 replay runs the binary. */
async function confidenceIn(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return confidenceInProcess({ ...process.env, LOG_LEVEL: 'silent', ...env }, ...args);
}

/**
 * The CLI on the contest that needs no ballot (October 2022, elected unopposed) — the 2022 summer and 2019
 * replays create ~1,800 MP ballots and are run by hand or in the benchmark (docs/contest.md §5); their boards
 * and verifier are covered by src/contest/*.test.ts on a small contest.
 */
describe('confidence simulate leadership-contest / verify DIR', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-contest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays October 2022: Sunak the only valid nomination, elected unopposed; verify passes C1–C7', async () => {
    const sim = await confidenceProcess({ ...process.env, LOG_LEVEL: 'silent' }, 'simulate', 'leadership-contest', '--rulebook', 'conservative-2022-october', '--out', dir);
    expect(sim.code, sim.stderr).toBe(0);
    expect(sim.stdout).toMatch(/nominations \(100 needed\): Rishi Sunak 150/);
    const v = await confidence('verify', dir);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/winner: Rishi Sunak — elected unopposed/);
    expect(v.stdout).toMatch(/VERIFIED: 0 boards pass R1–R15 and the contest passes all 7 checks C1–C7/);
  });

  it('a contest.json whose winner was changed fails C6 with exit code 8', async () => {
    const file = join(dir, 'contest.json');
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    summary.state.winner.candidate = 'mp-001';
    const bad = mkdtempSync(join(tmpdir(), 'confidence-contest-bad-'));
    writeFileSync(join(bad, 'contest.json'), JSON.stringify(summary));
    const v = await confidence('verify', bad);
    rmSync(bad, { recursive: true, force: true });
    expect(v.code).toBe(8);
    expect(v.stdout).toMatch(/FAIL C6/);
    expect(v.stderr).toMatch(/error CONTEST_CHECK_FAILED: check C6 failed: .*winner: published mp-001, the rulebook gives rishi-sunak/);
  });

  it('bad input: an unknown contest, a scale out of range', async () => {
    const unknown = await confidence('simulate', 'leadership-contest', '--rulebook', 'labour-2016', '--out', dir);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/RULEBOOK_NOT_FOUND/);
    const scale = await confidence('simulate', 'leadership-contest', '--rulebook', 'conservative-2022-summer', '--members-scale', '2', '--out', dir);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toMatch(/--members-scale must be a number in \(0, 1\]/);
  });

  it('imports a membership roll: eligibility at the freeze date, one credential per eligible member; a bad roll imports nothing', async () => {
    const csv = join(dir, 'roll.csv');
    writeFileSync(csv, 'member_id,joined,left,email\nm1,2022-01-01,,a@example.org\nm2,2022-08-01,,\nm3,2015-05-05,2022-07-01,\nm4,2010-01-01,,\n');
    const out = join(dir, 'roll');
    const r = await confidence('contest', 'roll', 'import', '--csv', csv, '--freeze', '2022-09-02', '--credentials', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/roll: 4 members, 2 eligible \(joined on or before 2022-06-02, still members on 2022-09-02\)/);
    expect(readFileSync(join(out, 'eligible.txt'), 'utf8')).toBe('m1\nm4\n');
    const secrets = readFileSync(join(out, 'credentials-secret.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(secrets.map((x: { member: string }) => x.member)).toEqual(['m1', 'm4']);
    const publics = JSON.parse(readFileSync(join(out, 'credentials-public.json'), 'utf8')).credentials;
    expect(publics).toHaveLength(2);
    expect([...publics].sort()).toEqual(publics);
    writeFileSync(csv, 'member_id,joined\nm1,2022-01-01\nm1,2022-01-02\n');
    const bad = await confidence('contest', 'roll', 'import', '--csv', csv, '--freeze', '2022-09-02', '--out', join(dir, 'roll-bad'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error ROLL_INVALID: 1 bad row; nothing was imported: line 3: member_id m1 is a duplicate of line 2/);
  });

  it('runs a contest over the database: open after a resignation, a paper nomination, no close before the deadline', async () => {
    const env = { CONFIDENCE_DATA_DIR: join(dir, 'data'), CONFIDENCE_DEMO: 'on' };
    const open = await confidenceIn(env, 'contest', 'open', '--id', 'cli-contest', '--rulebook', 'conservative-2019', '--close', '2099-01-01T00:00:00Z', '--reason', 'resignation');
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/contest cli-contest: nominations/);
    const nom = await confidenceIn(env, 'contest', 'nominate', '--contest', 'cli-contest', '--candidate', 'rishi-sunak', '--nominator', 'steve-baker', '--role', 'proposer');
    expect(nom.code, nom.stderr).toBe(0);
    const twice = await confidenceIn(env, 'contest', 'nominate', '--contest', 'cli-contest', '--candidate', 'kemi-badenoch', '--nominator', 'steve-baker');
    expect(twice.code).toBe(4);
    expect(twice.stderr).toMatch(/error NOMINATION_DUPLICATE: steve-baker has already nominated rishi-sunak/);
    const early = await confidenceIn(env, 'contest', 'close', 'cli-contest');
    expect(early.code).toBe(4);
    expect(early.stderr).toMatch(/CONTEST_WRONG_PHASE: nominations close at 2099-01-01T00:00:00Z/);
    // The rerun of a tied ballot goes through the same service as the API: with no tie it is refused.
    const rerun = await confidenceIn(env, 'contest', 'rerun', 'cli-contest');
    expect(rerun.code).toBe(4);
    expect(rerun.stderr).toMatch(/CONTEST_WRONG_PHASE: no tied ballot is waiting to be run again/);
  }, 300_000);

  it('lists the contest rulebooks', async () => {
    const r = await confidence('contest', 'rulebooks');
    expect(r.stdout).toMatch(/conservative-2022-summer/);
    expect(r.stdout).toMatch(/Round 1: at least 30 votes to continue/);
    expect(r.stdout).toMatch(/with a pause at 4/);
  });
});

/**
 * `verify DIR`'s `key registry` line: the roster whose member-key registry a signed withdrawal was checked against
 * (C6), and whether the contest's opening names it — a contest opened before it did keeps the summary's word for
 * the roster, and the line says to check it (the browser verifier shows the same warning).
 */
describe('confidence verify DIR: the key registry line', () => {
  const AT = '2024-09-04T18:00:00Z';
  const MEMBERS: ContestEvent = { type: 'declare-members', input: { counts: { ada: 5, bea: 7 }, rejected: 1, electorate: 14, at: '2024-10-31T17:00:00Z' } };
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** FOUR_CONTEST with dee's signed withdrawal before the rerun of its tie, written as `verify DIR` reads it. */
  async function contestDir(rosterId: string | undefined, registry: { rosterId: string; signer: string }) {
    await initCrypto();
    const events = historicEvents(FOUR_CONTEST, { members: false, ...(rosterId ? { rosterId } : {}) });
    const sim = simulateHistoricContest(FOUR_CONTEST, { events: [...events, signedWithdraw(events, 'dee', AT, testMemberSecret(registry.signer)), MEMBERS] });
    const memberKeys = { rosterId: registry.rosterId, registrations: [testRegistration(registry.rosterId, 'dee', 1, '2024-07-01T09:05:00Z', testMemberSecret(registry.signer))] };
    const dir = mkdtempSync(join(tmpdir(), 'confidence-contest-registry-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'contest.json'), JSON.stringify({ ...sim.summary, memberKeys } satisfies ContestSummary));
    for (const b of sim.boards) writeFileSync(join(dir, b.file), b.board.toJSONLines());
    return dir;
  }

  it('names the roster the opening names', async () => {
    const v = await confidence('verify', await contestDir('test-roster', { rosterId: 'test-roster', signer: 'dee' }));
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^key registry {2}roster test-roster \(the roster the contest’s opening names\)$/m);
    expect(v.stdout).toMatch(/withdrawal {4}dee \(before-rerun-of:round-1\): signed with the key [0-9a-f]+ \(their registered member key\)/);
  });

  it('warns when the contest was opened before its opening named a roster', async () => {
    const v = await confidence('verify', await contestDir(undefined, { rosterId: 'shadow-roster', signer: 'dee' }));
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^key registry {2}roster shadow-roster: the contest was opened before its opening named its roster, so the registry is the one the summary names \(check it is the contest’s roster\)$/m);
  });
});
