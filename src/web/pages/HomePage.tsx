import { api } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { ErrorMessage, Loading, SimulatedTag } from '../components/ui';
import { formatDay, partyName } from '../format';
import { useT } from '../i18n/I18n';
import { ProcedureView } from './ProcedurePage';

/** The landing page is the public procedure page itself when there is one procedure, a list otherwise. */
export function HomePage() {
  const t = useT();
  const [procedures] = useLoader(() => api.procedures(), []);
  usePageTitle(procedures.status === 'ready' && procedures.data.procedures.length === 1 ? procedures.data.procedures[0]!.title : t('home.title'));

  if (procedures.status === 'ready' && procedures.data.procedures.length === 1) {
    return <ProcedureView procedure={procedures.data.procedures[0]!} />;
  }
  return (
    <div className="container">
      <h1>{t('home.title')}</h1>
      {procedures.status === 'loading' && <Loading what={t('loading.procedures')} />}
      {procedures.status === 'error' && <ErrorMessage error={procedures.error} title={t('home.loadError')} />}
      {procedures.status === 'ready' && procedures.data.procedures.length === 0 && <p>{t('home.none')}</p>}
      {procedures.status === 'ready' && procedures.data.procedures.length > 1 && (
        <ul className="card-list">
          {procedures.data.procedures.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <a href={paths.procedure(p.id)}>{p.title}</a> {p.simulated && <SimulatedTag />}
              </h2>
              <p>
                {t('home.summary', { party: partyName(p.party), leader: p.leader.name, state: t(`state.${p.state}.title`), asOf: formatDay(p.asOf) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
