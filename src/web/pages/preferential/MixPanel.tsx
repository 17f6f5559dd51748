import { useState } from 'react';
import { ErrorMessage, SuccessMessage } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import type { PreferentialView } from './api';
import { BoardCheckFailed, mixHere, type DeviceProgress } from './devices';
import { DeviceProgressLine } from './DeviceProgress';
import { FileInput } from '../../components/FileInput';
import { readJsonFile } from '../ballot/ceremonyApi';

/** The next mix server's step, run on this device (chair's and trustees' pages): mix server k is trustee k, whose secret file signs the mix. */
export function MixPanel({ v, onDone }: { v: PreferentialView; onDone: () => Promise<void> }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<DeviceProgress | null>(null);
  const closed = ['close', 'mix'].includes(v.lastType);
  const next = v.mixes + 1;
  const allDone = v.mixes >= v.manifest.mixers;
  async function run() {
    setBusy(true);
    setError(null);
    setDone(null);
    setProgress(null);
    try {
      const wrong = () => new Error(t('ranked.mix.wrongFile', { k: next }));
      if (!file) throw wrong();
      let secret;
      try {
        secret = await readJsonFile<Parameters<typeof mixHere>[1]>(file);
      } catch {
        throw wrong();
      }
      const r = await mixHere(v.id, secret, wrong, setProgress);
      setDone(t('ranked.mix.done', { k: r.mixer, rows: r.rows }));
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
      <ErrorMessage error={error} />
    </>
  );
}
