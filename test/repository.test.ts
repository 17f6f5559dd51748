import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db';
import { accounts, auditLog, devMailbox, sessions } from '../src/db/schema';
import { loadCommons2019 } from '../src/data/commons-2019';
import { AppError } from '../src/domain/errors';
import { whipHolders } from '../src/domain/roster/membership';
import { readAudit, verifyAudit } from '../src/services/audit';
import { SESSION_RECHECK_MS, SESSION_TTL_MS, createAccount, loginMailSettled, logout, requestLoginCode, sessionFor, verifyLoginCode } from '../src/services/auth';
import { SYSTEM_ACTOR, type AppContext } from '../src/services/context';
import { loadProcedure, openProcedure, runProcedureCommand } from '../src/services/procedures';
import { COMMONS_2019_ROSTER_ID, countWhipHolders, importCommons2019, loadRoster, parseGenericRosterCsv, saveRoster } from '../src/services/roster';
import { TEST_DRIVERS, testContext } from './support/db';

/** One repository suite, run against every database driver available (PGlite always; PostgreSQL in CI). */
describe.each(TEST_DRIVERS)('repositories on $name', (driver) => {
  let database: Database;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await driver.open();
    ctx = testContext(database);
    await importCommons2019(ctx, SYSTEM_ACTOR);
  });
  afterAll(async () => database?.close());

  it('round-trips the 2019 Commons roster and counts 359 whip holders on 6 June 2022', async () => {
    const stored = await loadRoster(database.db, COMMONS_2019_ROSTER_ID);
    const bundled = loadCommons2019();
    expect(stored.members).toHaveLength(bundled.members.length);
    expect(stored.changes).toEqual(bundled.changes);
    expect(await countWhipHolders(database.db, COMMONS_2019_ROSTER_ID, 'Con', '2022-06-06')).toBe(359);
  });

  it('imports a generic CSV roster, and a file with one bad row imports nothing', async () => {
    const good = 'member_id,display_name,joined,left,whip,group\na1,Ann One,2020-01-01,,yes,Board\na2,Bob Two,2020-01-01,2021-06-30,,Board\na3,Cy Three,2020-01-01,,no,Board\n';
    await saveRoster(ctx, SYSTEM_ACTOR, { id: 'club', name: 'Club', format: 'csv', attribution: 'test' }, parseGenericRosterCsv(good));
    expect(await countWhipHolders(database.db, 'club', 'Board', '2021-01-01')).toBe(2);
    expect(await countWhipHolders(database.db, 'club', 'Board', '2021-07-01')).toBe(1);
    const bad = good.replace('a3,Cy Three,2020-01-01', 'a3,Cy Three,2020-13-01');
    expect(() => parseGenericRosterCsv(bad)).toThrow(/line 4: joined must be a date/);
    const stillThere = await loadRoster(database.db, 'club');
    expect(stillThere.members.map((m) => m.memberId)).toEqual(['a1', 'a2', 'a3']);
  });

  it('rolls back a multi-row write that fails half-way: no members, no audit entry', async () => {
    const before = await readAudit(database.db);
    const roster = parseGenericRosterCsv('member_id,display_name,joined\nx1,X One,2020-01-01\n');
    // A change naming a member id longer than the column allows would pass parsing; force a failure
    // inside the transaction by inserting a duplicate primary key.
    roster.members.push({ ...roster.members[0]! });
    await expect(saveRoster(ctx, SYSTEM_ACTOR, { id: 'broken', name: 'Broken', format: 'csv', attribution: 't' }, roster)).rejects.toThrow();
    await expect(loadRoster(database.db, 'broken')).rejects.toThrow(/no roster/);
    expect(await readAudit(database.db)).toHaveLength(before.length);
  });

  it('stores procedure events in the audit chain and counts concurrent letters exactly once each', async () => {
    await openProcedure(ctx, SYSTEM_ACTOR, { id: 'p-concurrent', rosterId: COMMONS_2019_ROSTER_ID, title: 't', leaderName: 'Boris Johnson', rulebookId: 'conservative-1922', fixedDate: '2022-06-05' });
    const writers = whipHolders(loadCommons2019(), 'Con', '2022-06-05').slice(0, 30).map((m) => m.memberId);
    // 30 letters at once, plus each one submitted twice: idempotence under concurrency.
    await Promise.all([...writers, ...writers].map((memberId) => runProcedureCommand(ctx, SYSTEM_ACTOR, 'p-concurrent', { type: 'submit_letter', memberId, recordedBy: 'member' })));
    const p = await loadProcedure(ctx, 'p-concurrent');
    expect(p.status.count).toBe(30);
    expect((await readAudit(database.db, { procedureId: 'p-concurrent' })).filter((e) => e.action === 'letter_submitted')).toHaveLength(30);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });
  });

  it('commits concurrent commands in groups: each decided on its predecessors, a refusal alone, a database failure the whole group, nothing acknowledged unstored', async () => {
    await openProcedure(ctx, SYSTEM_ACTOR, { id: 'p-groups', rosterId: COMMONS_2019_ROSTER_ID, title: 't', leaderName: 'Boris Johnson', rulebookId: 'conservative-1922', fixedDate: '2022-06-05' });
    const mps = whipHolders(loadCommons2019(), 'Con', '2022-06-05').slice(40, 100).map((m) => m.memberId);
    const submit = (memberId: string) => ({ type: 'submit_letter' as const, memberId, recordedBy: 'member' as const });
    const withdraw = (memberId: string) => ({ type: 'withdraw_letter' as const, memberId, recordedBy: 'member' as const });
    const run = (commands: Parameters<typeof runProcedureCommand>[3][]) => Promise.allSettled(commands.map((c) => runProcedureCommand(ctx, SYSTEM_ACTOR, 'p-groups', c)));

    // Wave 1: 30 letters, an unknown member, then 10 of the 30 withdrawn (queued behind their submissions).
    const wave1 = await run([...mps.slice(0, 30).map(submit), submit('nobody-at-all'), ...mps.slice(0, 10).map(withdraw)]);
    expect(wave1[30]).toMatchObject({ status: 'rejected', reason: { code: 'MEMBER_NOT_FOUND' } });
    expect(wave1.filter((s) => s.status === 'rejected')).toHaveLength(1);

    // Wave 2: a database failure inside a group's transaction (the audit INSERT fails whenever it carries `doomed`).
    const doomed = mps[47]!;
    await database.db.execute(sql.raw(`create or replace function test_refuse_entry() returns trigger language plpgsql as $$ begin
      if new.payload like '%"${doomed}"%' then raise exception 'refused by the test'; end if; return new; end $$`));
    await database.db.execute(sql.raw('create trigger test_refuse_entry before insert on audit_log for each row execute function test_refuse_entry()'));
    const wave2Commands = [...mps.slice(30, 60).map(submit), ...mps.slice(10, 20).map(withdraw)];
    let wave2: PromiseSettledResult<unknown>[];
    try {
      wave2 = await run(wave2Commands);
    } finally {
      await database.db.execute(sql.raw('drop trigger test_refuse_entry on audit_log'));
      await database.db.execute(sql.raw('drop function test_refuse_entry()'));
    }
    expect(wave2[17]!.status).toBe('rejected');
    const failure = (wave2[17] as PromiseRejectedResult).reason as Error & { cause?: Error };
    expect(`${failure.message} ${failure.cause?.message ?? ''}`).toMatch(/refused by the test/);
    expect(wave2.filter((s) => s.status === 'fulfilled').length).toBeGreaterThan(0);

    // Every acknowledged command is in the log; every failed one is not.
    const logged = (await readAudit(database.db, { procedureId: 'p-groups' })).map((e) => `${e.action}:${(JSON.parse(e.payload) as { memberId?: string }).memberId}`);
    const commands = [...mps.slice(0, 30).map(submit), submit('nobody-at-all'), ...mps.slice(0, 10).map(withdraw), ...wave2Commands];
    [...wave1, ...wave2].forEach((settled, i) => {
      const c = commands[i]!;
      const key = `${c.type === 'submit_letter' ? 'letter_submitted' : 'letter_withdrawn'}:${c.memberId}`;
      expect(logged.filter((k) => k === key).length, `${key} ${settled.status}`).toBe(settled.status === 'fulfilled' ? 1 : 0);
    });
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });

    // After the failed group the next write works on the committed state, and the stored letters equal a full replay.
    const again = await runProcedureCommand(ctx, SYSTEM_ACTOR, 'p-groups', submit(doomed));
    expect(again.event).toMatchObject({ type: 'letter_submitted', memberId: doomed });
    const replayed = await loadProcedure(ctx, 'p-groups');
    const stored = await database.db.execute(sql`select member_id, status from procedure_letters where procedure_id = 'p-groups' order by member_id`);
    const rows = ((stored as { rows?: unknown[] }).rows ?? (stored as unknown as unknown[])) as { member_id: string; status: string }[];
    expect(rows.map((r) => `${r.member_id}:${r.status}`).sort()).toEqual(replayed.status.letters.map((l) => `${l.memberId}:${l.status}`).sort());
    expect(replayed.status.letters.filter((l) => l.status === 'withdrawn')).toHaveLength(10 + wave2.slice(30).filter((s) => s.status === 'fulfilled').length);
    expect(again.after.status.count).toBe(replayed.status.count);
  });

  it('detects an audit row edited or deleted directly in the database', async () => {
    expect((await verifyAudit(database.db)).ok).toBe(true);
    const [victim] = await database.db.select().from(auditLog).where(sql`${auditLog.action} = 'letter_submitted'`).limit(1);
    await database.db.execute(sql`update audit_log set payload = replace(payload, '2022-06-05', '2022-06-04') where seq = ${victim!.seq}`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, seq: victim!.seq, reason: expect.stringMatching(/edited/) });
    await database.db.execute(sql`update audit_log set payload = ${victim!.payload} where seq = ${victim!.seq}`);
    expect((await verifyAudit(database.db)).ok).toBe(true);
    await database.db.execute(sql`delete from audit_log where seq = ${victim!.seq}`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, seq: victim!.seq + 1 });
  });

  it('logs in with a one-time code once; a wrong code counts as an attempt', async () => {
    const account = await createAccount(ctx, { email: 'Someone@Example.org', displayName: 'Someone', role: 'editor' });
    await requestLoginCode(ctx, 'someone@example.org', '127.0.0.1');
    await loginMailSettled(ctx);
    const [mail] = await database.db.select().from(devMailbox).where(eq(devMailbox.to, 'someone@example.org')).orderBy(desc(devMailbox.id)).limit(1);
    const code = /(\d{6})/.exec(mail!.text)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(verifyLoginCode(ctx, 'someone@example.org', wrong)).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID' });
    const login = await verifyLoginCode(ctx, 'someone@example.org', code);
    expect(login.account.id).toBe(account.id);
    expect((await sessionFor(ctx, login.sessionId))?.account.email).toBe('someone@example.org');
    await expect(verifyLoginCode(ctx, 'someone@example.org', code)).rejects.toBeInstanceOf(AppError);
    const stored = await database.db.select().from(accounts).where(sql`${accounts.email} = 'someone@example.org'`);
    expect(stored).toHaveLength(1);
  });

  it('keeps sessions in memory only until they end: a logout here at once, an expiry by the clock, another instance\'s logout within SESSION_RECHECK_MS', async () => {
    let now = new Date();
    const clocked: AppContext = { ...ctx, clock: () => now };
    await createAccount(ctx, { email: 'cached@example.org', displayName: 'Cached', role: 'editor' });
    const login = async () => {
      await requestLoginCode(clocked, 'cached@example.org', '127.0.0.2');
      await loginMailSettled(clocked);
      const [mail] = await database.db.select().from(devMailbox).where(eq(devMailbox.to, 'cached@example.org')).orderBy(desc(devMailbox.id)).limit(1);
      return verifyLoginCode(clocked, 'cached@example.org', /(\d{6})/.exec(mail!.text)![1]!);
    };
    const first = await login();
    expect((await sessionFor(clocked, first.sessionId))?.account.email).toBe('cached@example.org'); // now held in memory
    await logout(clocked, first.sessionId);
    expect(await sessionFor(clocked, first.sessionId)).toBeNull();

    const second = await login();
    expect(await sessionFor(clocked, second.sessionId)).not.toBeNull();
    now = new Date(now.getTime() + SESSION_TTL_MS + 1000);
    expect(await sessionFor(clocked, second.sessionId)).toBeNull();

    now = new Date();
    const third = await login();
    expect(await sessionFor(clocked, third.sessionId)).not.toBeNull();
    // Another server instance ends it (here: the row deleted behind this process's back).
    await database.db.delete(sessions).where(eq(sessions.accountId, third.account.id));
    await new Promise((r) => setTimeout(r, SESSION_RECHECK_MS + 50));
    expect(await sessionFor(clocked, third.sessionId)).toBeNull();

    // The sole writer (PGlite) keeps a session until its logout or expiry, with no recheck; both still end it.
    const sole: AppContext = { ...clocked, config: { ...clocked.config, soleWriter: true } };
    const fourth = await login();
    expect(await sessionFor(sole, fourth.sessionId)).not.toBeNull();
    await new Promise((r) => setTimeout(r, SESSION_RECHECK_MS + 50));
    expect(await sessionFor(sole, fourth.sessionId)).not.toBeNull();
    await logout(sole, fourth.sessionId);
    expect(await sessionFor(sole, fourth.sessionId)).toBeNull();
    const fifth = await login();
    expect(await sessionFor(sole, fifth.sessionId)).not.toBeNull();
    now = new Date(now.getTime() + SESSION_TTL_MS + 1000);
    expect(await sessionFor(sole, fifth.sessionId)).toBeNull();
  });
});
