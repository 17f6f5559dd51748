/**
 * `confidence preferential …`: a preferential ballot run by a server, each step on its own device.
 *
 *   preferential create   the chair sets it up (candidates or a rulebook preset, electorate, trustees, mixers)
 *   preferential vote     a member ranks candidates: encrypt, prove, sign here; cast; check the board's receipt
 *   preferential mix      a mix server: fetch the board, verify it so far, shuffle and prove here, post
 *   preferential decrypt  a trustee: from the board itself, compute the cells the count needs now and post partial
 *                         decryptions of them (with proofs), round after round until the count needs no more
 *   preferential count    the chair posts the round table; everyone can redo it with `confidence verify BOARD`
 *
 * The trustees' key ceremony is the confidence vote's (`confidence trustee register|deal|reveal|share`), and the
 * credentials are the credential authority's (`confidence credentials generate|upload`).
 */
import type { Command } from 'commander';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { firstLineOfFile } from '../file-head';
import { initCrypto } from '../../crypto';
import { castReceiptProblem, credentialPublicKey, shortTracker, type CastReceipt } from '../../ballot';
import { formatRoundTable } from '../../count/format';
import type { CountResult } from '../../count/table';
import { AppError } from '../../domain/errors';
import { PackedShufflePool } from '../../mixnet/verify-parallel';
import { checkMixSigner, isPreferentialBoard, mixerStep, type MixRecordJSON, mixerTurn, MIX_STREAM_TYPE, mixStreamParts, prepareRankedBallot, rankedBallotTracker, preferentialStateOf, readPreferentialBoardStream, trusteeDecryptionShare, verifyPreferentialBoardStream, verifyPreferentialRecords, type PreferentialBoardRead, type PreferentialBoardReport, type PreferentialManifest } from '../../mixnet/board';
import { int, note, out, serverBase, SERVER_ONLY_OPTION } from '../shared';
import { boothKeyCheck, checkFingerprintOption, fingerprintLine, FINGERPRINT_OPTION } from '../booth-fingerprint';
import { call, sessionFor, type Session } from './ballot-trustee';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors';
import { mixerStepParallel, ProverPool } from '../../mixnet/prove-parallel';
import type { MixStepJSON } from '../../mixnet/contest';
import { readSecret, trusteeReceipts } from './ballot-trustee';
import { mixDigest } from '../../mixnet/mix-signature';
import { mixReceiptFileName, mixReceiptProblem } from '../../mixnet/mix-receipt';

/** The headers that sign a request in (a stored token, or a one-time-code session with its CSRF token). */
function authHeaders(session: Session): Record<string, string> {
  if (session.token) return { Authorization: `Bearer ${session.token}` };
  if (session.cookie && session.csrf) return { Cookie: session.cookie, 'X-CSRF-Token': session.csrf };
  return {};
}

const CHUNK = 400; // cells per decryption-share record (the API's body limit is 256 KB)

/**
 * The board from the server, read line by line as the response arrives (never as one string: a 200,000-row board is
 * about 0.7 GB), with M13's per-record checks; memory is the parsed records.
 */
export async function fetchBoard(base: string, election: string): Promise<PreferentialBoardRead> {
  const res = await fetch(`${base}/api/elections/${encodeURIComponent(election)}/board.jsonl`);
  if (!res.ok || !res.body) throw new AppError(res.status === 404 ? 'ELECTION_NOT_FOUND' : 'INTERNAL', `cannot fetch the board of ${election}: status ${res.status}`);
  // no line past what the board's own counts allow is assembled (recordCharsCap): a hostile line fails M13
  return readPreferentialBoardStream(res.body);
}

/** The first line of a file without reading the rest; null if it cannot be read. */
function firstLine(path: string): string | null {
  try {
    return firstLineOfFile(path);
  } catch {
    return null;
  }
}

/**
 * Verifies the board so far, with the receipts this device kept (a trustee's key-ceremony messages, M15; the mix it
 * posted, M17); a device never builds on a board that does not verify.
 */
function checked(board: PreferentialBoardRead, what: string, receipts: unknown[] = []): PreferentialBoardReport {
  const r = verifyPreferentialRecords(board, { receipts });
  if (!r.ok) {
    const f = r.failures[0]!;
    throw new AppError('MIXNET_CHECK_FAILED', `the board does not verify (${f.check}: ${f.message}); not ${what}`);
  }
  return r;
}

/** Prints a verified report (used by `confidence verify` on a preferential board). */
export function printPreferentialReport(r: PreferentialBoardReport): void {
  const m = r.manifest;
  if (m) out(`${m.title}: ${m.method.toUpperCase()}, ${m.candidates.length} candidates, up to ${m.rankCap} preferences, ${m.mixers} mixers, trustees ${m.trustees.threshold} of ${m.trustees.count}`);
  out(`election hash ${r.electionHash}`);
  out(`board head    ${r.head} (stage: ${r.stage})`);
  const ok = (c: string, label: string, failed = r.failures.some((f) => f.check === c)) => out(`${failed ? 'FAIL' : 'ok  '}  ${label}`);
  ok('M13', 'M13 the hash chain, the record order and the manifest');
  ok('M14', 'M14 the election key is the one the key ceremony gives');
  ok('M12', `M12 credential list and revocations signed by the authority; ${r.counted} counted ballot(s) of ${r.ballots}, each its credential's own`);
  ok('M9', `M1–M8 every shuffle proof; M9 the chain of ${r.mixes} mixer(s)`, r.failures.some((f) => /^M[1-9]$/.test(f.check)));
  if (r.mixes > 0) ok('M16', `M16 every mix signed by the mix server of its turn (trustee k's key-ceremony key)`);
  ok('M10', `M10 ${r.decryptedCells} decrypted cell(s) of ${r.totalCells}, every partial decryption proven`);
  ok('M11', `M11 the count redone from the verified cells${r.complete ? ' equals the board’s' : ''}; nothing decrypted beyond need`);
  if (r.receipts.trustee + r.receipts.cast > 0 || r.failures.some((f) => f.check === 'M15')) ok('M15', `M15 receipts: ${r.receipts.cast} cast receipt(s), each ballot on the board where receipted and counted; ${r.receipts.trustee} trustee receipt(s)`);
  if (r.receipts.mix > 0 || r.failures.some((f) => f.check === 'M17')) ok('M17', `M17 mix receipts: ${r.receipts.mix} mix server receipt(s), each mix on the board where receipted, under the receipted head`);
  for (const f of r.failures) out(`FAIL ${f.check}  ${f.message}`);
  if (r.count) {
    out('');
    out(formatRoundTable(r.count));
  }
}

/** `confidence verify FILE` on a preferential board: returns false if FILE is not one. */
/** Below this many ballots, starting worker threads (about a second each) costs more than it saves. */
const PARALLEL_FROM_ROWS = 2000;

export async function verifyPreferentialPath(path: string, o: { partial?: boolean; json?: boolean; receipt?: string[]; threads?: number }): Promise<boolean> {
  const first = firstLine(path);
  if (first === null || !isPreferentialBoard(first)) return false;
  await initCrypto();
  const t0 = performance.now();
  const receipts = (o.receipt ?? []).map((f) => {
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as unknown;
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `cannot read receipt ${f}: ${(err as Error).message}`);
    }
  });
  // The board is read line by line (a 200,000-row board is over V8's largest string) and each record is checked as
  // it arrives, then dropped (src/mixnet/board-verify.ts); each mix's shuffle is checked on a worker thread while the
  // rest of the board is read (the verdicts are the same as in one thread).
  // (below about 2,000 rows, 10 MB, starting worker threads costs more than it saves)
  // Each thread's heap is capped to what one check of this board's size needs, with room (a board is about 3 KB a
  // row, a check keeps about 0.5 KB a row on its heap): 192 MB plus a quarter of the board's size.
  const size = statSync(path).size;
  const pool = o.threads === 1 || size < 8 * 2 ** 20 ? null : new PackedShufflePool(Math.min(o.threads ?? availableParallelism(), 3), { heapMb: Math.ceil(192 + size / 4 / 2 ** 20) });
  let r: PreferentialBoardReport;
  try {
    r = await verifyPreferentialBoardStream(createReadStream(path, { highWaterMark: 1 << 20 }), { onProgress: (s) => note(s), receipts, ...(pool ? { shuffleChecker: pool.check } : {}) });
  } finally {
    await pool?.close();
  }
  if (o.json) out(JSON.stringify(r, null, 2));
  else {
    printPreferentialReport(r);
    note(`verified in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  if (!r.ok) throw new AppError('MIXNET_CHECK_FAILED', `check ${r.failures[0]!.check} failed: ${r.failures[0]!.message}`);
  if (!r.complete && !o.partial) throw new AppError('BOARD_CHECK_FAILED', `the board is incomplete (stage: ${r.stage}); pass --partial to accept a ballot in progress`);
  return true;
}

const CREDENTIAL_FORMS = '64 hex digits (spaces and dashes allowed, as printed on the letter), one line of credentials-secret.jsonl ({"voter":…,"credential":…}), or a replacement file ("Your new credential: …")';

/**
 * The credential in a file, strictly: exactly one credential in one of the forms the project writes. A file with
 * anything else (two credentials, a stray digit, a truncated code) is refused naming what was expected: a lax scan
 * for the first run of 64 hex digits would pick voter 1's credential out of a whole credentials-secret.jsonl, or
 * vote with a mistyped one.
 */
export function parseCredentialText(text: string, where = 'the credential file'): string {
  const t = text.trim();
  let code: unknown = t;
  if (t.startsWith('{')) {
    try {
      code = (JSON.parse(t) as { credential?: unknown }).credential;
    } catch {
      throw new AppError('VALIDATION_FAILED', `${where} is not one JSON line with a credential (a whole credentials-secret.jsonl holds every voter’s: give each voter their own line); expected ${CREDENTIAL_FORMS}`);
    }
  } else {
    const labelled = /^Your new credential:\s*(.*)$/i.exec(t);
    if (labelled) code = labelled[1];
  }
  const hex = typeof code === 'string' ? code.replace(/[\s-]+/g, '').toLowerCase() : '';
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new AppError('VALIDATION_FAILED', `${where} does not hold exactly one credential; expected ${CREDENTIAL_FORMS}`);
  try {
    credentialPublicKey(hex);
  } catch {
    throw new AppError('VALIDATION_FAILED', `${where} holds 64 hex digits that are not a valid credential (mistyped?)`);
  }
  return hex;
}

/** A whole-number option of at least 1 (no electorate, seat, rank, trustee, mixer or timeout can be zero), or its default. */
const intOpt = (v: string | undefined, name: string, dflt: number) => (v === undefined ? dflt : int(v, name, 1));

export function registerPreferentialBoardCommands(program: Command): void {
  const p = program.command('preferential').description('a preferential (ranked) ballot on a server: set-up, voting, mixing, decryption, count — each on its own device');
  const base = (s: string | undefined) => serverBase(s);

  p.command('create')
    .description('set up a preferential ballot (chair); prints its id')
    .option(...SERVER_ONLY_OPTION)
    .option('--email <email>', 'log in with a one-time code to this account (default: the token `confidence login` stored)')
    .requiredOption('--title <text>', 'the ballot’s title')
    .requiredOption('--electorate <n>', 'number of voters (one credential each)')
    .requiredOption('--authority <hex>', 'the credential authority’s public key (`confidence credentials key`)')
    .option('--rulebook <id>', 'a preset (snp-2023, labour-2020-deputy, libdem-2020): method, rank cap, tie-break and candidates')
    .option('--candidates <names>', 'candidates, comma-separated, in ballot-paper order')
    .option('--method <m>', 'irv | stv-scottish | stv-ers97 | stv-meek')
    .option('--seats <n>', 'seats (STV)')
    .option('--rank-cap <n>', 'most preferences a ballot may express (ADR 0701)')
    .option('--trustees <n>', 'trustees (default 3)')
    .option('--threshold <k>', 'trustees needed to decrypt (default 2)')
    .option('--mixers <n>', 'mix servers (default 3)')
    .action(async (o: Record<string, string | undefined>) => {
      const b = base(o.server);
      const body = {
        title: o.title,
        electorate: intOpt(o.electorate, '--electorate', 0),
        authority: o.authority,
        ...(o.rulebook ? { rulebook: o.rulebook } : {}),
        ...(o.candidates ? { candidates: o.candidates.split(',').map((s) => s.trim()) } : {}),
        ...(o.method ? { method: o.method } : {}),
        ...(o.seats ? { seats: intOpt(o.seats, '--seats', 1) } : {}),
        ...(o.rankCap ? { rankCap: intOpt(o.rankCap, '--rank-cap', 1) } : {}),
        ...(o.trustees ? { trustees: intOpt(o.trustees, '--trustees', 3) } : {}),
        ...(o.threshold ? { threshold: intOpt(o.threshold, '--threshold', 2) } : {}),
        ...(o.mixers ? { mixers: intOpt(o.mixers, '--mixers', 3) } : {}),
      };
      const v = (await call<{ id: string; electionHash: string }>(b, 'POST', '/api/preferential', body, await sessionFor(b, o.email))).value;
      out(`preferential ballot ${v.id}`);
      out(`election hash ${v.electionHash}`);
      out(`next: the trustees run \`confidence trustee register|deal|reveal\` with --election ${v.id}`);
    });

  p.command('vote')
    .description('rank candidates and cast the ballot (encrypted, proven and signed on this machine)')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'the ballot’s id (pref-…)')
    .requiredOption('--credential <file>', 'file holding your credential (64 hex digits, spaces or dashes allowed as on the letter; a line of credentials-secret.jsonl; or a replacement file); - reads stdin')
    .requiredOption('--rank <names>', 'your preferences, most preferred first, comma-separated (names, or numbers from 1 in ballot-paper order)')
    .option('--receipt-out <file>', 'where to save the signed receipt')
    .option(...FINGERPRINT_OPTION)
    .action(async (o: { server?: string; election: string; credential: string; rank: string; receiptOut?: string; fingerprint?: string }) => {
      await initCrypto();
      checkFingerprintOption(o.fingerprint);
      const b = base(o.server);
      const v = (await call<{ electionHash: string; publicKey: string | null; lastType: string; credentialsListDigest?: string | null; manifest: PreferentialManifest }>(b, 'GET', `/api/preferential/${encodeURIComponent(o.election)}`)).value;
      if (!v.publicKey || !['open', 'ballot', 'revocation'].includes(v.lastType)) throw new AppError('ELECTION_NOT_OPEN', `the ballot is not open (last record: ${v.lastType})`);
      let text: string;
      try {
        text = o.credential === '-' ? readFileSync(0, 'utf8') : readFileSync(o.credential, 'utf8');
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `cannot read the credential file ${o.credential}: ${(e as Error).message}`);
      }
      const secret = parseCredentialText(text, o.credential);
      const ranking = o.rank.split(',').map((s) => {
        const t = s.trim();
        const byName = v.manifest.candidates.findIndex((c) => c.toLowerCase() === t.toLowerCase());
        const i = byName >= 0 ? byName : /^\d+$/.test(t) ? Number(t) - 1 : -1;
        if (i < 0 || i >= v.manifest.candidates.length) throw new AppError('VALIDATION_FAILED', `--rank: no candidate "${t}" (candidates: ${v.manifest.candidates.join(', ')})`);
        return i;
      });
      // The fingerprint of the key about to be encrypted under, computed here (ballot-spec §4a): refused on a
      // mismatch with the letter's before anything is encrypted.
      const computed = boothKeyCheck({ ...v, publicKey: v.publicKey }, o.fingerprint);
      out(`fingerprint   ${fingerprintLine(computed)}`);
      let ballot;
      try {
        ballot = prepareRankedBallot(v.manifest, v.electionHash, v.publicKey, secret, ranking);
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `--rank: ${(e as Error).message}`);
      }
      const r = (await call<{ tracker: string; seq: number; receipt: CastReceipt }>(b, 'POST', `/api/preferential/${encodeURIComponent(o.election)}/ballots`, ballot)).value;
      const tracker = rankedBallotTracker(ballot);
      const file = o.receiptOut ?? `receipt-${shortTracker(tracker)}.json`;
      if (r.receipt) writeFileSync(file, JSON.stringify(r.receipt, null, 1) + '\n');
      const problem = castReceiptProblem(v.manifest.boardKey, v.electionHash, tracker, r.receipt, Date.now());
      if (problem) throw new AppError('INTERNAL', `the server accepted the ballot but ${problem}: keep this output and ${file} as evidence and tell the returning officer`);
      out(`your ranking  ${ranking.map((c, i) => `${i + 1}. ${v.manifest.candidates[c]}`).join('  ')}`);
      out(`cast          record ${r.seq}; tracker ${shortTracker(tracker)} (${tracker})`);
      out(`receipt       ${file}`);
    });

  p.command('mix')
    .description('mix server k (trustee k): verify the board so far, shuffle the previous output with a proof, sign it with your trustee key, post it')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'the ballot’s id (pref-…)')
    .option('--email <email>', 'log in with a one-time code to this account (default: the token `confidence login` stored)')
    .requiredOption('--secret <file>', 'your trustee secret file (from `confidence trustee register`): mix server k is trustee k and signs its mix with that key')
    .option('--threads <n>', `prover worker threads from ${PARALLEL_FROM_ROWS} rows (default ${availableParallelism()}; 0 = single-threaded)`)
    .option('--receipts-dir <dir>', 'where your receipts are, and where the board’s receipt for your mix is written (default: beside the secret file)')
    .action(async (o: { server?: string; election: string; email?: string; secret: string; threads?: string; receiptsDir?: string }) => {
      await initCrypto();
      const b = base(o.server);
      const signer = readSecret(o.secret);
      if (typeof signer.trustee !== 'number' || typeof signer.transportSecret !== 'string') throw new AppError('VALIDATION_FAILED', `${o.secret} is not a trustee secret file`);
      const dir = o.receiptsDir ?? dirname(o.secret);
      const board = await fetchBoard(b, o.election);
      // With this trustee's receipts: a mix it already posted must be on the board where receipted (M17), so a server
      // that dropped it and rewrote the board is caught here instead of being handed a second mix of another board.
      checked(board, 'mixing', trusteeReceipts(dir, signer.trustee));
      const s = preferentialStateOf(board.recs);
      if (signer.electionHash !== s.electionHash) throw new AppError('VALIDATION_FAILED', `${o.secret} is a trustee secret file of another ballot`);
      const threads = o.threads === undefined ? availableParallelism() : int(o.threads, '--threads');
      let step: MixRecordJSON;
      const t0 = performance.now();
      try {
        checkMixSigner(s, signer);
        const rows = mixerTurn(s).input.length;
        if (threads > 0 && rows >= PARALLEL_FROM_ROWS) {
          note(`shuffling and proving ${rows} rows on ${threads} worker threads`);
          const pool = await ProverPool.start(threads);
          try {
            step = await mixerStepParallel(pool, s, signer);
          } finally {
            await pool.close();
          }
        } else step = mixerStep(s, signer);
      } catch (e) {
        if (e instanceof RangeError) throw new AppError('ELECTION_WRONG_STAGE', e.message);
        throw e;
      }
      const t1 = performance.now();
      // Streamed, so a mix of any size goes (a JSON body stops at 64 MB, about 80,000 rows).
      const session = await sessionFor(b, o.email);
      const res = await fetch(`${b}/api/preferential/${encodeURIComponent(o.election)}/mixes/stream`, { method: 'POST', headers: { ...authHeaders(session), 'Content-Type': MIX_STREAM_TYPE, Accept: 'application/json' }, body: new Blob(mixStreamParts(step)) });
      const value = (await res.json().catch(() => null)) as { seq: number; mixer: number; rows: number; receipt?: unknown; error?: { code: string; message: string } } | null;
      if (!res.ok || !value) {
        const code = value?.error?.code;
        throw new AppError(code && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', value?.error?.message ?? `posting the mix: status ${res.status}`);
      }
      out(`mixer ${value.mixer} of ${s.manifest.mixers}: shuffled and proved ${value.rows} rows in ${((t1 - t0) / 1000).toFixed(1)} s; record ${value.seq} (${((performance.now() - t1) / 1000).toFixed(1)} s to post and be checked)`);
      // The board's receipt for this mix (M17): checked against what this device signed, and kept beside the others.
      const problem = mixReceiptProblem(s.manifest.boardKey, s.electionHash, step.mixer, mixDigest(step.output, step.proof), value.receipt);
      if (problem) throw new AppError('INTERNAL', `the server accepted the mix but ${problem}: keep this output as evidence and tell the other trustees`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, mixReceiptFileName(step.mixer, value.seq));
      writeFileSync(file, JSON.stringify(value.receipt, null, 1) + '\n');
      out(`receipt       ${file} (signed by the board: your mix is record ${value.seq}; checked before you decrypt, and any time with confidence verify BOARD --receipt ${file})`);
    });

  p.command('decrypt')
    .description('a trustee: post partial decryptions of exactly the cells the count needs, round after round, until it needs none')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'the ballot’s id (pref-…)')
    .option('--email <email>', 'log in with a one-time code to this account (default: the token `confidence login` stored)')
    .requiredOption('--secret <file>', 'your trustee secret file (after `confidence trustee share`)')
    .option('--timeout <s>', 'give up waiting for the other trustees after this many seconds', '120')
    .option('--receipts-dir <dir>', 'where your receipts are (default: beside the secret file)')
    .action(async (o: { server?: string; election: string; email?: string; secret: string; timeout: string; receiptsDir?: string }) => {
      await initCrypto();
      const b = base(o.server);
      const s0 = readSecret(o.secret);
      if (!s0.secretShare) throw new AppError('VALIDATION_FAILED', `${o.secret} holds no share of the election secret (run \`confidence trustee share\` first)`);
      let session: Session | null = null;
      const deadline = Date.now() + intOpt(o.timeout, '--timeout', 120) * 1000;
      let posted = 0;
      // Before its own share: every message of this trustee's, and the mix it posted as mix server, where receipted
      // (M15, M17; by M9 that mix is then the next mix's input), or nothing is decrypted.
      const receipts = trusteeReceipts(o.receiptsDir ?? dirname(o.secret), s0.trustee);
      for (;;) {
        const board = await fetchBoard(b, o.election);
        const r = checked(board, 'decrypting', receipts);
        const s = preferentialStateOf(board.recs);
        const vk = s.electionKey?.verificationKeys.find((v) => v.trustee === s0.trustee)?.key;
        if (!vk) throw new AppError('ELECTION_WRONG_STAGE', `trustee ${s0.trustee} holds no qualified share of this ballot's key`);
        if (s.mixes.length < s.manifest.mixers) throw new AppError('ELECTION_WRONG_STAGE', `${s.mixes.length} of ${s.manifest.mixers} mixers have mixed`);
        if (s.count || r.count) {
          out(`the count needs no more cells: trustee ${s0.trustee} posted ${posted} partial decryption(s)`);
          return;
        }
        const share = trusteeDecryptionShare(s, { index: s0.trustee, secretShare: s0.secretShare, verificationKey: vk });
        if (!share) {
          if (Date.now() > deadline) throw new AppError('ELECTION_WRONG_STAGE', 'waited too long for the other trustees’ shares');
          await new Promise((res) => setTimeout(res, 300));
          continue;
        }
        session ??= await sessionFor(b, o.email);
        for (let i = 0; i < share.cells.length; i += CHUNK) {
          try {
            await call(b, 'POST', `/api/preferential/${encodeURIComponent(o.election)}/decryption-shares`, { trustee: share.trustee, cells: share.cells.slice(i, i + CHUNK) }, session);
          } catch (e) {
            // another trustee posted meanwhile: fetch the board again and carry on
            if (e instanceof AppError && e.code === 'CONFLICT') break;
            throw e;
          }
          posted += Math.min(CHUNK, share.cells.length - i);
        }
        note(`trustee ${s0.trustee}: ${posted} partial decryption(s) posted so far`);
      }
    });

  p.command('count')
    .description('post the round table once the count needs no more cells (chair), and print it')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'the ballot’s id (pref-…)')
    .option('--email <email>', 'log in with a one-time code to this account (default: the token `confidence login` stored)')
    .action(async (o: { server?: string; election: string; email?: string }) => {
      const b = base(o.server);
      const count = (await call<CountResult>(b, 'POST', `/api/preferential/${encodeURIComponent(o.election)}/count`, {}, await sessionFor(b, o.email))).value;
      out(formatRoundTable(count));
      out(`elected: ${count.elected.map((c) => count.candidates[c]).join(', ')}`);
      out(`verify with: curl -s ${b}/api/elections/${o.election}/board.jsonl > board.jsonl && confidence verify board.jsonl`);
    });
}
