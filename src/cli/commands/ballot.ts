/**
 * CLI for the verifiable confidence vote (issue 4):
 *   confidence simulate confidence-vote --eligible 359 --yes 211 --no 148 --trustees 3/5 --out DIR
 *   confidence verify DIR/board.jsonl [--election-hash E] [--head H] [--credentials-fingerprint F] [--receipt FILE…]
 *   confidence credentials key [--authority-key FILE]             (the credential authority, offline, before the election)
 *   confidence credentials generate --count N --election-hash E --board FILE|URL --out DIR   (the credential authority)
 *   confidence credentials upload / revoke                        (the authority's signed messages, via the server)
 *   confidence trustee … / confidence vote …                      (talk to a server's public API)
 *
 * `verify` needs nothing but the file: no server, no database, no account. It exits 0 only if every check
 * passes on a complete board; otherwise it names the first failing check and record and exits with
 * BOARD_CHECK_FAILED's code.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initCrypto, Point } from '../../crypto';
import {
  checkChallenge,
  credentialPublicKey,
  formatFingerprint,
  generateAuthorityKey,
  generateCredential,
  prepareBallot,
  castReceiptProblem,
  shortTracker,
  signCredentialList,
  signRevocation,
  signReschedule,
  parseInstant,
  simulateElection,
  type AuthorityKey,
  type CastReceipt,
} from '../../ballot';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors';
import { int, note, out, progressBar, serverBase, SERVER_ONLY_OPTION } from '../shared';
import { boothKeyCheck, checkFingerprintOption, fingerprintLine, FINGERPRINT_OPTION } from '../booth-fingerprint';
import { call, login, registerTrusteeCommands } from './ballot-trustee';
import { electionKeyForAuthority } from '../../ballot/authority';

/** The lines of a board, from a board.jsonl file or its URL. */
async function boardLinesFrom(source: string): Promise<string[]> {
  let text: string;
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source).catch((e: Error) => {
      throw new AppError('SERVER_UNREACHABLE', `could not fetch ${source}: ${e.message}`);
    });
    if (!res.ok) throw new AppError('NOT_FOUND', `${source} answered ${res.status}`);
    text = await res.text();
  } else {
    if (!existsSync(source)) throw new AppError('NOT_FOUND', `no board file at ${source}`);
    text = readFileSync(source, 'utf8');
  }
  const lines = text.split('\n');
  try {
    JSON.parse(lines[0] ?? '');
  } catch {
    throw new AppError('VALIDATION_FAILED', `${source} is not a board (its first line is not a JSON record)`);
  }
  return lines;
}


export function parseTrustees(value: string): { threshold: number; trustees: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m) throw new AppError('VALIDATION_FAILED', `--trustees must be k/n, e.g. 3/5, got ${JSON.stringify(value)}`);
  const threshold = Number(m[1]);
  const trustees = Number(m[2]);
  if (threshold < 1 || threshold > trustees || trustees > 100) throw new AppError('VALIDATION_FAILED', '--trustees k/n needs 1 ≤ k ≤ n ≤ 100');
  return { threshold, trustees };
}

const HEX64 = /^[0-9a-f]{64}$/i;

import { registerVerifyCommand } from './verify';
export { expectedFromOptions, printReport } from './verify';

/** The authority's key file (0600): created on first use, then reused for the list and every revocation. */
function authorityKey(path: string, create: boolean): AuthorityKey {
  if (existsSync(path)) {
    try {
      const k = JSON.parse(readFileSync(path, 'utf8')) as { secret: string; public: string };
      if (credentialPublicKey(k.secret) !== k.public) throw new Error('public and secret halves differ');
      return { secret: k.secret, public: k.public };
    } catch (e) {
      throw new AppError('VALIDATION_FAILED', `the authority key file ${path} is not valid: ${(e as Error).message}`);
    }
  }
  if (!create) throw new AppError('NOT_FOUND', `no authority key file at ${path}: create it first with \`confidence credentials key --authority-key ${path}\` and give its public key to the chair, who puts it into the election's manifest`);
  const k = generateAuthorityKey();
  writeFileSync(path, JSON.stringify({ kind: 'confidence credential authority key (keep offline)', secret: k.secret, public: k.public }, null, 1) + '\n', { mode: 0o600 });
  return k;
}

export function registerBallotCommands(program: Command): void {
  registerTrusteeCommands(program);
  const simulate = program.command('simulate').description('simulations for demos and benchmarks');
  simulate
    .command('confidence-vote')
    .description('run a whole verifiable confidence vote in memory (keys, credentials, ballots, tally by k of n trustees) and write DIR/board.jsonl')
    .requiredOption('--eligible <n>', 'electorate (one credential each)')
    .requiredOption('--yes <n>', 'Yes ballots')
    .requiredOption('--no <n>', 'No ballots')
    .option('--trustees <k/n>', 'trustees: k of n needed to decrypt', '3/5')
    .option('--revoters <n>', 'voters who vote twice (the first ballot is superseded)', '0')
    .option('--lost <n>', 'voters who lose their credential after voting (revoked and replaced)', '0')
    .option('--out <dir>', 'output directory', '.')
    .action(async (o: { eligible: string; yes: string; no: string; trustees: string; revoters: string; lost: string; out: string }) => {
      await initCrypto();
      const eligible = int(o.eligible, '--eligible', 1);
      const yes = int(o.yes, '--yes');
      const no = int(o.no, '--no');
      if (yes + no > eligible) throw new AppError('VALIDATION_FAILED', `--yes + --no (${yes + no}) exceeds --eligible (${eligible})`);
      const { threshold, trustees } = parseTrustees(o.trustees);
      const bar = progressBar('ballots');
      const t0 = performance.now();
      const sim = simulateElection({ eligible, yes, no, threshold, trustees, revoters: int(o.revoters, '--revoters'), lostCredentials: int(o.lost, '--lost'), onProgress: (d, t) => t >= 2000 && bar.update(d, t) });
      bar.stop();
      mkdirSync(o.out, { recursive: true });
      const file = join(o.out, 'board.jsonl');
      writeFileSync(file, sim.board.toJSONLines());
      // Every voter would keep their own receipt; the simulation writes the last one as an example.
      const receiptFile = join(o.out, 'receipt.json');
      if (sim.receipts.length) writeFileSync(receiptFile, JSON.stringify(sim.receipts.at(-1), null, 1) + '\n');
      const result = sim.board.ofType('result')[0]!.body;
      out(`wrote ${file}: ${sim.board.records.length} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      out(`election hash ${sim.board.electionHash}`);
      out(`board head    ${sim.board.head}`);
      out(`result        Yes ${result.yes}, No ${result.no} — ${result.decision.result}; decrypted by trustees ${result.trustees.join(', ')} of ${trustees}`);
      const t = sim.trackers.find((x) => x !== null);
      if (t) out(`a tracker     ${shortTracker(t)} (${t})`);
      out(`fingerprint   ${formatFingerprint(sim.fingerprint)} (of the credential list, as the authority would publish it)`);
      out(`verify with  confidence verify ${file} --election-hash ${sim.board.electionHash} --head ${sim.board.head} --credentials-fingerprint ${formatFingerprint(sim.fingerprint)}${sim.receipts.length ? ` --receipt ${receiptFile}` : ''}`);
    });

  registerVerifyCommand(program);

  const credentials = program.command('credentials').description('the credential authority (run offline, by someone other than the server operator)');
  credentials
    .command('key')
    .description('create the authority’s signing key (a 0600 file; reused if it exists) and print its public key: the chair gives it when creating the election, so the manifest (and the election hash) pins it')
    .option('--authority-key <file>', 'the authority’s signing key file', 'authority-key.json')
    .action(async (o: { authorityKey: string }) => {
      await initCrypto();
      const dir = dirname(o.authorityKey);
      if (dir && dir !== '.') mkdirSync(dir, { recursive: true });
      const key = authorityKey(o.authorityKey, true);
      out(`authority key ${o.authorityKey} (secret, 0600: keep it offline; it signs the list, revocations and reschedules)`);
      out(`public key    ${key.public}`);
      out('give the public key to the chair: it goes into the election’s manifest when the election is created');
    });
  credentials
    .command('generate')
    .description(
      'generate one signing credential per voter: DIR/credentials-secret.jsonl (to hand out, one per voter) and DIR/credentials-public.json (sorted public keys signed with the authority key, to upload); prints the list fingerprint to publish outside the server',
    )
    .requiredOption('--count <n>', 'number of voters')
    .requiredOption('--election-hash <hex>', 'the election the credentials are for (shown on the election page and to trustees)')
    .requiredOption('--board <file-or-url>', 'the election’s public board (board.jsonl, or its URL …/api/elections/ID/board.jsonl) after the key ceremony: its setup record must hash to the election hash and name your key; the list is signed over its election key')
    .option('--authority-key <file>', 'the authority’s signing key made by `confidence credentials key` (default DIR/authority-key.json)')
    .option('--out <dir>', 'output directory', '.')
    .option('--letters <url>', 'also write credentials-letters.txt: one printable letter per voter (pages separated by form feeds) pointing to this booth URL')
    .action(async (o: { count: string; out: string; letters?: string; electionHash: string; board: string; authorityKey?: string }) => {
      await initCrypto();
      const n = int(o.count, '--count', 1);
      if (!HEX64.test(o.electionHash)) throw new AppError('VALIDATION_FAILED', '--election-hash must be 64 hex digits');
      const keyFile = o.authorityKey ?? join(o.out, 'authority-key.json');
      const key = authorityKey(keyFile, false);
      // Before issuing anything: the election's manifest must name this key (else the chair could re-sign our list),
      // and the board must carry the election key the list (and so the letters' fingerprint) is signed over.
      const read = electionKeyForAuthority(await boardLinesFrom(o.board), o.electionHash, key.public);
      if ('problem' in read) throw new AppError(read.manifest ? 'AUTHORITY_NOT_IN_MANIFEST' : 'VALIDATION_FAILED', read.problem);
      mkdirSync(o.out, { recursive: true });
      const creds = Array.from({ length: n }, () => generateCredential());
      const { fingerprint, ...signed } = signCredentialList(o.electionHash.toLowerCase(), key.secret, creds.map((c) => c.public), read.electionKey);
      const fp = formatFingerprint(fingerprint);
      // Secrets in issue order (the authority maps them to voters for mailing); the public list sorted, so the
      // server cannot link a public key to its position in the mailing list.
      writeFileSync(join(o.out, 'credentials-secret.jsonl'), creds.map((c, i) => JSON.stringify({ voter: i + 1, credential: c.secret })).join('\n') + '\n', { mode: 0o600 });
      writeFileSync(join(o.out, 'credentials-public.json'), JSON.stringify(signed, null, 1) + '\n');
      if (o.letters) {
        const letter = (c: { secret: string }, i: number) =>
          [
            `Confidential: your voting credential (letter ${i + 1} of ${n})`,
            '',
            `Vote at ${o.letters}`,
            '',
            'Your credential (type or paste it into the booth; it never leaves your device):',
            '',
            `    ${c.secret.replace(/(.{16})/g, '$1 ').trim()}`,
            '',
            'Anyone holding this code can vote in your place: keep it private. If you lose it, ask for a new one;',
            'the old one will be revoked on the public record. You may vote again: your last ballot counts.',
            '',
            `The booth shows the fingerprint of the list of credentials and of the key it encrypts your vote under. It must read: ${fp}`,
            'If it does not, do not vote: tell the returning officer (the server gave the booth another list or key).',
            `With the command-line booth, give it: confidence vote … --fingerprint ${fp}`,
          ].join('\n');
        writeFileSync(join(o.out, 'credentials-letters.txt'), creds.map(letter).join('\n\f\n') + '\n', { mode: 0o600 });
      }
      out(`wrote ${n} credentials: ${join(o.out, 'credentials-secret.jsonl')} (secret: one per voter, keep offline) and ${join(o.out, 'credentials-public.json')} (public, signed: upload to the election)`);
      out(`authority key ${keyFile} (secret, 0600: keep it offline to sign revocations)`);
      out(`election key  ${read.electionKey} (record ${read.seq} of the board; the fingerprint covers it)`);
      out(`fingerprint   ${fp}`);
      out('publish the fingerprint outside the server (letters, notice board); verifiers pass it as --credentials-fingerprint');
    });

  credentials
    .command('upload')
    .description('upload the public keys (credentials-public.json) to an election, in batches; the secrets stay with you')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'election id')
    .requiredOption('--email <email>', 'the chair’s account (a one-time code is emailed)')
    .requiredOption('--file <path>', 'credentials-public.json from `confidence credentials generate`')
    .action(async (o: { server?: string; election: string; email: string; file: string }) => {
      let list: string[];
      let signed: { authority?: unknown; signature?: unknown };
      try {
        signed = JSON.parse(readFileSync(o.file, 'utf8')) as { credentials: string[]; authority?: unknown; signature?: unknown };
        list = (signed as { credentials: string[] }).credentials;
        if (!Array.isArray(list)) throw new Error('no "credentials" array');
        if (typeof signed.authority !== 'string' || !signed.signature) throw new Error('the list is not signed by the credential authority (make it with `confidence credentials generate`)');
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `cannot read ${o.file}: ${(e as Error).message}`);
      }
      const base = serverBase(o.server);
      const session = await login(base, o.email);
      const BATCH = 3000; // under the API's 256 KB body limit
      for (let i = 0; i < list.length; i += BATCH) {
        const more = i + BATCH < list.length;
        const r = await call<{ fingerprint?: string }>(
          base,
          'POST',
          `/api/elections/${encodeURIComponent(o.election)}/credentials`,
          { credentials: list.slice(i, i + BATCH), ...(more ? { more: true } : { authority: signed.authority, signature: signed.signature }) },
          session,
        );
        note(`uploaded ${Math.min(i + BATCH, list.length)}/${list.length}`);
        if (!more && r.value.fingerprint) out(`fingerprint   ${r.value.fingerprint} (as published on the board)`);
      }
      out(`${list.length} credentials published on the board of ${o.election}`);
    });

  credentials
    .command('revoke')
    .description('revoke a lost credential: make a replacement, sign the revocation with the authority key, post it; the member (if given) is told by mail')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'election id')
    .requiredOption('--email <email>', 'the chair’s account (a one-time code is emailed)')
    .requiredOption('--revoked <public-key>', 'the lost credential’s public key (64 hex digits)')
    .option('--authority-key <file>', 'the authority’s signing key', 'authority-key.json')
    .option('--member <id>', 'the member who held it (mailed that their credential was revoked)')
    .option('--out <dir>', 'where to write the replacement’s secret (0600)', '.')
    .action(async (o: { server?: string; election: string; email: string; revoked: string; authorityKey: string; member?: string; out: string }) => {
      await initCrypto();
      if (!HEX64.test(o.revoked)) throw new AppError('VALIDATION_FAILED', '--revoked must be a credential public key (64 hex digits)');
      const key = authorityKey(o.authorityKey, false);
      const base = serverBase(o.server);
      const { value: e } = await call<{ electionHash: string }>(base, 'GET', `/api/elections/${encodeURIComponent(o.election)}`);
      const replacement = generateCredential();
      const body = signRevocation(e.electionHash, key.secret, o.revoked.toLowerCase(), replacement.public);
      const session = await login(base, o.email);
      const { value } = await call<{ seq: number; notified: boolean }>(base, 'POST', `/api/elections/${encodeURIComponent(o.election)}/revocations`, { ...body, ...(o.member ? { memberId: o.member } : {}) }, session);
      mkdirSync(o.out, { recursive: true });
      const file = join(o.out, `credential-replacement-${replacement.public.slice(0, 8)}.txt`);
      writeFileSync(file, `Your new credential: ${replacement.secret}\n`, { mode: 0o600 });
      out(`revoked       record ${value.seq}; the replacement's secret is in ${file} (hand it to the voter)`);
      out(`member        ${o.member ? (value.notified ? 'told by mail' : 'has no account: tell them yourself') : 'not named: tell them yourself'}`);
    });

  credentials
    .command('reschedule')
    .description('move the voting window the election’s manifest fixed (before the vote opens): sign the new window with the authority key and post it; the chair cannot move it alone')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'election id')
    .requiredOption('--email <email>', 'the chair’s account (a one-time code is emailed)')
    .requiredOption('--opens <instant>', 'new opening, an ISO-8601 UTC instant (2026-06-06T17:00:00.000Z)')
    .requiredOption('--closes <instant>', 'new closing, an ISO-8601 UTC instant')
    .option('--authority-key <file>', 'the authority’s signing key', 'authority-key.json')
    .action(async (o: { server?: string; election: string; email: string; opens: string; closes: string; authorityKey: string }) => {
      await initCrypto();
      const [opensAt, closesAt] = [o.opens, o.closes].map((x, i) => {
        const t = parseInstant(x);
        if (t === null) throw new AppError('VALIDATION_FAILED', `${i ? '--closes' : '--opens'} must be a strict ISO-8601 UTC instant (YYYY-MM-DDTHH:MM:SS.sssZ)`);
        return new Date(t).toISOString();
      }) as [string, string];
      const key = authorityKey(o.authorityKey, false);
      const base = serverBase(o.server);
      const { value: e } = await call<{ electionHash: string; window: { reschedules: number } }>(base, 'GET', `/api/elections/${encodeURIComponent(o.election)}`);
      const body = signReschedule(e.electionHash, key.secret, opensAt, closesAt, e.window.reschedules + 1);
      const session = await login(base, o.email);
      const { value } = await call<{ seq: number; revision: number }>(base, 'POST', `/api/elections/${encodeURIComponent(o.election)}/reschedule`, body, session);
      out(`rescheduled   record ${value.seq} (reschedule ${value.revision}): the vote opens ${opensAt} and closes ${closesAt}`);
    });

  program
    .command('vote')
    .description('the booth on the command line: encrypt, prove and sign a ballot on this machine, optionally challenge one first (Benaloh), cast it, print the tracker')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'election id, e.g. vote-johnson-2022')
    .requiredOption('--credential <file>', 'file holding your 64-hex-digit credential (or - for stdin)')
    .option('--yes', 'vote Yes')
    .option('--no', 'vote No')
    .option('--challenge', 'first prepare a ballot and check it (its randomness is revealed, it is discarded), then cast a fresh one')
    .option('--revision <n>', 'the ballot’s revision (default: the next one for this credential, from the public board)')
    .option('--receipt-out <file>', 'where to save the signed cast receipt (default: receipt-<tracker>.json)')
    .option(...FINGERPRINT_OPTION)
    .action(async (o: { server?: string; election: string; credential: string; yes?: boolean; no?: boolean; challenge?: boolean; revision?: string; receiptOut?: string; fingerprint?: string }) => {
      await initCrypto();
      if (!!o.yes === !!o.no) throw new AppError('VALIDATION_FAILED', 'give exactly one of --yes or --no');
      checkFingerprintOption(o.fingerprint);
      const vote: 0 | 1 = o.yes ? 1 : 0;
      const raw = o.credential === '-' ? readFileSync(0, 'utf8') : readFileSync(o.credential, 'utf8');
      const secret = (/[0-9a-f]{64}/.exec(raw.toLowerCase()) ?? [''])[0];
      try {
        credentialPublicKey(secret);
      } catch {
        throw new AppError('VALIDATION_FAILED', 'the credential file does not hold a valid 64-hex-digit credential');
      }
      const base = serverBase(o.server);
      const get = async (path: string) => {
        const res = await fetch(`${base}${path}`, { headers: { Accept: 'application/json' } });
        const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
        if (!res.ok) throw new AppError('NOT_FOUND', `${path}: ${JSON.stringify(body)}`);
        return body!;
      };
      const e = (await get(`/api/elections/${encodeURIComponent(o.election)}`)) as unknown as {
        electionHash: string;
        publicKey: string | null;
        stage: string;
        credentialsFingerprint: string | null;
        credentialsListDigest?: string | null;
        manifest: { question: string; answers: { yes: string; no: string }; boardKey: string };
      };
      if (!e.publicKey || e.stage !== 'open') throw new AppError('ELECTION_NOT_OPEN', `the election is at stage ${e.stage}`);
      // The fingerprint of the key this booth is about to encrypt under (ballot-spec §4a), computed here, not taken
      // from the server: the member compares it with the letter, or gives the letter's and the booth compares.
      const computed = boothKeyCheck({ ...e, publicKey: e.publicKey }, o.fingerprint);
      const params = { electionHash: e.electionHash, publicKey: Point.fromHex(e.publicKey) };
      const mine = (await get(`/api/elections/${encodeURIComponent(o.election)}/credentials/${credentialPublicKey(secret)}`)) as unknown as { status: string; nextRevision: number; revokedAt: number | null };
      if (mine.status === 'revoked') throw new AppError('BALLOT_UNKNOWN_CREDENTIAL', `this credential was REVOKED (record ${mine.revokedAt} of the board). If you did not ask for that, tell the returning officer now.`);
      const revision = o.revision === undefined ? mine.nextRevision : int(o.revision, '--revision', 1);
      out(`question      ${e.manifest.question}`);
      out(`your answer   ${vote ? e.manifest.answers.yes : e.manifest.answers.no}`);
      out(`fingerprint   ${fingerprintLine(computed)}`);
      out(`revision      ${revision}${revision > 1 ? ' (a revote: it replaces your earlier ballot)' : ''}`);
      if (o.challenge) {
        const audited = prepareBallot(params, secret, vote);
        const r = checkChallenge(params, audited.body, audited.secret, vote);
        out(`challenge     ballot ${shortTracker(audited.tracker)} ${r.ok ? `holds ${r.vote ? 'Yes' : 'No'} as chosen, with valid proof and signature; discarded` : `FAILED: ${r.problems.join('; ')}`}`);
        if (!r.ok) throw new AppError('INTERNAL', 'the booth failed its own challenge: not casting');
      }
      const ballot = prepareBallot(params, secret, vote, undefined, revision);
      const res = await fetch(`${base}/api/elections/${encodeURIComponent(o.election)}/ballots`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ballot.body) });
      const body = (await res.json().catch(() => null)) as { tracker?: string; seq?: number; head?: string; receipt?: CastReceipt; error?: { code: string; message: string } } | null;
      if (!res.ok) {
        const code = body?.error?.code;
        throw new AppError(code && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', body?.error?.message ?? `status ${res.status}`);
      }
      if (body?.tracker !== ballot.tracker) throw new AppError('INTERNAL', 'the server returned a different tracker from the one computed here');
      const receipt = body.receipt;
      const problem = castReceiptProblem(e.manifest.boardKey, e.electionHash, ballot.tracker, receipt, Date.now());
      if (problem || !receipt) {
        if (receipt) writeFileSync(o.receiptOut ?? `receipt-${shortTracker(ballot.tracker)}.json`, JSON.stringify(receipt, null, 1) + '\n');
        throw new AppError('INTERNAL', `the server accepted the ballot but ${problem ?? 'returned no receipt'}: keep this output and the receipt file as evidence and tell the returning officer`);
      }
      const receiptFile = o.receiptOut ?? `receipt-${shortTracker(ballot.tracker)}.json`;
      writeFileSync(receiptFile, JSON.stringify(receipt, null, 1) + '\n');
      out(`cast          record ${body.seq}, board head ${body.head}`);
      out(`tracker       ${shortTracker(ballot.tracker)}  (${ballot.tracker})`);
      out(`receipt       ${receiptFile} (signed by the board; check it any time: confidence verify BOARD --receipt ${receiptFile})`);
      out(`look it up    ${base}/elections/${encodeURIComponent(o.election)}`);
    });
}
