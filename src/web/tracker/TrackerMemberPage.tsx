import { useLoader, usePageTitle } from '../hooks';
import { ErrorMessage, Loading } from '../components/ui';
import { formatDay } from '../format';
import { STANCE_LABELS, trackerApi, trackerPaths } from './api';
import { Sources } from './Sources';

/** One MP's public record: every published declaration, oldest first, and where they stand now. */
export function TrackerMemberPage({ id, memberId }: { id: string; memberId: string }) {
  const [member] = useLoader(() => trackerApi.member(id, memberId), [id, memberId]);
  usePageTitle(member.status === 'ready' ? member.data.person : 'MP');
  if (member.status !== 'ready') {
    return (
      <div className="container">
        <h1>MP</h1>
        {member.status === 'loading' && <Loading what="the MP's declarations" />}
        {member.status === 'error' && <ErrorMessage error={member.error} title="No public declaration found" />}
      </div>
    );
  }
  const m = member.data;
  return (
    <div className="container">
      <p className="eyebrow">
        <a href={trackerPaths.tracker(id)}>Public tracker</a>
      </p>
      <h1>{m.person}</h1>
      <p className="lede">
        Now: <strong>{STANCE_LABELS[m.latest.stance]?.one ?? m.latest.stance}</strong>
        {m.latest.date && <> ({formatDay(m.latest.date)})</>}.{' '}
        {m.letter ? (m.letterIn ? 'Says a letter is in.' : `Letter: ${STANCE_LABELS[m.letter]?.one ?? m.letter}.`) : 'Has said nothing public about a letter.'}
      </p>
      <h2>History</h2>
      <ol className="timeline">
        {m.history.map((d) => (
          <li key={d.id}>
            <p>
              <span className="timeline-when">{d.date ? formatDay(d.date) : 'Date unknown'}</span> — {STANCE_LABELS[d.stance]?.one ?? d.stance}
            </p>
            <Sources declaration={d} />
          </li>
        ))}
      </ol>
    </div>
  );
}
