import { useState } from 'react';
import { ErrorMessage, SuccessMessage } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import type { PreferentialView } from './api';
import { BoardCheckFailed, mixHere, type DeviceProgress } from './devices';
import { DeviceProgressLine } from './DeviceProgress';
import { FileInput } from '../../components/FileInput';
import { readJsonFile } from '../ballot/ceremonyApi';
import { mixReceiptFileName } from '../../../mixnet/mix-receipt';

/** The receipt files a trustee chose, parsed (each must be JSON; the device's verifier judges the rest: M15, M17). */
export async function readReceiptFiles(files: readonly File[], bad: (file: string) => Error): Promise<unknown[]> {
  return Promise.all(
    files.map(async (f) => {
      try {
        return JSON.parse(await f.text()) as unknown;
      } catch {
        throw bad(f.name);
      }
    }),
  );
}

/** The optional receipts field of the mix server's and the trustee's steps. */
export function ReceiptFilesField({ id, onChange }: { id: string; onChange: (files: File[]) => void }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t('ranked.device.receipts')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('ranked.device.receiptsHint')}
      </p>
      <FileInput id={id} data-testid={id} multiple accept="application/json,.json" aria-describedby={`${id}-hint`} onChange={(ev) => onChange([...(ev.target.files ?? [])])} />
    </div>
  );
}

/** The next mix server's step, run on this device (chair's and trustees' pages): mix server k is trustee k, whose secret file signs the mix. */
export function MixPanel({ v, onDone }: { v: PreferentialView; onDone: () => Promise<void> }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [receiptFiles, setReceiptFiles] = useState<File[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [posted, setPosted] = useState<{ mixer: number; seq: number; receipt: unknown; problem: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<DeviceProgress | null>(null);
  const closed = ['close', 'mix'].includes(v.lastType);
  const next = v.mixes + 1;
  const allDone = v.mixes >= v.manifest.mixers;
  async function run() {
    setBusy(true);
    setError(null);
    setDone(null);
    setPosted(null);
    setProgress(null);
    try {
      const wrong = () => new Error(t('ranked.mix.wrongFile', { k: next }));
      const receipts = await readReceiptFiles(receiptFiles, (f) => new Error(t('ranked.verify.badReceipt', { file: f })));
      if (!file) throw wrong();
      let secret;
      try {
        secret = await readJsonFile<Parameters<typeof mixHere>[1]>(file);
      } catch {
        throw wrong();
      }
      const r = await mixHere(v.id, secret, wrong, setProgress, receipts);
      setDone(t('ranked.mix.done', { k: r.mixer, rows: r.rows }));
      setPosted(r);
      await onDone();
    } catch (err) {
      setError(err instanceof BoardCheckFailed ? new Error(t('ranked.trustee.boardFailed', { check: err.check, message: err.detail })) : err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      {allDone ? (
        <p data-testid="pref-mix-done">{t('ranked.mix.allDone')}</p>
      ) : !closed ? (
        <p>{t('ranked.mix.notYet')}</p>
      ) : (
        <>
          <p className="hint">{t('ranked.mix.hint', { k: next })}</p>
          <div className="field">
            <label htmlFor="pref-mix-file">{t('ranked.trustee.file')}</label>
            <FileInput id="pref-mix-file" data-testid="pref-mix-file" accept="application/json,.json" onChange={(ev) => setFile(ev.target.files?.[0] ?? null)} />
          </div>
          <ReceiptFilesField id="pref-mix-receipts" onChange={setReceiptFiles} />
          <button type="button" className="button" data-testid="pref-mix" disabled={busy} onClick={() => void run()}>
            {t('ranked.mix.button', { k: next })}
          </button>
        </>
      )}
      {busy && (
        <>
          <p role="status" aria-live="polite">
            {t('ranked.mix.running')}
          </p>
          <DeviceProgressLine progress={progress} testId="pref-mix-live" />
        </>
      )}
      <SuccessMessage>{done}</SuccessMessage>
      {posted && (
        <div className={posted.problem ? 'notice notice-error' : 'notice'} role={posted.problem ? 'alert' : 'status'} data-testid="pref-mix-receipt">
          {posted.problem ? (
            <p data-testid="pref-mix-receipt-problem">{t('ranked.mix.receiptProblem', { problem: posted.problem })}</p>
          ) : (
            <p>
              {t.rich('ranked.mix.receipt', {
                seq: posted.seq,
                a: (c) => (
                  <a download={mixReceiptFileName(posted.mixer, posted.seq)} href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(posted.receipt, null, 1))}`}>
                    {c}
                  </a>
                ),
              })}
            </p>
          )}
        </div>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
