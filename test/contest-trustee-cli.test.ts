import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');

/**
 * A trustee serves a contest round from the CLI on their own machine, with the same commands as for the
 * confidence vote: register, deal, reveal, share (the secret file stays local), then decrypt — one partial per
 * candidate — and posting the result declares the round in the contest. On the members' ballot the credential
 * authority's tool enters a batch of postal papers (refused whole when one member already voted online under "first
 * valid counts"), and a member and the trustee check the board with their receipts (R17, R16).
 */
describe('confidence trustee on a contest round', () => {
  it('registers, deals, reveals, computes the share locally and decrypts the per-candidate tally', async () => {
    const { startTestServer } = await import('./support/server');
    const { initCrypto, Point } = await import('../src/crypto');
    const { generateAuthorityKey, generateCredential, signCredentialList } = await import('../src/ballot');
    const { prepareContestBallot } = await import('../src/contest/board');
    const svc = await import('../src/services/elections');
    const contests = await import('../src/services/contests');
    const { CLI_ACTOR, SYSTEM_ACTOR } = await import('../src/services/context');
    await initCrypto();
    const server = await startTestServer({ seed: 'demo' });
    const ctx = server.runtime.ctx;
    let offset = Date.parse('2022-07-11T12:00:00Z') - Date.now();
    ctx.clock = () => new Date(Date.now() + offset);
    const dir = mkdtempSync(join(tmpdir(), 'confidence-contest-trustee-'));
    const email = 'chair@demo.confidence';
    const eid = 'contest-cli-contest-members';
    const trustee = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'trustee', ...args, '--secret', join(dir, 'secret.json'), '--server', server.url, '--election', eid], { env: { ...process.env, LOG_LEVEL: 'silent' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', async (d) => {
          stderr += d;
          if (/One-time code/.test(String(d))) child.stdin.write(`${(await server.mailbox(email))[0]!.code}\n`);
        });
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      });
    try {
      // A contest with two candidates at round 1 (2019 rules: 8 nominators each).
      await contests.openContest(ctx, SYSTEM_ACTOR, { id: 'cli-contest', rulebookId: 'conservative-2019', reason: 'chair', rosterId: 'uk-commons-2019', nominationsClose: '2022-07-11T13:00:00Z' });
      const { state } = await contests.getContest(ctx.db, 'cli-contest');
      const pool = state.mps.filter((m) => m !== 'jeremy-hunt' && m !== 'michael-gove');
      let k = 0;
      for (const candidate of ['jeremy-hunt', 'michael-gove']) {
        for (let i = 0; i < 8; i++) await contests.nominate(ctx, CLI_ACTOR, 'cli-contest', { candidate, role: i === 0 ? 'proposer' : i === 1 ? 'seconder' : 'supporter', nominator: pool[k++]! });
      }
      offset += 2 * 3600_000;
      await contests.closeNominations(ctx, CLI_ACTOR, 'cli-contest');
      // Two valid candidates are the final two: the members' ballot (4 members here) is put on a board.
      expect((await contests.getContest(ctx.db, 'cli-contest')).view.phase).toBe('members');
      const authority = generateAuthorityKey();
      await contests.importContestRoll(ctx, CLI_ACTOR, 'cli-contest', { freezeDate: '2022-07-20', csv: 'member_id,joined\na,2020-01-01\nb,2020-01-01\nc,2021-01-01\nd,2022-01-01\n' });
      await contests.createContestBallot(ctx, CLI_ACTOR, 'cli-contest', { trustees: 1, threshold: 1, authority: authority.public });
      expect((await trustee('register', '--trustee', '1', '--email', email)).stdout).toMatch(/registered as trustee 1/);
      expect((await trustee('deal', '--email', email)).code).toBe(0);
      expect((await trustee('reveal', '--email', email)).stdout).toMatch(/dealing revealed/);
      await svc.finishKeyCeremony(ctx, SYSTEM_ACTOR, eid);
      const share = await trustee('share');
      expect(share.code, share.stderr).toBe(0);
      // Before using the key the trustee's device found each of its three receipted messages on the board (R16).
      expect(share.stdout).toMatch(/with your 3 receipt\(s\) \(R16\): every message of yours is where the server receipted it/);
      const secret = JSON.parse(readFileSync(join(dir, 'secret.json'), 'utf8'));
      expect(await svc.boardText(ctx, eid)).not.toContain(secret.secretShare);
      const e = await svc.electionView(ctx, eid);
      const creds = Array.from({ length: 4 }, () => generateCredential());
      const { fingerprint: _f, ...list } = signCredentialList(e.electionHash, authority.secret, creds.map((c) => c.public), e.publicKey!);
      await svc.uploadCredentials(ctx, SYSTEM_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
      await svc.openElection(ctx, SYSTEM_ACTOR, eid);
      const open = await svc.electionView(ctx, eid);
      const m = open.manifest as unknown as Parameters<typeof prepareContestBallot>[0];
      const Y = Point.fromHex(open.publicKey!);
      const hunt = m.candidates.findIndex((c) => c.id === 'jeremy-hunt');
      const receipts: unknown[] = [];
      for (const [i, choice] of [hunt, hunt, 1 - hunt].entries()) receipts.push((await svc.castBallot(ctx, eid, prepareContestBallot(m, open.electionHash, Y, creds[i]!.secret, choice).body)).receipt);
      // Postal papers, entered by the credential authority's tool (2019 rules: the first valid ballot counts).
      writeFileSync(join(dir, 'credentials-secret.jsonl'), ['a', 'b', 'c', 'd'].map((member, i) => JSON.stringify({ member, credential: creds[i]!.secret })).join('\n') + '\n');
      writeFileSync(join(dir, 'authority-key.json'), JSON.stringify({ secret: authority.secret, public: authority.public }));
      const postal = (csv: string) => {
        writeFileSync(join(dir, 'batch.csv'), csv);
        return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'contest', 'postal-batch', '--server', server.url, '--election', eid, '--batch', join(dir, 'batch.csv'), '--secrets', join(dir, 'credentials-secret.jsonl'), '--authority-key', join(dir, 'authority-key.json'), '--email', email, '--at', new Date(Date.now() + offset).toISOString()], { env: { ...process.env, LOG_LEVEL: 'silent' } });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', async (d) => {
            stderr += d;
            if (/One-time code/.test(String(d))) child.stdin.write(`${(await server.mailbox(email))[0]!.code}\n`);
          });
          child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
        });
      };
      // Member c voted online first: the whole batch is refused and nothing is entered.
      const refused = await postal('envelope,member_id,choice\nP-001,d,jeremy-hunt\nP-002,c,jeremy-hunt\nP-003,zed,jeremy-hunt\n');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/POSTAL_BATCH_INVALID[\s\S]*2 bad papers; nothing was entered[\s\S]*member c already voted online[\s\S]*"zed" has no credential/);
      expect((await svc.electionView(ctx, eid)).ballots).toBe(3);
      writeFileSync(join(dir, 'batch.csv'), 'envelope,member_id,choice\nP-001,d,jeremy-hunt\n');
      const entered = await postal('envelope,member_id,choice\nP-001,d,jeremy-hunt\n');
      expect(entered.stdout, entered.stderr).toMatch(/postal ballots: 1 entered under "first-valid-counts"/);
      // The batch went on the board whole, with the digest of the officers' envelope list and its chain value (R18).
      const batch = /batch 1 at record \d+: digest ([0-9a-f]{64}) .*chain ([0-9a-f]{64})/.exec(entered.stdout);
      expect(batch, entered.stdout).not.toBeNull();
      const digest = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'contest', 'postal-digest', '--batch', join(dir, 'batch.csv')], { env: { ...process.env, LOG_LEVEL: 'silent' } });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('close', () => resolve(stdout));
      });
      expect(digest).toMatch(new RegExp(`^${batch![1]}  1 envelope`));
      await svc.closeElection(ctx, SYSTEM_ACTOR, eid);
      await svc.computeTally(ctx, SYSTEM_ACTOR, eid);
      const dec = await trustee('decrypt', '--email', email);
      expect(dec.stdout, dec.stderr).toMatch(/partial decryptions of trustee 1 posted \(one per candidate\)/);
      expect(await svc.declareResult(ctx, SYSTEM_ACTOR, eid)).toMatchObject({ counts: { 'jeremy-hunt': 3, 'michael-gove': 1 }, blank: 0, abstentions: 0 });
      expect((await contests.getContest(ctx.db, 'cli-contest')).view.winner).toMatchObject({ candidate: 'jeremy-hunt', how: 'members' });
      // A member checks their ballot with their receipt, the trustee their key-ceremony messages (R17, R16).
      writeFileSync(join(dir, 'board.jsonl'), await svc.boardText(ctx, eid));
      writeFileSync(join(dir, 'cast.json'), JSON.stringify(receipts[1]));
      const trusteeReceipts = readdirSync(dir).filter((f) => f.startsWith('receipt-trustee-1-')).map((f) => join(dir, f));
      expect(trusteeReceipts).toHaveLength(3);
      const verify = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'verify', join(dir, 'board.jsonl'), ...args], { env: { ...process.env, LOG_LEVEL: 'silent' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      });
      const ok = await verify('--ballots', '--postal-chain', batch![2]!, '--receipt', join(dir, 'cast.json'), ...trusteeReceipts);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/ok\s+R18/);
      expect(ok.stdout).toMatch(/online\s+.*\(3 counted\)/);
      expect(ok.stdout).toMatch(/postal\s+.*Jeremy Hunt 1.*\(1 counted\); 0 online ballot\(s\) replaced by postal ones/);
      expect(ok.stdout).toMatch(/postal\s+1 batch\(es\), 1 paper\(s\) \(R18\)/);
      expect(ok.stdout).toMatch(/counted\s+every receipted ballot counts \(R19\)/);
      const otherChain = await verify('--postal-chain', 'a'.repeat(64));
      expect(otherChain.code).not.toBe(0);
      expect(otherChain.stdout).toMatch(/FAIL R18/);
      expect(ok.stdout).toMatch(/receipts\s+1 cast and 3 trustee receipt\(s\) checked/);
      expect(ok.stdout).toMatch(/ok\s+R17/);
      expect(ok.stdout).toMatch(/ballots\s+4 on the board; those that do not count, and why:\s+\(none: every ballot counts\)/);
      // A receipt that is not this board's (signed for another position) is refused with the check's number.
      writeFileSync(join(dir, 'moved.json'), JSON.stringify({ ...(receipts[1] as object), seq: (receipts[1] as { seq: number }).seq + 1 }));
      const bad = await verify('--receipt', join(dir, 'moved.json'));
      expect(bad.code).not.toBe(0);
      expect(bad.stdout).toMatch(/FAIL R17/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
