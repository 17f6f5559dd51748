import { useState } from 'react';
import type { PreferentialBoardReport } from '../../../mixnet/board';
import { verifyHere, type DeviceProgress } from './devices';
import { DeviceProgressLine } from './DeviceProgress';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import type { MessageKey } from '../../i18n/catalogue';
import { preferentialApi, preferentialPaths, type PreferentialView } from './api';
import { RoundTable } from './RoundTable';
import { FileInput } from '../../components/FileInput';

/** A preferential ballot's public page: where it stands, a link to the booth while it is open, and the round table. */
export function PreferentialPage({ eid }: { eid: string }) {
  const [view] = useLoader(() => preferentialApi.view(eid), [eid]);
  const t = useT();
  usePageTitle(view.status === 'ready' ? view.data.manifest.title : t('ranked.page.title'));
  return (
    <div className="container">
      {view.status === 'loading' && <Loading what={t('ranked.loading')} />}
      {view.status === 'error' && <ErrorMessage error={view.error} title={t('ranked.loadError')} />}
      {view.status === 'ready' && <Page v={view.data} />}
    </div>
  );
}

function stageKey(v: PreferentialView): MessageKey {
  if (v.count) return 'ranked.stage.counted';
  if (v.progress.mixed) return 'ranked.stage.decrypting';
  if (['close', 'mix'].includes(v.lastType)) return 'ranked.stage.mixing';
  if (['open', 'ballot', 'revocation'].includes(v.lastType)) return 'ranked.stage.open';
  if (v.lastType === 'election_key') return 'ranked.stage.credentials';
  return 'ranked.stage.ceremony';
}

function Page({ v }: { v: PreferentialView }) {
  const t = useT();
  const m = v.manifest;
  const open = ['open', 'ballot', 'revocation'].includes(v.lastType);
  return (
    <>
      <h1>{m.title}</h1>
      <p className="lede" data-testid="stage">
        {t(stageKey(v))}
      </p>
      <p>{t('ranked.page.facts', { candidates: m.candidates.join(', '), cap: m.rankCap, mixers: m.mixers, threshold: m.trustees.threshold, trustees: m.trustees.count })}</p>
      {open && (
        <p>
          <a className="button" href={preferentialPaths.vote(v.id)} data-testid="vote-link">
            {t('ranked.page.vote')}
          </a>
        </p>
      )}
      <ul>
        <li data-testid="ballots">{t('ranked.page.ballots', { n: v.ballots })}</li>
        <li>{t('ranked.page.mixes', { done: v.mixes, total: m.mixers })}</li>
        {v.progress.mixed && <li data-testid="decrypted">{t('ranked.page.decrypted', { n: v.progress.decrypted, total: v.counted * m.rankCap })}</li>}
        {v.progress.mixed && !v.progress.done && <li>{t('ranked.page.needed', { n: v.progress.cells.length })}</li>}
      </ul>
      {v.count ? <RoundTable count={v.count} /> : <p className="notice">{t('ranked.page.noCount')}</p>}
      <p>
        <a href={preferentialApi.boardUrl(v.id)} download={`${v.id}-board.jsonl`}>
          {t('ranked.page.board')}
        </a>
      </p>
      <p className="hint">{t('ranked.page.verifyHint')}</p>
      <BrowserVerifier eid={v.id} />
    </>
  );
}

/**
 * The browser verifier: downloads the board and runs the same verifier as `confidence verify` (M1–M15, with the
 * receipts the reader chooses) on this device. It runs in the page's thread after a paint, so the page says it is working; a large ballot takes minutes.
 */
function BrowserVerifier({ eid }: { eid: string }) {
  const t = useT();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; report: PreferentialBoardReport } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  const [receiptFiles, setReceiptFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<DeviceProgress | null>(null);
  async function run() {
    setState({ kind: 'running' });
    setProgress(null);
    try {
      // Receipts the reader kept (a voter's cast receipt, a trustee's): each must find its record (M15)
      const receipts = await Promise.all(
        receiptFiles.map(async (f) => {
          try {
            return JSON.parse(await f.text()) as unknown;
          } catch {
            throw new Error(t('ranked.verify.badReceipt', { file: f.name }));
          }
        }),
      );
      // read as it downloads and checked on a Web Worker: the page stays responsive and shows how far it got
      setState({ kind: 'done', report: await verifyHere(eid, receipts, setProgress) });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  }
  return (
    <section aria-labelledby="verify-heading">
      <h2 id="verify-heading">{t('ranked.verify.heading')}</h2>
      <p>{t('ranked.verify.lede')}</p>
      <div className="field">
        <label htmlFor="verify-receipts">{t('ranked.verify.receipts')}</label>
        <p className="hint" id="verify-receipts-hint">
          {t('ranked.verify.receiptsHint')}
        </p>
        <FileInput id="verify-receipts" data-testid="verify-receipts" multiple accept="application/json,.json" aria-describedby="verify-receipts-hint" onChange={(ev) => setReceiptFiles([...(ev.target.files ?? [])])} />
      </div>
      <button type="button" className="button" data-testid="verify" disabled={state.kind === 'running'} onClick={() => void run()}>
        {t('ranked.verify.button')}
      </button>
      {state.kind === 'running' && (
        <>
          <p role="status" aria-live="polite">
            {t('ranked.verify.running')}
          </p>
          <DeviceProgressLine progress={progress} testId="verify-live" />
        </>
      )}
      {state.kind === 'error' && <ErrorMessage error={state.error} title={t('ranked.loadError')} />}
      {state.kind === 'done' && (
        <div className={`notice ${state.report.ok ? 'notice-success' : 'notice-error'}`} role="status" data-testid="verify-result">
          {state.report.ok ? <p>{t(state.report.complete ? 'ranked.verify.ok' : 'ranked.verify.okPartial')}</p> : state.report.failures.map((f, i) => <p key={i}>{t('ranked.verify.failed', { check: f.check, message: f.message })}</p>)}
          <p>{t('ranked.verify.summary', { ballots: state.report.counted, mixes: state.report.mixes, cells: state.report.decryptedCells })}</p>
          {state.report.receipts.cast + state.report.receipts.trustee + state.report.receipts.mix > 0 && <p data-testid="verify-receipts-checked">{t('ranked.verify.receiptsChecked', { cast: state.report.receipts.cast, trustee: state.report.receipts.trustee, mix: state.report.receipts.mix })}</p>}
        </div>
      )}
    </section>
  );
}
