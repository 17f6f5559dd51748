import { useEffect, useState } from 'react';
import { initCrypto } from '../../../crypto';
import { CHECKS, formatFingerprint, verifyBoard, type ExpectedBoard, type VerifyProgress, type VerifyReport } from '../../../ballot';
import { usePageTitle } from '../../hooks';
import { ErrorMessage, English } from '../../components/ui';
import { Hash } from '../../components/Hash';
import { useT, type Translate } from '../../i18n/I18n';
import type { MessageKey } from '../../i18n/catalogue';
import { BallotResultText } from './BallotResult';
import { electionApi, electionPaths } from './api';
import { ContestBoardVerifier } from '../contest/ContestVerifierPage';
import { TextField } from '../../components/fields';
import { linesOf } from '../../board-stream';

/**
 * The public verifier: downloads the board and runs the same numbered checks as `confidence verify`, in this
 * browser, trusting nothing the server says about the result.
 */
export function VerifierPage({ eid }: { eid: string }) {
  const t = useT();
  usePageTitle(t('verifier.title'));
  const [progress, setProgress] = useState<VerifyProgress | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [seconds, setSeconds] = useState<number | null>(null);
  // What the visitor knows from outside the server (checks B3a, B7b, B9c), as in `confidence verify`'s flags.
  const [form, setForm] = useState({ electionHash: '', head: '', fingerprint: '', receipts: '' });
  const [expect, setExpect] = useState<ExpectedBoard>({});
  /** A contest's board (not a confidence vote's): this verifier does not know its records. */
  const [contest, setContest] = useState<{ id: string; ballot: string | null } | null>(null);
  useEffect(() => {
    let cancelled = false;
    setReport(null);
    setError(null);
    (async () => {
      try {
        await initCrypto();
        const view = await electionApi.election(eid);
        if (view.contestId) {
          if (!cancelled) setContest({ id: view.contestId, ballot: (view.manifest as { ballot?: string }).ballot ?? null });
          return;
        }
        // Read as it downloads: each record is checked and dropped, never the whole board held as text.
        const body = await electionApi.boardStream(eid);
        const t0 = performance.now();
        const r = await verifyBoard(linesOf(body), { expect, onProgress: (p) => !cancelled && setProgress(p) });
        if (!cancelled) {
          setReport(r);
          setSeconds((performance.now() - t0) / 1000);
        }
      } catch (e) {
        if (!cancelled) setError(e);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [eid, expect]);
  function applyExpectations() {
    try {
      const e: ExpectedBoard = {};
      if (form.electionHash.trim()) e.electionHash = form.electionHash.trim().toLowerCase();
      if (form.head.trim()) e.head = form.head.trim().toLowerCase();
      if (form.fingerprint.trim()) e.credentialsFingerprint = form.fingerprint.trim();
      if (form.receipts.trim()) {
        const parsed = JSON.parse(form.receipts.trim().startsWith('[') ? form.receipts : `[${form.receipts.trim().replace(/}\s*{/g, '},{')}]`) as unknown[];
        e.receipts = parsed;
      }
      setExpect(e);
    } catch {
      setError(new Error(t('verifier.receiptsInvalid')));
    }
  }
  const s = report?.summary;
  if (contest) {
    return (
      <div className="container">
        <h1>{t('verifier.title')}</h1>
        <ContestBoardVerifier eid={eid} contestId={contest.id} ballot={contest.ballot} />
      </div>
    );
  }
  return (
    <div className="container">
      <h1>{t('verifier.title')}</h1>
      <p className="lede">{t.rich('verifier.lede', { a: (c) => <a href={electionPaths.election(eid)}>{c}</a> })}</p>
      {!report && !error && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> {progress ? t('verifier.progress', { phase: progress.phase, done: progress.done, total: progress.total }) : t('verifier.verifying')}
        </p>
      )}
      <details className="field" data-testid="verify-expectations">
        <summary>{t('verifier.expectSummary')}</summary>
        {(
          [
            ['electionHash', 'verifier.expectElectionHash'],
            ['head', 'verifier.expectHead'],
            ['fingerprint', 'verifier.expectFingerprint'],
          ] as const
        ).map(([k, label]) => (
          <TextField key={k} id={`expect-${k}`} label={t(label)} value={form[k]} onChange={(v) => setForm({ ...form, [k]: v })} autoComplete="off" inputProps={{ spellCheck: false }} />
        ))}
        <TextField id="expect-receipts" rows={3} label={t('verifier.expectReceipts')} value={form.receipts} onChange={(v) => setForm({ ...form, receipts: v })} />
        <button type="button" className="button" data-testid="verify-with-expectations" onClick={applyExpectations}>
          {t('verifier.apply')}
        </button>
      </details>
      <ErrorMessage error={error} title={t('verifier.error')} />
      {report && s && (
        <>
          <div className={`notice ${report.ok && s.complete ? 'notice-success' : report.ok ? 'notice-warning' : 'notice-error'}`} role="status" data-testid="verify-verdict">
            <p className="notice-title">
              {report.failure
                ? report.failure.seq !== null
                  ? t('verifier.failedAt', { check: report.failure.check, seq: report.failure.seq })
                  : t('verifier.failed', { check: report.failure.check })
                : s.complete
                  ? t('verifier.verified', { n: CHECKS.length })
                  : t('verifier.soFar')}
            </p>
            {report.failure && (
              <p>
                <English>{report.failure.message}</English>
              </p>
            )}
            {s.credentialsFingerprint && (
              <p data-testid="verify-fingerprint">
                {t(expect.credentialsFingerprint && report.passed.includes('B7b') ? 'verifier.fingerprintMatches' : 'verifier.fingerprintCompare', { fingerprint: formatFingerprint(s.credentialsFingerprint) })}
                {expect.receipts?.length ? ` ${t('verifier.receiptsChecked', { n: s.receiptsChecked + s.trusteeReceiptsChecked })}` : ''}
              </p>
            )}
            {s.result && (
              <p data-testid="verify-result">
                <BallotResultText result={s.result} />
              </p>
            )}
            {seconds !== null && <p>{t('verifier.timing', { records: s.records, seconds: t.intl.formatNumber(seconds, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}</p>}
          </div>
          <dl className="facts">
            <dt>{t('verifier.electorate')}</dt>
            <dd>{s.electorate ?? '—'}</dd>
            <dt>{t('verifier.ballots')}</dt>
            <dd>
              {s.counted !== null
                ? t('verifier.ballotsCounted', { n: s.ballotsOnBoard, counted: s.counted, superseded: s.superseded, revoked: s.revoked })
                : t('verifier.ballotsOnBoard', { n: s.ballotsOnBoard })}
            </dd>
            <dt>{t('verifier.window')}</dt>
            <dd data-testid="verify-window">
              {!s.window
                ? '—'
                : s.window.opensAt === null && s.window.closesAt === null
                  ? t('verifier.windowNone')
                  : s.window.reschedules
                    ? t('verifier.windowRescheduled', { opensAt: s.window.opensAt ?? '—', closesAt: s.window.closesAt ?? '—', n: s.window.reschedules })
                    : t('verifier.windowAsFixed', { opensAt: s.window.opensAt ?? '—', closesAt: s.window.closesAt ?? '—' })}
              {s.openedAt ? t('verifier.windowOpened', { openedAt: s.openedAt }) : ''}
              {s.openedAt && s.closedAt ? t('verifier.windowClosed', { closedAt: s.closedAt }) : ''}
            </dd>
            <dt>{t('verifier.trustees')}</dt>
            <dd>{s.trusteesTookPart.length ? s.trusteesTookPart.map((n) => s.trustees?.names[n - 1] ?? t('verifier.trustee', { n })).join(', ') : '—'}</dd>
            <dt>{t('verifier.head')}</dt>
            <dd>
              <Hash value={s.head} label={t('verifier.head')} testId="verify-head" />
            </dd>
          </dl>
          <h2>{t('verifier.checks')}</h2>
          <ol className="check-list">
            {CHECKS.map((c) => (
              <li key={c.id}>
                <span aria-hidden="true">{report.passed.includes(c.id) ? '✓' : report.failure?.check === c.id ? '✗' : '–'}</span> <strong>{c.id}</strong> {checkTitle(t, c.id, c.title)}
                <span className="visually-hidden"> {t(report.passed.includes(c.id) ? 'verifier.passed' : report.failure?.check === c.id ? 'verifier.checkFailed' : 'verifier.notYet')}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** A check's title in the reader's language; a check the catalogue does not know yet keeps its English title, marked as English. */
function checkTitle(t: Translate, id: string, english: string) {
  const key = `check.${id}` as MessageKey;
  return t.intl.messages[key] ? t(key) : <English>{english}</English>;
}
