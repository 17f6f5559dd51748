/**
 * `confidence trustee …`: a trustee's steps of the key ceremony and the tally, run on the trustee's own machine.
 * The secret file (transport key, polynomial while the ceremony runs, then the share of the election secret) is
 * written here with mode 0600 and NEVER sent: only the public messages go to the server.
 *
 * Every message the server accepts comes back with a receipt signed by the board key (docs/ballot-spec.md §3.2):
 * it is checked here against the manifest's board key and the message sent, and written next to the secret file
 * (or into --receipts-dir). `confidence verify BOARD --receipt FILE…` then fails (check B6.6) on any board that
 * drops or moves the message — the trustee's proof against a board writer that censors, say, a dealer's answer.
 *
 * Logging in: the API token `confidence login` stored for the server; or, with `--email`, a one-time code by email
 * as in the web app, read from the CONFIDENCE_LOGIN_CODE environment variable or typed on stdin.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { initCrypto } from '../../crypto';
import {
  complaintStatuses,
  dealerView,
  trusteeAnswerComplaints,
  trusteeCheckShares,
  trusteeDeal,
  trusteeFinalize,
  trusteePartialDecrypt,
  trusteeRegister,
  trusteeReceiptFileName,
  trusteeReceiptProblem,
  verifyBoard,
  formatFailure,
  type DkgDealingBody,
  type ElectionKeyBody,
  type Manifest,
  type TallyBody,
  type TrusteeMessageType,
  type TrusteeSecretFile,
} from '../../ballot';
import { AppError, ERROR_CODES, type ErrorCode } from '../../domain/errors';
import { contestPartialDecrypt, type ContestTallyBody } from '../../contest/board';
import { isRecordLine, verifiedTally } from '../../ballot/tally-to-decrypt';
import type { DecryptedClose } from '../../contest/tally-to-decrypt';
import { boardKindOf, verifiedCeremony as readCeremony, type VerifiedCeremony } from '../../ballot/verified-ceremony';
import { streamLines } from '../../mixnet/lines';
import { normaliseServerUrl, out, tokenFor, serverBase, SERVER_ONLY_OPTION } from '../shared';

/** Signed-in calls: the API token `confidence login` stored (bearer), or a session opened with a one-time code. */
export interface Session {
  base: string;
  cookie?: string;
  csrf?: string;
  token?: string;
}

export async function call<T>(base: string, method: 'GET' | 'POST', path: string, body?: unknown, session?: Session): Promise<{ value: T; res: Response }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session?.token) headers.Authorization = `Bearer ${session.token}`;
  else if (session?.cookie && session.csrf) {
    headers.Cookie = session.cookie;
    headers['X-CSRF-Token'] = session.csrf;
  }
  const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const value = (await res.json().catch(() => null)) as T & { error?: { code: string; message: string } };
  if (!res.ok) {
    const code = value?.error?.code;
    throw new AppError(code && code in ERROR_CODES ? (code as ErrorCode) : 'INTERNAL', value?.error?.message ?? `${method} ${path}: status ${res.status}`);
  }
  return { value, res };
}

export async function login(base: string, email: string): Promise<Session> {
  await call(base, 'POST', '/api/auth/request-code', { email });
  let code = process.env.CONFIDENCE_LOGIN_CODE;
  if (!code) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    code = (await rl.question(`One-time code sent to ${email}: `)).trim();
    rl.close();
  }
  const { value, res } = await call<{ csrfToken: string }>(base, 'POST', '/api/auth/verify-code', { email, code });
  const cookie = /confidence_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new AppError('UNAUTHENTICATED', 'the server did not open a session');
  return { base, cookie, csrf: value.csrfToken };
}

/**
 * How a command signs in: with `--email`, a one-time code as before; without it, the API token `confidence login`
 * stored for this server (as every command that goes through a server does).
 */
export async function sessionFor(base: string, email?: string): Promise<Session> {
  if (email) return login(base, email);
  const server = normaliseServerUrl(base);
  const token = tokenFor(server);
  if (!token) throw new AppError('UNAUTHENTICATED', `not logged in to ${server}: run \`confidence login --server ${server}\` first (or give --email for a one-time code)`);
  return { base, token };
}

/**
 * The board-signed receipts this trustee saved beside its secret (receipt-trustee-N-*.json in `dir`), parsed: its
 * key-ceremony messages' and, on a preferential board, the mix it posted as mix server N (M17).
 */
export function trusteeReceipts(dir: string, trustee: number): unknown[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`receipt-trustee-${trustee}-`) && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown);
}

/** A trustee secret file, or a clear VALIDATION_FAILED saying why it is not one. */
export function readSecret(path: string): TrusteeSecretFile & { pendingDealing?: DkgDealingBody } {
  let s: TrusteeSecretFile & { pendingDealing?: DkgDealingBody };
  try {
    s = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `cannot read the trustee file ${path}: ${(e as Error).message}`);
  }
  if (s.kind !== 'confidence-trustee-secret/1') throw new AppError('VALIDATION_FAILED', `${path} is not a trustee secret file`);
  return s;
}

/**
 * The board fetched once and verified (with the trustee's receipts, under the election hash of the trustee's own
 * file), and the key-ceremony records of that same reading (src/ballot/verified-ceremony.ts, shared with the
 * trustees' web pages): a trustee's device computes from these, never from separate API answers that could differ
 * from the board.
 */
async function verifiedCeremony(base: string, path: string, election: string, e: { electionHash: string; contestId: string | null }, receipts: unknown[], purpose: string, upTo: string): Promise<VerifiedCeremony> {
  const res = await fetch(`${base}${path}/board.jsonl`);
  if (!res.ok || !res.body) throw new AppError('INTERNAL', `cannot fetch the board: status ${res.status}`);
  const kind = boardKindOf({ id: election, contestId: e.contestId });
  // A preferential board is read line by line as it arrives (with its ballots and mixes it can outgrow a string).
  const reading = await readCeremony(kind === 'preferential' ? streamLines(res.body) : await res.text(), { kind, electionHash: e.electionHash, receipts });
  if (!reading.ok) throw new AppError('BOARD_CHECK_FAILED', `the board does not verify, so ${purpose}: ${reading.failure}. Keep your receipts and tell the other trustees.`);
  const c = reading.ceremony;
  const mine = c.receipts ? `, with your ${c.receipts} receipt(s)` : ' (no receipt of yours found: give --receipts-dir)';
  const where = kind === 'preferential' ? ' (preferential ballot: M13, M14)' : kind === 'contest' ? ' (contest ballot: R1–R6)' : '';
  const receiptCheck = kind === 'preferential' ? ' (M15)' : kind === 'contest' ? ' (R16)' : '';
  out(`board checked ${upTo}${where}${mine}${c.receipts ? `${receiptCheck}: every message of yours is where the server receipted it` : ''}`);
  return c;
}

const writeSecret = (path: string, s: unknown) => writeFileSync(path, JSON.stringify(s, null, 1) + '\n', { mode: 0o600 });

interface Common {
  server?: string;
  election: string;
  email?: string;
  secret: string;
  receiptsDir?: string;
}

/**
 * Checks the board's receipt for a message this trustee just posted and writes it to a file. A missing or wrong
 * receipt is reported as an error (the message may be on the board, but nothing proves it): keep the output.
 */
function keepReceipt(o: Common, e: { electionHash: string; manifest: Manifest }, trustee: number, type: TrusteeMessageType, body: unknown, response: { receipt?: unknown }): string {
  const problem = trusteeReceiptProblem(e.manifest.boardKey, e.electionHash, type, body, response.receipt);
  if (problem) throw new AppError('INTERNAL', `the server accepted your ${type} but ${problem}: keep this output and your signed message as evidence, and tell the other trustees`);
  const r = response.receipt as { seq: number; type: TrusteeMessageType };
  const dir = o.receiptsDir ?? dirname(o.secret);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, trusteeReceiptFileName(trustee, r));
  writeFileSync(file, JSON.stringify(response.receipt, null, 1) + '\n');
  out(`receipt       ${file} (signed by the board: your ${type} is record ${r.seq}; check any time with confidence verify BOARD --receipt ${file})`);
  return file;
}

/**
 * Before a contest ballot is decrypted: refuses a second close record of an election this trustee already decrypted
 * (the board rebuilt after the count was known), else keeps this one in `dir` (decrypted-trustee-N-<election>.json).
 * Kept before the partials are posted, so a server that takes them and answers with an error is remembered too.
 */
export async function keepDecryptedClose(dir: string, trustee: number, electionHash: string, close: string): Promise<void> {
  const { secondCloseProblem } = await import('../../contest/tally-to-decrypt');
  const file = join(dir, `decrypted-trustee-${trustee}-${electionHash.slice(0, 16)}.json`);
  let kept: unknown = null;
  if (existsSync(file)) {
    try {
      kept = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new AppError('VALIDATION_FAILED', `${file} is not the JSON this tool wrote: restore it (it records the close record you decrypted under) or remove it knowingly`);
    }
  }
  const problem = secondCloseProblem(kept, electionHash, close);
  if (problem) throw new AppError('BOARD_CHECK_FAILED', problem);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ election: electionHash, close } satisfies DecryptedClose, null, 1) + '\n');
}

export function registerTrusteeCommands(program: Command): void {
  const trustee = program.command('trustee').description('a trustee’s steps of the key ceremony and the tally, on the trustee’s own machine (the secret file never leaves it)');
  const withCommon = (c: Command) =>
    c
      .option(...SERVER_ONLY_OPTION)
      .requiredOption('--election <id>', 'election id')
      .option('--email <email>', 'your chair or officer account, for a one-time code (default: the token `confidence login` stored)')
      .requiredOption('--secret <file>', 'your trustee secret file')
      .option('--receipts-dir <dir>', 'where to write the board’s signed receipts for your messages (default: beside the secret file)');

  const setup = async (o: Common) => {
    await initCrypto();
    const base = serverBase(o.server);
    const e = (await call<{ id: string; electionHash: string; manifest: Manifest; electionKey: ElectionKeyBody | null; tally: TallyBody | null; contestId: string | null }>(base, 'GET', `/api/elections/${encodeURIComponent(o.election)}`)).value;
    return { base, e, path: `/api/elections/${encodeURIComponent(o.election)}` };
  };

  withCommon(trustee.command('register').description('1. create your transport key, post it with its proof, write your secret file'))
    .requiredOption('--trustee <n>', 'your trustee number (1..n)')
    .action(async (o: Common & { trustee: string }) => {
      const { base, e, path } = await setup(o);
      const r = trusteeRegister(e.electionHash, Number(o.trustee));
      const session = await sessionFor(base, o.email);
      const res = (await call<{ receipt?: unknown }>(base, 'POST', `${path}/trustee-keys`, r.body, session)).value;
      writeSecret(o.secret, r.secret);
      out(`registered as trustee ${o.trustee}; secret file written to ${o.secret} (keep it; never send it)`);
      keepReceipt(o, e, r.body.trustee, 'trustee_key', r.body, res);
    });

  withCommon(trustee.command('deal').description('2. commit to your dealing (once all trustees have registered); run `reveal` once all have committed')).action(async (o: Common) => {
    const { base, e, path } = await setup(o);
    const s = readSecret(o.secret);
    // The recipients' keys from a board this trustee verified (with its receipts: its own key is where the server
    // said), not a separate API answer; the dealing's signature covers them, so a dealing made to keys that a server
    // showed only this dealer fails B6.2 on the real board and cannot enter the election key.
    const receipts = trusteeReceipts(o.receiptsDir ?? dirname(o.secret), s.trustee);
    const ceremony = await verifiedCeremony(base, path, o.election, { electionHash: s.electionHash, contestId: e.contestId }, receipts, 'no shares are dealt', 'up to its trustee keys');
    const keys = ceremony.trusteeKeys;
    if (keys.length < e.manifest.trustees.count) throw new AppError('ELECTION_WRONG_STAGE', `${keys.length} of ${e.manifest.trustees.count} trustees have registered: deal once all have`);
    const d = trusteeDeal(e.manifest, e.electionHash, s, keys);
    const session = await sessionFor(base, o.email);
    const res = (await call<{ receipt?: unknown }>(base, 'POST', `${path}/dkg/commitments`, d.commitment, session)).value;
    writeSecret(o.secret, { ...d.secret, pendingDealing: d.dealing });
    out(`committed (digest ${d.commitment.digest.slice(0, 16)}…); secret file updated`);
    keepReceipt(o, e, s.trustee, 'dkg_commitment', d.commitment, res);
  });

  withCommon(trustee.command('reveal').description('2b. reveal your dealing (shares encrypted to each trustee)')).action(async (o: Common) => {
    const { base, e, path } = await setup(o);
    const s = readSecret(o.secret);
    if (!s.pendingDealing) throw new AppError('VALIDATION_FAILED', 'run `confidence trustee deal` first');
    const session = await sessionFor(base, o.email);
    const res = (await call<{ receipt?: unknown }>(base, 'POST', `${path}/dkg/dealings`, s.pendingDealing, session)).value;
    out('dealing revealed');
    keepReceipt(o, e, s.trustee, 'dkg_dealing', s.pendingDealing, res);
  });

  withCommon(trustee.command('complain').description('2c. once every trustee has dealt: open the shares sent to you; post a signed complaint, with evidence, against each dealer whose share is bad')).action(async (o: Common) => {
    const { base, e, path } = await setup(o);
    const s = readSecret(o.secret);
    // The dealings and keys of a board this trustee verified (one reading, with its receipts), not separate API
    // answers: a dealing shown only to this trustee would make it complain falsely, and be named for it (B6.5).
    const receipts = trusteeReceipts(o.receiptsDir ?? dirname(o.secret), s.trustee);
    const ceremony = await verifiedCeremony(base, path, o.election, { electionHash: s.electionHash, contestId: e.contestId }, receipts, 'its dealings must not be judged', 'up to its dealings');
    const dealings = ceremony.dealings;
    if (dealings.length < e.manifest.trustees.count) throw new AppError('ELECTION_WRONG_STAGE', `${dealings.length} of ${e.manifest.trustees.count} trustees have dealt: check your shares once all have`);
    const check = trusteeCheckShares(e.manifest, e.electionHash, s, dealings, ceremony.trusteeKeys);
    if (check.tampered.length) out(`WARNING: the dealing(s) of trustee(s) ${check.tampered.join(', ')} on the board are not signed by them: the server changed them (public check B6.2 fails). Tell the other trustees.`);
    if (check.complaints.length === 0) {
      out(`all ${check.shares.length} shares sent to you match their dealers' commitments: no complaint`);
      return;
    }
    const session = await sessionFor(base, o.email);
    for (const c of check.complaints) {
      const r = (await call<{ verdict: string; receipt?: unknown }>(base, 'POST', `${path}/dkg/complaints`, c, session)).value;
      out(`complaint against dealer ${c.complaint.dealer} posted (${r.verdict}): it must answer by revealing your share, or be disqualified`);
      keepReceipt(o, e, s.trustee, 'dkg_complaint', c, r);
    }
  });

  withCommon(trustee.command('answer').description('2d. answer the complaints against you by revealing the disputed shares (public); without an answer you are disqualified'))
    .option('--yes', 'answer without asking for confirmation')
    .action(async (o: Common & { yes?: boolean }) => {
      const { base, e, path } = await setup(o);
      const s = readSecret(o.secret);
      // The complaints, keys, dealings and answers of a board this dealer verified (one reading, with its receipts),
      // not separate API answers: an answer reveals a share, so it goes only to a complaint on a board that verifies.
      const receipts = trusteeReceipts(o.receiptsDir ?? dirname(o.secret), s.trustee);
      const t = await verifiedCeremony(base, path, o.election, { electionHash: s.electionHash, contestId: e.contestId }, receipts, 'no complaint on it is answered', 'up to its complaints');
      // And judged against the keys this trustee dealt to and its own dealing (kept in its file), not the board's.
      const against = complaintStatuses(e.manifest, e.electionHash, dealerView(s, t, s.pendingDealing)).filter((c) => c.dealer === s.trustee);
      if (against.length === 0) {
        out('no complaint against you');
        return;
      }
      for (const c of against) out(`complaint by trustee ${c.complainer}: ${c.verdict === 'false' ? 'false (the share you sent matches your commitments; no answer needed)' : c.verdict}${c.answered ? ', answered' : ''}`);
      const answers = trusteeAnswerComplaints(e.manifest, e.electionHash, s, t, { ownDealing: s.pendingDealing });
      if (answers.length === 0) {
        out('nothing to answer');
        return;
      }
      if (!o.yes) {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        const ok = (await rl.question(`Reveal your share(s) for trustee(s) ${answers.map((a) => a.answer.complainer).join(', ')} publicly? [y/N] `)).trim().toLowerCase();
        rl.close();
        if (ok !== 'y' && ok !== 'yes') throw new AppError('VALIDATION_FAILED', 'not answered: you will be disqualified unless you answer before the key is posted');
      }
      const session = await sessionFor(base, o.email);
      for (const a of answers) {
        const r = (await call<{ valid: boolean; receipt?: unknown }>(base, 'POST', `${path}/dkg/answers`, a, session)).value;
        out(`answered trustee ${a.answer.complainer}${r.valid ? '' : ' (the server says the share does not match your commitments!)'}`);
        // The receipt is what makes withholding this answer visible: without it on the board, B6.6 fails.
        keepReceipt(o, e, s.trustee, 'dkg_answer', a, r);
      }
    });

  trustee
    .command('share')
    .description('3. once the election key is posted: compute your share of the election secret into your secret file (nothing is sent)')
    .option(...SERVER_ONLY_OPTION)
    .requiredOption('--election <id>', 'election id')
    .requiredOption('--secret <file>', 'your trustee secret file')
    .option('--receipts-dir <dir>', 'where your receipts are (default: beside the secret file)')
    .action(async (o: Omit<Common, 'email'>) => {
      const { base, e, path } = await setup({ ...o, email: '' });
      if (!e.electionKey) throw new AppError('ELECTION_WRONG_STAGE', 'the election key is not posted yet');
      const { pendingDealing: _p, ...s } = readSecret(o.secret);
      void _p;
      // Before using the key: the board that made it must hold every message of ours the server receipted (B6.6),
      // or the server may have chosen the key by leaving one out (a withheld answer).
      const receipts = trusteeReceipts(o.receiptsDir ?? dirname(o.secret), s.trustee);
      // The share is computed from the key-ceremony records of the board just verified (this reading), never from a
      // second answer of the server's, which could differ from the board.
      const ceremony = await verifiedCeremony(base, path, o.election, { electionHash: s.electionHash, contestId: e.contestId }, receipts, 'its election key must not be used', 'up to its election key');
      const key = ceremony.electionKey;
      if (!key) throw new AppError('ELECTION_WRONG_STAGE', 'the board has no election key yet');
      writeSecret(o.secret, trusteeFinalize(e.manifest, e.electionHash, s, ceremony.dealings, key, ceremony.answers));
      out(`your share is in ${o.secret}; the election key is ${key.publicKey}`);
    });

  withCommon(trustee.command('decrypt').description('4. after the tally is posted: post your partial decryption with its proof')).action(async (o: Common) => {
    const { base, e, path } = await setup(o);
    if (!e.tally || !e.electionKey) throw new AppError('ELECTION_WRONG_STAGE', 'the encrypted tally is not posted yet');
    const s = readSecret(o.secret);
    // What is decrypted is the tally on the board, verified up to it (B13/R13) under this trustee's own election
    // hash — never the ciphertext the API names, which could be one voter's ballot (a decryption oracle).
    const res = await fetch(`${base}${path}/board.jsonl`);
    if (!res.ok || !res.body) throw new AppError('INTERNAL', `cannot fetch the board: status ${res.status}`);
    if ((e.tally as unknown as Partial<ContestTallyBody>).ciphertexts) {
      // A leadership contest's ballot: one partial decryption per candidate's tally (docs/contest.md §3), proved
      // under this trustee's verification key in the election key of the same verified reading.
      const { verifiedContestTally } = await import('../../contest/tally-to-decrypt');
      const tally = await verifiedContestTally(await res.text(), s.electionHash);
      const vk = tally.electionKey.verificationKeys.find((v) => v.trustee === s.trustee)?.key;
      if (!vk || !s.secretShare) throw new AppError('ELECTION_WRONG_STAGE', `trustee ${s.trustee} holds no qualified share of this ballot's key (run \`trustee share\` first)`);
      await keepDecryptedClose(o.receiptsDir ?? dirname(o.secret), s.trustee, s.electionHash, tally.close);
      const body = tally.counted === 0 ? { trustee: s.trustee, partials: [] } : contestPartialDecrypt(s.electionHash, tally.close, { index: s.trustee, secretShare: s.secretShare, verificationKey: vk }, tally.ciphertexts);
      await call(base, 'POST', `${path}/partial-decryptions`, body, await sessionFor(base, o.email));
      out(`partial decryptions of trustee ${s.trustee} posted (one per candidate)`);
      return;
    }
    const tally = await verifiedTally(streamLines(res.body), s.electionHash);
    const p = trusteePartialDecrypt(s.electionHash, s, tally.electionKey, tally.ciphertext);
    const session = await sessionFor(base, o.email);
    await call(base, 'POST', `${path}/partial-decryptions`, p, session);
    out(`partial decryption of trustee ${p.partial.trustee} posted`);
  });
}
