import type { CandidateBackers } from '../../tracker/endorsements';

/** Every piece of text the endorsements section shows, in one place (for translation). */
export const ENDORSEMENT_TEXT = {
  heading: 'Who backs whom',
  lede: 'Members of the party who said publicly which candidate they back, with the report that says so.',
  none: 'No public backers found yet.',
  backers: (n: number) => (n === 1 ? '1 backer' : `${n} backers`),
} as const;

/**
 * The public section of a leadership contest: per candidate, the members who back them and the
 * sentences that say so. Takes the listing (POST /api/trackers/{id}/endorsements, or stored by the contest).
 */
export function EndorsementsSection({ listing, names }: { listing: readonly CandidateBackers[]; names: Readonly<Record<string, string>> }) {
  const T = ENDORSEMENT_TEXT;
  return (
    <section aria-labelledby="endorsements-heading">
      <h2 id="endorsements-heading">{T.heading}</h2>
      <p className="hint">{T.lede}</p>
      {listing.map((c) => (
        <div key={c.candidateId} className="card">
          <h3>
            {names[c.candidateId] ?? c.candidateId} <span className="hint">· {T.backers(c.backers.length)}</span>
          </h3>
          {c.backers.length === 0 ? (
            <p>{T.none}</p>
          ) : (
            <ul>
              {c.backers.map((b) => (
                <li key={b.memberId}>
                  <strong>{b.person}</strong>
                  {b.sources.map((s, i) => (
                    <blockquote key={i} title={s.article}>
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
