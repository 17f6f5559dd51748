import { useState, type ReactNode } from 'react';
import { trusteeReceiptFileName, trusteeReceiptProblem, trusteeRegister, type DkgDealingBody, type Manifest, type TrusteeMessageType, type TrusteeReceipt, type TrusteeSecretFile } from '../../../ballot';
import { Select } from '../../components/fields';
import { useT } from '../../i18n/I18n';
import type { MessageKey } from '../../i18n/catalogue';
import type { ElectionView } from './api';
import { download, post, readJsonFile } from './ceremonyApi';
import { dealStep, type DeviceWords } from './trusteeDevice';
import { FileInput } from '../../components/FileInput';

/**
 * The trustee's steps every board shares — the confidence vote's key ceremony page and a contest ballot's trustee
 * page run the same protocol on the trustee's device: pick who you are and your secret file, register (the transport
 * key; the secret file is downloaded, never sent), commit, reveal the dealing; every message the server accepts comes
 * back with a receipt signed by the manifest's board key, checked here against the message sent, downloaded and
 * listed (docs/ballot-spec.md §3.2). Every step that computes from the ceremony (deal here; the pages' check, answer
 * and share) first verifies the board with the trustee's receipts — those kept this session and those chosen from
 * earlier ones — and computes from that reading (./trusteeDevice.ts). Each page keeps only its own steps
 * (complaints, share, decryption) and its words: the strings are the page's own keys under one prefix, with the same
 * names.
 */

type Suffix =
  | 'chooseFile'
  | 'wrongFile'
  | 'receiptProblem'
  | 'useCommitFile'
  | 'iAm'
  | 'secretFile'
  | 'step1'
  | 'step2'
  | 'register'
  | 'registered'
  | 'commit'
  | 'committed'
  | 'reveal'
  | 'revealed'
  | 'receiptsHeading'
  | 'receiptsIntro'
  | 'receiptItem'
  | 'receiptDownload'
  | 'receiptFiles'
  | 'receiptFilesHint'
  | 'boardNotVerified'
  | 'notYetOnBoard'
  | 'boardVerified';
export type TrusteeWords = 'ceremony' | 'contest.trustee';
// Every page's prefix must have every word: this fails to compile when a catalogue lacks one.
const _everyWord: `${TrusteeWords}.${Suffix}` extends MessageKey ? true : never = true;
void _everyWord;

export type PendingSecret = TrusteeSecretFile & { pendingDealing?: DkgDealingBody };

/** The secret file without the dealing kept for the reveal step: trusteeFinalize copies every other field into the share file. */
export function withoutPending(s: PendingSecret): TrusteeSecretFile {
  const { pendingDealing: _dealing, ...rest } = s;
  void _dealing;
  return rest;
}

export interface TrusteeSteps {
  words: TrusteeWords;
  /** 'contest-' on the contest page: its fields and sections keep their own ids. */
  idPrefix: string;
  e: ElectionView;
  base: string;
  trustee: number;
  setTrustee: (n: number) => void;
  setFile: (f: File | null) => void;
  /** The secret file chosen (null before one is): pages that read the board as soon as one is chosen watch it. */
  file: File | null;
  busy: boolean;
  done: string | null;
  error: unknown;
  receipts: { file: string; receipt: TrusteeReceipt }[];
  /** Runs one step: busy while it runs, its confirmation or error after, the board reloaded. */
  act: (what: string, fn: () => Promise<void>) => Promise<void>;
  /** The secret file chosen, checked to be this board's. */
  secretFile: () => Promise<PendingSecret>;
  /** Checks the board's receipt for a message just posted, downloads and lists it. */
  keep: (type: TrusteeMessageType, author: number, body: unknown, raw: unknown) => void;
  /** The receipts of `trustee` this page kept this session and those chosen from earlier sessions, each once. */
  heldReceipts: (trustee: number) => Promise<unknown[]>;
  setReceiptFiles: (files: File[]) => void;
  /** The page's refusals for a step whose board does not verify, and its note when it does (./trusteeDevice.ts). */
  device: DeviceWords;
  /** What the last step's board check found (with how many receipts), shown under the steps. */
  boardNote: string | null;
  /** Posts a message and keeps its receipt. */
  submit: (path: string, type: TrusteeMessageType, author: number, body: unknown) => Promise<void>;
  w: (s: Suffix, values?: Record<string, string | number>) => string;
}

export function useTrusteeSteps(e: ElectionView, boardKey: string | undefined, reload: () => Promise<void>, words: TrusteeWords, idPrefix = ''): TrusteeSteps {
  const t = useT();
  const [trustee, setTrustee] = useState(1);
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipts, setReceipts] = useState<{ file: string; receipt: TrusteeReceipt }[]>([]);
  const [receiptFiles, setReceiptFiles] = useState<File[]>([]);
  const [boardNote, setBoardNote] = useState<string | null>(null);
  const w = (s: Suffix, values?: Record<string, string | number>) => t(`${words}.${s}` as MessageKey, values);
  const base = `/api/elections/${encodeURIComponent(e.id)}`;

  async function act(what: string, fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setDone(null);
    setBoardNote(null);
    try {
      await fn();
      setDone(what);
      await reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const secretFile = async () => {
    if (!file) throw new Error(w('chooseFile'));
    const s = await readJsonFile<PendingSecret>(file);
    if (s.kind !== 'confidence-trustee-secret/1' || s.electionHash !== e.electionHash) throw new Error(w('wrongFile'));
    return s;
  };
  const keep = (type: TrusteeMessageType, author: number, body: unknown, raw: unknown) => {
    const problem = boardKey ? trusteeReceiptProblem(boardKey, e.electionHash, type, body, raw) : t('contest.trustee.noBoardKey');
    if (problem) throw new Error(w('receiptProblem', { problem }));
    const receipt = raw as TrusteeReceipt;
    const name = trusteeReceiptFileName(author, receipt);
    download(name, receipt);
    setReceipts((rs) => [...rs, { file: name, receipt }]);
  };
  const submit = async (path: string, type: TrusteeMessageType, author: number, body: unknown) => {
    const res = await post<{ receipt?: unknown }>(`${base}${path}`, body);
    keep(type, author, body, res.receipt);
  };
  const heldReceipts = async (n: number) => {
    const held: unknown[] = receipts.filter((r) => r.file.startsWith(`receipt-trustee-${n}-`)).map((r) => r.receipt);
    for (const f of receiptFiles) held.push(await readJsonFile<unknown>(f));
    return [...new Map(held.map((r) => [JSON.stringify(r), r])).values()];
  };
  const device: DeviceWords = { boardRefused: (failure) => w('boardNotVerified', { failure }), notYet: (have, of) => w('notYetOnBoard', { have, n: of }), verified: (n) => setBoardNote(w('boardVerified', { n })) };
  return { words, idPrefix, e, base, trustee, setTrustee, setFile, file, busy, done, error, receipts, act, secretFile, keep, heldReceipts, setReceiptFiles, device, boardNote, submit, w };
}

/** One step of the page: a card named by its heading. */
export function Step({ title, children, testId, level = 3 }: { title: string; children: ReactNode; testId: string; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="card" data-testid={testId} aria-label={title}>
      <Heading>{title}</Heading>
      {children}
    </section>
  );
}

/** Who you are (trustee number), your secret file, chosen again for each step, and your receipts from earlier sessions. */
export function TrusteePicker({ s, names, className }: { s: TrusteeSteps; names: readonly string[]; className: string }) {
  return (
    <div className={className}>
      <Select id={`${s.idPrefix}trustee-number`} label={s.w('iAm')} value={String(s.trustee)} onChange={(v) => s.setTrustee(Number(v))} options={names.map((n, i) => ({ value: String(i + 1), label: n ? `${i + 1}: ${n}` : String(i + 1) }))} />
      <div className="field grow">
        <label htmlFor={`${s.idPrefix}secret-file`}>{s.w('secretFile')}</label>
        <FileInput id={`${s.idPrefix}secret-file`} accept="application/json" onChange={(ev) => s.setFile(ev.target.files?.[0] ?? null)} />
      </div>
      <div className="field grow">
        <label htmlFor={`${s.idPrefix}receipt-files`}>{s.w('receiptFiles')}</label>
        <p className="hint" id={`${s.idPrefix}receipt-files-hint`}>
          {s.w('receiptFilesHint')}
        </p>
        <FileInput id={`${s.idPrefix}receipt-files`} multiple accept="application/json" aria-describedby={`${s.idPrefix}receipt-files-hint`} onChange={(ev) => s.setReceiptFiles([...(ev.target.files ?? [])])} />
      </div>
    </div>
  );
}

/**
 * Register, then commit and reveal the dealing (docs/ballot-spec.md §3): the secret file is downloaded after each of
 * the first two, before the receipt is checked, since it is needed whatever the receipt says.
 */
export function TrusteeKeySteps({
  s,
  manifest,
  level,
  canRegister,
  canDeal,
  canReveal,
  registerBody,
  dealBody,
}: {
  s: TrusteeSteps;
  /** The manifest the dealing is made for (a contest ballot's ceremony manifest). */
  manifest: Manifest;
  level?: 2 | 3;
  canRegister: boolean;
  canDeal: boolean;
  canReveal: boolean;
  registerBody?: ReactNode;
  dealBody?: ReactNode;
}) {
  const { e, base, trustee, busy, act, secretFile, keep, submit, w, heldReceipts, device } = s;
  return (
    <>
      <Step title={w('step1')} testId={`${s.idPrefix}step-register`} level={level}>
        {registerBody}
        <button type="button" className="button" disabled={busy || !canRegister} onClick={() => void act(w('registered'), async () => {
          const r = trusteeRegister(e.electionHash, trustee);
          const res = await post<{ receipt?: unknown }>(`${base}/trustee-keys`, r.body);
          download(`trustee-${trustee}-${e.id}.json`, r.secret);
          keep('trustee_key', trustee, r.body, res.receipt);
        })}>{w('register')}</button>
      </Step>
      <Step title={w('step2')} testId={`${s.idPrefix}step-deal`} level={level}>
        {dealBody}
        <p className="button-row">
          <button type="button" className="button" disabled={busy || !canDeal} onClick={() => void act(w('committed'), async () => {
            const sf = await secretFile();
            // To the transport keys of the board verified with this trustee's receipts, never the API's list.
            const d = await dealStep(manifest, e, sf, await heldReceipts(sf.trustee), device);
            const res = await post<{ receipt?: unknown }>(`${base}/dkg/commitments`, d.commitment);
            download(`trustee-${sf.trustee}-${e.id}-dealing.json`, { ...d.secret, pendingDealing: d.dealing });
            keep('dkg_commitment', sf.trustee, d.commitment, res.receipt);
          })}>{w('commit')}</button>
          <button type="button" className="button button-ghost" disabled={busy || !canReveal} onClick={() => void act(w('revealed'), async () => {
            const sf = await secretFile();
            if (!sf.pendingDealing) throw new Error(w('useCommitFile'));
            await submit('/dkg/dealings', 'dkg_dealing', sf.trustee, sf.pendingDealing);
          })}>{w('reveal')}</button>
        </p>
      </Step>
    </>
  );
}

/** What the last step's check of the board found: that it verified, and with how many of the trustee's receipts. */
export function TrusteeBoardNote({ s }: { s: TrusteeSteps }) {
  if (!s.boardNote) return null;
  return (
    <p className="notice" role="status" data-testid={`${s.idPrefix}trustee-board-note`}>
      {s.boardNote}
    </p>
  );
}

/** The receipts this page kept, each downloadable again (the verifier takes them: check B6.6 / R16). */
export function TrusteeReceipts({ s, level = 3 }: { s: TrusteeSteps; level?: 2 | 3 }) {
  if (s.receipts.length === 0) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="notice" data-testid={`${s.idPrefix}trustee-receipts`} aria-label={s.w('receiptsHeading')}>
      <Heading>{s.w('receiptsHeading')}</Heading>
      <p>{s.w('receiptsIntro')}</p>
      <ul>
        {s.receipts.map(({ file, receipt }) => (
          <li key={file}>
            {s.w('receiptItem', { type: receipt.type, seq: receipt.seq })}{' '}
            <a download={file} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(receipt, null, 1))}`}>
              {s.w('receiptDownload')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
