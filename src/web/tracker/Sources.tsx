import type { TrackerDeclaration } from './api';
import { formatDay } from '../format';
import { useT } from '../i18n/I18n';

/** The evidence for one declaration: each report's verbatim sentence (in its own language), outlet and date. */
export function Sources({ declaration, only }: { declaration: TrackerDeclaration; only?: (s: TrackerDeclaration['sources'][number]) => boolean }) {
  const t = useT();
  return (
    <ul className="tracker-sources">
      {declaration.sources.filter(only ?? (() => true)).map((s) => (
        <li key={s.id}>
          <blockquote lang="en">{s.evidence[0] ?? ''}</blockquote>
          <p className="hint">
            {s.url ? (
              <a href={s.url} rel="noopener noreferrer nofollow" target="_blank">
                {s.outlet ?? s.url}
              </a>
            ) : (
              (s.outlet ?? s.fileName ?? t('tracker.sourceNotNamed'))
            )}
            {s.published && <>, {formatDay(s.published)}</>}
          </p>
        </li>
      ))}
    </ul>
  );
}
