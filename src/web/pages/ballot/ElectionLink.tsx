import { useState } from 'react';
import { useLoader } from '../../hooks';
import { isCommitteeOfficer, useSession } from '../../session';
import { ErrorMessage } from '../../components/ui';
import { electionApi, electionPaths, STAGE_WORDS } from './api';
import { post } from './ceremonyApi';

/**
 * On a procedure's page: its verifiable confidence vote, if there is one; for the chair, once the vote is
 * scheduled, the button that creates it (manifest from the rulebook, 3 of 5 trustees by default).
 */
export function ElectionLink({ procedureId, state }: { procedureId: string; state?: string }) {
  const { account } = useSession();
  const [e, reload] = useLoader(() => electionApi.forProcedure(procedureId).catch(() => null), [procedureId]);
  const [error, setError] = useState<unknown>(null);
  const [trustees, setTrustees] = useState('3/5');
  if (e.status !== 'ready') return null;
  if (!e.data) {
    if (account?.role !== 'chair' || (state !== undefined && state !== 'ballot_scheduled')) return null;
    return (
      <section className="card" aria-labelledby="create-vote-heading" data-testid="create-election">
        <h2 id="create-vote-heading">Verifiable secret ballot</h2>
        <div className="field">
          <label htmlFor="trustee-split">Trustees (k of n needed to decrypt)</label>
          <select id="trustee-split" value={trustees} onChange={(ev) => setTrustees(ev.target.value)}>
            {['3/5', '2/3', '2/4', '1/1'].map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button"
          onClick={async () => {
            setError(null);
            try {
              const [threshold, count] = trustees.split('/').map(Number);
              await post(`/api/procedures/${encodeURIComponent(procedureId)}/election`, { threshold, trustees: count });
              await reload();
            } catch (err) {
              setError(err);
            }
          }}
        >
          Create the verifiable vote
        </button>
        <ErrorMessage error={error} />
      </section>
    );
  }
  return (
    <p data-testid="election-link">
      <a href={electionPaths.election(e.data.id)}>Verifiable confidence vote</a>: {STAGE_WORDS[e.data.stage] ?? e.data.stage}
      {isCommitteeOfficer(account) && (
        <>
          {' · '}
          <a href={`${electionPaths.election(e.data.id)}/ceremony`}>Key ceremony and tally</a>
        </>
      )}
    </p>
  );
}
