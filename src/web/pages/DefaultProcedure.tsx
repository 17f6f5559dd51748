import { useEffect } from 'react';
import { api } from '../api';
import { useLoader } from '../hooks';
import { navigate } from '../router';
import { ErrorMessage, Loading } from '../components/ui';
import { useT } from '../i18n/I18n';

/** `/my-letter` and `/chair` are handy short links: they open the page for the first procedure. */
export function DefaultProcedure({ to }: { to: (id: string) => string }) {
  const t = useT();
  const [procedures] = useLoader(() => api.procedures(), []);
  const first = procedures.status === 'ready' ? procedures.data.procedures[0] : undefined;

  useEffect(() => {
    if (first) navigate(to(first.id), { replace: true });
  }, [first, to]);

  return (
    <div className="container">
      <h1>{t('defaultProcedure.title')}</h1>
      {procedures.status === 'loading' && <Loading what={t('loading.procedures')} />}
      {procedures.status === 'error' && <ErrorMessage error={procedures.error} />}
      {procedures.status === 'ready' && !first && <p>{t('home.none')}</p>}
    </div>
  );
}
