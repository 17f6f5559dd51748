import type { CandidateBackers } from '../../tracker/endorsements';
import { useT } from '../i18n/I18n';

/**
 * The public section of a leadership contest: per candidate, the members who back them and the
 * sentences that say so. Takes the listing (POST /api/trackers/{id}/endorsements, or stored by the contest).
 */
export function EndorsementsSection({ listing, names }: { listing: readonly CandidateBackers[]; names: Readonly<Record<string, string>> }) {
  const t = useT();
  return (
    <section aria-labelledby="endorsements-heading">
      <h2 id="endorsements-heading">{t('endorse.heading')}</h2>
      <p className="hint">{t('endorse.lede')}</p>
      {listing.map((c) => (
        <div key={c.candidateId} className="card">
          <h3>
            {names[c.candidateId] ?? c.candidateId} <span className="hint">· {t('endorse.backers', { n: c.backers.length })}</span>
          </h3>
          {c.backers.length === 0 ? (
            <p>{t('endorse.none')}</p>
          ) : (
            <ul className="backer-list">
              {c.backers.map((b) => (
                <li key={b.memberId}>
                  <strong>{b.person}</strong>
                  {b.sources.map((s, i) => (
                    <blockquote key={i} title={s.article} lang="en">
                      {s.evidence[0] ?? ''}
                    </blockquote>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
