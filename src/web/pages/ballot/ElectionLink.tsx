import { useLoader } from '../../hooks';
import { electionApi, electionPaths, STAGE_WORDS } from './api';

/** On a procedure's page: a link to its verifiable confidence vote, if there is one. */
export function ElectionLink({ procedureId }: { procedureId: string }) {
  const [e] = useLoader(() => electionApi.forProcedure(procedureId).catch(() => null), [procedureId]);
  if (e.status !== 'ready' || !e.data) return null;
  return (
    <p data-testid="election-link">
      <a href={electionPaths.election(e.data.id)}>Verifiable confidence vote</a>: {STAGE_WORDS[e.data.stage] ?? e.data.stage}
    </p>
  );
}
