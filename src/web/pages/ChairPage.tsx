import { Suspense, lazy, useCallback, useState, type FormEvent } from 'react';
import { ApiError, api, type ChairView, type MemberSummary } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { isCommitteeOfficer, useSession } from '../session';
import { English, ErrorMessage, Loading, SimulatedTag, SuccessMessage } from '../components/ui';
import { ConfirmButton } from '../components/ConfirmDialog';
import { ProcedureSteps, resultText, useJourneyData, type JourneyData } from '../components/Journey';
import { NextStep } from '../components/StepList';
import { TextField, dateIncomplete } from '../components/fields';
import { journey } from '../journey';
import { formatDateTime, formatDay, formatNumber, partyName, ukLocalToIso } from '../format';
import { useT } from '../i18n/I18n';
import { ElectionLink } from './ballot/ElectionLink';
import { Forbidden, RequireRole } from './RequireRole';

// The letters table (React Aria's Table) is its own chunk, fetched when the chair's page shows it.
const LettersTable = lazy(() => import('./LettersTable'));

export function ChairPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('chair.title'));
  return (
    <RequireRole title={t('chair.title')} allowed={isCommitteeOfficer} forbiddenText={t('chair.forbidden')}>
      {() => <ChairContent id={id} />}
    </RequireRole>
  );
}

function ChairContent({ id }: { id: string }) {
  const t = useT();
  const { account } = useSession();
  const [view, reload] = useLoader(() => api.chairView(id), [id]);
  const [refresh, setRefresh] = useState(0);
  const [journeyData, reloadJourney] = useJourneyData(id, refresh);
  const [notice, setNotice] = useState<string | null>(null);
  const isChair = account?.role === 'chair';

  const afterChange = useCallback(
    async (message: string) => {
      await Promise.all([reload(), reloadJourney()]);
      setRefresh((r) => r + 1);
      setNotice(message);
    },
    [reload, reloadJourney],
  );

  if (view.status === 'error' && view.error instanceof ApiError && view.error.status === 403) {
    return <Forbidden text={t('chair.forbidden')} />;
  }

  return (
    <div className="container">
      <p className="eyebrow">{t('chair.eyebrow')}</p>
      <h1>{t('chair.title')}</h1>
      {view.status === 'loading' && <Loading what={t('loading.letters')} />}
      {view.status === 'error' && <ErrorMessage error={view.error} title={t('chair.loadError')} />}
      {view.status === 'ready' && (
        <>
          <p className="lede">
            <a href={paths.procedure(view.data.id)}>{view.data.title}</a> · {t('chair.asOf', { day: formatDay(view.data.asOf) })}
            {view.data.simulated && (
              <>
                {' '}
                · <SimulatedTag />
              </>
            )}
          </p>
          <SuccessMessage>{notice}</SuccessMessage>
          {journeyData.status === 'ready' && (
            <>
              <ChairNextStep view={view.data} data={journeyData.data} isChair={isChair} />
              <section className="card" aria-labelledby="steps-heading">
                <h2 id="steps-heading">{t('steps.heading')}</h2>
                <ProcedureSteps procedure={view.data} data={journeyData.data} count={view.data.count} />
              </section>
            </>
          )}
          <CountPanel view={view.data} />
          {isChair && (
            <section className="card" aria-labelledby="publish-seal-heading">
              <h2 id="publish-seal-heading">{t('seal.heading')}</h2>
              <p>{t('next.chair.sealBody')}</p>
              <PublishSeal procedureId={view.data.id} onDone={afterChange} />
            </section>
          )}
          {isChair && <BallotForm view={view.data} onDone={afterChange} />}
          {isChair && view.data.state === 'ballot_scheduled' && <ElectionLink key={refresh} procedureId={view.data.id} state={view.data.state} onCreated={() => afterChange(t('election.created'))} />}
          {isChair && <RecordLetterForm view={view.data} onDone={afterChange} />}
          <Suspense fallback={<Loading what={t('loading.letters')} />}>
            <LettersTable view={view.data} canWithdraw={isChair} voteUnderWay={VOTE_UNDER_WAY.has(view.data.state)} onDone={afterChange} />
          </Suspense>
          <Timeline view={view.data} />
        </>
      )}
    </div>
  );
}

/** The one thing the chair should do now, with its action; officers are told what the chair is to do. */
function ChairNextStep({ view, data, isChair }: { view: ChairView; data: JourneyData; isChair: boolean }) {
  const t = useT();
  const step = journey({ procedure: view, count: view.count, sealPublished: data.sealPublished, electionStage: data.election?.stage ?? null }).current;
  const ceremony = data.election ? `/elections/${encodeURIComponent(data.election.id)}/ceremony` : null;
  const officerNote = !isChair && <p className="hint">{t('next.officerNote')}</p>;

  if (view.outcome) {
    return (
      <NextStep title={t('next.chair.result')}>
        <p className="result-line" data-testid="chair-result">
          <strong>{resultText(t, view.outcome)}</strong>
        </p>
        <p>
          {view.outcome.result === 'survived'
            ? view.immuneUntil
              ? t('next.chair.immune', { until: formatDay(view.immuneUntil) })
              : t('steps.note.survived')
            : t('next.chair.contest')}
        </p>
      </NextStep>
    );
  }
  switch (step) {
    case 'letters':
    case 'threshold':
      return (
        <NextStep title={t('next.chair.waitLetters', { n: Math.max(0, view.threshold - view.count) })}>
          <p>{t('next.chair.waitLettersBody')}</p>
        </NextStep>
      );
    case 'seal':
      return (
        <NextStep title={t('next.chair.seal')}>
          <p>{t('next.chair.sealBody')}</p>
          {isChair ? (
            <p>
              <a className="button" href="#publish-seal-heading">
                {t('seal.publish')}
              </a>
            </p>
          ) : (
            officerNote
          )}
          {isChair && (
            <p>
              <a href="#ballot-heading">{t('next.chair.skipSeal')}</a>
            </p>
          )}
        </NextStep>
      );
    case 'schedule':
      return (
        <NextStep title={t('next.chair.schedule')}>
          <p>{t('next.chair.scheduleBody')}</p>
          {isChair ? (
            <p>
              <a className="button" href="#ballot-heading">
                {t('next.chair.scheduleAction')}
              </a>
            </p>
          ) : (
            officerNote
          )}
        </NextStep>
      );
    case 'ceremony':
      return (
        <NextStep title={data.election ? t('next.chair.ceremony') : t('next.chair.create')}>
          <p>{data.election ? t('next.chair.ceremonyBody') : t('next.chair.createBody')}</p>
          {isChair && ceremony && (
            <p>
              <a className="button" href={ceremony}>
                {t('next.chair.toCeremony')}
              </a>
            </p>
          )}
          {isChair && !data.election && (
            <p>
              <a className="button" href="#create-vote-heading">
                {t('next.chair.createAction')}
              </a>
            </p>
          )}
          {officerNote}
        </NextStep>
      );
    default: {
      const opens = view.ballot ? formatDateTime(view.ballot.opensAt) : '';
      return (
        <NextStep title={t(`next.chair.${step === 'credentials' || step === 'open' || step === 'close' || step === 'tally' ? step : 'ceremony'}`)}>
          {step === 'open' && <p>{t('next.chair.openBody', { opens })}</p>}
          {step === 'close' && view.ballot && <p>{t('next.chair.closeBody', { closes: formatDateTime(view.ballot.closesAt) })}</p>}
          {step === 'credentials' && <p>{t('journeys.next.credentialsBody')}</p>}
          {step === 'tally' && <p>{t('journeys.next.tallyBody')}</p>}
          {isChair && ceremony && (
            <p>
              <a className="button" href={ceremony}>
                {t('next.chair.toCeremony')}
              </a>
            </p>
          )}
          {officerNote}
        </NextStep>
      );
    }
  }
}

/** Publishing a sealed count is public and permanent: it is confirmed first. */
function PublishSeal({ procedureId, onDone }: { procedureId: string; onDone: (m: string) => Promise<void> }) {
  const t = useT();
  return (
    <ConfirmButton
      label={t('seal.publish')}
      title={t('seal.confirmTitle')}
      confirmLabel={t('seal.confirm')}
      testId="publish-seal"
      onConfirm={async () => {
        const s = await api.publishSeal(procedureId);
        await onDone(t('seal.published', { seq: s.seq, outcome: s.outcome }));
      }}
    >
      <p>{t('seal.confirmBody')}</p>
    </ConfirmButton>
  );
}

const VOTE_UNDER_WAY = new Set<ChairView['state']>(['ballot_scheduled', 'ballot_open', 'ballot_closed']);

function CountPanel({ view }: { view: ChairView }) {
  const t = useT();
  const reached = view.count >= view.threshold;
  const percent = view.threshold > 0 ? Math.min(100, Math.round((view.count / view.threshold) * 100)) : 0;
  return (
    <section className={`count-panel ${reached ? 'count-reached' : ''}`} aria-labelledby="count-heading">
      <h2 id="count-heading">{t('chair.count.heading')}</h2>
      <p className="count" data-testid="chair-count">
        <span className="count-number">{view.count}</span> <span className="count-of">{t('chair.count.of', { threshold: view.threshold })}</span>
      </p>
      <div className="progress" aria-hidden="true">
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="hint">
        {t('chair.count.hint', { threshold: formatNumber(view.threshold), denominator: formatNumber(view.denominator), state: t(`state.${view.state}.title`) })}
      </p>
      {VOTE_UNDER_WAY.has(view.state) ? (
        <p className="notice" data-testid="vote-under-way">
          {view.thresholdReachedOn ? t('chair.count.triggeredOn', { day: formatDay(view.thresholdReachedOn) }) : t('chair.count.triggered')}
        </p>
      ) : view.state === 'immune' ? (
        <p className="notice" data-testid="immune">
          {view.immuneUntil ? t('chair.count.immuneUntil', { until: formatDay(view.immuneUntil) }) : t('chair.count.immune')}
        </p>
      ) : view.state === 'contest_required' ? (
        <p className="notice">{t('state.contest_required.explanation')}</p>
      ) : reached ? (
        <div className="trigger" role="status" data-testid="trigger">
          <p className="trigger-title">{t('chair.count.reachedTitle')}</p>
          <p>
            {view.thresholdReachedOn ? t('chair.count.reachedOn', { day: formatDay(view.thresholdReachedOn) }) + ' ' : ''}
            {t('chair.count.reachedBody')}
          </p>
        </div>
      ) : (
        <p data-testid="below-threshold">{t('chair.count.below', { n: view.threshold - view.count })}</p>
      )}
    </section>
  );
}

/** Schedules the vote once the threshold is reached, and reschedules it until it opens (the only way to open earlier). */
function BallotForm({ view, onDone }: { view: ChairView; onDone: (message: string) => Promise<void> }) {
  const t = useT();
  const [opensAt, setOpensAt] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rescheduling = view.state === 'ballot_scheduled';
  const canSchedule = view.state === 'threshold_reached' || rescheduling;
  const [editing, setEditing] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const opens = ukLocalToIso(opensAt);
    const closes = ukLocalToIso(closesAt);
    if (!opens || !closes) return setError(new Error(t('ballot.bothTimes')));
    if (closes <= opens) return setError(new Error(t('ballot.closeAfterOpen')));
    setBusy(true);
    try {
      await api.scheduleBallot(view.id, opens, closes);
      setEditing(false);
      await onDone(t('ballot.scheduled', { opens: formatDateTime(opens), closes: formatDateTime(closes) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const showForm = !view.ballot || (rescheduling && editing);
  return (
    <section className="card" aria-labelledby="ballot-heading">
      <h2 id="ballot-heading" tabIndex={-1}>
        {t('ballot.heading')}
      </h2>
      {view.ballot && (
        <p data-testid="ballot-times">{t('procedure.voteTimes', { opens: formatDateTime(view.ballot.opensAt), closes: formatDateTime(view.ballot.closesAt) })}</p>
      )}
      {view.ballot && rescheduling && !editing && (
        <p>
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            {t('ballot.reschedule')}
          </button>
        </p>
      )}
      {showForm && (
        <form className="form" onSubmit={submit} noValidate>
          {!canSchedule && (
            <p id="ballot-disabled-reason" className="hint">
              {t('ballot.onlyOnceReached')}
            </p>
          )}
          <ErrorMessage error={error} title={t('ballot.error')} />
          <fieldset disabled={!canSchedule || busy}>
            <legend>{t('ballot.legend')}</legend>
            <div className="field-row">
              <TextField id="ballot-opens" type="datetime-local" label={t('ballot.opens')} value={opensAt} onChange={setOpensAt} isRequired />
              <TextField id="ballot-closes" type="datetime-local" label={t('ballot.closes')} value={closesAt} onChange={setClosesAt} isRequired />
            </div>
            <button type="submit" className="button" aria-describedby={canSchedule ? undefined : 'ballot-disabled-reason'}>
              {busy ? t('ballot.scheduling') : rescheduling ? t('ballot.rescheduleSubmit') : t('ballot.submit')}
            </button>
          </fieldset>
        </form>
      )}
    </section>
  );
}

function RecordLetterForm({ view, onDone }: { view: ChairView; onDone: (message: string) => Promise<void> }) {
  const t = useT();
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
    if (query.trim().length < 2) return setError(new Error(t('record.tooShort')));
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
    // A date typed only in part reads as no date (the letter would take effect today).
    if (dateIncomplete('paper-effective-from')) return setError(new Error(t('journeys.date.incomplete')));
    setBusy(true);
    setError(null);
    try {
      await api.recordLetter(view.id, member.memberId, effectiveFrom || undefined);
      setResults(null);
      setQuery('');
      setEffectiveFrom('');
      await onDone(t('record.done', { name: member.displayName }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card disclosure">
      <summary>
        <h2 id="record-heading" className="disclosure-title">
          {t('record.heading')}
        </h2>
      </summary>
      <p>{t('record.intro')}</p>
      <ErrorMessage error={error} title={t('record.error')} />
      <form className="form" onSubmit={search} role="search" aria-label={t('record.find')}>
        <div className="field-row">
          <TextField id="member-search" type="search" className="grow" label={t('record.search')} value={query} onChange={setQuery} />
          <TextField id="paper-effective-from" type="date" label={t('myLetter.effectiveFrom')} value={effectiveFrom} onChange={setEffectiveFrom} inputProps={{ min: view.asOf }} />
          <div className="field field-button">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t('record.searchButton')}
            </button>
          </div>
        </div>
      </form>
      {results && (
        <div aria-live="polite">
          {results.length === 0 ? (
            <p>{t('record.noMatch', { query })}</p>
          ) : (
            <ul className="result-list" aria-label={t('record.matches')}>
              {results.map((m) => (
                <li key={m.memberId}>
                  <span>
                    <strong>{m.displayName}</strong> · {m.constituency} · {partyName(m.party)}
                  </span>
                  {withLetter.has(m.memberId) ? (
                    <span className="tag">{t('record.onFile')}</span>
                  ) : !canWrite(m) ? (
                    <span className="tag tag-muted">{m.whip ? t('record.otherParty') : t('record.noWhip')}</span>
                  ) : (
                    <button type="button" className="button button-small" disabled={busy} onClick={() => void record(m)}>
                      {t('record.button')}
                      <span className="visually-hidden"> {t('record.buttonFrom', { name: m.displayName })}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </details>
  );
}

const TIMELINE_PREVIEW = 8;

function Timeline({ view }: { view: ChairView }) {
  const t = useT();
  const [showAll, setShowAll] = useState(false);
  // Newest first throughout: events of the same day keep their recorded order, reversed like the rest.
  const sorted = view.timeline.map((entry, index) => ({ entry, index })).sort((a, b) => b.entry.at.localeCompare(a.entry.at) || b.index - a.index).map((x) => x.entry);
  const entries = showAll ? sorted : sorted.slice(0, TIMELINE_PREVIEW);
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      {entries.length === 0 ? (
        <p>{t('timeline.empty')}</p>
      ) : (
        <ol className="timeline" aria-label={t('timeline.label')} data-testid="chair-timeline">
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className={entry.count >= entry.threshold ? 'timeline-reached' : undefined}>
              <p className="timeline-when">{formatDateTime(entry.at)}</p>
              <p>{timelineText(t, entry.kind, entry.description)}</p>
              <p className="hint">{t('timeline.count', { count: entry.count, threshold: entry.threshold })}</p>
            </li>
          ))}
        </ol>
      )}
      {sorted.length > TIMELINE_PREVIEW && (
        <button type="button" className="button button-secondary button-small" onClick={() => setShowAll(!showAll)} aria-expanded={showAll}>
          {showAll ? t('timeline.latest') : t('timeline.all', { n: sorted.length })}
        </button>
      )}
    </section>
  );
}

const TIMELINE_KINDS = [
  'procedure_opened',
  'letter_submitted',
  'letter_withdrawn',
  'letter_effective',
  'roster_changed',
  'ballot_scheduled',
  'ballot_opened',
  'ballot_closed',
  'result_declared',
] as const;

/** Timeline entries are described by their kind; the server's English description is kept for kinds the app does not know. */
function timelineText(t: ReturnType<typeof useT>, kind: string, description: string) {
  const known = (TIMELINE_KINDS as readonly string[]).includes(kind) ? (kind as (typeof TIMELINE_KINDS)[number]) : null;
  if (!known) return <English>{description}</English>;
  // The server appends the member's name after a colon ("Letter received: Jane Doe").
  const colon = description.indexOf(': ');
  return colon >= 0 ? `${t(`timeline.kind.${known}`)}: ${description.slice(colon + 2)}` : t(`timeline.kind.${known}`);
}
