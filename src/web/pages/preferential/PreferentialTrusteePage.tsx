import { useState } from 'react';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading, SuccessMessage } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import { isCommitteeOfficer } from '../../session';
import { RequireRole } from '../RequireRole';
import { readJsonFile } from '../ballot/ceremonyApi';
import { preferentialApi, preferentialPaths, type PreferentialView } from './api';
import { BoardCheckFailed, decryptHere, type DeviceProgress } from './devices';
import { DeviceProgressLine } from './DeviceProgress';
import { MixPanel, ReceiptFilesField, readReceiptFiles } from './MixPanel';
import { usePolling } from './PreferentialChairPage';
import { FileInput } from '../../components/FileInput';

/**
 * The mix servers' and trustees' page for a preferential ballot (chair and committee officers). Both steps run
 * HERE, on this device, after the page has verified the board: a mix server shuffles and proves; a trustee
 * chooses its secret file (written by the key ceremony), and its device works out from the board itself which
 * preferences the count needs now (prefix decryption, docs/mixnet-spec.md §5) and posts partial decryptions of
 * only those, each with its proof. The secret file is read here and never sent. The trustee presses again for the
 * next round once the other trustees have posted theirs; the page refreshes itself meanwhile.
 */
export function PreferentialTrusteePage({ eid }: { eid: string }) {
  const t = useT();
  usePageTitle(t('ranked.trustee.title'));
  return (
    <RequireRole title={t('ranked.trustee.title')} allowed={(a) => isCommitteeOfficer(a)} forbiddenText={t('ranked.trustee.forbidden')}>
      {() => <Trustee eid={eid} />}
    </RequireRole>
  );
}

function Trustee({ eid }: { eid: string }) {
  const t = useT();
  const [view, reload] = useLoader(() => preferentialApi.view(eid), [eid]);
  const v = view.status === 'ready' ? view.data : null;
  usePolling(reload, !!v && !v.count);
  return (
    <div className="container">
      <h1>{t('ranked.trustee.title')}</h1>
      {view.status === 'loading' && <Loading what={t('ranked.loading')} />}
      {view.status === 'error' && <ErrorMessage error={view.error} title={t('ranked.loadError')} />}
      {v && (
        <>
          <p className="lede">
            {t('ranked.trustee.lede')} <a href={preferentialPaths.page(v.id)}>{v.manifest.title}</a>
          </p>
          <section className="card" aria-labelledby="pref-mix-heading">
            <h2 id="pref-mix-heading">{t('ranked.manage.mixHeading')}</h2>
            <p data-testid="pref-mix-progress">{t('ranked.manage.mixProgress', { done: v.mixes, total: v.manifest.mixers })}</p>
            <MixPanel v={v} onDone={reload} />
          </section>
          <Decrypt v={v} onDone={reload} />
        </>
      )}
    </div>
  );
}

function Decrypt({ v, onDone }: { v: PreferentialView; onDone: () => Promise<void> }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [receiptFiles, setReceiptFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<DeviceProgress | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    setDone(null);
    setProgress(null);
    try {
      if (!file) throw new Error(t('ranked.trustee.chooseFile'));
      let secret;
      try {
        secret = await readJsonFile<Parameters<typeof decryptHere>[1]>(file);
      } catch {
        throw new Error(t('ranked.trustee.wrongFile'));
      }
      // with the trustee's receipts (its mix's included): the board must hold each where receipted (M15, M17)
      const receipts = await readReceiptFiles(receiptFiles, (f) => new Error(t('ranked.verify.badReceipt', { file: f })));
      const r = await decryptHere(v.id, secret, () => new Error(t('ranked.trustee.wrongFile')), setProgress, receipts);
      setDone(r ? t('ranked.trustee.posted', { trustee: r.trustee, cells: r.cells }) : t('ranked.trustee.nothing'));
      await onDone();
    } catch (err) {
      setError(err instanceof BoardCheckFailed ? new Error(t('ranked.trustee.boardFailed', { check: err.check, message: err.detail })) : err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="pref-trustee-heading" data-testid="pref-decrypt">
      <h2 id="pref-trustee-heading">{t('ranked.trustee.decryptHeading')}</h2>
      <p data-testid="pref-decrypt-progress">{v.progress.mixed ? t('ranked.manage.decryptProgress', { n: v.progress.decrypted, needed: v.progress.cells.length }) : t('ranked.manage.decryptWaiting')}</p>
      <p className="hint">{t('ranked.trustee.decryptHint')}</p>
      <div className="field">
        <label htmlFor="pref-trustee-file">{t('ranked.trustee.file')}</label>
        <FileInput id="pref-trustee-file" data-testid="pref-trustee-file" accept="application/json,.json" onChange={(ev) => setFile(ev.target.files?.[0] ?? null)} />
      </div>
      <ReceiptFilesField id="pref-trustee-receipts" onChange={setReceiptFiles} />
      <button type="button" className="button" data-testid="pref-decrypt-button" disabled={busy || !v.progress.mixed || v.progress.done} onClick={() => void run()}>
        {t('ranked.trustee.decrypt')}
      </button>
      {busy && (
        <>
          <p role="status" aria-live="polite">
            {t('ranked.trustee.running')}
          </p>
          <DeviceProgressLine progress={progress} testId="pref-decrypt-live" />
        </>
      )}
      <SuccessMessage>{done}</SuccessMessage>
      <ErrorMessage error={error} />
    </section>
  );
}
