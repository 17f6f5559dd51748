import { useState } from 'react';
import { useLoader, usePageTitle } from '../../hooks';
import { ErrorMessage, Loading } from '../../components/ui';
import { ConfirmButton } from '../../components/ConfirmDialog';
import { useSession } from '../../session';
import { navigate } from '../../router';
import { ukLocalToIso, formatDateTime } from '../../format';
import { useT } from '../../i18n/I18n';
import { contestApi, contestPaths } from './api';
import { Select, TextField } from '../../components/fields';

/** Every contest, and for the chair the form that opens one (after a resignation, or by the chair). */
export function ContestListPage() {
  const t = useT();
  const { account } = useSession();
  const [list] = useLoader(() => contestApi.list(), []);
  usePageTitle(t('contest.list.title'));
  return (
    <div className="container">
      <h1>{t('contest.list.title')}</h1>
      <p className="lede">{t('contest.list.lede')}</p>
      {list.status === 'loading' && <Loading what={t('contest.loading')} />}
      {list.status === 'error' && <ErrorMessage error={list.error} />}
      {list.status === 'ready' &&
        (list.data.length === 0 ? (
          <p>{t('contest.list.none')}</p>
        ) : (
          <ul className="card-list" data-testid="contest-list">
            {list.data.map((c) => (
              <li key={c.id} className="card">
                <a href={contestPaths.contest(c.id)}>{c.id}</a> — {t(`contest.phase.${c.phase as 'nominations'}`, { winner: c.winner ?? '' })}
              </li>
            ))}
          </ul>
        ))}
      {account?.role === 'chair' && <OpenContest rosterId="uk-commons-2019" />}
    </div>
  );
}

function OpenContest({ rosterId }: { rosterId: string }) {
  const t = useT();
  const [rulebooks] = useLoader(() => contestApi.rulebooks(), []);
  const [id, setId] = useState('');
  const [rulebookId, setRulebookId] = useState('');
  const [reason, setReason] = useState<'resignation' | 'chair'>('resignation');
  const [close, setClose] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const closeIso = ukLocalToIso(close);
  const check = () => {
    const p = !/^[a-z0-9][a-z0-9-]{0,99}$/.test(id) ? t('contest.open.badId') : !rulebookId ? t('contest.open.noRulebook') : !closeIso ? t('contest.open.noClose') : null;
    setProblem(p);
    return p === null;
  };
  return (
    <section className="card" aria-labelledby="open-heading">
      <h2 id="open-heading">{t('contest.open.heading')}</h2>
      <TextField id="contest-id" label={t('contest.open.id')} hint={t('contest.open.idHint')} value={id} onChange={(v) => setId(v.trim())} testId="open-id" />
      <Select
        id="contest-rulebook"
        label={t('contest.open.rulebook')}
        placeholder={t('contest.open.choose')}
        value={rulebookId}
        onChange={setRulebookId}
        testId="open-rulebook"
        options={rulebooks.status === 'ready' ? rulebooks.data.map((r) => ({ value: r.id, label: r.name, lang: 'en' })) : []}
      />
      <fieldset className="field">
        <legend>{t('contest.open.reason')}</legend>
        {(['resignation', 'chair'] as const).map((r) => (
          <label key={r} className="radio">
            <input type="radio" name="reason" checked={reason === r} onChange={() => setReason(r)} /> {t(`contest.open.reason.${r}`)}
          </label>
        ))}
      </fieldset>
      <TextField id="contest-close" type="datetime-local" label={t('contest.open.close')} hint={t('contest.open.closeHint')} value={close} onChange={setClose} testId="open-close" />
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <ConfirmButton
        label={t('contest.open.button')}
        title={t('contest.open.confirmTitle', { id })}
        confirmLabel={t('contest.open.confirm')}
        beforeOpen={check}
        testId="open-contest"
        onConfirm={async () => {
          await contestApi.open({ id, rulebookId, reason, rosterId, nominationsClose: closeIso! });
          navigate(contestPaths.chair(id));
        }}
      >
        <p>{t('contest.open.confirmBody', { when: closeIso ? formatDateTime(closeIso) : '' })}</p>
      </ConfirmButton>
    </section>
  );
}
