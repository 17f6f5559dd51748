import { useEffect } from 'react';
import { api } from '../api';
import { useLoader } from '../hooks';
import { navigate } from '../router';
import { ErrorMessage, Loading } from '../components/ui';

/** `/my-letter` and `/chair` are handy short links: they open the page for the first procedure. */
export function DefaultProcedure({ to }: { to: (id: string) => string }) {
  const [procedures] = useLoader(() => api.procedures(), []);
  const first = procedures.status === 'ready' ? procedures.data.procedures[0] : undefined;

  useEffect(() => {
    if (first) navigate(to(first.id), { replace: true });
  }, [first, to]);

  return (
    <div className="container">
      <h1>Opening the procedure…</h1>
      {procedures.status === 'loading' && <Loading what="procedures" />}
      {procedures.status === 'error' && <ErrorMessage error={procedures.error} />}
      {procedures.status === 'ready' && !first && <p>There is no procedure yet.</p>}
    </div>
  );
}
