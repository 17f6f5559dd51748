import { ApiError } from '../api';
import { useLoader, usePageTitle } from '../hooks';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDay } from '../format';
import { useT } from '../i18n/I18n';
import { trackerApi, trackerPaths } from './api';
import { Sources } from './Sources';
import { MemberEndorsements } from './EndorsementsSection';
import { stanceText } from './stanceText';

/** One MP's public record: every published declaration, oldest first, and where they stand now. */
export function TrackerMemberPage({ id, memberId }: { id: string; memberId: string }) {
  const t = useT();
  const [member] = useLoader(() => trackerApi.member(id, memberId), [id, memberId]);
  const unknown = member.status === 'error' && member.error instanceof ApiError && member.error.status === 404;
  usePageTitle(member.status === 'ready' ? member.data.person : unknown ? t('trackerMember.unknown') : t('trackerMember.title'));
  if (member.status !== 'ready') {
    return (
      <div className="container">
        <p className="eyebrow">
          <a href={trackerPaths.tracker(id)}>{t('tracker.title')}</a>
        </p>
        <h1>{unknown ? t('trackerMember.unknown') : t('trackerMember.title')}</h1>
        {member.status === 'loading' && <Loading what={t('loading.declarations')} />}
        {unknown && <p data-testid="unknown-member">{t('trackerMember.unknownBody', { id: memberId })}</p>}
        {member.status === 'error' && !unknown && <ErrorMessage error={member.error} title={t('trackerMember.loadError')} />}
        {unknown && <MemberEndorsements trackerId={id} memberId={memberId} />}
      </div>
    );
  }
  const m = member.data;
  return (
    <div className="container">
      <p className="eyebrow">
        <a href={trackerPaths.tracker(id)}>{t('tracker.title')}</a>
      </p>
      <h1>{m.person}</h1>
      <p className="lede">
        {t.rich('trackerMember.now', { stance: stanceText(t, m.latest.stance, 'one'), b: (c) => <strong>{c}</strong> })}
        {m.latest.date && <> ({formatDay(m.latest.date)})</>}.{' '}
        {m.letter ? (m.letterIn ? t('trackerMember.letterIn') : t('trackerMember.letter', { stance: stanceText(t, m.letter, 'one') })) : t('trackerMember.noLetter')}
      </p>
      <h2>{t('trackerMember.history')}</h2>
      <ol className="timeline">
        {m.history.map((d) => (
          <li key={d.id}>
            <p>
              <span className="timeline-when">{d.date ? formatDay(d.date) : t('trackerMember.dateUnknown')}</span> — {stanceText(t, d.stance, 'one')}
            </p>
            <Sources declaration={d} />
          </li>
        ))}
      </ol>
      <MemberEndorsements trackerId={id} memberId={memberId} />
    </div>
  );
}
