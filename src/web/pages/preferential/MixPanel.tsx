import { useState } from 'react';
import { ErrorMessage, SuccessMessage } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import type { PreferentialView } from './api';
import { BoardCheckFailed, mixHere, type DeviceProgress } from './devices';
import { DeviceProgressLine } from './DeviceProgress';

/** The next mix server's step, run on this device (chair's and trustees' pages). */
export function MixPanel({ v, onDone }: { v: PreferentialView; onDone: () => Promise<void> }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
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
      const r = await mixHere(v.id, setProgress);
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
          <p className="hint">{t('ranked.mix.hint')}</p>
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
