import type { TrackerDeclaration } from './api';
import { formatDay } from '../format';

/** The evidence for one declaration: each report's verbatim sentence, outlet and date. */
export function Sources({ declaration }: { declaration: TrackerDeclaration }) {
  return (
    <ul className="tracker-sources">
      {declaration.sources.map((s) => (
        <li key={s.id}>
          <blockquote>{s.evidence[0] ?? ''}</blockquote>
          <p className="hint">
            {s.url ? (
              <a href={s.url} rel="noopener noreferrer nofollow" target="_blank">
                {s.outlet ?? s.url}
              </a>
            ) : (
              (s.outlet ?? s.fileName ?? 'Source not named')
            )}
            {s.published && <>, {formatDay(s.published)}</>}
          </p>
        </li>
      ))}
    </ul>
  );
}
