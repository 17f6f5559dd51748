import { useState, type FormEvent } from 'react';
import { isMembersBallot } from '../../../contest/engine';
import { useLoader, usePageTitle } from '../../hooks';
import { English, ErrorMessage, Loading } from '../../components/ui';
import { Hash } from '../../components/Hash';
import { useT } from '../../i18n/I18n';
import { formatDateTime } from '../../format';
import { electionApi, electionPaths, type ElectionView, type TrackerFate } from './api';
import { stageText } from './ElectionLink';
import { BallotResultText } from './BallotResult';
import { contestPaths } from '../contest/api';

/** The public page of a confidence vote: what it asks, where it stands, the board, and "is my ballot there?". */
export function ElectionPage({ eid }: { eid: string }) {
  const t = useT();
  const [election] = useLoader(() => electionApi.election(eid), [eid]);
  usePageTitle(election.status === 'ready' ? boardTitle(t, election.data) : t('vote.title'));
  return (
    <div className="container">
      {election.status === 'loading' && (
        <>
          <h1>{t('vote.title')}</h1>
          <Loading what={t('vote.loading')} />
        </>
      )}
      {election.status === 'error' && (
        <>
          <h1>{t('vote.title')}</h1>
          <ErrorMessage error={election.error} title={t('vote.loadError')} />
        </>
      )}
      {election.status === 'ready' && <ElectionDetails e={election.data} />}
    </div>
  );
}

/** A contest board's manifest names its ballot in English ("Members' ballot"): the page says it in the reader's language. */
function boardTitle(t: ReturnType<typeof useT>, e: ElectionView): string {
  const ballot = (e.manifest as { ballot?: unknown }).ballot;
  if (!e.contestId || typeof ballot !== 'string') return e.manifest.title;
  return isMembersBallot(ballot) ? t('contest.vote.membersTitle') : t('contest.vote.roundTitle', { n: Number.parseInt(ballot.replace('round-', ''), 10) });
}

function ElectionDetails({ e }: { e: ElectionView }) {
  const t = useT();
  const m = e.manifest;
  return (
    <>
      <p className="eyebrow">{t('vote.eyebrow')}</p>
      <h1>{boardTitle(t, e)}</h1>
      {/* The question is the manifest's, signed in English: said as English to a Welsh or French reader. */}
      {m.question && (
        <p className="lede">
          <English>{m.question}</English>
        </p>
      )}
      <section className="state-panel" aria-labelledby="stage-heading">
        <h2 id="stage-heading" className="state-label" data-testid="election-stage">
          {stageText(t, e.stage)}
        </h2>
        <p>{t('vote.facts', { electorate: m.electorate, ballots: e.ballots, k: m.trustees.threshold, n: m.trustees.count })}</p>
        {e.result && e.contestId && (
          <p data-testid="election-result">
            <a href={contestPaths.contest(e.contestId)}>{t('journeys.election.contestResult')}</a>
          </p>
        )}
        {e.result && !e.contestId && (
          <p data-testid="election-result">
            <BallotResultText result={e.result} /> {t('vote.decryptedBy', { trustees: e.result.trustees.join(', ') })}
          </p>
        )}
      </section>
      <ul className="link-list">
        {e.stage === 'open' && (
          <li>
            <a className="button" href={electionPaths.vote(e.id)}>
              {t('vote.vote')}
            </a>
          </li>
        )}
        {/* The in-browser verifier checks confidence-vote boards (B1–B15) and contest boards (R1–R19). */}
        <li>
          <a href={electionPaths.verify(e.id)}>{t('vote.verify')}</a>
        </li>
        <li>
          {t.rich('vote.download', {
            a: (c) => (
              <a href={electionApi.boardUrl(e.id)} download>
                {c}
              </a>
            ),
            code: (c) => <code>{c}</code>,
          })}
        </li>
      </ul>
      <dl className="facts">
        <dt>{t('vote.head')}</dt>
        <dd>
          <Hash value={e.head} label={t('vote.head')} testId="election-head" />
        </dd>
        <dt>{t('vote.records')}</dt>
        <dd>{e.records}</dd>
        <dt>{t('vote.electionHash')}</dt>
        <dd>
          <Hash value={e.electionHash} label={t('vote.electionHash')} testId="election-hash" />
        </dd>
      </dl>
      <TrackerLookup eid={e.id} />
    </>
  );
}

/**
 * What the lookup says: whether the ballot counts and, if not, what decided it — the revocation (by record), the
 * ballot counted instead (by record), or the postal ballot that replaced it (batch and time), as the contest page says.
 */
function fateText(t: ReturnType<typeof useT>, f: TrackerFate): string {
  const b = f.because;
  if (!b) return t(`ballotTracker.${f.status}`, { seq: f.seq });
  if (b.postal && b.kind === 'revocation') return t('postal.fate.replaced', { seq: f.seq, at: formatDateTime(b.postal.at), batch: b.postal.batch });
  if (b.kind === 'revocation') return `${t('ballotTracker.revoked', { seq: f.seq })} ${t('journeys.fate.revokedAt', { rev: b.seq })}`;
  return t('journeys.fate.superseded', { seq: f.seq, instead: b.seq });
}

export function TrackerLookup({ eid, initial = '' }: { eid: string; initial?: string }) {
  const t = useT();
  const [tracker, setTracker] = useState(initial);
  const [found, setFound] = useState<TrackerFate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setFound(null);
    try {
      setFound(await electionApi.fate(eid, tracker.trim().toLowerCase()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">{t('lookup.heading')}</h2>
      <form onSubmit={onSubmit} className="field">
        <label htmlFor="tracker-input">{t('lookup.label')}</label>
        <div className="field-row">
          <input id="tracker-input" className="grow" data-testid="tracker-input" value={tracker} onChange={(ev) => setTracker(ev.target.value)} spellCheck={false} autoComplete="off" />
          <button type="submit" className="button field-button" disabled={busy || tracker.trim().length === 0}>
            {t('lookup.submit')}
          </button>
        </div>
      </form>
      {found && (
        <div className={found.status === 'revoked' ? 'notice notice-warning' : 'notice notice-success'} role="status" data-testid="tracker-status" data-status={found.status}>
          <p>{fateText(t, found)}</p>
        </div>
      )}
      <ErrorMessage error={error} title={t('lookup.notFound')} />
    </section>
  );
}
