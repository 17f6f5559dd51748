import { useLoader, usePageTitle } from '../hooks';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDay, partyName, plural } from '../format';
import { isCommitteeOfficer, useSession } from '../session';
import { STANCE_LABELS, STANCE_ORDER, trackerApi, trackerPaths, type PublicTracker } from './api';
import { Sources } from './Sources';
import { TimelineChart } from './TimelineChart';

export function TrackerPage({ id }: { id: string }) {
  const [tracker] = useLoader(() => trackerApi.publicTracker(id), [id]);
  usePageTitle('Public tracker');
  if (tracker.status === 'ready') return <TrackerView t={tracker.data} />;
  return (
    <div className="container">
      <h1>Public tracker</h1>
      {tracker.status === 'loading' && <Loading what="the tracker" />}
      {tracker.status === 'error' && <ErrorMessage error={tracker.error} title="The tracker could not be loaded" />}
    </div>
  );
}

/** Built only from published (accepted) declarations. The real count of letters is never known here. */
function TrackerView({ t }: { t: PublicTracker }) {
  const { account } = useSession();
  const groups = [...t.groups].sort((a, b) => STANCE_ORDER.indexOf(a.stance) - STANCE_ORDER.indexOf(b.stance));
  const widgetCode = `<script src="${window.location.origin}${trackerApi.widget(t.tracker.id)}" async></script>`;
  return (
    <div className="container">
      <p className="eyebrow">{partyName(t.tracker.party)} · public tracker</p>
      <h1>{t.tracker.title}</h1>
      <section className="count-panel" aria-labelledby="declared-heading">
        <h2 id="declared-heading" className="visually-hidden">
          Publicly declared letters
        </h2>
        <p className="tracker-headline" data-testid="declared-letters" style={{ fontSize: '1.4rem' }}>
          Publicly declared letters: <strong>{t.declaredLetters}</strong> — the threshold is <strong>{t.threshold.threshold}</strong>; the real count is secret.
        </p>
        <p className="hint">
          As of {formatDay(t.tracker.asOf)}. The threshold is 15% of the {t.threshold.denominator} MPs holding the whip on {formatDay(t.threshold.date)}. Only the chair
          knows how many letters have really been received: MPs may write without saying so, and some who say so may not have.
        </p>
      </section>

      <section aria-labelledby="timeline-heading" className="card">
        <h2 id="timeline-heading">Over time</h2>
        <TimelineChart timeline={t.timeline} threshold={t.threshold.threshold} />
      </section>

      <section aria-labelledby="declarations-heading">
        <h2 id="declarations-heading">Who has said what</h2>
        {groups.length === 0 && <p>No declaration has been published yet.</p>}
        {groups.map((g) => (
          <section key={g.stance} aria-labelledby={`stance-${g.stance}`} className="card">
            <h3 id={`stance-${g.stance}`}>
              {STANCE_LABELS[g.stance]?.title ?? g.stance} ({plural(new Set(g.declarations.map((d) => d.memberId)).size, 'MP')})
            </h3>
            <ul className="card-list">
              {g.declarations.map((d) => (
                <li key={d.id}>
                  <p>
                    <a href={trackerPaths.member(t.tracker.id, d.memberId)}>{d.person}</a>
                    {d.date && <span className="hint"> · {formatDay(d.date)}</span>}
                    {d.sources.length > 1 && <span className="hint"> · {d.sources.length} sources</span>}
                  </p>
                  <Sources declaration={d} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>

      <section aria-labelledby="reuse-heading" className="card">
        <h2 id="reuse-heading">Use this data</h2>
        <ul>
          <li>
            <a href={trackerApi.exportCsv(t.tracker.id)} download>
              Download CSV
            </a>
          </li>
          <li>
            <a href={trackerApi.exportJson(t.tracker.id)} download>
              Download JSON
            </a>
          </li>
        </ul>
        <label className="field" htmlFor="widget-code">
          <span>Embed the count on another site</span>
          <textarea id="widget-code" readOnly rows={2} value={widgetCode} onFocus={(e) => e.currentTarget.select()} />
        </label>
      </section>
      {(account?.role === 'editor' || isCommitteeOfficer(account)) && (
        <p>
          <a className="button" href={trackerPaths.review(t.tracker.id)}>
            Review proposed declarations
          </a>
        </p>
      )}
    </div>
  );
}
