import { useLoader, usePageTitle } from '../hooks';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDay, formatNumber, partyName } from '../format';
import { useT } from '../i18n/I18n';
import { stanceText } from './stanceText';
import { isCommitteeOfficer, useSession } from '../session';
import { STANCE_ORDER, trackerApi, trackerPaths, type PublicTracker } from './api';
import { Sources } from './Sources';
import { TimelineChart } from './TimelineChart';

export function TrackerPage({ id }: { id: string }) {
  const t = useT();
  const [tracker] = useLoader(() => trackerApi.publicTracker(id), [id]);
  usePageTitle(t('tracker.title'));
  if (tracker.status === 'ready') return <TrackerView data={tracker.data} />;
  return (
    <div className="container">
      <h1>{t('tracker.title')}</h1>
      {tracker.status === 'loading' && <Loading what={t('loading.tracker')} />}
      {tracker.status === 'error' && <ErrorMessage error={tracker.error} title={t('tracker.loadError')} />}
    </div>
  );
}

/** Built only from published (accepted) declarations. The real count of letters is never known here. */
function TrackerView({ data: tr }: { data: PublicTracker }) {
  const t = useT();
  const { account } = useSession();
  const groups = [...tr.groups].sort((a, b) => STANCE_ORDER.indexOf(a.stance) - STANCE_ORDER.indexOf(b.stance));
  const widgetCode = `<script src="${window.location.origin}${trackerApi.widget(tr.tracker.id)}" async></script>`;
  return (
    <div className="container">
      <p className="eyebrow">{t('tracker.eyebrow', { party: partyName(tr.tracker.party) })}</p>
      <h1>{tr.tracker.title}</h1>
      <section className="count-panel" aria-labelledby="declared-heading">
        <h2 id="declared-heading" className="visually-hidden">
          {t('tracker.declaredHeading')}
        </h2>
        <p className="tracker-headline" data-testid="declared-letters">
          {t.rich('tracker.headline', { declared: tr.declaredLetters, threshold: tr.threshold.threshold, b: (c) => <strong>{c}</strong> })}
        </p>
        <p className="hint">
          {t('tracker.asOf', { asOf: formatDay(tr.tracker.asOf), denominator: formatNumber(tr.threshold.denominator), date: formatDay(tr.threshold.date) })}
        </p>
      </section>

      <section aria-labelledby="timeline-heading" className="card">
        <h2 id="timeline-heading">{t('tracker.overTime')}</h2>
        <TimelineChart timeline={tr.timeline} threshold={tr.threshold.threshold} />
      </section>

      <section aria-labelledby="declarations-heading">
        <h2 id="declarations-heading">{t('tracker.whoSaid')}</h2>
        {groups.length === 0 && <p>{t('tracker.none')}</p>}
        {groups.map((g) => (
          <section key={g.stance} aria-labelledby={`stance-${g.stance}`} className="card">
            <h3 id={`stance-${g.stance}`}>
              {stanceText(t, g.stance, 'title')} ({t('tracker.mps', { n: new Set(g.declarations.map((d) => d.memberId)).size })})
            </h3>
            <ul className="card-list">
              {g.declarations.map((d) => (
                <li key={d.id}>
                  <p>
                    <a href={trackerPaths.member(tr.tracker.id, d.memberId)}>{d.person}</a>
                    {d.date && <span className="hint"> · {formatDay(d.date)}</span>}
                    {d.sources.length > 1 && <span className="hint"> · {t('tracker.sources', { n: d.sources.length })}</span>}
                  </p>
                  <Sources declaration={d} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>

      <section aria-labelledby="reuse-heading" className="card">
        <h2 id="reuse-heading">{t('tracker.reuse')}</h2>
        <ul>
          <li>
            <a href={trackerApi.exportCsv(tr.tracker.id)} download>
              {t('tracker.csv')}
            </a>
          </li>
          <li>
            <a href={trackerApi.exportJson(tr.tracker.id)} download>
              {t('tracker.json')}
            </a>
          </li>
        </ul>
        <div className="field">
          <label htmlFor="widget-code">{t('tracker.embed')}</label>
          <textarea id="widget-code" readOnly rows={3} value={widgetCode} onFocus={(e) => e.currentTarget.select()} />
        </div>
      </section>
      {(account?.role === 'editor' || isCommitteeOfficer(account)) && (
        <p>
          <a className="button" href={trackerPaths.review(tr.tracker.id)}>
            {t('tracker.review')}
          </a>
        </p>
      )}
    </div>
  );
}
