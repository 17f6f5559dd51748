import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, confidenceInProcess, confidenceProcess } from './support/cli';

/**
 * `confidence` as the same program in this process (test/support/cli.ts); the 6 June 2022 replay and its verify run
 * the real binary (its own process, the verify heap cap), and the trustee's steps do too (they answer a prompt).
 */
async function confidence(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return confidenceInProcess({ ...process.env, LOG_LEVEL: 'silent' }, ...args);
}
const confidenceBinary = (...args: string[]) => confidenceProcess({ ...process.env, LOG_LEVEL: 'silent' }, ...args);

describe('confidence simulate confidence-vote / confidence verify', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'confidence-ballot-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('simulates the 6 June 2022 vote (359 electors, 211–148, 3 of 5 trustees) and verifies it', async () => {
    const sim = await confidenceBinary('simulate', 'confidence-vote', '--eligible', '359', '--yes', '211', '--no', '148', '--trustees', '3/5', '--out', dir);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toMatch(/Yes 211, No 148 — survived; decrypted by trustees 3, 4, 5 of 5/);
    const v = await confidenceBinary('verify', join(dir, 'board.jsonl'));
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/result +Yes 211, No 148, spoilt 0/);
    expect(v.stdout).toMatch(/electorate +359/);
    expect(v.stdout).toMatch(/took part in the tally: 3 \(Trustee 3\), 4 \(Trustee 4\), 5 \(Trustee 5\)/);
    expect(v.stdout).toMatch(/VERIFIED: all 19 checks pass \(B3a, B7b, B9c had nothing to compare\)/);
  });

  it('checks the board against what the user knows from outside: election hash, head, fingerprint, a receipt', async () => {
    const sim = (await confidence('simulate', 'confidence-vote', '--eligible', '20', '--yes', '8', '--no', '7', '--trustees', '1/1', '--revoters', '2', '--out', join(dir, 'small'))).stdout;
    const cmd = /verify with {2}confidence verify (.*)$/m.exec(sim)![1]!.split(' ');
    const v = await confidence('verify', ...cmd);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/VERIFIED: all 22 checks pass\./);
    expect(v.stdout).toMatch(/receipts +1 checked/);
    const fp = /fingerprint {3}([0-9a-f-]{39})/.exec(sim)![1]!;
    expect(v.stdout).toContain(`fingerprint ${fp}`);
    // Another fingerprint (a list the authority did not issue), another head, a board without the receipted ballot.
    const other = fp.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const wrongFp = await confidence('verify', ...cmd.map((x) => (x === fp ? other : x)));
    expect(wrongFp.code).toBe(8);
    expect(wrongFp.stdout).toMatch(/NOT VERIFIED: check B7b failed/);
    const board = join(dir, 'small', 'board.jsonl');
    const lines = readFileSync(board, 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'small', 'prefix.jsonl'), lines.slice(0, lines.findIndex((l) => l.includes('"type":"ballot"')) + 1).join('\n') + '\n');
    const omitted = await confidence('verify', join(dir, 'small', 'prefix.jsonl'), '--partial', '--receipt', join(dir, 'small', 'receipt.json'));
    expect(omitted.code).toBe(8);
    expect(omitted.stdout).toMatch(/NOT VERIFIED: check B9c failed.*missing/);
  }, 240_000);

  it('the worker-thread verifier agrees', async () => {
    const v = await confidence('verify', join(dir, 'board.jsonl'), '--threads', '2', '--json');
    expect(v.code).toBe(0);
    const r = JSON.parse(v.stdout);
    expect(r.summary.result).toMatchObject({ yes: 211, no: 148 });
  });

  it('a tampered result fails with BOARD_CHECK_FAILED naming the check and record', async () => {
    const lines = readFileSync(join(dir, 'board.jsonl'), 'utf8').trim().split('\n');
    lines[lines.length - 1] = lines.at(-1)!.replace('"yes":211', '"yes":212');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n') + '\n');
    const v = await confidence('verify', bad);
    expect(v.code).toBe(8);
    expect(v.stdout).toMatch(/NOT VERIFIED: check B2 failed at record \d+ \(result\)/);
    expect(v.stderr).toMatch(/error BOARD_CHECK_FAILED/);
  });

  it('refuses bad arguments with VALIDATION_FAILED', async () => {
    const v = await confidence('simulate', 'confidence-vote', '--eligible', '10', '--yes', '8', '--no', '5', '--out', dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/VALIDATION_FAILED/);
    expect((await confidence('verify', join(dir, 'missing.jsonl'))).stderr).toMatch(/NOT_FOUND/);
  });
});

describe('confidence vote (the CLI booth, against a running server)', () => {
  it('challenges a ballot, casts a fresh one, prints a tracker the server has; refuses an unknown credential', async () => {
    const { startTestServer } = await import('./support/server');
    const { initCrypto } = await import('../src/crypto');
    const { openedElection, scheduledProcedure } = await import('./support/elections');
    const { lookupTracker } = await import('../src/services/elections');
    await initCrypto();
    const server = await startTestServer({ seed: 'empty-procedure' });
    const dir = mkdtempSync(join(tmpdir(), 'confidence-vote-'));
    try {
      const ctx = server.runtime.ctx;
      await scheduledProcedure(ctx, 'cli-vote', 4);
      const c = await openedElection(ctx, 'cli-vote', { threshold: 1, trustees: 1 });
      const credFile = join(dir, 'credential.txt');
      writeFileSync(credFile, `Your credential: ${c.credentials[0]!.secret}\n`);
      const receiptFile = join(dir, 'receipt.json');
      const r = await confidence('vote', '--server', server.url, '--election', c.electionId, '--credential', credFile, '--yes', '--challenge', '--receipt-out', receiptFile);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/challenge +ballot [0-9a-f-]{19} holds Yes as chosen/);
      expect(r.stdout).toMatch(/revision +1\n/);
      const tracker = /\(([0-9a-f]{64})\)/.exec(r.stdout)![1]!;
      expect((await lookupTracker(ctx, c.electionId, tracker)).status).toBe('counted');
      // The revote picks the next revision from the board by itself; the saved receipts check against the board.
      // Given the letter's fingerprint, the booth checks the key the server gave it against it (ballot-spec §4a).
      const { formatFingerprint } = await import('../src/ballot');
      const again = await confidence('vote', '--server', server.url, '--election', c.electionId, '--credential', credFile, '--no', '--receipt-out', join(dir, 'receipt2.json'), '--fingerprint', formatFingerprint(c.fingerprint));
      expect(again.stdout).toMatch(/revision +2 \(a revote/);
      expect(again.stdout).toContain(`fingerprint   ${formatFingerprint(c.fingerprint)} (of the election key this booth encrypts under and the credential list: matches your letter)`);
      expect(JSON.parse(readFileSync(receiptFile, 'utf8'))).toMatchObject({ tracker, election: c.electionHash });
      const { boardText } = await import('../src/services/elections');
      const { verifyBoard } = await import('../src/ballot');
      const receipts = [receiptFile, join(dir, 'receipt2.json')].map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
      const v = await verifyBoard(await boardText(ctx, c.electionId), { expect: { electionHash: c.electionHash, receipts } });
      expect(v.failure).toBeNull();
      expect(v.summary.receiptsChecked).toBe(2);
      writeFileSync(credFile, 'f'.repeat(63) + '0');
      const bad = await confidence('vote', '--server', server.url, '--election', c.electionId, '--credential', credFile, '--no');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/BALLOT_UNKNOWN_CREDENTIAL|VALIDATION_FAILED/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('confidence trustee (key ceremony and tally from the CLI)', () => {
  it('registers, deals, reveals, computes the share locally, decrypts; the secret file never reaches the server', async () => {
    const { spawn } = await import('node:child_process');
    const { readFileSync: read } = await import('node:fs');
    const { startTestServer } = await import('./support/server');
    const { initCrypto, Point } = await import('../src/crypto');
    const { scheduledProcedure } = await import('./support/elections');
    const { credentialPublicKey, prepareBallot } = await import('../src/ballot');
    const svc = await import('../src/services/elections');
    const { SYSTEM_ACTOR } = await import('../src/services/context');
    await initCrypto();
    const server = await startTestServer({ seed: 'empty-procedure' });
    const dir = mkdtempSync(join(tmpdir(), 'confidence-trustee-'));
    const email = 'chair@demo.confidence';
    /** Runs the CLI, answering the one-time-code prompt from the test mailbox. */
    const cli = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args, '--server', server.url, '--election', 'vote-cli-trustee'], { env: { ...process.env, LOG_LEVEL: 'silent' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', async (d) => {
          stderr += d;
          if (/One-time code/.test(String(d))) {
            const [mail] = await server.mailbox(email);
            child.stdin.write(`${mail!.code}\n`);
          }
        });
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      });
    const trustee = (...args: string[]) => cli('trustee', ...args, '--secret', join(dir, 'secret.json'));
    try {
      const ctx = server.runtime.ctx;
      await scheduledProcedure(ctx, 'cli-trustee', 3);
      // The credential authority makes its key first (0600 file); the chair puts the public key into the manifest.
      const keyOut = await confidence('credentials', 'key', '--authority-key', join(dir, 'ca', 'authority-key.json'));
      expect(keyOut.code, keyOut.stderr).toBe(0);
      const authorityPublic = /public key {4}([0-9a-f]{64})/.exec(keyOut.stdout)![1]!;
      await svc.createElection(ctx, SYSTEM_ACTOR, 'cli-trustee', { authority: authorityPublic, threshold: 1, trustees: 1 });
      expect((await trustee('register', '--trustee', '1', '--email', email)).stdout).toMatch(/registered as trustee 1/);
      expect((await trustee('deal', '--email', email)).code).toBe(0);
      expect((await trustee('reveal', '--email', email)).stdout).toMatch(/dealing revealed/);
      // Each posting step checked and kept the board's receipt for its message, beside the secret file.
      const { readdirSync } = await import('node:fs');
      const receiptFiles = readdirSync(dir).filter((f) => f.startsWith('receipt-trustee-')).sort();
      expect(receiptFiles).toEqual(['receipt-trustee-1-dkg-commitment-2.json', 'receipt-trustee-1-dkg-dealing-3.json', 'receipt-trustee-1-trustee-key-1.json']);
      expect((await trustee('complain', '--email', email)).stdout).toMatch(/all 1 shares sent to you match their dealers' commitments: no complaint/);
      expect((await trustee('answer', '--email', email)).stdout).toMatch(/no complaint against you/);
      await svc.finishKeyCeremony(ctx, SYSTEM_ACTOR, 'vote-cli-trustee');
      const share = await trustee('share');
      expect(share.code, share.stderr).toBe(0);
      expect(share.stdout).toMatch(/board checked up to its election key, with your 3 receipt\(s\)/);
      const secret = JSON.parse(read(join(dir, 'secret.json'), 'utf8'));
      expect(secret.secretShare).toMatch(/^[0-9a-f]{64}$/);
      // The share is nowhere on the server's board.
      expect(await svc.boardText(ctx, 'vote-cli-trustee')).not.toContain(secret.secretShare);

      // The credential authority: generate with the key the manifest names, upload the signed list, revoke one.
      const e0 = await svc.electionView(ctx, 'vote-cli-trustee');
      // The authority reads the election's board first: its manifest must name the authority's own key.
      const setupBoard = join(dir, 'vote-board.jsonl');
      writeFileSync(setupBoard, await svc.boardText(ctx, 'vote-cli-trustee'));
      const otherKey = join(dir, 'someone-else-key.json');
      expect((await confidence('credentials', 'key', '--authority-key', otherKey)).code).toBe(0);
      const refused = await confidence('credentials', 'generate', '--count', '3', '--election-hash', e0.electionHash, '--board', setupBoard, '--authority-key', otherKey, '--out', join(dir, 'refused'));
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(/AUTHORITY_NOT_IN_MANIFEST/);
      // Before the key ceremony is over there is no key to sign the list over: refused.
      const setupOnly = join(dir, 'setup-only.jsonl');
      writeFileSync(setupOnly, (await svc.boardText(ctx, 'vote-cli-trustee')).split('\n')[0]! + '\n');
      const early = await confidence('credentials', 'generate', '--count', '3', '--election-hash', e0.electionHash, '--board', setupOnly, '--authority-key', join(dir, 'ca', 'authority-key.json'), '--out', join(dir, 'early'));
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/no election key yet/);
      const gen = await confidence('credentials', 'generate', '--count', '3', '--election-hash', e0.electionHash, '--board', setupBoard, '--out', join(dir, 'ca'));
      expect(gen.code, gen.stderr).toBe(0);
      const fp = /fingerprint {3}([0-9a-f-]{39})/.exec(gen.stdout)![1]!;
      const { statSync } = await import('node:fs');
      expect(statSync(join(dir, 'ca', 'authority-key.json')).mode & 0o777).toBe(0o600);
      expect(e0.manifest.authority).toBe(authorityPublic);
      const up = await cli('credentials', 'upload', '--email', email, '--file', join(dir, 'ca', 'credentials-public.json'));
      expect(up.stdout).toMatch(/3 credentials published/);
      expect(up.stdout).toContain(`fingerprint   ${fp}`);
      const creds = read(join(dir, 'ca', 'credentials-secret.jsonl'), 'utf8').trim().split('\n').map((l) => {
        const secret = (JSON.parse(l) as { credential: string }).credential;
        return { secret, public: credentialPublicKey(secret) };
      });
      await svc.openElection(ctx, SYSTEM_ACTOR, 'vote-cli-trustee');
      // A revocation signed with the authority key file (the server allows 5 login codes per account and window, so
      // this step calls the service the `credentials revoke` command posts to).
      const { generateCredential, signRevocation } = await import('../src/ballot');
      const authorityKey = JSON.parse(read(join(dir, 'ca', 'authority-key.json'), 'utf8')) as { secret: string };
      const revoked = creds[2]!.public;
      const replacement = generateCredential();
      await svc.revokeCredential(ctx, SYSTEM_ACTOR, 'vote-cli-trustee', signRevocation(e0.electionHash, authorityKey.secret, revoked, replacement.public));
      creds[2] = replacement;
      expect((await svc.credentialStatus(ctx, 'vote-cli-trustee', revoked)).status).toBe('revoked');
      expect((await svc.credentialStatus(ctx, 'vote-cli-trustee', creds[2]!.public)).status).toBe('active');
      const e = await svc.electionView(ctx, 'vote-cli-trustee');
      expect(e.credentialsFingerprint!.startsWith(fp.replace(/-/g, ''))).toBe(true);
      const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey!) };
      for (const [i, v] of [[0, 1], [1, 0], [2, 1]] as const) await svc.castBallot(ctx, e.id, prepareBallot(params, creds[i]!.secret, v).body);
      await svc.closeElection(ctx, SYSTEM_ACTOR, e.id);
      await svc.computeTally(ctx, SYSTEM_ACTOR, e.id);
      expect((await trustee('decrypt', '--email', email)).stdout).toMatch(/partial decryption of trustee 1 posted/);
      expect(await svc.declareResult(ctx, SYSTEM_ACTOR, e.id)).toMatchObject({ yes: 2, no: 1 });
      // The trustee's receipts against the published board (B6.6), and against one that lost the dealing.
      const boardFile = join(dir, 'board.jsonl');
      writeFileSync(boardFile, await svc.boardText(ctx, e.id));
      const withReceipts = await confidence('verify', boardFile, '--receipt', ...receiptFiles.map((f) => join(dir, f)));
      expect(withReceipts.code, withReceipts.stdout + withReceipts.stderr).toBe(0);
      expect(withReceipts.stdout).toMatch(/trustee rcpts 3 checked/);
      const lines = (await svc.boardText(ctx, e.id)).trim().split('\n').map((l) => JSON.parse(l) as { type: string; body: unknown });
      const { Board } = await import('../src/ballot');
      const cut = new Board();
      for (const r of lines.filter((x) => x.type !== 'dkg_dealing' && x.type !== 'election_key' && !['credentials', 'open', 'ballot', 'revocation', 'close', 'tally', 'partial_decryption', 'result'].includes(x.type))) cut.append(r.type as never, r.body as never);
      writeFileSync(boardFile, cut.toJSONLines());
      const without = await confidence('verify', boardFile, '--partial', '--receipt', join(dir, 'receipt-trustee-1-dkg-dealing-3.json'));
      expect(without.code).not.toBe(0);
      expect(without.stdout).toMatch(/check B6 failed.*B6\.6: trustee receipt 1: the dkg_dealing receipted as record 3 is missing/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
