import { useEffect, useState } from 'react';
import { initCrypto } from '../../../crypto';
import { CHECKS, verifyBoard, type VerifyProgress, type VerifyReport } from '../../../ballot';
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
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        await initCrypto();
        const text = await electionApi.board(eid);
        const t0 = performance.now();
        const r = await verifyBoard(text, { onProgress: (p) => !cancelled && setProgress(p) });
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
  }, [eid]);
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
      <ErrorMessage error={error} title="The board could not be verified" />
      {report && s && (
        <>
          <div className={`notice ${report.ok && s.complete ? 'notice-success' : report.ok ? 'notice-warning' : 'notice-error'}`} role="status" data-testid="verify-verdict">
            <p className="notice-title">
              {report.failure ? `Not verified: check ${report.failure.check} failed${report.failure.seq !== null ? ` at record ${report.failure.seq}` : ''}` : s.complete ? `Verified: all ${CHECKS.length} checks pass` : 'Verified so far: the vote is not finished'}
            </p>
            {report.failure && <p>{report.failure.message}</p>}
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
