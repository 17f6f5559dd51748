import { api, type ProcedurePublic } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { isCommitteeOfficer, useSession } from '../session';
import { English, ErrorMessage, Loading, SecretCountNotice, SimulatedTag } from '../components/ui';
import { ElectionLink } from './ballot/ElectionLink';
import { electionPaths } from './ballot/api';
import { PublicSealPanel } from '../components/SealPanel';
import { ProcedureSteps, resultText, useJourneyData, type JourneyData } from '../components/Journey';
import { NextStep } from '../components/StepList';
import { STATE_TONE, formatDateTime, formatDay, formatNumber, partyName, sentence } from '../format';
import { useT } from '../i18n/I18n';

export function ProcedurePage({ id }: { id: string }) {
  const t = useT();
  const [procedure] = useLoader(() => api.procedure(id), [id]);
  usePageTitle(procedure.status === 'ready' ? procedure.data.title : t('procedure.title'));

  if (procedure.status === 'ready') return <ProcedureView procedure={procedure.data} />;
  return (
    <div className="container">
      <h1>{t('procedure.title')}</h1>
      {procedure.status === 'loading' && <Loading what={t('loading.procedure')} />}
      {procedure.status === 'error' && <ErrorMessage error={procedure.error} title={t('procedure.loadError')} />}
    </div>
  );
}

/** The public face of a procedure. It is built only from ProcedurePublic, which has no count and no names. */
export function ProcedureView({ procedure: p }: { procedure: ProcedurePublic }) {
  const t = useT();
  const [journey] = useJourneyData(p.id);

  return (
    <div className="container">
      <p className="eyebrow">{partyName(p.party)}</p>
      <h1>
        {p.title} {p.simulated && <SimulatedTag />}
      </h1>
      {p.simulated && <p className="lede">{t.rich('procedure.simulated', { b: (c) => <strong>{c}</strong> })}</p>}

      <section className={`state-panel tone-${STATE_TONE[p.state]}`} aria-labelledby="state-heading">
        <h2 id="state-heading" className="state-label">
          <span className="visually-hidden">{t('procedure.statePrefix')} </span>
          {t(`state.${p.state}.title`)}
        </h2>
        <p>{t(`state.${p.state}.explanation`)}</p>
        {p.outcome && (
          <p data-testid="public-result">
            <strong>{resultText(t, p.outcome)}</strong>
          </p>
        )}
        {p.immuneUntil && <p>{t.rich('procedure.protectedUntil', { until: formatDay(p.immuneUntil), b: (c) => <strong>{c}</strong> })}</p>}
      </section>

      {journey.status === 'ready' && (
        <>
          <PublicNextStep procedure={p} data={journey.data} />
          <section className="card" aria-labelledby="steps-heading">
            <h2 id="steps-heading">{t('steps.heading')}</h2>
            <ProcedureSteps procedure={p} data={journey.data} count={null} />
          </section>
        </>
      )}
      <ElectionLink procedureId={p.id} state={p.state} />

      <div className="two-columns">
        <section aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">{t('procedure.facts')}</h2>
          <dl className="facts">
            <div>
              <dt>{t('procedure.leader')}</dt>
              <dd>{p.leader.name}</dd>
            </div>
            <div>
              <dt>{t('procedure.party')}</dt>
              <dd>{partyName(p.party)}</dd>
            </div>
            <div>
              <dt>{t('procedure.membersCounted')}</dt>
              <dd>
                {formatNumber(p.denominator)} <span className="hint">{t('procedure.eligibleOn', { day: formatDay(p.asOf) })}</span>
              </dd>
            </div>
            <div>
              <dt>{t('procedure.threshold')}</dt>
              <dd>
                {t('procedure.thresholdLetters', { n: p.threshold })} <span className="hint">{t('procedure.triggerVote')}</span>
              </dd>
            </div>
            <div>
              <dt>{t('procedure.immunity')}</dt>
              <dd>{p.immuneUntil ? t('procedure.immuneUntil', { until: formatDay(p.immuneUntil) }) : t('procedure.none')}</dd>
            </div>
            <div>
              <dt>{t('procedure.vote')}</dt>
              <dd>{p.ballot ? t('procedure.voteTimes', { opens: formatDateTime(p.ballot.opensAt), closes: formatDateTime(p.ballot.closesAt) }) : t('procedure.notScheduled')}</dd>
            </div>
            {p.outcome && (
              <div>
                <dt>{t('procedure.result')}</dt>
                <dd>{resultText(t, p.outcome)}</dd>
              </div>
            )}
            <div>
              <dt>{t('procedure.asOf')}</dt>
              <dd>{formatDay(p.asOf)}</dd>
            </div>
          </dl>
        </section>

        <section aria-labelledby="rulebook-heading" className="card">
          <h2 id="rulebook-heading">{t('procedure.rulebook')}</h2>
          <p className="rulebook-name">
            <English>{p.rulebook.name}</English>
          </p>
          <ul className="rule-list">
            {p.rulebook.summary.map((line) => (
              <li key={line}>
                <English>{sentence(line)}</English>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <SecretCountNotice />
      <PublicSealPanel procedureId={p.id} denominator={p.denominator} threshold={p.threshold} asOf={p.asOf} />
    </div>
  );
}

/** What the person reading can do now: log in to write, open the chair's page, vote, or read the result. */
function PublicNextStep({ procedure: p, data }: { procedure: ProcedurePublic; data: JourneyData }) {
  const { account } = useSession();
  const t = useT();
  if (p.outcome) {
    return (
      <NextStep title={t('next.public.result')}>
        <p>{resultText(t, p.outcome)}</p>
        {data.election && (
          <p>
            <a className="button button-secondary" href={electionPaths.verify(data.election.id)}>
              {t('next.public.verify')}
            </a>
          </p>
        )}
      </NextStep>
    );
  }
  if (isCommitteeOfficer(account)) {
    return (
      <NextStep title={t('next.public.chairTitle')}>
        <p>
          <a className="button" href={paths.chair(p.id)}>
            {t('procedure.openChair')}
          </a>
        </p>
      </NextStep>
    );
  }
  if (data.election && data.election.stage === 'open') {
    return (
      <NextStep title={t('next.public.voteTitle')}>
        <p>{t('next.public.voteBody')}</p>
        <p>
          <a className="button" href={electionPaths.vote(data.election.id)}>
            {t('next.public.vote')}
          </a>
        </p>
      </NextStep>
    );
  }
  if (p.state === 'ballot_scheduled' && p.ballot) {
    return (
      <NextStep title={t('next.public.waitVote')}>
        <p>{t('procedure.voteTimes', { opens: formatDateTime(p.ballot.opensAt), closes: formatDateTime(p.ballot.closesAt) })}</p>
      </NextStep>
    );
  }
  if (account?.role === 'member') {
    return (
      <NextStep title={t('next.public.memberTitle')}>
        <p>
          <a className="button" href={paths.myLetter(p.id)}>
            {t('shell.nav.myLetter')}
          </a>
        </p>
      </NextStep>
    );
  }
  if (account === null && (p.state === 'collecting' || p.state === 'threshold_reached' || p.state === 'immune')) {
    return (
      <NextStep title={t('next.public.loginTitle')}>
        <p>
          <a className="button" href={paths.login(paths.myLetter(p.id))}>
            {t('next.public.login')}
          </a>
        </p>
      </NextStep>
    );
  }
  return null;
}
