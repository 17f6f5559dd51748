import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'confidence.js');

/**
 * A preferential members' ballot with each step in its own process, as on separate devices: the chair sets it up
 * from the CLI, a trustee computes its share and checks the board from the CLI, members rank candidates with
 * `confidence preferential vote`, two mix servers shuffle in turn with `preferential mix` (each fetching and
 * verifying the board first), two trustees decrypt concurrently with `preferential decrypt` (each computing from
 * the board the cells the count needs, round after round), the chair posts the count, and `confidence verify`
 * checks the whole downloaded board and prints the round table; a re-hashed forged table fails with M11.
 */
describe('confidence preferential: a ranked members’ ballot through the server, step by step from the CLI', { timeout: 240_000 }, () => {
  it('runs set-up, voting, two mixers, two trustees and the count as separate processes; the board verifies', async () => {
    const { startTestServer } = await import('./support/server');
    const { initCrypto } = await import('../src/crypto');
    const { formatFingerprint, generateAuthorityKey, generateCredential, signCredentialList, trusteeDeal, trusteeFinalize, trusteeRegister } = await import('../src/ballot');
    const svc = await import('../src/services/elections');
    const pref = await import('../src/services/preferential');
    const { prepareRankedBallot } = await import('../src/mixnet/board');
    const { SYSTEM_ACTOR } = await import('../src/services/context');
    const { ZERO_HASH, recordHash } = await import('../src/ballot/records');
    const { canonicalJson } = await import('../src/domain/audit/canonical-json');
    await initCrypto();
    const server = await startTestServer({ seed: 'empty-procedure' });
    const ctx = server.runtime.ctx;
    const dir = mkdtempSync(join(tmpdir(), 'confidence-preferential-board-'));
    const run = (args: string[], email?: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', XDG_CONFIG_HOME: join(dir, 'config') }, cwd: dir });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', async (d) => {
          stderr += d;
          if (email && /One-time code/.test(String(d))) child.stdin.write(`${(await server.mailbox(email))[0]!.code}\n`);
        });
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      });
    const CHAIR = 'chair@demo.confidence';
    const OFFICER = 'officer@demo.confidence';
    try {
      const authority = generateAuthorityKey();
      const candidates = 'Andy Burnham,Yvette Cooper,Jeremy Corbyn,Liz Kendall';
      const created = await run(['preferential', 'create', '--server', server.url, '--email', CHAIR, '--title', 'Labour leadership (members)', '--candidates', candidates, '--rank-cap', '3', '--electorate', '6', '--authority', authority.public, '--trustees', '2', '--threshold', '2', '--mixers', '2'], CHAIR);
      expect(created.code, created.stderr).toBe(0);
      const eid = /preferential ballot (pref-[0-9a-f]+)/.exec(created.stdout)![1]!;
      // the trustees' key ceremony (the confidence vote's own steps; run in-process here, on "their devices")
      const v0 = await pref.preferentialView(ctx, eid);
      const m = v0.manifest as never;
      const eh = v0.electionHash;
      const regs = [1, 2].map((t) => trusteeRegister(eh, t));
      for (const r of regs) await svc.postTrusteeKey(ctx, eid, r.body);
      const keys = await svc.publicRecords(ctx, eid, 'trustee_key');
      const deals = regs.map((r) => trusteeDeal(m, eh, r.secret, keys));
      for (const d of deals) await svc.postDkgCommitment(ctx, eid, d.commitment);
      for (const d of deals) await svc.postDkgDealing(ctx, eid, d.dealing);
      await svc.finishKeyCeremony(ctx, SYSTEM_ACTOR, eid);
      writeFileSync(join(dir, 'trustee-1.json'), JSON.stringify(deals[0]!.secret));
      const dealings = await svc.publicRecords(ctx, eid, 'dkg_dealing');
      const key = (await svc.publicRecords(ctx, eid, 'election_key'))[0]!;
      writeFileSync(join(dir, 'trustee-2.json'), JSON.stringify(trusteeFinalize(m, eh, deals[1]!.secret, dealings, key)));
      // trustee 1 computes its share from the CLI, which first checks the board (M13, M14)
      const share = await run(['trustee', 'share', '--server', server.url, '--election', eid, '--secret', join(dir, 'trustee-1.json')]);
      expect(share.code, share.stderr).toBe(0);
      expect(share.stdout).toMatch(/preferential ballot: M13, M14/);
      const creds = Array.from({ length: 6 }, () => generateCredential());
      const { fingerprint, ...list } = signCredentialList(eh, authority.secret, creds.map((c) => c.public), key.publicKey);
      await svc.uploadCredentials(ctx, SYSTEM_ACTOR, eid, list.credentials, { authority: list.authority, signature: list.signature });
      await svc.openElection(ctx, SYSTEM_ACTOR, eid);
      // two members vote from the CLI, four through the service (as the web booth would)
      writeFileSync(join(dir, 'cred-0.txt'), creds[0]!.secret);
      writeFileSync(join(dir, 'cred-1.txt'), `${creds[1]!.secret.match(/.{16}/g)!.join('-')}\n`); // as printed on a letter
      writeFileSync(join(dir, 'creds.jsonl'), creds.map((c, i) => JSON.stringify({ voter: i + 1, credential: c.secret })).join('\n'));
      expect((await run(['preferential', 'vote', '--server', server.url, '--election', eid, '--credential', 'creds.jsonl', '--rank', '1'])).stderr).toMatch(/error VALIDATION_FAILED: creds\.jsonl is not one JSON line with a credential/);
      const v1 = await run(['preferential', 'vote', '--server', server.url, '--election', eid, '--credential', 'cred-0.txt', '--rank', 'Liz Kendall,Yvette Cooper', '--receipt-out', 'receipt-0.json', '--fingerprint', formatFingerprint(fingerprint)]);
      expect(v1.code, v1.stderr).toBe(0);
      expect(v1.stdout).toMatch(/fingerprint .*matches your letter/); // the booth computed the letter's from the real key
      expect(v1.stdout).toMatch(/1\. Liz Kendall {2}2\. Yvette Cooper/);
      expect((await run(['preferential', 'vote', '--server', server.url, '--election', eid, '--credential', 'cred-1.txt', '--rank', 'Jeremy Corbyn,Nobody'])).stderr).toMatch(/error VALIDATION_FAILED: --rank: no candidate "Nobody"/);
      expect((await run(['preferential', 'vote', '--server', server.url, '--election', eid, '--credential', 'cred-1.txt', '--rank', '3'])).code).toBe(0);
      const view = await pref.preferentialView(ctx, eid);
      for (const [i, r] of [[2], [2, 0], [0, 2], [1, 2]].entries()) await pref.castRankedBallot(ctx, eid, prepareRankedBallot(view.manifest, eh, view.publicKey!, creds[i + 2]!.secret, r!));
      await svc.closeElection(ctx, SYSTEM_ACTOR, eid);
      // the chair logs in once (the token is stored) and mixes and counts with it; the officer uses a one-time code
      const noLogin = await run(['preferential', 'mix', '--server', server.url, '--election', eid, '--secret', join(dir, 'trustee-1.json')]);
      expect(noLogin.stderr).toMatch(/error UNAUTHENTICATED: not logged in to .*confidence login --server/);
      const loggedIn = await run(['login', '--server', server.url, '--email', CHAIR], CHAIR);
      expect(loggedIn.code, loggedIn.stderr).toBe(0);
      // two mix servers, in turn
      // mix server k is trustee k: the wrong trustee's file is refused before any shuffling
      const wrong = await run(['preferential', 'mix', '--server', server.url, '--election', eid, '--secret', join(dir, 'trustee-2.json')], CHAIR);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/mix server 1's turn \(trustee 1\); this secret file is trustee 2's/);
      const mixReceipts: string[] = [];
      for (const [k, email] of [CHAIR, OFFICER].entries()) {
        const mix = await run(['preferential', 'mix', '--server', server.url, '--election', eid, '--secret', join(dir, `trustee-${k + 1}.json`), ...(email === OFFICER ? ['--email', email] : [])], email);
        expect(mix.code, mix.stderr).toBe(0);
        expect(mix.stdout).toMatch(new RegExp(`mixer ${k + 1} of 2: shuffled and proved 6 rows`));
        // the board's receipt for the mix, checked and kept beside the trustee's file (M17; `preferential decrypt` checks it)
        const file = new RegExp(`receipt +(\\S*receipt-trustee-${k + 1}-mix-\\d+\\.json)`).exec(mix.stdout)?.[1];
        expect(file, mix.stdout).toBeDefined();
        mixReceipts.push(file!);
      }
      // both trustees decrypt at once, each waiting for the other's shares between rounds
      const [d1, d2] = await Promise.all([
        run(['preferential', 'decrypt', '--server', server.url, '--election', eid, '--email', CHAIR, '--secret', join(dir, 'trustee-1.json')], CHAIR),
        run(['preferential', 'decrypt', '--server', server.url, '--election', eid, '--email', OFFICER, '--secret', join(dir, 'trustee-2.json')], OFFICER),
      ]);
      expect(d1.code, d1.stderr).toBe(0);
      expect(d2.code, d2.stderr).toBe(0);
      expect(d1.stdout).toMatch(/the count needs no more cells/);
      const count = await run(['preferential', 'count', '--server', server.url, '--election', eid]);
      expect(count.code, count.stderr).toBe(0);
      // first preferences: Burnham 1, Cooper 1, Corbyn 3, Kendall 1 (of 6): no majority; whichever of the three tied is
      // excluded by lot, Corbyn passes half of the continuing ballots in a later round
      expect(count.stdout).toMatch(/elected: Jeremy Corbyn/);
      const text = await (await fetch(`${server.url}/api/elections/${eid}/board.jsonl`)).text();
      writeFileSync(join(dir, 'board.jsonl'), text);
      const verified = await run(['verify', join(dir, 'board.jsonl'), '--receipt', 'receipt-0.json', ...mixReceipts.flatMap((f) => ['--receipt', f])]);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/ok +M15 receipts: 1 cast receipt\(s\)/);
      expect(verified.stdout).toMatch(/ok +M17 mix receipts: 2 mix server receipt\(s\)/);
      expect(verified.stdout).toMatch(/ok +M1–M8 every shuffle proof; M9 the chain of 2 mixer\(s\)/);
      expect(verified.stdout).toMatch(/ok +M11 the count redone/);
      expect(verified.stdout).toMatch(/round 1: continuing 6/);
      // a forged table, chain re-hashed
      const recs = text.trim().split('\n').map((l) => JSON.parse(l));
      recs.at(-1).body.count.elected = [1];
      let prev = ZERO_HASH;
      const forged = recs.map((r, i) => {
        const rec = { seq: i, prev, type: r.type, body: r.body, hash: recordHash(i, prev, r.type, r.body) };
        prev = rec.hash;
        return canonicalJson(rec);
      });
      writeFileSync(join(dir, 'forged.jsonl'), forged.join('\n') + '\n');
      const bad = await run(['verify', join(dir, 'forged.jsonl')]);
      expect(bad.code).toBe(8);
      expect(bad.stdout).toMatch(/FAIL M11/);
      expect(bad.stderr).toMatch(/error MIXNET_CHECK_FAILED/);
      expect(readFileSync(join(dir, 'board.jsonl'), 'utf8')).not.toContain(JSON.parse(readFileSync(join(dir, 'trustee-2.json'), 'utf8')).secretShare);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
