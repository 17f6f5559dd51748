import { useState, type FormEvent } from 'react';
import { MySlotCheck } from '../components/SealPanel';
import { api, type MyLetter, type MyLetterView, type ProcedurePublic } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { ErrorMessage, Loading, SuccessMessage } from '../components/ui';
import { ConfirmButton } from '../components/ConfirmDialog';
import { ProcedureSteps, resultText, useJourneyData } from '../components/Journey';
import { NextStep } from '../components/StepList';
import { TextField, dateIncomplete } from '../components/fields';
import { formatDateTime, formatDay } from '../format';
import { useT } from '../i18n/I18n';
import { RequireRole } from './RequireRole';

export function MyLetterPage({ id }: { id: string }) {
  const t = useT();
  usePageTitle(t('myLetter.title'));
  return (
    <RequireRole title={t('myLetter.title')} allowed={(a) => a.role === 'member'} forbiddenText={t('myLetter.forbidden')}>
      {() => <MyLetterContent id={id} />}
    </RequireRole>
  );
}

function MyLetterContent({ id }: { id: string }) {
  const t = useT();
  const [data, reload] = useLoader(
    () => Promise.all([api.procedure(id), api.myLetter(id)]).then(([procedure, mine]) => ({ procedure, ...mine })),
    [id],
  );
  const [journey] = useJourneyData(id, data.status === 'ready' ? data.data.procedure.state : null);

  return (
    <div className="container narrow">
      <h1>{t('myLetter.title')}</h1>
      {data.status === 'loading' && <Loading what={t('loading.letter')} />}
      {data.status === 'error' && <ErrorMessage error={data.error} title={t('myLetter.loadError')} />}
      {data.status === 'ready' && (
        <>
          <LetterPanel procedure={data.data.procedure} mine={data.data} reload={reload} />
          {journey.status === 'ready' && (
            <section className="card" aria-labelledby="steps-heading">
              <h2 id="steps-heading">{t('steps.heading')}</h2>
              <ProcedureSteps procedure={data.data.procedure} data={journey.data} count={null} />
            </section>
          )}
          {data.data.eligible && <MySlotCheck procedureId={data.data.procedure.id} letterInForce={data.data.letter?.inForce ?? false} />}
        </>
      )}
    </div>
  );
}

const BALLOT_UNDER_WAY = new Set(['ballot_scheduled', 'ballot_open', 'ballot_closed', 'contest_required']);

function LetterPanel({ procedure, mine, reload }: { procedure: ProcedurePublic; mine: MyLetterView; reload: () => Promise<void> }) {
  const t = useT();
  const { eligible, letter, spentLetter } = mine;
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const hasLetter = letter?.status === 'submitted';
  // While a vote is under way (or after a lost vote) letters are not accepted: say so instead of offering a form.
  const lettersClosed = BALLOT_UNDER_WAY.has(procedure.state);

  async function act(action: () => Promise<unknown>, success: string) {
    setDone(null);
    await action();
    await reload();
    setDone(success);
    setEffectiveFrom('');
  }

  function checkDate(event?: FormEvent) {
    event?.preventDefault();
    // A date typed only in part reads as no date (the letter would take effect today): say so instead of sending.
    if (dateIncomplete('effective-from')) {
      setDateError(t('journeys.date.incomplete'));
      return false;
    }
    // The browser's own tooltip is easy to miss; say it in the page, next to the field.
    if (effectiveFrom && effectiveFrom < procedure.asOf) {
      setDateError(t('myLetter.pastDate', { today: formatDay(procedure.asOf) }));
      return false;
    }
    setDateError(null);
    return true;
  }

  const postDated = Boolean(effectiveFrom && effectiveFrom > procedure.asOf);

  return (
    <>
      <p className="lede">
        {procedure.title}: <a href={paths.procedure(procedure.id)}>{t(`state.${procedure.state}.title`)}</a>
      </p>
      <p>{t('myLetter.intro')}</p>

      <SuccessMessage>{done}</SuccessMessage>

      <section className="card" aria-labelledby="letter-status-heading">
        <h2 id="letter-status-heading">{t('myLetter.status')}</h2>
        <LetterStatus letter={letter} spent={spentLetter} />
      </section>

      {procedure.outcome && (
        <NextStep title={t('next.public.result')}>
          <p>{resultText(t, procedure.outcome)}</p>
        </NextStep>
      )}

      {!eligible && (
        <div className="notice notice-warning">
          <p className="notice-title">{t('myLetter.notEligibleTitle')}</p>
          <p>{t('myLetter.notEligible')}</p>
        </div>
      )}

      {eligible && !hasLetter && lettersClosed && !procedure.outcome && <p className="notice">{t('myLetter.closedDuringVote')}</p>}

      {eligible && !hasLetter && !lettersClosed && (
        <form className="card form" onSubmit={checkDate} aria-labelledby="write-heading" noValidate>
          <h2 id="write-heading">{letter || spentLetter ? t('myLetter.writeNew') : t('myLetter.write')}</h2>
          <p>{t('myLetter.meaning', { leader: procedure.leader.name })}</p>
          <TextField
            id="effective-from"
            type="date"
            label={t('myLetter.effectiveFrom')}
            hint={t('myLetter.effectiveFromHint')}
            error={dateError}
            value={effectiveFrom}
            inputProps={{ min: procedure.asOf }}
            onChange={(v) => {
              setEffectiveFrom(v);
              setDateError(null);
            }}
          />
          <SendButton
            valid={() => checkDate()}
            summary={postDated ? t('myLetter.confirmPostDated', { day: formatDay(effectiveFrom) }) : t('myLetter.confirmNow')}
            leader={procedure.leader.name}
            onSend={() =>
              act(
                () => api.submitMyLetter(procedure.id, effectiveFrom || undefined),
                postDated ? t('myLetter.sentPostDated', { day: formatDay(effectiveFrom) }) : t('myLetter.sent'),
              )
            }
          />
        </form>
      )}

      {hasLetter && !lettersClosed && (
        <p>
          <ConfirmButton
            label={t('myLetter.withdraw')}
            className="button button-danger"
            danger
            title={t('myLetter.withdrawTitle')}
            confirmLabel={t('myLetter.withdrawConfirm')}
            onConfirm={() => act(() => api.withdrawMyLetter(procedure.id), t('myLetter.withdrawn'))}
          >
            <p>{t('myLetter.withdrawBody')}</p>
          </ConfirmButton>
        </p>
      )}
    </>
  );
}

/** Sending is confirmed: the letter goes to the chair at once and counts towards the threshold. */
function SendButton({ valid, summary, leader, onSend }: { valid: () => boolean; summary: string; leader: string; onSend: () => Promise<void> }) {
  const t = useT();
  return (
    <ConfirmButton label={t('myLetter.send')} title={t('myLetter.confirmTitle')} confirmLabel={t('myLetter.confirmSend')} onConfirm={onSend} testId="send-letter" beforeOpen={valid}>
      <p>{t('myLetter.confirmBody', { leader })}</p>
      <p>{summary}</p>
    </ConfirmButton>
  );
}

function LetterStatus({ letter, spent }: { letter: MyLetter | null; spent: MyLetterView['spentLetter'] }) {
  const t = useT();
  if (!letter && spent) {
    return (
      <p className="status-line" data-testid="letter-status">
        <span className="tag">{t('myLetter.tag.spent')}</span> {t('myLetter.spent', { day: formatDay(spent.submittedAt) })}
      </p>
    );
  }
  if (!letter) {
    return (
      <p className="status-line" data-testid="letter-status">
        <span className="tag">{t('myLetter.tag.none')}</span> {t('myLetter.none')}
      </p>
    );
  }
  if (letter.status === 'withdrawn') {
    return (
      <p className="status-line" data-testid="letter-status">
        <span className="tag tag-muted">{t('myLetter.tag.withdrawn')}</span>{' '}
        {letter.withdrawnAt ? t('myLetter.withdrawnOn', { when: formatDateTime(letter.withdrawnAt) }) : t('myLetter.withdrawnNoDate')}
      </p>
    );
  }
  return (
    <>
      <p className="status-line" data-testid="letter-status">
        {letter.inForce ? (
          <>
            <span className="tag tag-alert">{t('myLetter.tag.inForce')}</span> {t('myLetter.inForce', { day: formatDay(letter.effectiveFrom) })}
          </>
        ) : (
          <>
            <span className="tag">{t('myLetter.tag.postDated')}</span> {t('myLetter.postDated', { day: formatDay(letter.effectiveFrom) })}
          </>
        )}
      </p>
      <p className="hint">{t('myLetter.received', { when: formatDateTime(letter.submittedAt) })}</p>
    </>
  );
}
