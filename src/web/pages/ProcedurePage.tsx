import { api, type ProcedurePublic } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { paths } from '../router';
import { isCommitteeOfficer, useSession } from '../session';
import { ErrorMessage, Loading, SecretCountNotice, SimulatedTag } from '../components/ui';
import { ElectionLink } from './ballot/ElectionLink';
import { PublicSealPanel } from '../components/SealPanel';
import { STATE_WORDS, formatDateTime, formatDay, partyName, sentence } from '../format';

export function ProcedurePage({ id }: { id: string }) {
  const [procedure] = useLoader(() => api.procedure(id), [id]);
  usePageTitle(procedure.status === 'ready' ? procedure.data.title : 'Procedure');

  if (procedure.status === 'ready') return <ProcedureView procedure={procedure.data} />;
  return (
    <div className="container">
      <h1>Procedure</h1>
      {procedure.status === 'loading' && <Loading what="the procedure" />}
      {procedure.status === 'error' && <ErrorMessage error={procedure.error} title="The procedure could not be loaded" />}
    </div>
  );
}

/** The public face of a procedure. It is built only from ProcedurePublic, which has no count and no names. */
export function ProcedureView({ procedure: p }: { procedure: ProcedurePublic }) {
  const { account } = useSession();
  const words = STATE_WORDS[p.state];

  return (
    <div className="container">
      <p className="eyebrow">{partyName(p.party)}</p>
      <h1>
        {p.title} {p.simulated && <SimulatedTag />}
      </h1>
      {p.simulated && (
        <p className="lede">
          This is a demonstration. The letters in it are <strong>simulated</strong>: the real letters were never
          published.
        </p>
      )}

      <section className={`state-panel tone-${words.tone}`} aria-labelledby="state-heading">
        <h2 id="state-heading" className="state-label">
          <span className="visually-hidden">State: </span>
          {p.stateLabel || words.title}
        </h2>
        <p>{words.explanation}</p>
        {p.immuneUntil && (
          <p>
            <strong>Protected until {formatDay(p.immuneUntil)}.</strong> Until then no confidence vote can be triggered.
          </p>
        )}
      </section>
      <ElectionLink procedureId={p.id} state={p.state} />

      <div className="two-columns">
        <section aria-labelledby="facts-heading" className="card">
          <h2 id="facts-heading">Key facts</h2>
          <dl className="facts">
            <div>
              <dt>Leader</dt>
              <dd>{p.leader.name}</dd>
            </div>
            <div>
              <dt>Party</dt>
              <dd>{partyName(p.party)}</dd>
            </div>
            <div>
              <dt>Members counted</dt>
              <dd>
                {p.denominator} <span className="hint">eligible members on {formatDay(p.asOf)}</span>
              </dd>
            </div>
            <div>
              <dt>Threshold</dt>
              <dd>
                {p.threshold} letters <span className="hint">trigger a confidence vote</span>
              </dd>
            </div>
            <div>
              <dt>Immunity</dt>
              <dd>{p.immuneUntil ? `Protected from a confidence vote until ${formatDay(p.immuneUntil)}` : 'None'}</dd>
            </div>
            <div>
              <dt>Confidence vote</dt>
              <dd>
                {p.ballot ? (
                  <>
                    Voting opens {formatDateTime(p.ballot.opensAt)} and closes {formatDateTime(p.ballot.closesAt)}
                  </>
                ) : (
                  'Not scheduled'
                )}
              </dd>
            </div>
            {p.outcome && (
              <div>
                <dt>Result</dt>
                <dd>
                  {p.outcome.result === 'survived' ? 'The leader won' : 'The leader lost'}: {p.outcome.yes} for,{' '}
                  {p.outcome.no} against
                </dd>
              </div>
            )}
            <div>
              <dt>Situation as of</dt>
              <dd>{formatDay(p.asOf)}</dd>
            </div>
          </dl>
        </section>

        <section aria-labelledby="rulebook-heading" className="card">
          <h2 id="rulebook-heading">Rulebook</h2>
          <p className="rulebook-name">{p.rulebook.name}</p>
          <ul className="rule-list">
            {p.rulebook.summary.map((line) => (
              <li key={line}>{sentence(line)}</li>
            ))}
          </ul>
        </section>
      </div>

      <SecretCountNotice />
      <PublicSealPanel procedureId={p.id} denominator={p.denominator} threshold={p.threshold} asOf={p.asOf} />

      <section aria-labelledby="actions-heading" className="actions">
        <h2 id="actions-heading" className="visually-hidden">
          What you can do
        </h2>
        {account === null && (
          <p>
            Members of the parliamentary party: <a href={paths.login(paths.myLetter(p.id))}>log in to write or withdraw your letter</a>.
          </p>
        )}
        {account?.role === 'member' && (
          <p>
            <a className="button" href={paths.myLetter(p.id)}>
              My letter
            </a>
          </p>
        )}
        {isCommitteeOfficer(account) && (
          <p>
            <a className="button" href={paths.chair(p.id)}>
              Open the chair’s page
            </a>
          </p>
        )}
      </section>
    </div>
  );
}
