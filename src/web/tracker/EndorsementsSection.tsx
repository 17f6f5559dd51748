import type { ContestEndorsementsView, StoredCandidateBackers } from './api';
import { trackerApi } from './api';
import { ErrorMessage } from '../components/ui';
import { formatDay } from '../format';
import { useLoader } from '../hooks';
import { useT } from '../i18n/I18n';

/**
 * Who backs whom in a leadership contest, as stored from articles (src/services/endorsements.ts): per
 * candidate, the members who said so publicly and the sentence, outlet and date that say it. Shown on the
 * contest's public page; nothing is shown while no endorsement has been stored for the contest.
 */
export function ContestEndorsements({ contestId }: { contestId: string }) {
  const t = useT();
  const [state] = useLoader(() => trackerApi.contestEndorsements(contestId), [contestId]);
  if (state.status === 'error') return <ErrorMessage error={state.error} title={t('endorsements.loadError')} />;
  if (state.status !== 'ready' || state.data.contests.length === 0) return null;
  return <EndorsementsSection views={state.data.contests} />;
}

export function EndorsementsSection({ views }: { views: readonly ContestEndorsementsView[] }) {
  const t = useT();
  // Several trackers may follow one contest: their listings are shown together, candidate by candidate.
  const candidates = new Map<string, StoredCandidateBackers>();
  for (const v of views) {
    for (const c of v.candidates) {
      const have = candidates.get(c.candidateId);
      if (!have) candidates.set(c.candidateId, { ...c, backers: [...c.backers] });
      else for (const b of c.backers) if (!have.backers.some((x) => x.memberId === b.memberId)) have.backers.push(b);
    }
  }
  return (
    <section className="card" aria-labelledby="endorsements-heading" data-testid="endorsements">
      <h2 id="endorsements-heading">{t('endorse.heading')}</h2>
      <p className="hint">{t('endorse.lede')}</p>
      {[...candidates.values()].map((c) => (
        <div key={c.candidateId}>
          <h3>
            {c.name} <span className="hint">· {t('endorse.backers', { n: c.backers.length })}</span>
          </h3>
          {c.backers.length === 0 ? (
            <p>{t('endorse.none')}</p>
          ) : (
            <ul className="backer-list">
              {c.backers.map((b) => (
                <li key={b.memberId}>
                  <strong>{b.person}</strong>
                  {b.date && <> · {t('endorsements.since', { date: formatDay(b.date) })}</>}
                  <EndorsementSources sources={b.sources} />
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

/** On a member's page: the candidates they back in each contest, with sources. Nothing while there are none. */
export function MemberEndorsements({ trackerId, memberId }: { trackerId: string; memberId: string }) {
  const t = useT();
  const [state] = useLoader(() => trackerApi.memberEndorsements(trackerId, memberId), [trackerId, memberId]);
  if (state.status === 'error') return <ErrorMessage error={state.error} title={t('endorsements.loadError')} />;
  if (state.status !== 'ready') return null;
  const rows = state.data.contests.flatMap((v) => v.candidates.flatMap((c) => c.backers.filter((b) => b.memberId === memberId).map((b) => ({ contest: v.contestId, candidate: c, backer: b }))));
  if (!rows.length) return null;
  return (
    <section aria-labelledby="member-endorsements-heading" data-testid="member-endorsements">
      <h2 id="member-endorsements-heading">{t('endorsements.member.heading')}</h2>
      <p className="hint">{t('endorsements.member.lede')}</p>
      <ul className="timeline">
        {rows.map((r) => (
          <li key={`${r.contest}|${r.candidate.candidateId}`}>
            <p>
              <strong>{t('endorsements.member.backs', { candidate: r.candidate.name })}</strong> {t('endorsements.member.contest', { contest: r.contest })}
              {r.backer.date && <> · {t('endorsements.since', { date: formatDay(r.backer.date) })}</>}
            </p>
            <EndorsementSources sources={r.backer.sources} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The sentence, outlet (linked when there is an address) and date of each source: the public pages and the desk. */
export function EndorsementSources({ sources }: { sources: StoredCandidateBackers['backers'][number]['sources'] }) {
  const t = useT();
  return (
    <ul className="tracker-sources">
      {sources.map((s, i) => (
        <li key={i}>
          <blockquote lang="en">{s.evidence[0] ?? ''}</blockquote>
          <p className="hint">
            {s.url ? (
              <a href={s.url} rel="noopener noreferrer nofollow" target="_blank">
                {s.outlet ?? s.url}
              </a>
            ) : (
              (s.outlet ?? (s.article || t('endorsements.sourceNotNamed')))
            )}
            {s.published && <>, {formatDay(s.published)}</>}
          </p>
        </li>
      ))}
    </ul>
  );
}
