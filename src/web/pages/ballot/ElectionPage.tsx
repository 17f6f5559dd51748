import { useState, type FormEvent } from 'react';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading } from '../../components/ui';
import { useT } from '../../i18n/I18n';
import { electionApi, electionPaths, STAGE_WORDS, type ElectionView, type TrackerStatus } from './api';

/** The public page of a confidence vote: what it asks, where it stands, the board, and "is my ballot there?". */
export function ElectionPage({ eid }: { eid: string }) {
  const [election] = useLoader(() => electionApi.election(eid), [eid]);
  usePageTitle(election.status === 'ready' ? election.data.manifest.title : 'Confidence vote');
  return (
    <div className="container">
      {election.status === 'loading' && (
        <>
          <h1>Confidence vote</h1>
          <Loading what="the vote" />
        </>
      )}
      {election.status === 'error' && (
        <>
          <h1>Confidence vote</h1>
          <ErrorMessage error={election.error} title="The vote could not be loaded" />
        </>
      )}
      {election.status === 'ready' && <ElectionDetails e={election.data} />}
    </div>
  );
}

function ElectionDetails({ e }: { e: ElectionView }) {
  const m = e.manifest;
  return (
    <>
      <p className="eyebrow">Verifiable secret ballot</p>
      <h1>{m.title}</h1>
      <p className="lede">{m.question}</p>
      <section className="state-panel" aria-labelledby="stage-heading">
        <h2 id="stage-heading" className="state-label" data-testid="election-stage">
          {STAGE_WORDS[e.stage] ?? e.stage}
        </h2>
        <p>
          {m.electorate} electors, each with a signing credential · {e.ballots} ballot{e.ballots === 1 ? '' : 's'} on the board · trustees:{' '}
          {m.trustees.threshold} of {m.trustees.count} needed to decrypt
        </p>
        {e.result && (
          <p data-testid="election-result">
            <strong>
              Yes {e.result.yes}, No {e.result.no}
            </strong>{' '}
            — {e.result.decision.explanation}. Decrypted by trustees {e.result.trustees.join(', ')}.
          </p>
        )}
      </section>
      <ul className="link-list">
        {e.stage === 'open' && (
          <li>
            <a className="button" href={electionPaths.vote(e.id)}>
              Vote
            </a>
          </li>
        )}
        <li>
          <a href={electionPaths.verify(e.id)}>Verify the whole board in your browser</a>
        </li>
        <li>
          <a href={electionApi.boardUrl(e.id)} download>
            Download the board (JSON lines)
          </a>{' '}
          and run <code>npx confidence verify board.jsonl</code>
        </li>
      </ul>
      <p>
        Board head <code className="hash">{e.head}</code> ({e.records} records). Election hash <code className="hash">{e.electionHash}</code>.
      </p>
      <TrackerLookup eid={e.id} />
    </>
  );
}

export function TrackerLookup({ eid, initial = '' }: { eid: string; initial?: string }) {
  const [tracker, setTracker] = useState(initial);
  const [found, setFound] = useState<TrackerStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound(await electionApi.tracker(eid, tracker.trim().toLowerCase()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const t = useT();
  return (
    <section aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">Is my ballot on the board?</h2>
      <form onSubmit={onSubmit} className="field">
        <label htmlFor="tracker-input">Ballot tracker (the 64-character code the booth showed you)</label>
        <div className="field-row">
          <input id="tracker-input" className="grow" data-testid="tracker-input" value={tracker} onChange={(ev) => setTracker(ev.target.value)} spellCheck={false} autoComplete="off" />
          <button type="submit" className="button field-button" disabled={busy || tracker.trim().length === 0}>
            Look up
          </button>
        </div>
      </form>
      {found && (
        <div className={found.status === 'revoked' ? 'notice notice-warning' : 'notice notice-success'} role="status" data-testid="tracker-status" data-status={found.status}>
          <p>{t(`ballotTracker.${found.status}`, { seq: found.seq })}</p>
        </div>
      )}
      <ErrorMessage error={error} title="Not found" />
    </section>
  );
}
