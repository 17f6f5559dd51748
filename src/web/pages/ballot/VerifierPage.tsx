import { useEffect, useState } from 'react';
import { initCrypto } from '../../../crypto';
import { CHECKS, formatFingerprint, verifyBoard, type ExpectedBoard, type VerifyProgress, type VerifyReport } from '../../../ballot';
import { usePageTitle } from '../../hooks';
import { ErrorMessage } from '../../components/ui';
import { electionApi, electionPaths } from './api';

/**
 * The public verifier: downloads the board and runs the same numbered checks as `confidence verify`, in this
 * browser, trusting nothing the server says about the result.
 */
export function VerifierPage({ eid }: { eid: string }) {
  usePageTitle('Verify the vote');
  const [progress, setProgress] = useState<VerifyProgress | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [seconds, setSeconds] = useState<number | null>(null);
  // What the visitor knows from outside the server (checks B3a, B7b, B9c), as in `confidence verify`'s flags.
  const [form, setForm] = useState({ electionHash: '', head: '', fingerprint: '', receipts: '' });
  const [expect, setExpect] = useState<ExpectedBoard>({});
  useEffect(() => {
    let cancelled = false;
    setReport(null);
    setError(null);
    (async () => {
      try {
        await initCrypto();
        const text = await electionApi.board(eid);
        const t0 = performance.now();
        const r = await verifyBoard(text, { expect, onProgress: (p) => !cancelled && setProgress(p) });
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
      setError(new Error('The receipts must be the JSON of one or more receipt files, pasted one after the other.'));
    }
  }
  const s = report?.summary;
  return (
    <div className="container">
      <h1>Verify the vote</h1>
      <p className="lede">
        This page downloads the public board and checks every record in your browser: the hash chain, the trustees’ key ceremony, every ballot’s signature and proof, the tally and the decryption. <a href={electionPaths.election(eid)}>Back to the vote</a>
      </p>
      {!report && !error && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" /> Verifying{progress ? ` ${progress.phase}: ${progress.done} of ${progress.total}` : '…'}
        </p>
      )}
      <details className="field" data-testid="verify-expectations">
        <summary>Check against what you know: election hash, board head, the credential list fingerprint, your receipts</summary>
        {(
          [
            ['electionHash', 'Election hash (from the chair’s notice or a trustee)'],
            ['head', 'Board head'],
            ['fingerprint', 'Credential list fingerprint (from your credential letter)'],
          ] as const
        ).map(([k, label]) => (
          <div className="field" key={k}>
            <label htmlFor={`expect-${k}`}>{label}</label>
            <input id={`expect-${k}`} value={form[k]} onChange={(ev) => setForm({ ...form, [k]: ev.target.value })} autoComplete="off" spellCheck={false} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="expect-receipts">Cast receipts (paste the receipt files’ contents)</label>
          <textarea id="expect-receipts" rows={3} value={form.receipts} onChange={(ev) => setForm({ ...form, receipts: ev.target.value })} />
        </div>
        <button type="button" className="button" data-testid="verify-with-expectations" onClick={applyExpectations}>
          Verify with these
        </button>
      </details>
      <ErrorMessage error={error} title="The board could not be verified" />
      {report && s && (
        <>
          <div className={`notice ${report.ok && s.complete ? 'notice-success' : report.ok ? 'notice-warning' : 'notice-error'}`} role="status" data-testid="verify-verdict">
            <p className="notice-title">
              {report.failure ? `Not verified: check ${report.failure.check} failed${report.failure.seq !== null ? ` at record ${report.failure.seq}` : ''}` : s.complete ? `Verified: all ${CHECKS.length} checks pass` : 'Verified so far: the vote is not finished'}
            </p>
            {report.failure && <p>{report.failure.message}</p>}
            {s.credentialsFingerprint && (
              <p data-testid="verify-fingerprint">
                Credential list fingerprint {formatFingerprint(s.credentialsFingerprint)}
                {expect.credentialsFingerprint && report.passed.includes('B7b') ? ' — matches the one you gave' : ' — compare it with the one in your credential letter'}.
                {expect.receipts?.length ? ` ${s.receiptsChecked} receipt(s) checked.` : ''}
              </p>
            )}
            {s.result && (
              <p data-testid="verify-result">
                Yes {s.result.yes}, No {s.result.no} — {s.result.decision.explanation}.
              </p>
            )}
            {seconds !== null && <p>Checked {s.records} records in {seconds.toFixed(1)} s.</p>}
          </div>
          <dl className="facts">
            <dt>Electorate</dt>
            <dd>{s.electorate ?? '—'}</dd>
            <dt>Ballots</dt>
            <dd>
              {s.ballotsOnBoard} on the board{s.counted !== null ? `, ${s.counted} counted, ${s.superseded} replaced by a later ballot, ${s.revoked} from revoked credentials` : ''}
            </dd>
            <dt>Voting window</dt>
            <dd data-testid="verify-window">
              {!s.window
                ? '—'
                : s.window.opensAt === null && s.window.closesAt === null
                  ? 'none bound (a re-enactment on a fixed day)'
                  : `${s.window.opensAt ?? '—'} – ${s.window.closesAt ?? '—'} (${s.window.reschedules ? `rescheduled ${s.window.reschedules}×, signed by the credential authority` : 'as the manifest fixed it'})`}
              {s.openedAt ? `; opened ${s.openedAt}${s.closedAt ? `, closed ${s.closedAt}` : ''}` : ''}
            </dd>
            <dt>Trustees who decrypted</dt>
            <dd>{s.trusteesTookPart.length ? s.trusteesTookPart.map((t) => s.trustees?.names[t - 1] ?? `Trustee ${t}`).join(', ') : '—'}</dd>
            <dt>Board head</dt>
            <dd>
              <code className="hash">{s.head}</code>
            </dd>
          </dl>
          <h2>Checks</h2>
          <ol className="check-list">
            {CHECKS.map((c) => (
              <li key={c.id}>
                <span aria-hidden="true">{report.passed.includes(c.id) ? '✓' : report.failure?.check === c.id ? '✗' : '–'}</span> <strong>{c.id}</strong> {c.title}
                <span className="visually-hidden">{report.passed.includes(c.id) ? ' (passed)' : report.failure?.check === c.id ? ' (failed)' : ' (not applicable yet)'}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
