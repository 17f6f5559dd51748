import { useState, type FormEvent } from 'react';
import { PublishSealButton } from '../components/SealPanel';
import { ApiError, api, type ChairLetter, type ChairView, type MemberSummary } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { isCommitteeOfficer, useSession } from '../session';
import { ErrorMessage, Loading, SimulatedTag, SuccessMessage } from '../components/ui';
import { STATE_WORDS, formatDateTime, formatDay, formatShortDateTime, formatShortDay, partyName, plural, ukLocalToIso } from '../format';
import { Forbidden, RequireRole } from './RequireRole';

const FORBIDDEN_TEXT = 'Only the chair and the officers of the committee see the letters and the count.';

export function ChairPage({ id }: { id: string }) {
  usePageTitle('Chair’s page');
  return (
    <RequireRole title="Chair’s page" allowed={isCommitteeOfficer} forbiddenText={FORBIDDEN_TEXT}>
      {() => <ChairContent id={id} />}
    </RequireRole>
  );
}

function ChairContent({ id }: { id: string }) {
  const { account } = useSession();
  const [view, reload] = useLoader(() => api.chairView(id), [id]);
  const [notice, setNotice] = useState<string | null>(null);

  if (view.status === 'error' && view.error instanceof ApiError && view.error.status === 403) {
    return <Forbidden text={FORBIDDEN_TEXT} />;
  }

  async function afterChange(message: string) {
    await reload();
    setNotice(message);
  }

  return (
    <div className="container">
      <p className="eyebrow">Confidential · chair and officers only</p>
      <h1>Chair’s page</h1>
      {view.status === 'loading' && <Loading what="the letters" />}
      {view.status === 'error' && <ErrorMessage error={view.error} title="The letters could not be loaded" />}
      {view.status === 'ready' && (
        <>
          <p className="lede">
            <a href={paths.procedure(view.data.id)}>{view.data.title}</a> · situation as of {formatDay(view.data.asOf)}
            {view.data.simulated && (
              <>
                {' '}
                · <SimulatedTag />
              </>
            )}
          </p>
          <SuccessMessage>{notice}</SuccessMessage>
          <CountPanel view={view.data} />
          {account?.role === 'chair' && <PublishSealButton procedureId={view.data.id} />}
          <BallotForm view={view.data} onDone={afterChange} />
          <RecordLetterForm view={view.data} onDone={afterChange} />
          <LettersTable view={view.data} onDone={afterChange} />
          <Timeline view={view.data} />
        </>
      )}
    </div>
  );
}

const VOTE_UNDER_WAY = new Set<ChairView['state']>(['ballot_scheduled', 'ballot_open', 'ballot_closed']);

function CountPanel({ view }: { view: ChairView }) {
  const reached = view.count >= view.threshold;
  const percent = view.threshold > 0 ? Math.min(100, Math.round((view.count / view.threshold) * 100)) : 0;
  const words = STATE_WORDS[view.state];
  return (
    <section className={`count-panel ${reached ? 'count-reached' : ''}`} aria-labelledby="count-heading">
      <h2 id="count-heading">Letters in force</h2>
      <p className="count" data-testid="chair-count">
        <span className="count-number">{view.count}</span> <span className="count-of">of {view.threshold} needed</span>
      </p>
      <div className="progress" aria-hidden="true">
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="hint">
        Threshold: {view.threshold} letters from {view.denominator} eligible members. State: {view.stateLabel || words.title}.
      </p>
      {VOTE_UNDER_WAY.has(view.state) ? (
        <p className="notice" data-testid="vote-under-way">
          A confidence vote has been triggered{view.thresholdReachedOn ? ` (threshold reached on ${formatDay(view.thresholdReachedOn)})` : ''}.
          The letters that triggered it are spent; letters received from now on count towards any later vote.
        </p>
      ) : view.state === 'immune' ? (
        <p className="notice" data-testid="immune">
          The leader is protected from another vote{view.immuneUntil ? ` until ${formatDay(view.immuneUntil)}` : ''}: letters are
          received, but nothing triggers.
        </p>
      ) : reached ? (
        <div className="trigger" role="status" data-testid="trigger">
          <p className="trigger-title">Threshold reached — a confidence vote must be held</p>
          <p>
            {view.thresholdReachedOn ? `Reached on ${formatDay(view.thresholdReachedOn)}. ` : ''}
            Tell the leader (without the names) and fix the date of the vote as soon as possible.
          </p>
        </div>
      ) : (
        <p data-testid="below-threshold">
          Below the threshold: {plural(view.threshold - view.count, 'more letter')} needed to trigger a confidence vote.
        </p>
      )}
    </section>
  );
}

function BallotForm({ view, onDone }: { view: ChairView; onDone: (message: string) => Promise<void> }) {
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const canSchedule = view.state === 'threshold_reached';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const opens = ukLocalToIso(opensAt);
    const closes = ukLocalToIso(closesAt);
    if (!opens || !closes) return setError(new Error('Enter both the opening and the closing time.'));
    if (closes <= opens) return setError(new Error('Voting must close after it opens.'));
    setBusy(true);
    try {
      await api.scheduleBallot(view.id, opens, closes);
      await onDone(`The confidence vote is scheduled: ${formatDateTime(opens)} to ${formatDateTime(closes)}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="ballot-heading">
      <h2 id="ballot-heading">Confidence vote</h2>
      {view.ballot ? (
        <p>
          Scheduled: voting opens {formatDateTime(view.ballot.opensAt)} and closes {formatDateTime(view.ballot.closesAt)}.
        </p>
      ) : (
        <form className="form" onSubmit={submit}>
          {!canSchedule && (
            <p id="ballot-disabled-reason" className="hint">
              The vote can be scheduled only once the threshold is reached.
            </p>
          )}
          <ErrorMessage error={error} title="The vote could not be scheduled" />
          <fieldset disabled={!canSchedule || busy}>
            <legend>Voting times (UK time)</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor="ballot-opens">Voting opens</label>
                <input id="ballot-opens" type="datetime-local" value={opensAt} onChange={(e) => setOpensAt(e.target.value)} required />
              </div>
              <div className="field">
                <label htmlFor="ballot-closes">Voting closes</label>
                <input id="ballot-closes" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} required />
              </div>
            </div>
            <button type="submit" className="button" aria-describedby={canSchedule ? undefined : 'ballot-disabled-reason'}>
              {busy ? 'Scheduling…' : 'Schedule the confidence vote'}
            </button>
          </fieldset>
        </form>
      )}
    </section>
  );
}

function RecordLetterForm({ view, onDone }: { view: ChairView; onDone: (message: string) => Promise<void> }) {
  const [query, setQuery] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [results, setResults] = useState<MemberSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const withLetter = new Set(view.letters.filter((l) => l.status === 'submitted').map((l) => l.memberId));
  // Only holders of the leader's party whip count; the server refuses the others anyway.
  const canWrite = (m: MemberSummary) => m.whip && m.party === view.party;

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (query.trim().length < 2) return setError(new Error('Type at least two letters of the name or constituency.'));
    setBusy(true);
    try {
      setResults((await api.searchMembers(query.trim(), view.id)).members);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function record(member: MemberSummary) {
    setBusy(true);
    setError(null);
    try {
      await api.recordLetter(view.id, member.memberId, effectiveFrom || undefined);
      setResults(null);
      setQuery('');
      setEffectiveFrom('');
      await onDone(`Recorded a paper letter from ${member.displayName}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="record-heading">
      <h2 id="record-heading">Record a paper letter</h2>
      <p>For a letter handed over on paper or sent by another means. Find the member, then record it.</p>
      <ErrorMessage error={error} title="The letter could not be recorded" />
      <form className="form" onSubmit={search} role="search" aria-label="Find a member">
        <div className="field-row">
          <div className="field grow">
            <label htmlFor="member-search">Member’s name or constituency</label>
            <input id="member-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="paper-effective-from">Takes effect from (optional)</label>
            <input
              id="paper-effective-from"
              type="date"
              min={view.asOf}
              value={effectiveFrom}
              onChange={(e) => setEffectiveFrom(e.target.value)}
            />
          </div>
          <div className="field field-button">
            <button type="submit" className="button button-secondary" disabled={busy}>
              Search
            </button>
          </div>
        </div>
      </form>
      {results && (
        <div aria-live="polite">
          {results.length === 0 ? (
            <p>No member matches “{query}”.</p>
          ) : (
            <ul className="result-list" aria-label="Matching members">
              {results.map((m) => (
                <li key={m.memberId}>
                  <span>
                    <strong>{m.displayName}</strong> · {m.constituency} · {partyName(m.party)}
                  </span>
                  {withLetter.has(m.memberId) ? (
                    <span className="tag">Letter on file</span>
                  ) : !canWrite(m) ? (
                    <span className="tag tag-muted">{m.whip ? 'Other party' : 'No whip'}: not eligible</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      onClick={() => void record(m)}
                    >
                      Record letter<span className="visually-hidden"> from {m.displayName}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function letterStatusText(letter: ChairLetter): string {
  if (letter.status === 'withdrawn') return letter.withdrawnAt ? `Withdrawn ${formatShortDateTime(letter.withdrawnAt)}` : 'Withdrawn';
  if (letter.inForce) return 'In force';
  if (letter.notCountingBecause === 'writer-not-eligible') return 'Not counting: the writer no longer holds the whip';
  if (letter.notCountingBecause === 'spent-by-ballot') return 'Spent: it helped trigger a confidence vote';
  return `Takes effect ${formatShortDay(letter.effectiveFrom)}`;
}

function LettersTable({ view, onDone }: { view: ChairView; onDone: (message: string) => Promise<void> }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showWithdrawn, setShowWithdrawn] = useState(true);
  const letters = [...view.letters]
    .filter((l) => showWithdrawn || l.status === 'submitted')
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const simulatedCount = view.letters.filter((l) => l.simulated).length;

  async function withdraw(letter: ChairLetter) {
    setBusy(true);
    setError(null);
    try {
      await api.recordWithdrawal(view.id, letter.memberId);
      setConfirming(null);
      await onDone(`Recorded the withdrawal of ${letter.displayName}’s letter.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="letters-heading">
      <h2 id="letters-heading">Letters ({view.letters.length})</h2>
      {simulatedCount > 0 && (
        <p className="hint">
          <SimulatedTag /> {plural(simulatedCount, 'letter is', 'letters are')} simulated for the demo: the real letters
          were never published.
        </p>
      )}
      <ErrorMessage error={error} title="The withdrawal could not be recorded" />
      <div className="checkbox">
        <input id="show-withdrawn" type="checkbox" checked={showWithdrawn} onChange={(e) => setShowWithdrawn(e.target.checked)} />
        <label htmlFor="show-withdrawn">Show withdrawn letters</label>
      </div>
      {letters.length === 0 ? (
        <p>No letters.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="letters-heading">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Constituency</th>
                <th scope="col">Status</th>
                <th scope="col">Effective from</th>
                <th scope="col">Received (UK time)</th>
                <th scope="col">Recorded by</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {letters.map((letter) => (
                <tr key={letter.memberId} className={letter.status === 'withdrawn' ? 'row-muted' : undefined}>
                  <th scope="row">
                    <span className="nowrap">{letter.displayName}</span> {letter.simulated && <SimulatedTag />}
                  </th>
                  <td>{letter.constituency}</td>
                  <td>{letterStatusText(letter)}</td>
                  <td className="nowrap">{formatShortDay(letter.effectiveFrom)}</td>
                  <td className="nowrap">{formatShortDateTime(letter.submittedAt)}</td>
                  <td className="nowrap">{letter.recordedBy}</td>
                  <td className="actions-cell">
                    {letter.status === 'submitted' &&
                      (confirming === letter.memberId ? (
                        <span className="button-row">
                          <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => void withdraw(letter)}>
                            Confirm withdrawal<span className="visually-hidden"> of {letter.displayName}’s letter</span>
                          </button>
                          <button type="button" className="button button-small button-secondary" disabled={busy} onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="button button-small button-secondary" onClick={() => setConfirming(letter.memberId)}>
                          Record withdrawal<span className="visually-hidden"> of {letter.displayName}’s letter</span>
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const TIMELINE_PREVIEW = 8;

function Timeline({ view }: { view: ChairView }) {
  const [showAll, setShowAll] = useState(false);
  const sorted = [...view.timeline].sort((a, b) => b.at.localeCompare(a.at));
  const entries = showAll ? sorted : sorted.slice(0, TIMELINE_PREVIEW);
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      {entries.length === 0 ? (
        <p>Nothing has happened yet.</p>
      ) : (
        <ol className="timeline" aria-label="Events, newest first">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className={entry.count >= entry.threshold ? 'timeline-reached' : undefined}>
              <p className="timeline-when">{formatDateTime(entry.at)}</p>
              <p>{entry.description}</p>
              <p className="hint">
                {entry.count} of {entry.threshold} letters in force
              </p>
            </li>
          ))}
        </ol>
      )}
      {sorted.length > TIMELINE_PREVIEW && (
        <button type="button" className="button button-secondary button-small" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? 'Show the latest events only' : `Show all ${sorted.length} events`}
        </button>
      )}
    </section>
  );
}
