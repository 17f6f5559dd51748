import { api } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { ErrorMessage, Loading, SimulatedTag } from '../components/ui';
import { formatDay, partyName } from '../format';
import { ProcedureView } from './ProcedurePage';

/** The landing page is the public procedure page itself when there is one procedure, a list otherwise. */
export function HomePage() {
  const [procedures] = useLoader(() => api.procedures(), []);
  usePageTitle(procedures.status === 'ready' && procedures.data.procedures.length === 1 ? procedures.data.procedures[0]!.title : 'Procedures');

  if (procedures.status === 'ready' && procedures.data.procedures.length === 1) {
    return <ProcedureView procedure={procedures.data.procedures[0]!} />;
  }
  return (
    <div className="container">
      <h1>Confidence procedures</h1>
      {procedures.status === 'loading' && <Loading what="procedures" />}
      {procedures.status === 'error' && <ErrorMessage error={procedures.error} title="The procedures could not be loaded" />}
      {procedures.status === 'ready' && procedures.data.procedures.length === 0 && <p>There is no procedure yet.</p>}
      {procedures.status === 'ready' && procedures.data.procedures.length > 1 && (
        <ul className="card-list">
          {procedures.data.procedures.map((p) => (
            <li key={p.id} className="card">
              <h2>
                <a href={paths.procedure(p.id)}>{p.title}</a> {p.simulated && <SimulatedTag />}
              </h2>
              <p>
                {partyName(p.party)} · leader {p.leader.name} · {p.stateLabel} · as of {formatDay(p.asOf)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
